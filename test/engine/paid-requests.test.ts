/**
 * Paid requests follow their fingerprint (SPEC §4): a pending request is collected by whichever
 * entry now has its fingerprint — added back, or renamed — with no new submit; one that no entry
 * of the manifest asks for is kept, reported every run, and dropped with a warning 7 days after
 * its submit (an injected clock stands for the week).
 */
import { describe, expect, it } from 'vitest';
import type { RunEvent, RunOptions } from '../../src/engine/types.js';
import { PixazoClient } from '../../src/gateway/client.js';
import { type Clock, realClock } from '../../src/shared/clock.js';
import { lowQualityManifest } from '../helpers/manifests.js';
import { steppedClock } from '../helpers/recorders.js';
import { setup } from '../helpers/setup.js';
import { runOn } from '../helpers/workspace.js';

const KEY = 'pxz_live_Pa1dReq7Key';
const PROMPT = '"[[SLOW]] A lighthouse on a cliff at dawn"';
const WITH_ALPHA = lowQualityManifest(`  alpha:
    prompt: ${PROMPT}
  beta:
    prompt: A harbour at noon
`);
const WITHOUT_ALPHA = WITH_ALPHA.replace(`  alpha:\n    prompt: ${PROMPT}\n`, '');
const RENAMED = WITH_ALPHA.replace('  alpha:', '  lighthouse:');
const DAY = 86_400_000;

// [[SLOW]] jobs run ten minutes unless finished by the test (finishNow); the others are complete
// when accepted, so their first poll finds them done.
const t = setup({
  emulator: {
    apiKey: KEY,
    latency: (_m, body) => (String(body.prompt).includes('[[SLOW]]') ? 20 : 0),
    slowFactor: 30_000,
  },
  resetKnobs: true,
  workspace: { kind: 'temp', files: { 'images.config.yaml': WITH_ALPHA } },
});

async function run(
  opts: Partial<Omit<RunOptions, 'manifest' | 'lockfilePath'>> = {},
  clock: Clock = realClock,
) {
  const gateway = new PixazoClient({
    baseUrl: t.emu.url,
    apiKey: KEY,
    retry: { baseMs: 5, capMs: 20, minDelayMs: 1 },
  });
  const { report, events } = await runOn(
    t.ws,
    undefined,
    { pollTimeoutMs: 150, ...opts },
    { gateway, clock },
  );
  return { report, events, entry: (id: string) => report.entries.find((e) => e.id === id)! };
}
const later = (ms: number): Clock => ({ ...realClock, now: () => Date.now() + ms });
const warnings = (events: RunEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'warning' ? [e.message] : []));

/**
 * alpha submitted and left pending (still running at poll-timeout); its request id. The engine's
 * clock moves only when it sleeps (steppedClock): poll-timeout is a number of polls, not a race
 * with beta's download on a loaded machine.
 */
async function leavePending(): Promise<string> {
  const first = await run({ pollTimeoutMs: 600_000, pollInterval: { min: 5, max: 120_000 } }, steppedClock());
  expect(first.entry('alpha').status).toBe('pending');
  const pending = Object.values((await t.ws.lock()).pending);
  expect(pending.map((p) => p.id)).toEqual(['alpha']);
  t.emu.resetCounters();
  return pending[0]!.request_id;
}

describe('paid requests follow their fingerprint', () => {
  it('an entry removed while pending and added back collects its paid request: no new submit', async () => {
    const requestId = await leavePending();
    await t.ws.write('images.config.yaml', WITHOUT_ALPHA);
    const removed = await run();
    // Asked about once (free: no download, no submit), so a request the gateway forgot goes.
    expect(t.emu.counters).toMatchObject({ submissions: 0, statusCalls: 1, mediaGets: 0 });
    expect(warnings(removed.events)).toContainEqual(
      expect.stringMatching(
        /^paid request of removed entry alpha: add it back to collect the image at no charge; dropped after \d{4}-\d\d-\d\d/,
      ),
    );
    expect(Object.values((await t.ws.lock()).pending).map((p) => p.request_id)).toEqual([requestId]);

    t.emu.finishNow(requestId);
    await t.ws.write('images.config.yaml', WITH_ALPHA);
    const back = await run();
    expect(t.emu.counters.submissions).toBe(0);
    expect(back.entry('alpha').status).toBe('generated');
    const lock = await t.ws.lock();
    expect(lock.images.alpha?.request_id).toBe(requestId);
    expect(lock.pending).toEqual({});
  });

  it('an entry renamed while pending collects the request under its new id: no new submit', async () => {
    const requestId = await leavePending();
    t.emu.finishNow(requestId);
    await t.ws.write('images.config.yaml', RENAMED);
    const renamed = await run();
    expect(t.emu.counters.submissions).toBe(0);
    expect(renamed.entry('lighthouse')).toMatchObject({ status: 'generated', action: 'resume' });
    expect(renamed.entry('lighthouse').reason).toBe(`resuming ${requestId} (paid for as "alpha")`);
    const lock = await t.ws.lock();
    expect(lock.images.lighthouse?.request_id).toBe(requestId);
    expect(lock.images.alpha).toBeUndefined();
    expect(lock.pending).toEqual({});
    await expect(t.ws.read('img/lighthouse.webp')).resolves.toBeInstanceOf(Buffer);
  });

  it('an entry left out by `only` still claims its pending request', async () => {
    const requestId = await leavePending();
    const other = await run({ only: (id) => id === 'beta' });
    expect(warnings(other.events).filter((w) => w.includes('paid request'))).toEqual([]);
    expect(Object.values((await t.ws.lock()).pending).map((p) => p.request_id)).toEqual([requestId]);
  });

  it.each([
    [6, true],
    [8, false],
  ])('an unclaimed pending request %i days after its submit: kept = %s', async (days, kept) => {
    const requestId = await leavePending();
    await t.ws.write('images.config.yaml', WITHOUT_ALPHA);
    const r = await run({}, later(days * DAY));
    const pending = Object.values((await t.ws.lock()).pending).map((p) => p.request_id);
    expect(pending).toEqual(kept ? [requestId] : []);
    const said = warnings(r.events).filter((w) => w.includes(requestId));
    expect(said).toEqual([
      kept
        ? expect.stringMatching(/^paid request of removed entry alpha: add it back/)
        : `Dropped the paid request ${requestId} of removed entry alpha: no entry asked for it for 7 days after its submit (it may have been charged).`,
    ]);
    // A request dropped by age is not asked about; one kept is asked once.
    expect(t.emu.counters).toMatchObject({ submissions: 0, statusCalls: kept ? 1 : 0 });
  });

  it.each([
    {
      name: 'a 404 more than a day after its submit: dropped with a warning',
      days: 2,
      notFound: true,
      kept: false,
    },
    {
      name: 'a 404 within a day of its submit: kept (the gateway may not know it yet)',
      days: 0,
      notFound: true,
      kept: true,
    },
    {
      name: 'COMPLETED: kept for its entry to collect, nothing downloaded',
      days: 2,
      notFound: false,
      kept: true,
    },
  ])('an unclaimed pending request, $name', async ({ days, notFound, kept }) => {
    const requestId = await leavePending();
    t.emu.finishNow(requestId);
    await t.ws.write('images.config.yaml', WITHOUT_ALPHA);
    if (notFound) t.emu.options.notFoundNextStatus = 1;
    const r = await run({}, later(days * DAY + 60_000));
    expect(t.emu.counters).toMatchObject({ submissions: 0, statusCalls: 1, mediaGets: 0 });
    const pending = Object.values((await t.ws.lock()).pending).map((p) => p.request_id);
    expect(pending).toEqual(kept ? [requestId] : []);
    expect(warnings(r.events).filter((w) => w.includes(requestId))).toEqual([
      kept
        ? expect.stringMatching(/^paid request of removed entry alpha: add it back/)
        : `Dropped the paid request ${requestId} of removed entry alpha: the gateway no longer knows it (404 more than a day after its submit; it may have been charged).`,
    ]);
  });

  it('a dry run asks the gateway nothing about an unclaimed request', async () => {
    const requestId = await leavePending();
    await t.ws.write('images.config.yaml', WITHOUT_ALPHA);
    t.emu.options.notFoundNextStatus = 1;
    await run({ dryRun: true }, later(2 * DAY));
    expect(t.emu.counters.statusCalls).toBe(0);
    expect(Object.values((await t.ws.lock()).pending).map((p) => p.request_id)).toEqual([requestId]);
  });
});

describe('unknown outcomes follow their fingerprint', () => {
  const CHANGED = WITH_ALPHA.replace(PROMPT, '"A lighthouse on a cliff at dusk"');
  const unmatched = (events: RunEvent[]) =>
    warnings(events).filter((w) =>
      w.startsWith('alpha: no entry matches the submit whose outcome is unknown'),
    );

  it('an entry changed away from an unknown outcome is reported once; the record stays for a revert', async () => {
    // alpha's submit is accepted, but a proxy loses the answer: outcome unknown.
    t.emu.options.acceptThenFailNextSubmits = [
      { status: 502, body: '<html>Bad gateway</html>', contentType: 'text/html' },
    ];
    await run({ only: (id) => id === 'alpha' });
    const [fp] = Object.keys((await t.ws.lock()).unknown);
    expect(fp).toBeDefined();

    await t.ws.write('images.config.yaml', CHANGED);
    const changed = await run();
    expect(unmatched(changed.events)).toEqual([
      expect.stringMatching(
        /it may have been charged — check the Pixazo dashboard\. Kept until \d{4}-\d\d-\d\d, so reverting/,
      ),
    ]);
    expect((await t.ws.lock()).unknown[fp!]).toMatchObject({ id: 'alpha', reported: true });

    const again = await run();
    expect(unmatched(again.events)).toEqual([]);
    expect(Object.keys((await t.ws.lock()).unknown)).toEqual([fp]);

    // Reverted: the record matches again (skipped, nothing paid) and a later change is reported anew.
    await t.ws.write('images.config.yaml', WITH_ALPHA);
    t.emu.resetCounters();
    const reverted = await run();
    expect(reverted.entry('alpha')).toMatchObject({ action: 'skip' });
    expect(t.emu.counters.submissions).toBe(0);
    expect((await t.ws.lock()).unknown[fp!]?.reported).toBeUndefined();
  });
});
