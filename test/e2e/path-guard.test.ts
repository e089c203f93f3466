/**
 * The path guard through the built action (dist/index.js) in a real git repository: a committed
 * symlink `g -> .git` and a lockfile orphan record for `g/HEAD` with its true sha256 must not make
 * `prune: true` delete git's HEAD (issue 18).
 */
import { createHash } from 'node:crypto';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import { annotations, gitEnv, inputsFor, LOCKFILE, logOf, MANIFEST } from './fixtures.js';

const t = setup({
  emulator: { latency: 20 },
  workspace: { kind: 'git', files: { 'README.md': '# site\n', 'images.config.yaml': MANIFEST } },
});

describe('prune through a symlinked folder into .git (built action, real git)', () => {
  it('keeps .git/HEAD, git keeps working, and a warning names the kept file', async () => {
    const first = await runAction({ workspace: t.fx.work, inputs: inputsFor(t.emu), env: gitEnv(t.fx) });
    expect(first.code, logOf(first)).toBe(0);

    // The attack, as a pull request could commit it: a link and a crafted orphan record.
    const head = await readFile(path.join(t.fx.work, '.git/HEAD'));
    await symlink('.git', path.join(t.fx.work, 'g'));
    const lockPath = path.join(t.fx.work, LOCKFILE);
    const lock = JSON.parse(await readFile(lockPath, 'utf8')) as {
      images: Record<string, { files: Record<string, unknown>[] }>;
    };
    lock.images.evil = {
      ...lock.images.hero!,
      files: [
        {
          path: 'g/HEAD',
          sha256: createHash('sha256').update(head).digest('hex'),
          blob: '0'.repeat(40),
          bytes: head.length,
        },
      ],
    };
    await writeFile(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
    await t.fx.git(t.fx.work, 'add', '-A');
    await t.fx.git(t.fx.work, 'commit', '-q', '-m', 'a link and a record');
    await t.fx.git(t.fx.work, 'push', '-q');

    const run = await runAction({
      workspace: t.fx.work,
      inputs: inputsFor(t.emu, { prune: 'true', publish: 'none' }),
      env: gitEnv(t.fx),
    });

    expect(await readFile(path.join(t.fx.work, '.git/HEAD'))).toEqual(head);
    // git still works: its HEAD resolves and the work tree shows only the lockfile the run rewrote.
    expect((await t.fx.git(t.fx.work, 'status', '--porcelain')).trim()).toMatch(
      /^(M? ?M? *images\.lock\.json)?$/,
    );
    expect((await t.fx.git(t.fx.work, 'rev-parse', 'HEAD')).trim()).toMatch(/^[0-9a-f]{40}$/);
    expect(run.code, logOf(run)).toBe(0);
    expect(annotations(run, 'warning')).toContainEqual(
      expect.stringContaining('Not pruning g/HEAD of "evil": it resolves inside .git through the symlink g.'),
    );
    expect(run.outputs.deleted ?? '').not.toContain('g/HEAD');
  });
});
