/**
 * Write-ahead submits (SPEC §5) and impossible gateway answers (§4), through the real engine and
 * client against the emulator, driven by its hooks (no timers): the intent is on disk before the
 * submit is sent; an intent a stopped run left is an unknown outcome; a lockfile that cannot be
 * written sends nothing; a request id recorded for another fingerprint, or holding the key, is
 * never recorded as this entry's request.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runEngine } from '../../src/engine/run.js';
import { openManifest } from '../../src/engine/session.js';
import type { RunEvent, RunOptions } from '../../src/engine/types.js';
import { PixazoClient } from '../../src/gateway/client.js';
import { fingerprintAll } from '../../src/plan/fingerprint.js';
import type { Lockfile } from '../../src/plan/lockfile.js';
import { realClock } from '../../src/shared/clock.js';
import { FULL_DISK_MODE, type FullableFolder, fullableFolder } from '../helpers/full-disk.js';
import { lowQualityManifest } from '../helpers/manifests.js';
import { setup } from '../helpers/setup.js';
import { FAST } from '../helpers/workspace.js';

const KEY = 'pxz_live_Wr1teAh3ad9Key';
const MANIFEST = lowQualityManifest(`  alpha:
    prompt: A lighthouse on a cliff at dawn
  beta:
    prompt: A harbour at noon
    output_format: png
`);

const t = setup({
  emulator: { latency: 20, apiKey: KEY },
  resetKnobs: true,
  workspace: { kind: 'temp', files: { 'images.config.yaml': MANIFEST } },
});

/** One run of the real engine; `lockfile` (workspace-relative) overrides the lockfile's place. */
async function run(
  { onEvent, ...opts }: Partial<RunOptions> & { onEvent?: (e: RunEvent) => void } = {},
  lockfile = 'images.lock.json',
) {
  const { manifest } = await openManifest({ workspace: t.ws.dir, config: 'images.config.yaml' });
  const events: RunEvent[] = [];
  const report = await runEngine(
    {
      manifest,
      lockfilePath: path.join(t.ws.dir, lockfile),
      dryRun: false,
      prune: false,
      ...FAST,
      concurrency: 1,
      ...opts,
    },
    {
      clock: realClock,
      events: (e) => {
        events.push(e);
        onEvent?.(e);
      },
      gateway: new PixazoClient({
        baseUrl: t.emu.url,
        apiKey: KEY,
        retry: { baseMs: 5, capMs: 20, minDelayMs: 1 },
      }),
    },
  );
  return { report, events, entry: (id: string) => report.entries.find((e) => e.id === id)! };
}

const lockAt = async (rel = 'images.lock.json'): Promise<Lockfile> =>
  JSON.parse(await readFile(path.join(t.ws.dir, rel), 'utf8')) as Lockfile;
const fingerprintOf = async (id: string): Promise<string> => {
  const { manifest } = await openManifest({ workspace: t.ws.dir, config: 'images.config.yaml' });
  return (await fingerprintAll(manifest.entries)).get(id)!.value;
};
const submitsOf = (text: string): number =>
  t.emu.log.filter((r) => r.kind === 'submit' && r.rawBody.includes(text)).length;

describe('write-ahead intents', () => {
  it('the intent is on disk (in submitting) when the gateway accepts the submit, and becomes pending then the image', async () => {
    const seen: Lockfile[] = [];
    t.emu.options.hooks = {
      afterAccept: async () => {
        seen.push(await lockAt());
      },
    };
    await run({ only: (id) => id === 'alpha' });
    const fp = await fingerprintOf('alpha');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.submitting[fp]).toMatchObject({ id: 'alpha' });
    expect(seen[0]!.pending).toEqual({});
    const after = await lockAt();
    expect(after.submitting).toEqual({});
    expect(after.images.alpha?.fingerprint).toBe(fp);
  });

  it('an intent left by a run that stopped is an unknown outcome: skipped, never resubmitted by itself', async () => {
    const fp = await fingerprintOf('alpha');
    await t.ws.write(
      'images.lock.json',
      JSON.stringify({ version: 1, submitting: { [fp]: { id: 'alpha', at: '2026-12-01T10:00:00.000Z' } } }),
    );
    const r = await run();
    expect(submitsOf('lighthouse')).toBe(0);
    expect(r.entry('alpha')).toMatchObject({ status: 'failed', action: 'skip' });
    expect(r.entry('alpha').error).toMatch(
      /^outcome unknown since 2026-12-01T10:00:00.000Z: .*\(the run that sent it stopped before its answer was recorded\)$/,
    );
    const after = await lockAt();
    expect(after.submitting).toEqual({});
    expect(after.unknown[fp]).toEqual({
      id: 'alpha',
      reason: 'the run that sent it stopped before its answer was recorded',
      at: '2026-12-01T10:00:00.000Z',
    });
    // retry-unknown-submits (or force) submits it again, and the record moves to the image.
    await run({ retryUnknownSubmits: true });
    expect(submitsOf('lighthouse')).toBe(1);
    const retried = await lockAt();
    expect(retried.unknown).toEqual({});
    expect(retried.images.alpha?.fingerprint).toBe(fp);
  });

  it('a cancel while an accepted answer is held leaves no intent in the lockfile: pending instead', async () => {
    const abort = new AbortController();
    t.emu.options.hooks = {
      afterAccept: () => {
        abort.abort();
      },
    };
    const r = await run({ signal: abort.signal, cancelGraceMs: 2000 });
    const after = await lockAt();
    expect(after.submitting).toEqual({});
    expect(Object.values(after.pending).map((p) => p.id)).toEqual(['alpha']);
    expect(r.entry('beta').error).toMatch(/not submitted/);
    expect(submitsOf('harbour')).toBe(0);
  });
});

describe(`a lockfile that cannot be written (${FULL_DISK_MODE})`, () => {
  let folder: FullableFolder;
  beforeEach(async () => {
    folder = await fullableFolder(path.join(t.ws.dir, 'state'));
  });
  afterEach(() => folder.cleanup());

  it(`sends nothing when the intent cannot be written, and names the file (${FULL_DISK_MODE})`, async () => {
    await folder.fill();
    const events: RunEvent[] = [];
    // The run fails at the end: its lockfile could not be written.
    await expect(run({ onEvent: (e) => events.push(e) }, 'state/images.lock.json')).rejects.toThrow(
      `cannot write state/images.lock.json: ${folder.cause}`,
    );
    console.info(`disk-full test used: ${folder.mode}`);
    expect(t.emu.counters.submissions).toBe(0);
    expect(t.emu.log.filter((x) => x.kind === 'submit')).toHaveLength(0);
    for (const id of ['alpha', 'beta'])
      expect(events).toContainEqual(
        expect.objectContaining({
          type: 'entry',
          id,
          state: 'failed',
          detail: `cannot write state/images.lock.json: ${folder.cause} — nothing was sent`,
        }),
      );
  });

  it(`when the answered intent cannot be moved, stops submitting, keeps polling what it holds, says so (${FULL_DISK_MODE})`, async () => {
    // The disk fills while alpha's accepted answer is on its way, and frees once alpha is polled.
    t.emu.options.hooks = {
      afterAccept: () => folder.fill(),
      beforeStatus: () => folder.free(),
    };
    const r = await run({}, 'state/images.lock.json');
    expect(submitsOf('lighthouse')).toBe(1);
    expect(submitsOf('harbour')).toBe(0);
    const warning = r.events.find((e) => e.type === 'warning' && e.message.includes('could not be written'));
    expect(warning && 'message' in warning ? warning.message : '').toBe(
      `No new submissions for the rest of this run: the lockfile could not be written (cannot write state/images.lock.json: ${folder.cause})`,
    );
    expect(r.entry('alpha').status).toBe('generated');
    expect(r.entry('beta').error).toMatch(/^not submitted: the lockfile could not be written/);
    const after = await lockAt('state/images.lock.json');
    expect(after.submitting).toEqual({});
    expect(after.images.alpha).toBeDefined();
  });
});

describe('impossible gateway answers', () => {
  const changedBeta = MANIFEST.replace('A harbour at noon', 'A harbour at midnight');

  it.each([
    ['a request id recorded for another entry', async () => (await lockAt()).images.alpha!.request_id!],
    ['a request id that contains the API key', async () => `gpt-image-2-text-to-image_${KEY}`],
  ])('%s: the entry goes to unknown, nothing is recorded twice, the key is never stored', async (_, idOf) => {
    await run();
    const before = await lockAt();
    const forged = await idOf();
    await t.ws.write('images.config.yaml', changedBeta);
    t.emu.options.acceptThenFailNextSubmits = [
      { status: 202, body: { request_id: forged, status: 'QUEUED' } },
    ];
    const r = await run();
    expect(submitsOf('midnight')).toBe(1);
    expect(r.entry('beta').status).toBe('failed');
    expect(r.entry('beta').error).toMatch(/impossible gateway answer/);
    const after = await lockAt();
    const fp = await fingerprintOf('beta');
    expect(after.unknown[fp]?.id).toBe('beta');
    expect(after.pending).toEqual({});
    expect(after.submitting).toEqual({});
    // Nobody got alpha's image twice: beta keeps its old record, alpha its own.
    expect(after.images).toEqual(before.images);
    const text = await readFile(path.join(t.ws.dir, 'images.lock.json'), 'utf8');
    expect(text).not.toContain(KEY);
    expect(JSON.stringify(r.report)).not.toContain(KEY);
    // The next run does not pay again for it.
    t.emu.resetCounters();
    const again = await run();
    expect(t.emu.counters.submissions).toBe(0);
    expect(again.entry('beta').error).toMatch(/^outcome unknown since/);
  });
});
