/**
 * One run per lockfile (SPEC §4): the lock beside the lockfile, the wait with its messages every
 * 10 s up to 30 min (on an injected clock: no real waiting), cancel, take-over of a dead process's
 * lock, and never another host's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  acquireRunLock,
  type LockHolder,
  RunLockError,
  runLockPathFor,
  withRunLock,
} from '../../src/plan/run-lock.js';
import { fakeClock } from '../helpers/recorders.js';

let dir: string;
let lockfile: string;
let lockPath: string;
beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'pixazo-lock-')));
  lockfile = path.join(dir, 'images.lock.json');
  lockPath = runLockPathFor(lockfile);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const holderOf = async (): Promise<LockHolder> => JSON.parse(await readFile(lockPath, 'utf8')) as LockHolder;
/** A pid no process has: a child that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;
const hasProc = existsSync('/proc/self/stat');

async function errorOf(p: Promise<unknown>): Promise<RunLockError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (err instanceof RunLockError) return err;
  throw new Error(`expected a RunLockError, got ${String(err)}`);
}

describe('taking and releasing', () => {
  test('the lock is <lockfile>.lock, holding pid, host, start time and the process start time', async () => {
    const clock = fakeClock();
    const lock = await acquireRunLock(lockfile, { clock, run: 'pixazo-images generate' });
    expect(lock.file).toBe(`${lockfile}.lock`);
    const h = await holderOf();
    expect(h).toMatchObject({
      pid: process.pid,
      host: os.hostname(),
      started_at: new Date(clock.now()).toISOString(),
      run: 'pixazo-images generate',
    });
    if (hasProc) expect(h.proc_start).toMatch(/^\d+$/);
    await lock.release();
    expect(existsSync(lockPath)).toBe(false);
    await lock.release();
  });

  test('withRunLock releases the lock when the run throws', async () => {
    await expect(
      withRunLock(lockfile, { clock: fakeClock() }, async () => {
        expect(existsSync(lockPath)).toBe(true);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(lockPath)).toBe(false);
  });
});

describe('a second run waits', () => {
  test('it says every 10 s who holds the lock and since when, then takes it once released', async () => {
    const first = await acquireRunLock(lockfile, { clock: fakeClock(), run: 'pixazo-images generate' });
    const said: string[] = [];
    const clock = fakeClock([], async () => {
      if (clock.sleeps.reduce((a, b) => a + b, 0) >= 25_000) await first.release();
    });
    const second = await acquireRunLock(lockfile, { clock, displayRoot: dir, onWait: (m) => said.push(m) });
    expect(said).toHaveLength(3);
    expect(said[0]).toBe(
      `images.lock.json.lock: waiting for the run lock: pixazo-images generate (pid ${process.pid}) holds it since 2026-03-31T10:00:00.000Z (0 s ago); waiting up to 30 min in all.`,
    );
    expect(said[1]).toContain('(10 s ago)');
    expect(said[2]).toContain('(20 s ago)');
    expect((await holderOf()).started_at).toBe(new Date(clock.now()).toISOString());
    await second.release();
  });

  test('after 30 minutes it fails, naming the holder, and the holder keeps its lock', async () => {
    const first = await acquireRunLock(lockfile, { clock: fakeClock(), run: 'pixazo-images generate' });
    const held = readFileSync(lockPath, 'utf8');
    const said: string[] = [];
    const clock = fakeClock();
    const err = await errorOf(
      acquireRunLock(lockfile, { clock, displayRoot: dir, onWait: (m) => said.push(m) }),
    );
    expect(err.message).toBe(
      `images.lock.json.lock: gave up waiting for the run lock after 30 min: pixazo-images generate (pid ${process.pid}) still holds it (since 2026-03-31T10:00:00.000Z); nothing was submitted. Run again when it has finished.`,
    );
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(30 * 60_000);
    expect(said).toHaveLength(180);
    expect(readFileSync(lockPath, 'utf8')).toBe(held);
    await first.release();
  });

  test('a cancel ends the wait at once', async () => {
    const first = await acquireRunLock(lockfile, { clock: fakeClock() });
    const controller = new AbortController();
    const clock = fakeClock([], (ms) => {
      if (clock.now() >= Date.parse('2026-03-31T10:00:05Z') && ms > 0) controller.abort(new Error('SIGINT'));
    });
    const err = await errorOf(
      acquireRunLock(lockfile, { clock, signal: controller.signal, displayRoot: dir }),
    );
    expect(err.message).toBe(
      'Cancelled while waiting for the run lock images.lock.json.lock: nothing was submitted.',
    );
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(5000);
    expect(existsSync(lockPath)).toBe(true);
    await first.release();
  });
});

describe('a lock left behind', () => {
  const write = (h: Partial<LockHolder>) =>
    writeFile(
      lockPath,
      JSON.stringify({ host: os.hostname(), started_at: '2026-03-30T09:00:00.000Z', ...h }),
    );

  test.each([
    { name: 'a dead process on this host', holder: () => ({ pid: deadPid() }) },
    ...(hasProc
      ? [
          {
            name: 'a reused pid (a live process with another start time)',
            holder: () => ({ pid: process.ppid, proc_start: '1' }),
          },
          {
            name: 'this very pid with another start time (a restarted container)',
            holder: () => ({ pid: process.pid, proc_start: '1' }),
          },
          {
            name: 'a process of an earlier boot',
            holder: () => ({ pid: process.ppid, boot_id: 'an-earlier-boot' }),
          },
        ]
      : []),
  ])('$name: taken over with a warning', async ({ holder }) => {
    const h = holder();
    await write({ ...h, run: 'pixazo-images generate' });
    const warnings: string[] = [];
    const lock = await acquireRunLock(lockfile, {
      clock: fakeClock(),
      displayRoot: dir,
      onWarning: (m) => warnings.push(m),
    });
    expect(warnings).toEqual([
      `images.lock.json.lock: took over the run lock of pixazo-images generate (pid ${h.pid}) (since 2026-03-30T09:00:00.000Z): that process no longer exists, so it stopped without releasing the lock.`,
    ]);
    expect((await holderOf()).pid).toBe(process.pid);
    await lock.release();
  });

  test('a live process on this host is waited for, not taken over', async () => {
    await write({ pid: process.ppid });
    const clock = fakeClock();
    const err = await errorOf(acquireRunLock(lockfile, { clock, maxWaitMs: 5000 }));
    expect(err.message).toContain(`pid ${process.ppid} still holds it`);
    expect((await holderOf()).pid).toBe(process.ppid);
  });

  test('another host: never taken over; the error names the file to delete', async () => {
    await write({ pid: deadPid(), host: 'ci-runner-7' });
    const before = readFileSync(lockPath, 'utf8');
    const clock = fakeClock();
    const err = await errorOf(acquireRunLock(lockfile, { clock, displayRoot: dir }));
    expect(err.message).toMatch(
      /^images\.lock\.json\.lock: the lockfile is locked by pid \d+ on another host \(ci-runner-7\), since 2026-03-30T09:00:00\.000Z; a lock from another host is never taken over\. If that run is over, delete images\.lock\.json\.lock and run again\.$/,
    );
    expect(clock.sleeps).toEqual([]);
    expect(readFileSync(lockPath, 'utf8')).toBe(before);
  });

  test('an unreadable lock: waited on while fresh, named for deletion once old', async () => {
    await writeFile(lockPath, '');
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPath, old, old);
    const err = await errorOf(acquireRunLock(lockfile, { clock: fakeClock(), displayRoot: dir }));
    expect(err.message).toBe(
      'images.lock.json.lock: the run lock holds no readable owner (a run stopped while taking it). If no other pixazo-images run is going on this lockfile, delete images.lock.json.lock and run again.',
    );
    await writeFile(lockPath, '{"pid":');
    const clock = fakeClock();
    await errorOf(acquireRunLock(lockfile, { clock, maxWaitMs: 3000 }));
    expect(clock.sleeps.length).toBeGreaterThan(0);
  });
});
