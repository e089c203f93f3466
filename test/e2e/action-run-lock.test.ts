/**
 * The action holds the run lock (SPEC §4) through the built bundle (dist/index.js) with real git:
 * the lock exists while the run pays and publishes, is never committed, and is gone afterwards; a
 * lock from another host stops the run before any submission.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import { annotations, gitEnv, IMAGE_FILES, inputsFor, LOCKFILE, logOf, MANIFEST } from './fixtures.js';

const LOCK = `${LOCKFILE}.lock`;

const t = setup({
  emulator: { latency: 30 },
  workspace: { kind: 'git', files: { 'README.md': '# site\n', 'images.config.yaml': MANIFEST } },
});

describe('the action and the run lock', () => {
  it('holds the lock while it pays and publishes; the commit has the images and the lockfile only', async () => {
    let heldDuringRun = false;
    t.emu.options.hooks.afterAccept = () => {
      heldDuringRun ||= existsSync(path.join(t.fx.work, LOCK));
    };
    try {
      const run = await runAction({ workspace: t.fx.work, inputs: inputsFor(t.emu), env: gitEnv(t.fx) });
      expect(run.code, logOf(run)).toBe(0);
      expect(heldDuringRun).toBe(true);
      const sha = run.outputs['commit-sha']!;
      const files = (await t.fx.git(t.fx.remote, 'show', '--name-only', '--format=', sha))
        .split('\n')
        .filter(Boolean);
      expect(files.sort()).toEqual([...IMAGE_FILES, LOCKFILE].sort());
      expect(run.outputs.files).not.toContain(LOCK);
      expect(existsSync(path.join(t.fx.work, LOCK))).toBe(false);
    } finally {
      t.emu.options.hooks.afterAccept = undefined;
    }
  });

  it('a lock from another host: the step fails naming the file, nothing is submitted', async () => {
    await writeFile(
      path.join(t.fx.work, LOCK),
      JSON.stringify({ pid: 99, host: 'other-runner', started_at: '2026-12-01T10:00:00.000Z' }),
    );
    const run = await runAction({ workspace: t.fx.work, inputs: inputsFor(t.emu), env: gitEnv(t.fx) });
    expect(run.code).not.toBe(0);
    expect(annotations(run, 'error').join('\n')).toContain(
      `${LOCK}: the lockfile is locked by pid 99 on another host (other-runner), since 2026-12-01T10:00:00.000Z; a lock from another host is never taken over. If that run is over, delete ${LOCK} and run again.`,
    );
    expect(t.emu.counters.submissions).toBe(0);
    expect(existsSync(path.join(t.fx.work, LOCK))).toBe(true);
  });
});
