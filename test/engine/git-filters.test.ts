/**
 * Git LFS and other clean filters (SPEC §4 rule 7): the recorded `blob` is the id git gives the
 * file at its path with `.gitattributes` filters applied, so after a commit the unchanged check
 * compares like with like — no "edited by hand" warning, and `max_age` is not blocked.
 * A real clean filter in a real repository; no git-lfs binary needed.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFileBoth } from '../../src/plan/files.js';
import { emulatorAndWorkspace } from '../helpers/setup.js';
import { runOn } from '../helpers/workspace.js';

const MANIFEST = `version: 1
defaults:
  quality: low
images:
  hero:
    prompt: A lighthouse on a cliff at dawn
    out: img/hero.{ext}
  logo:
    prompt: A round logo
    out: img/logo.{ext}
`;

/** A pointer-like text in place of the bytes, as Git LFS's clean filter stores. */
const CLEAN = `#!/bin/sh
printf 'version https://git-lfs.github.com/spec/v1\\noid sha256:%s\\nsize 0\\n' "$(sha256sum | cut -c1-64)"
`;

const t = emulatorAndWorkspace({ 'images.config.yaml': MANIFEST });

async function lfsLikeRepo(): Promise<void> {
  t.ws.git('init', '-q', '-b', 'main');
  await writeFile(path.join(t.ws.dir, '.git/fake-clean.sh'), CLEAN, { mode: 0o755 });
  t.ws.git('config', 'filter.fake.clean', path.join(t.ws.dir, '.git/fake-clean.sh'));
  t.ws.git('config', 'filter.fake.required', 'true');
  await t.ws.write('.gitattributes', '*.webp filter=fake -text\n');
}

describe('a clean filter in .gitattributes (as Git LFS installs)', () => {
  it('records the filtered blob id; after a commit the next run is unchanged, and max_age still refreshes', async () => {
    await lfsLikeRepo();
    await runOn(t.ws, t.emu);
    const lock = await t.ws.lock();
    for (const id of ['hero', 'logo']) {
      const f = lock.images[id]!.files[0]!;
      const filtered = t.ws.git('hash-object', f.path).trim();
      expect(f.blob).toBe(filtered);
      expect(f.blob).not.toBe((await hashFileBoth(path.join(t.ws.dir, f.path))).blob);
    }
    t.ws.git('add', '-A');
    t.ws.git('commit', '-q', '-m', 'images');
    // The index holds the pointer's id: what the lockfile recorded.
    expect(t.ws.git('rev-parse', ':img/hero.webp').trim()).toBe(lock.images.hero!.files[0]!.blob);

    t.emu.resetCounters();
    const again = await runOn(t.ws, t.emu);
    expect(again.report.entries.map((e) => [e.id, e.action])).toEqual([
      ['hero', 'unchanged'],
      ['logo', 'unchanged'],
    ]);
    expect(again.events.filter((e) => e.type === 'warning')).toEqual([]);
    expect(t.emu.counters.submissions).toBe(0);

    await t.ws.write(
      'images.config.yaml',
      MANIFEST.replace('out: img/hero.{ext}', 'out: img/hero.{ext}\n    max_age: 30d'),
    );
    const stale = await t.ws.lock();
    stale.images.hero!.generated_at = '2020-01-01T00:00:00Z';
    await writeFile(path.join(t.ws.dir, 'images.lock.json'), JSON.stringify(stale));
    const refreshed = await runOn(t.ws, t.emu);
    expect(refreshed.report.entries.find((e) => e.id === 'hero')).toMatchObject({
      action: 'generate',
      reason: 'stale (older than 30d)',
      status: 'generated',
    });
    expect(refreshed.events.filter((e) => e.type === 'warning')).toEqual([]);
  });

  it('outside a git workspace the raw blob id is recorded', async () => {
    await runOn(t.ws, t.emu);
    const f = (await t.ws.lock()).images.hero!.files[0]!;
    expect(f.blob).toBe((await hashFileBoth(path.join(t.ws.dir, f.path))).blob);
  });
});
