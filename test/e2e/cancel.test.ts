/**
 * Cancellation of the built action (dist/index.js) the way GitHub does it: SIGINT mid-run, sent
 * from the emulator's hook at an exact moment (while a submit's answer is held), never from a
 * timer. The step must stop submitting, await the held answer and record the request as pending,
 * record the finished image, publish nothing and fail; the next run resumes without paying again.
 * How long it takes to exit (GitHub's grace is 7.5 s) is measured by `npm run bench` (section 8),
 * not asserted here: a loaded machine would make that a race.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sniffFormat } from '../../src/images/sniff.js';
import type { Lockfile } from '../../src/plan/lockfile.js';
import { DEFAULT_API_KEY } from '../emulator/index.js';
import { CANCEL_MID_RUN } from '../helpers/manifests.js';
import { type ActionRun, runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import { gitEnv } from './fixtures.js';

// slow1 and slow2 would take ten minutes (the test ends them with finishNow).
const MANIFEST = CANCEL_MID_RUN;

const t = setup({
  emulator: { latency: 30, slowFactor: 20_000 },
  workspace: { kind: 'git', files: { 'README.md': '# site\n', 'images.config.yaml': MANIFEST } },
});

const inputs = {
  'api-key': DEFAULT_API_KEY,
  publish: 'commit',
  cache: 'false',
  concurrency: '2',
  // Polls back off to long sleeps: the cancel must not wait for them.
  'poll-interval': '200ms..5s',
};
const head = async (repo: string) => (await t.fx.git(repo, 'rev-parse', 'refs/heads/main')).trim();
const lockOf = async () =>
  JSON.parse(await readFile(path.join(t.fx.work, 'images.lock.json'), 'utf8')) as Lockfile;
const log = (run: ActionRun) => `${run.stdout}\n${run.stderr}`;

// Windows has no SIGINT to send a child: `kill` ends it outright, so the runner's cancel cannot be
// played there (the engine's own cancellation tests run everywhere).
describe.skipIf(process.platform === 'win32')('SIGINT to the built action mid-run', () => {
  it('records finished images and pending requests, publishes nothing, fails; the next run resumes without paying again', async () => {
    const before = { remote: await head(t.fx.remote), local: await head(t.fx.work) };
    let signalled = false;
    let action: { child: import('node:child_process').ChildProcess; output: () => string } | undefined;
    // slow2 is submitted once fast has freed its slot: the gateway has accepted (and charged) it
    // when the cancel comes, and its answer is held until the action has taken the signal in.
    t.emu.options.hooks = {
      afterAccept: async (job) => {
        if (!job.prompt.includes('lighthouse') || !action) return;
        signalled = true;
        action.child.kill('SIGINT');
        while (!/Received SIGINT/.test(action.output())) await new Promise((r) => setTimeout(r, 10));
      },
    };
    const cancelled = await runAction({
      workspace: t.fx.work,
      inputs: { ...inputs, 'gateway-url': t.emu.url },
      env: gitEnv(t.fx),
      onSpawn: (child, output) => {
        action = { child, output };
      },
    });
    t.emu.options.hooks = {};
    expect(signalled, log(cancelled)).toBe(true);
    expect(cancelled.signal).toBeNull();
    expect(cancelled.code, log(cancelled)).not.toBe(0);

    // Finished work and what is paid for are on disk.
    const lock = await lockOf();
    expect(Object.keys(lock.images)).toEqual(['fast']);
    expect(sniffFormat(await readFile(path.join(t.fx.work, 'img/fast.webp')))).toBe('webp');
    expect(
      Object.values(lock.pending)
        .map((p) => p.id)
        .sort(),
    ).toEqual(['slow1', 'slow2']);
    expect(lock.spent_usd).toBeCloseTo(0.012, 9);
    expect(t.emu.counters.accepted).toBe(3);

    // Nothing published: no commit, locally or on the remote.
    expect(await head(t.fx.remote)).toBe(before.remote);
    expect(await head(t.fx.work)).toBe(before.local);
    expect(cancelled.outputs['commit-sha']).toBe('');

    // It says what happened and what comes next; the step failed.
    expect(cancelled.stdout).toMatch(/Received SIGINT/);
    expect(cancelled.stdout).toMatch(/nothing was published.*resumes without paying again/);
    expect(
      cancelled.annotations.some((a) => a.level === 'error' && /Cancelled \(SIGINT\)/.test(a.message)),
    ).toBe(true);
    expect(cancelled.outputs).toMatchObject({ generated: '1', failed: '3', cost: '0.0120' });

    // The next run polls the pending requests and pays only for what was never submitted.
    for (const p of Object.values(lock.pending)) t.emu.finishNow(p.request_id);
    t.emu.resetCounters();
    const resumed = await runAction({
      workspace: t.fx.work,
      inputs: { ...inputs, 'gateway-url': t.emu.url },
      env: gitEnv(t.fx),
    });
    expect(resumed.code, log(resumed)).toBe(0);
    const submitted = t.emu.log
      .filter((q) => q.kind === 'submit')
      .map((q) => (q.body as { prompt: string }).prompt);
    expect(submitted).toEqual(['Not submitted before the cancel']);
    expect(resumed.outputs).toMatchObject({ generated: '3', unchanged: '1', failed: '0', cost: '0.0360' });
    const after = await lockOf();
    expect(after.pending).toEqual({});
    expect(after.images.slow1!.request_id).toBe(lock.pending[after.images.slow1!.fingerprint]!.request_id);
    expect(after.images.slow2!.request_id).toBe(lock.pending[after.images.slow2!.fingerprint]!.request_id);
    expect(sniffFormat(await readFile(path.join(t.fx.work, 'img/slow2.png')))).toBe('png');
    expect(after.spent_usd).toBeCloseTo(0.048, 9);
    // Published now: the commit holds the resumed images.
    const sha = resumed.outputs['commit-sha']!;
    expect(await head(t.fx.remote)).toBe(sha);
    const files = (await t.fx.git(t.fx.remote, 'show', '--name-only', '--format=', sha))
      .split('\n')
      .filter(Boolean);
    expect(files).toEqual(
      // fast.webp was finished by the cancelled run and never committed: it is carried over.
      expect.arrayContaining([
        'images.lock.json',
        'img/fast.webp',
        'img/never.webp',
        'img/slow1.webp',
        'img/slow2.png',
      ]),
    );
  });
});
