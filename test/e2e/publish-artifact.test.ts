/**
 * `publish: artifact` through the built action (dist/index.js), with the REAL @actions/artifact
 * uploading to a local fake of the Actions results service; the zip it received is opened and checked.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { sniffFormat } from '../../src/images/sniff.js';
import type { Lockfile } from '../../src/plan/lockfile.js';
import { ACTIONS_BOT } from '../fakes/github-api.js';
import { runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import {
  annotations,
  IMAGE_FILES,
  inputsFor,
  LOCKFILE,
  logOf,
  MANIFEST,
  pullRequestEvent,
  unzip,
} from './fixtures.js';

const RUN_ID = '4242';

const t = setup({
  emulator: { latency: 30 },
  results: true,
  github: { users: { ghs_e2e_token: ACTIONS_BOT } },
  workspace: { kind: 'runner' },
});
let ws: string;
beforeEach(async () => {
  ws = await t.layout.workspace('site', { 'images.config.yaml': MANIFEST });
});

/** The runner's environment for the artifact client: results service, runtime token, fixed RUNNER_TEMP. */
const env = (extra: Record<string, string> = {}) => ({
  ...t.results.env(RUN_ID, 'job-1'),
  RUNNER_TEMP: t.layout.runnerTemp,
  ...extra,
});
const artifactInputs = (extra: Record<string, string> = {}) =>
  inputsFor(t.emu, { publish: 'artifact', 'artifact-retention-days': '3', ...extra });

describe('publish: artifact (built action, real @actions/artifact)', () => {
  it('uploads the written images, the lockfile and the report, stored uncompressed; artifact-id output', async () => {
    const run = await runAction({ workspace: ws, inputs: artifactInputs(), env: env() });
    expect(run.code, logOf(run)).toBe(0);
    expect(t.results.artifacts).toHaveLength(1);
    const [artifact] = t.results.artifacts;
    expect(artifact).toMatchObject({ name: 'generated-images', finalized: true, retentionDays: 3 });
    expect(run.outputs['artifact-id']).toBe(String(artifact!.id));
    expect(run.outputs['commit-sha']).toBe('');

    const zip = unzip(artifact!.bytes!);
    expect([...zip.keys()].sort()).toEqual(
      [...IMAGE_FILES, LOCKFILE, 'pixazo-images-report.json', 'gallery.html'].sort(),
    );
    for (const f of [...IMAGE_FILES, LOCKFILE]) {
      expect(zip.get(f)!.data.equals(await readFile(path.join(ws, f))), f).toBe(true);
    }
    // Images are compressed already: compression level 0 stores them.
    for (const f of IMAGE_FILES) expect(zip.get(f)!.stored, f).toBe(true);
    const report = JSON.parse(zip.get('pixazo-images-report.json')!.data.toString('utf8')) as {
      entries: { id: string; status: string }[];
      filesWritten: string[];
    };
    expect(report.entries.map((e) => [e.id, e.status]).sort()).toEqual([
      ['gulls', 'generated'],
      ['harbour', 'generated'],
      ['hero', 'generated'],
    ]);
    // The same report as the `report` output, which stays under RUNNER_TEMP.
    expect(run.outputs.report!.startsWith(t.layout.runnerTemp + path.sep)).toBe(true);
    expect(JSON.parse(await readFile(run.outputs.report!, 'utf8'))).toEqual(report);
    // The staging folder is gone; nothing was written into the workspace beyond images and lockfile.
    expect(
      (await readdir(t.layout.runnerTemp)).filter((f) => f.startsWith('pixazo-images-artifact-')),
    ).toEqual([]);
    expect((await readdir(ws)).sort()).toEqual(['images.config.yaml', 'images.lock.json', 'img']);

    t.emu.resetCounters();
    const again = await runAction({
      workspace: ws,
      inputs: artifactInputs({ 'artifact-name': 'again' }),
      env: env(),
    });
    expect(again.code, logOf(again)).toBe(0);
    expect(again.outputs['artifact-id']).toBe('');
    expect(t.results.artifacts).toHaveLength(1);
    expect(again.stdout).toMatch(/no artifact to upload/);
  });

  it('a refused upload fails the step after the outputs and summary are written', async () => {
    // Another job of this run ran the same shard and took its name already.
    const first = await runAction({ workspace: ws, inputs: artifactInputs({ shard: '1/2' }), env: env() });
    expect(first.code, logOf(first)).toBe(0);
    const ws2 = await t.layout.workspace('second', { 'images.config.yaml': MANIFEST });
    const run = await runAction({ workspace: ws2, inputs: artifactInputs({ shard: '1/2' }), env: env() });
    expect(run.code).toBe(1);
    const [error] = annotations(run, 'error');
    expect(error).toMatch(/already exists/);
    expect(error).toMatch(/generated-images-1-of-2/);
    expect(error).toMatch(/uploaded shard 1\/2 already/);
    // The images were paid for: outputs, files and summary are all there.
    expect(run.outputs.generated).toBe('1');
    expect(run.outputs.files).toBe('img/gulls-1.webp\nimg/gulls-2.webp');
    expect(run.outputs['artifact-id']).toBe('');
    expect(run.summary).toContain('gulls');
    // The images stay in the workspace, recorded in the lockfile, so the next run does not pay again.
    const lock = JSON.parse(await readFile(path.join(ws2, LOCKFILE), 'utf8')) as Lockfile;
    expect(lock.images.gulls!.files.map((f) => f.path)).toEqual(['img/gulls-1.webp', 'img/gulls-2.webp']);
    for (const recorded of lock.images.gulls!.files) {
      const bytes = await readFile(path.join(ws2, recorded.path));
      expect(sniffFormat(bytes), recorded.path).toBe('webp');
      expect(createHash('sha256').update(bytes).digest('hex'), recorded.path).toBe(recorded.sha256);
    }
  });

  describe('on a pull request', () => {
    it('the sticky comment links the artifact and previews the media URLs', async () => {
      const run = await runAction({
        workspace: ws,
        inputs: artifactInputs(),
        env: env({ GITHUB_API_URL: t.api.url }),
        eventName: 'pull_request',
        event: pullRequestEvent({ number: 5, headRef: 'feature' }),
      });
      expect(run.code, logOf(run)).toBe(0);
      expect(t.api.comments).toHaveLength(1);
      const body = t.api.comments[0]!.body;
      const id = run.outputs['artifact-id'];
      expect(body).toContain(`https://github.com/octo/site/actions/runs/${RUN_ID}/artifacts/${id}`);
      expect(body).toContain(`<img src="${t.emu.url}/media/`);
      expect(run.summary).toContain(`<img src="${t.emu.url}/media/`);
    });
  });
});
