/**
 * `--only` / `--force` patterns that match no entry: a warning on stderr naming the pattern, with a
 * did-you-mean, and the run goes on (a typo used to do nothing silently and exit 0).
 */
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, EXIT } from '../../src/cli/main.js';
import { HERO_AND_TEAM } from '../helpers/manifests.js';
import { type TempWorkspace, tempWorkspace } from '../helpers/workspace.js';

const MANIFEST = HERO_AND_TEAM;

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace({ 'images.config.yaml': MANIFEST });
});
afterEach(() => ws.cleanup());

async function plan(args: string[]): Promise<{ code: number; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const code = await cli(['plan', ...args], { PATH: process.env.PATH }, { stdout, stderr, cwd: ws.dir });
  return { code, stderr: String(stderr.read() ?? '') };
}

describe('only/force patterns that match no entry', () => {
  it('warns about a typo in --only, suggesting the id, and still plans', async () => {
    const r = await plan(['--only', 'heor']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toContain("warning: --only 'heor' matches no entry; did you mean 'hero'?\n");
  });

  it('warns for each unmatched pattern of a list, --force included; matching ones and all are quiet', async () => {
    const r = await plan(['--only', 'hero,tema', '--force', 'all', '--force', 'banner*']);
    expect(r.code).toBe(EXIT.ok);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toEqual([
      "warning: --only 'tema' matches no entry; did you mean 'team'?",
      "warning: --force 'banner*' matches no entry",
    ]);
  });

  it('says nothing when every pattern matches', async () => {
    const r = await plan(['--only', 'h*', '--force', 'team']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).not.toMatch(/matches no entry/);
  });
});
