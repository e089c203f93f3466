/**
 * The built CLI (dist/cli/index.js, `npm run build`) speaks its own names: a message that points at
 * a setting names the flag (`--max-image-bytes`, `--retry-unknown-submits`), never the action's
 * input. And its last resort: an error that escapes `cli()` (here a rejection nobody handles,
 * planted by a preloaded module) is one redacted line and exit 1, never Node's stack trace.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ONE_HERO } from '../helpers/manifests.js';
import { setup } from '../helpers/setup.js';
import { type Ran, spawnCollect } from '../helpers/spawn.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ENTRY = path.join(ROOT, 'dist/cli/index.js');
const KEY = 'pxz_live_Own9Names4Key';
const MANIFEST = ONE_HERO;

/** The CLI in a child process (the emulator answering it lives in this one: no synchronous spawn). */
function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return spawnCollect(process.execPath, [ENTRY, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PIXAZO_API_KEY: KEY, ...env },
  });
}

const t = setup({
  emulator: { latency: 10, apiKey: KEY },
  resetKnobs: true,
  workspace: { kind: 'temp', files: { 'images.config.yaml': MANIFEST } },
});

describe('messages name the flags', () => {
  test('an image over the size limit: raise `--max-image-bytes`', async () => {
    const r = await cli(
      ['generate', '--json', '--gateway-url', t.emu.url, '--max-image-bytes', '100'],
      t.ws.dir,
    );
    expect(r.status).toBe(1);
    const hero = (JSON.parse(r.stdout) as { entries: { id: string; error?: string }[] }).entries[0]!;
    expect(hero.error).toContain('over the limit of 100 (`--max-image-bytes`)');
    expect(hero.error).toContain('raise `--max-image-bytes` for a large image');
    expect(r.stdout + r.stderr).not.toMatch(/\(max-image-bytes\)|raise max-image-bytes/);
  });

  test('an unknown outcome: set `--retry-unknown-submits`', async () => {
    t.emu.options.acceptThenFailNextSubmits = [
      { status: 502, body: '<html>Bad gateway</html>', contentType: 'text/html' },
    ];
    const first = await cli(['generate', '--gateway-url', t.emu.url], t.ws.dir);
    expect(first.status).toBe(1);
    const plan = await cli(['plan', '--json'], t.ws.dir);
    const hero = (JSON.parse(plan.stdout) as { entries: { id: string; reason: string }[] }).entries[0]!;
    expect(hero.reason).toMatch(/then force it or set `--retry-unknown-submits`/);
    expect(plan.stdout + plan.stderr).not.toMatch(/set retry-unknown-submits/);
  });
});

describe('the last resort', () => {
  // A module preloaded into the CLI's process that rejects a promise nobody handles, quoting the key.
  const js = 'setTimeout(() => Promise.reject(new Error(`planted:${process.env.PIXAZO_API_KEY}`)), 400)';
  const planted = { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(js)}` };

  test('an unhandled rejection is one redacted line and exit 1, no stack trace', async () => {
    const r = await cli(['plan'], t.ws.dir, planted);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).not.toContain(KEY);
    const lines = r.stderr.trim().split('\n');
    expect(lines.at(-1)).toBe('error: planted:*** (an unexpected error; set PIXAZO_DEBUG=1 for details)');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  test('PIXAZO_DEBUG=1 adds the stack, redacted too', async () => {
    const r = await cli(['plan'], t.ws.dir, { ...planted, PIXAZO_DEBUG: '1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Error: planted:***');
    expect(r.stderr).toMatch(/^\s+at /m);
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });
});
