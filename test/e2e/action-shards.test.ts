/**
 * A `shard` matrix publishing artifacts, through the built action (dist/index.js) and the REAL
 * @actions/artifact against the local results service: the jobs of one workflow run share its
 * artifact names, so each shard's default name carries the shard.
 */
import { describe, expect, it } from 'vitest';
import { runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import { IMAGE_FILES, inputsFor, LOCKFILE, logOf, MANIFEST, unzip } from './fixtures.js';

const RUN_ID = '777';

const t = setup({ emulator: { latency: 20 }, results: true, workspace: { kind: 'runner' } });

describe('a shard matrix with publish: artifact', () => {
  it('each job uploads under its own name with the default artifact-name; together they hold every image', async () => {
    const jobs = await Promise.all(
      [1, 2].map(async (i) => {
        const ws = await t.layout.workspace(`shard-${i}`, { 'images.config.yaml': MANIFEST });
        return runAction({
          workspace: ws,
          inputs: inputsFor(t.emu, { publish: 'artifact', shard: `${i}/2` }),
          env: { ...t.results.env(RUN_ID, `job-${i}`), RUNNER_TEMP: t.layout.runnerTemp },
        });
      }),
    );
    for (const run of jobs) expect(run.code, logOf(run)).toBe(0);
    const byName = new Map(t.results.artifacts.map((a) => [a.name, a]));
    expect([...byName.keys()].sort()).toEqual(['generated-images-1-of-2', 'generated-images-2-of-2']);
    expect(jobs.map((run) => run.outputs['artifact-id'])).toEqual([
      String(byName.get('generated-images-1-of-2')!.id),
      String(byName.get('generated-images-2-of-2')!.id),
    ]);
    const images = [...byName.values()].flatMap((a) => {
      expect(a.finalized).toBe(true);
      const names = [...unzip(a.bytes!).keys()];
      expect(names).toContain(LOCKFILE);
      return names.filter((n) => n.startsWith('img/'));
    });
    expect(images.sort()).toEqual(IMAGE_FILES);
  });
});
