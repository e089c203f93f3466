/**
 * The path guard at use, through the engine (SPEC §9): a lockfile or a symlink planted in the
 * repository cannot make a run delete or write inside `.git` or outside the workspace.
 */
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngine } from '../../src/engine/run.js';
import { openManifest } from '../../src/engine/session.js';
import type { RunEvent } from '../../src/engine/types.js';
import { PixazoClient } from '../../src/gateway/client.js';
import { hashFileBoth } from '../../src/plan/files.js';
import { realClock } from '../../src/shared/clock.js';
import { DEFAULT_API_KEY } from '../emulator/index.js';
import { lowQualityManifest } from '../helpers/manifests.js';
import { emulatorAndWorkspace } from '../helpers/setup.js';
import { FAST, runOn } from '../helpers/workspace.js';

const MANIFEST = lowQualityManifest(`  hero:
    prompt: A lighthouse on a cliff at dawn
    out: img/hero.{ext}
`);

const t = emulatorAndWorkspace({ 'images.config.yaml': MANIFEST });

/** Adds an orphan record `evil` whose one file is `rel`, with that file's true hashes. */
async function plantOrphan(rel: string): Promise<void> {
  const lock = await t.ws.lock();
  const h = await hashFileBoth(path.join(t.ws.dir, rel));
  lock.images.evil = {
    ...lock.images.hero!,
    files: [{ path: rel, sha256: h.sha256, blob: h.blob, bytes: h.bytes }],
  };
  await writeFile(path.join(t.ws.dir, 'images.lock.json'), JSON.stringify(lock));
}

describe('prune never deletes through a symlink', () => {
  it('a committed symlink g -> .git and an orphan record for g/HEAD: HEAD stays, git works, a warning names it', async () => {
    t.ws.git('init', '-q', '-b', 'main');
    await runOn(t.ws, t.emu);
    await symlink('.git', path.join(t.ws.dir, 'g'));
    t.ws.git('add', '-A');
    t.ws.git('commit', '-q', '-m', 'images and a link');
    const head = await readFile(path.join(t.ws.dir, '.git/HEAD'), 'utf8');
    await plantOrphan('g/HEAD');

    const { report, events } = await runOn(t.ws, t.emu, { prune: true });

    expect(await readFile(path.join(t.ws.dir, '.git/HEAD'), 'utf8')).toBe(head);
    expect(t.ws.git('status', '--porcelain')).toContain('images.lock.json');
    expect(report.filesDeleted).toEqual([]);
    expect(report.orphans).toEqual([{ id: 'evil', files: ['g/HEAD'], pruned: false }]);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'warning',
        file: 'g/HEAD',
        message:
          'Not pruning g/HEAD of "evil": it resolves inside .git through the symlink g. Delete it by hand if it is no longer needed.',
      }),
    );
  });

  it('a symlink that stays inside the workspace: the recorded file is kept, with a warning', async () => {
    await runOn(t.ws, t.emu);
    await symlink('img', path.join(t.ws.dir, 'pics'));
    await plantOrphan('pics/hero.webp');

    const { report, events } = await runOn(t.ws, t.emu, { prune: true });

    await stat(path.join(t.ws.dir, 'img/hero.webp'));
    expect(report.filesDeleted).toEqual([]);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'warning',
        message: expect.stringContaining(
          'Not pruning pics/hero.webp of "evil": it runs through the symlink pics.',
        ),
      }),
    );
  });
});

describe('an out path through a symlink planted after validation is refused at write', () => {
  it.each([
    ['into .git', '.git', 'it resolves inside .git through the symlink pics'],
    ['out of the workspace', '../outside', 'it resolves outside the workspace through the symlink pics'],
  ])('%s', async (_name, target, why) => {
    await mkdir(path.join(t.ws.dir, 'ws/.git'), { recursive: true });
    // `../outside` from the workspace's own `ws` folder: a folder of this test, not the system's temp.
    await t.ws.write('ws/images.config.yaml', MANIFEST.replace('img/hero', 'pics/hero'));
    await mkdir(path.join(t.ws.dir, 'outside'), { recursive: true });
    const { manifest, lockfilePath } = await openManifest({
      workspace: path.join(t.ws.dir, 'ws'),
      config: 'images.config.yaml',
    });
    // Validation saw no `pics`; the link appears between the check and the write.
    await symlink(target, path.join(t.ws.dir, 'ws/pics'));
    const events: RunEvent[] = [];
    const report = await runEngine(
      { manifest, lockfilePath, dryRun: false, prune: false, ...FAST },
      {
        clock: realClock,
        events: (e) => events.push(e),
        gateway: new PixazoClient({ baseUrl: t.emu.url, apiKey: DEFAULT_API_KEY }),
      },
    );

    const hero = report.entries.find((e) => e.id === 'hero')!;
    expect(hero.status).not.toBe('generated');
    expect(JSON.stringify(report)).toContain(`refusing to write pics/hero.webp: ${why}`);
    // Nothing landed where the link points, not even a temp file.
    expect(await readdir(path.resolve(t.ws.dir, 'ws', target))).toEqual([]);
  });
});
