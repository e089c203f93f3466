/**
 * A clean filter in `.gitattributes` (as Git LFS installs) through the built action with
 * `publish: commit` against a bare remote (issue 19): the commit stores the filtered blob, the
 * lockfile records that same id, and the next run is a quiet no-op; `max_age` still refreshes.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitFiles } from '../fakes/git-repo.js';
import { runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import { annotations, gitEnv, inputsFor, LOCKFILE, logOf, MANIFEST } from './fixtures.js';

const CLEAN = `#!/bin/sh
printf 'version https://git-lfs.github.com/spec/v1\\noid sha256:%s\\nsize 0\\n' "$(sha256sum | cut -c1-64)"
`;

const t = setup({
  emulator: { latency: 20 },
  workspace: {
    kind: 'git',
    files: {
      'README.md': '# site\n',
      'images.config.yaml': MANIFEST,
      '.gitattributes': '*.webp filter=fake -text\n',
    },
  },
});

describe('publish: commit with a clean filter (built action, real git)', () => {
  it('records the committed (filtered) blob; the next run is unchanged with no warning; max_age refreshes', async () => {
    const script = path.join(t.fx.root, 'fake-clean.sh');
    await writeFile(script, CLEAN, { mode: 0o755 });
    await t.fx.git(t.fx.work, 'config', 'filter.fake.clean', script);
    await t.fx.git(t.fx.work, 'config', 'filter.fake.required', 'true');

    const first = await runAction({ workspace: t.fx.work, inputs: inputsFor(t.emu), env: gitEnv(t.fx) });
    expect(first.code, logOf(first)).toBe(0);
    const sha = first.outputs['commit-sha']!;
    const lock = JSON.parse(await t.fx.git(t.fx.remote, 'show', `${sha}:${LOCKFILE}`)) as {
      images: Record<string, { files: { path: string; blob: string }[]; generated_at: string }>;
    };
    for (const f of Object.values(lock.images).flatMap((r) => r.files)) {
      const committed = (await t.fx.git(t.fx.remote, 'rev-parse', `${sha}:${f.path}`)).trim();
      expect(f.blob).toBe(committed);
      // What was committed is the pointer, not the image.
      expect(await t.fx.git(t.fx.remote, 'cat-file', 'blob', committed)).toMatch(
        /^version https:\/\/git-lfs/,
      );
    }

    t.emu.resetCounters();
    const again = await runAction({ workspace: t.fx.work, inputs: inputsFor(t.emu), env: gitEnv(t.fx) });
    expect(again.code, logOf(again)).toBe(0);
    expect(again.outputs.unchanged).toBe('3');
    expect(annotations(again, 'warning')).toEqual([]);
    expect(again.outputs['commit-sha'] ?? '').toBe('');
    expect(t.emu.counters.submissions).toBe(0);

    // Stale: the refresh goes ahead rather than being kept as a hand edit.
    lock.images.hero!.generated_at = '2020-01-01T00:00:00Z';
    await commitFiles(
      t.fx.git,
      t.fx.work,
      {
        'images.config.yaml': MANIFEST.replace('alt: A lighthouse', 'alt: A lighthouse\n    max_age: 30d'),
        [LOCKFILE]: `${JSON.stringify(lock, null, 2)}\n`,
      },
      'hero is stale',
    );
    await t.fx.git(t.fx.work, 'push', '-q');
    const stale = await runAction({ workspace: t.fx.work, inputs: inputsFor(t.emu), env: gitEnv(t.fx) });
    expect(stale.code, logOf(stale)).toBe(0);
    expect(annotations(stale, 'warning')).toEqual([]);
    expect(t.emu.counters.submissions).toBe(1);
    expect(stale.outputs.generated).toBe('1');
    const refreshed = stale.outputs['commit-sha']!;
    const after = JSON.parse(await t.fx.git(t.fx.remote, 'show', `${refreshed}:${LOCKFILE}`)) as typeof lock;
    expect(after.images.hero!.files[0]!.blob).toBe(
      (await t.fx.git(t.fx.remote, 'rev-parse', `${refreshed}:img/hero.webp`)).trim(),
    );
  });
});
