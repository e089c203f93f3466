/**
 * Write-ahead submits through the built action (dist/index.js): a SIGKILL while an accepted
 * submit's answer is held by the emulator leaves the intent on disk, and the next run neither pays
 * again nor forgets it (outcome unknown); a lockfile that cannot be written sends nothing and says
 * which file and why.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lockfile } from '../../src/plan/lockfile.js';
import { FULL_DISK_MODE, fullableFolder } from '../helpers/full-disk.js';
import { lowQualityManifest } from '../helpers/manifests.js';
import { runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import { inputsFor } from './fixtures.js';

const MANIFEST = lowQualityManifest(`  hero:
    prompt: A lighthouse on a cliff at dawn
`);

const t = setup({
  emulator: { latency: 20 },
  workspace: { kind: 'temp', files: { 'images.config.yaml': MANIFEST } },
});
const submits = (): number => t.emu.log.filter((r) => r.kind === 'submit').length;

describe.skipIf(process.platform === 'win32')('SIGKILL of the built action between send and answer', () => {
  it('leaves the intent on disk; the next run does not submit it again and reports it unknown', async () => {
    let killed: Promise<void> | undefined;
    let child: import('node:child_process').ChildProcess | undefined;
    // The gateway accepted (and charged) hero; its answer is held until the action is dead.
    t.emu.options.hooks = {
      afterAccept: async () => {
        killed = new Promise((resolve) => child!.once('close', () => resolve()));
        child!.kill('SIGKILL');
        await killed;
      },
    };
    const dead = await runAction({
      workspace: t.ws.dir,
      inputs: inputsFor(t.emu, { publish: 'none' }),
      onSpawn: (c) => {
        child = c;
      },
    });
    t.emu.options.hooks = {};
    expect(dead.signal).toBe('SIGKILL');
    expect(t.emu.counters.accepted).toBe(1);
    const left = JSON.parse(await readFile(path.join(t.ws.dir, 'images.lock.json'), 'utf8')) as Lockfile;
    expect(Object.values(left.submitting).map((s) => s.id)).toEqual(['hero']);

    t.emu.resetCounters();
    const next = await runAction({ workspace: t.ws.dir, inputs: inputsFor(t.emu, { publish: 'none' }) });
    const log = `${next.stdout}\n${next.stderr}`;
    expect(submits()).toBe(0);
    expect(next.outputs.failed, log).toBe('1');
    expect(log).toMatch(
      /outcome unknown since .*the run that sent it stopped before its answer was recorded/,
    );
    const after = JSON.parse(await readFile(path.join(t.ws.dir, 'images.lock.json'), 'utf8')) as Lockfile;
    expect(after.submitting).toEqual({});
    expect(Object.values(after.unknown).map((u) => [u.id, u.reason])).toEqual([
      ['hero', 'the run that sent it stopped before its answer was recorded'],
    ]);
  });
});

describe.skipIf(process.platform === 'win32')(
  `the built action with a lockfile that cannot be written (${FULL_DISK_MODE})`,
  () => {
    it(`sends nothing and names the file and the cause (${FULL_DISK_MODE})`, async () => {
      const folder = await fullableFolder(path.join(t.ws.dir, 'state'));
      try {
        await folder.fill();
        const run = await runAction({
          workspace: t.ws.dir,
          inputs: inputsFor(t.emu, { publish: 'none', lockfile: 'state/images.lock.json' }),
        });
        console.info(`disk-full e2e test used: ${folder.mode}`);
        const log = `${run.stdout}\n${run.stderr}`;
        expect(submits()).toBe(0);
        expect(t.emu.counters.accepted).toBe(0);
        expect(run.code, log).not.toBe(0);
        // The run lock beside the lockfile is the first write of a run, so a disk that is full from
        // the start stops the run there; the intent write itself is covered in test/engine.
        expect(log).toContain(`cannot write state/images.lock.json.lock: ${folder.cause} — nothing was sent`);
      } finally {
        await folder.cleanup();
      }
    });
  },
);
