/**
 * One run per lockfile, end to end: built CLI processes (dist/cli/index.js, `npm run build`) on one
 * workspace against the emulator. The first run's submit is held by an emulator hook until the
 * second has said it waits, so the order is forced, not raced.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_API_KEY, type Emulator, startEmulator } from '../emulator/index.js';
import { HERO_AND_TEAM } from '../helpers/manifests.js';
import { type TempWorkspace, tempWorkspace } from '../helpers/workspace.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ENTRY = path.join(ROOT, 'dist/cli/index.js');
const LOCK = 'images.lock.json.lock';

const MANIFEST = HERO_AND_TEAM;

interface Proc {
  stderr(): string;
  /** Resolves once stderr matches. */
  said(re: RegExp): Promise<void>;
  exit: Promise<{ status: number | null; stdout: string; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

function generate(ws: TempWorkspace, emu: Emulator, extra: string[] = []): Proc {
  const child = spawn(process.execPath, [ENTRY, 'generate', '--gateway-url', emu.url, ...extra], {
    cwd: ws.dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PIXAZO_API_KEY: DEFAULT_API_KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { re: RegExp; resolve(): void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const w of waiters.filter((w) => w.re.test(stderr))) w.resolve();
  });
  const exit = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  return {
    stderr: () => stderr,
    said: (re) =>
      re.test(stderr)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiters.push({ re, resolve })),
            exit.then((r) => {
              throw new Error(`exited ${r.status} before saying ${re}:\n${r.stderr}`);
            }),
          ]),
    exit,
    kill: (signal) => child.kill(signal),
  };
}

/** Holds the next accepted submit until `release` is called; `held` resolves when one is held. */
function holdNextSubmit(emu: Emulator): { held: Promise<void>; release(): void } {
  let release!: () => void;
  let onHeld!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const held = new Promise<void>((r) => {
    onHeld = r;
  });
  emu.options.hooks.afterAccept = async () => {
    emu.options.hooks.afterAccept = undefined;
    onHeld();
    await gate;
  };
  return { held, release };
}

let emu: Emulator;
beforeAll(async () => {
  if (!existsSync(ENTRY)) throw new Error('dist/cli/index.js is missing: run `npm run build` first');
  emu = await startEmulator({ latency: 20, imageScale: 0.1 });
});
afterAll(() => emu.close());

describe('two generate runs on one workspace', () => {
  test('the second waits for the first, then finds everything unchanged: each entry paid once, both exit 0', async () => {
    const ws = await tempWorkspace({ 'images.config.yaml': MANIFEST });
    try {
      const jobsBefore = emu.jobs.size;
      const hold = holdNextSubmit(emu);
      const first = generate(ws, emu);
      await hold.held;
      expect(existsSync(path.join(ws.dir, LOCK))).toBe(true);
      const second = generate(ws, emu);
      await second.said(/waiting for the run lock: pixazo-images generate \(pid \d+\) holds it since /);
      hold.release();
      const [a, b] = await Promise.all([first.exit, second.exit]);
      expect(a.status, a.stderr).toBe(0);
      expect(b.status, b.stderr).toBe(0);
      expect(b.stderr).toMatch(/^images\.lock\.json\.lock: waiting for the run lock: /m);
      expect(b.stdout).toMatch(/^hero\s+unchanged/m);
      expect(b.stdout).toMatch(/^team\s+unchanged/m);
      expect(emu.jobs.size - jobsBefore).toBe(2);
      expect(Object.keys((await ws.lock()).images).sort()).toEqual(['hero', 'team']);
      expect(existsSync(path.join(ws.dir, LOCK))).toBe(false);
    } finally {
      await ws.cleanup();
    }
  });

  test('a cancel while waiting stops the second run at once, before any submission', async () => {
    const ws = await tempWorkspace({ 'images.config.yaml': MANIFEST });
    try {
      const jobsBefore = emu.jobs.size;
      const hold = holdNextSubmit(emu);
      const first = generate(ws, emu);
      await hold.held;
      const second = generate(ws, emu, ['--force', '*']);
      await second.said(/waiting for the run lock/);
      second.kill('SIGINT');
      const b = await second.exit;
      expect(b.status).toBe(1);
      expect(b.stderr).toContain(
        'error: Cancelled while waiting for the run lock images.lock.json.lock: nothing was submitted.',
      );
      // The first run's lock was not touched by the second.
      expect(existsSync(path.join(ws.dir, LOCK))).toBe(true);
      hold.release();
      expect((await first.exit).status).toBe(0);
      // Only the first run's two entries were paid for: the forced second run submitted nothing.
      expect(emu.jobs.size - jobsBefore).toBe(2);
      expect(existsSync(path.join(ws.dir, LOCK))).toBe(false);
    } finally {
      await ws.cleanup();
    }
  });
});

describe('a lock left behind', () => {
  test('a dead process on this host: taken over with a warning, the run goes on', async () => {
    const ws = await tempWorkspace({ 'images.config.yaml': MANIFEST });
    try {
      await writeFile(
        path.join(ws.dir, LOCK),
        JSON.stringify({ pid: 2 ** 22 + 17, host: os.hostname(), started_at: '2026-12-01T10:00:00.000Z' }),
      );
      const r = await generate(ws, emu).exit;
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain(
        'warning: images.lock.json.lock: took over the run lock of pid 4194321 (since 2026-12-01T10:00:00.000Z): that process no longer exists',
      );
      expect(Object.keys((await ws.lock()).images).sort()).toEqual(['hero', 'team']);
      expect(existsSync(path.join(ws.dir, LOCK))).toBe(false);
    } finally {
      await ws.cleanup();
    }
  });

  test('another host: exit 1 naming the file to delete, nothing submitted, the lock kept', async () => {
    const ws = await tempWorkspace({ 'images.config.yaml': MANIFEST });
    try {
      const foreign = JSON.stringify({
        pid: 1234,
        host: 'ci-runner-7',
        started_at: '2026-12-01T10:00:00.000Z',
      });
      await writeFile(path.join(ws.dir, LOCK), foreign);
      const jobs = emu.jobs.size;
      const r = await generate(ws, emu).exit;
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(
        'error: images.lock.json.lock: the lockfile is locked by pid 1234 on another host (ci-runner-7), since 2026-12-01T10:00:00.000Z; a lock from another host is never taken over. If that run is over, delete images.lock.json.lock and run again.',
      );
      expect(emu.jobs.size).toBe(jobs);
      expect(existsSync(path.join(ws.dir, 'images.lock.json'))).toBe(false);
    } finally {
      await ws.cleanup();
    }
  });

  test('a failing run releases the lock too; plan takes none', async () => {
    const ws = await tempWorkspace({
      'images.config.yaml': `${MANIFEST}  bad:\n    prompt: "[[FAIL]] a refused prompt"\n`,
    });
    try {
      const r = await generate(ws, emu).exit;
      expect(r.status).toBe(1);
      expect(existsSync(path.join(ws.dir, LOCK))).toBe(false);
      // A plan only reads: it runs beside a held lock and leaves it alone.
      const held = JSON.stringify({ pid: 1234, host: 'ci-runner-7', started_at: '2026-12-01T10:00:00.000Z' });
      await writeFile(path.join(ws.dir, LOCK), held);
      const plan = spawn(process.execPath, [ENTRY, 'plan'], { cwd: ws.dir, stdio: 'ignore' });
      expect(await new Promise((resolve) => plan.on('close', resolve))).toBe(0);
    } finally {
      await ws.cleanup();
    }
  });
});
