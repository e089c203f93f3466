/**
 * The CLI side of candidates (SPEC §8, §10): `generate --candidates` buys a set, `plan --candidates`
 * shows it awaiting a pick, `pick <id> <k>` lands candidate k with no key and no call, and a bad
 * pick is a usage error (exit 2) that changes nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, EXIT } from '../../src/cli/main.js';
import type { CliStream } from '../../src/cli/sink.js';
import { DEFAULT_API_KEY, type Emulator, startEmulator } from '../emulator/index.js';
import { lowQualityManifest } from '../helpers/manifests.js';
import { tempWorkspace } from '../helpers/workspace.js';

class Capture extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function run(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await cli(
    args,
    { PATH: process.env.PATH, ...env },
    {
      stdout: stdout as CliStream,
      stderr: stderr as CliStream,
      cwd,
    },
  );
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const MANIFEST = lowQualityManifest(`  hero:
    prompt: A lighthouse at dawn
    candidates: 2
`);

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ latency: 5 });
});
afterAll(() => emu.close());

describe('candidates in the CLI', () => {
  it('generate --candidates, plan --candidates, then pick hero 2 with no key', async () => {
    const ws = await tempWorkspace({ 'images.config.yaml': MANIFEST });
    try {
      const gen = await run(ws.dir, ['generate', '--candidates', '--gateway-url', emu.url], {
        PIXAZO_API_KEY: DEFAULT_API_KEY,
      });
      expect(gen.code, gen.stderr).toBe(EXIT.ok);
      const plan = await run(ws.dir, ['plan', '--candidates', '--json']);
      expect(plan.code, plan.stderr).toBe(EXIT.ok);
      const hero = JSON.parse(plan.stdout).entries.find((e: { id: string }) => e.id === 'hero');
      expect(hero.action).toBe('await');
      expect(hero.reason).toMatch(/^awaiting a pick \(2 candidates\)/);

      // The table and the gallery show the set awaiting a pick, its candidates side by side.
      const table = await run(ws.dir, ['plan', '--candidates']);
      expect(table.code, table.stderr).toBe(EXIT.ok);
      expect(table.stdout).toMatch(/^hero\s+awaiting\s+awaiting a pick \(2/m);
      expect(table.stdout).toContain('Awaiting a pick:');
      expect(table.stdout).toMatch(
        /hero: 2 candidates, \$0\.024 — 1: \.pixazo\/candidates\/hero\/1\.webp\s+2:\s+\.pixazo\/candidates\/hero\/2\.webp/,
      );
      expect(table.stdout).toContain('pixazo-images pick hero <1-2>');
      const gallery = await run(ws.dir, ['gallery']);
      expect(gallery.code, gallery.stderr).toBe(EXIT.ok);
      const page = await readFile(path.join(ws.dir, 'gallery.html'), 'utf8');
      expect(page).toContain('data-status="awaiting"');
      expect(page).toContain('awaiting a pick');
      for (const k of [1, 2]) {
        expect(page).toContain(`src=".pixazo/candidates/hero/${k}.webp"`);
        expect(page).toContain(`alt="hero, candidate ${k} of 2"`);
      }

      const bad = await run(ws.dir, ['pick', 'hero', '3']);
      expect(bad.code).toBe(EXIT.invalid);
      expect(bad.stderr).toMatch(/candidates 1 to 2/);

      const two = await readFile(path.join(ws.dir, '.pixazo/candidates/hero/2.webp'));
      const calls = emu.counters.submissions + emu.counters.statusCalls;
      const pick = await run(ws.dir, ['pick', 'hero', '2']);
      expect(pick.code, pick.stderr).toBe(EXIT.ok);
      expect(emu.counters.submissions + emu.counters.statusCalls).toBe(calls);
      expect(await readFile(path.join(ws.dir, 'img/hero.webp'))).toEqual(two);
      const lock = JSON.parse(await readFile(path.join(ws.dir, 'images.lock.json'), 'utf8'));
      expect(lock.candidates).toEqual({});
      expect(lock.images.hero.files[0].path).toBe('img/hero.webp');
    } finally {
      await ws.cleanup();
    }
  });

  it('pick needs an id and a number', async () => {
    const ws = await tempWorkspace({ 'images.config.yaml': MANIFEST });
    try {
      const r = await run(ws.dir, ['pick', 'hero']);
      expect(r.code).toBe(EXIT.invalid);
      expect(r.stderr).toMatch(/pixazo-images pick <id> <k>/);
    } finally {
      await ws.cleanup();
    }
  });
});
