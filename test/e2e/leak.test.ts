/**
 * The API key never leaks: the built action runs against a gateway that misbehaves in every way we
 * know and echoes the key back in its error texts; then every output of the run is searched for
 * it — the log (but for the one `::add-mask::` line), stderr, step outputs, job summary, JSON
 * report, lockfile, every file in the workspace and under RUNNER_TEMP, and the uploaded artifact.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { lowQualityManifest } from '../helpers/manifests.js';
import { type ActionRun, runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import { unzip } from './fixtures.js';

const KEY = 'pxz_live_Zq8Wm3Xv7Kd2Rt6Y';
const FORMS = [KEY, Buffer.from(KEY).toString('base64')];

// One slot and no cache lookups ahead of the submits: the queued faults land in manifest order —
// refused (400 quoting the key) → lost (answer dropped after acceptance) → failing (FAILED quoting
// the key) → fine (echoing status errors, a cut download) → after.
const MANIFEST = lowQualityManifest(`  refused:
    prompt: The gateway refuses this one and quotes the key
  lost:
    prompt: The answer to this submit is lost after acceptance
  failing:
    prompt: "[[FAIL]] The gateway fails this one and quotes the key"
  fine:
    prompt: This one completes despite echoing status errors and a cut download
    number_of_images: 2
    out: img/fine-{n}.{ext}
  after:
    prompt: Submitted last
`);

const t = setup({ emulator: { latency: 20, apiKey: KEY }, results: true, workspace: { kind: 'runner' } });
let ws: string;
beforeEach(async () => {
  ws = await t.layout.workspace('site', { 'images.config.yaml': MANIFEST });
});

const run = (extra: Record<string, string> = {}) =>
  runAction({
    workspace: ws,
    inputs: {
      'api-key': KEY,
      'gateway-url': t.emu.url,
      publish: 'artifact',
      cache: 'false',
      concurrency: '1',
      'poll-interval': '10ms..40ms',
      ...extra,
    },
    env: { ...t.results.env(), RUNNER_TEMP: t.layout.runnerTemp },
  });

/** Every file below `dir`, as [relative path, bytes]. */
async function filesUnder(dir: string): Promise<[string, Buffer][]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  return Promise.all(files.map(async (f) => [path.relative(dir, f), await readFile(f)] as [string, Buffer]));
}

/** Everything a run produced that a person or another step could read. */
async function everyOutput(r: ActionRun): Promise<[string, string | Buffer][]> {
  // The one line where the key may appear is its mask command, before anything else is logged.
  // (The cache and artifact libraries mask their signed URLs too: those lines are not ours.)
  const masks = r.stdout.split('\n').filter((l) => l.startsWith('::add-mask::') && l.includes(KEY));
  expect(masks).toEqual([`::add-mask::${KEY}`]);
  expect(r.stdout.indexOf(masks[0]!)).toBe(0);
  const outputs: [string, string | Buffer][] = [
    ['stdout', r.stdout.replace(`::add-mask::${KEY}\n`, '')],
    ['stderr', r.stderr],
    ['outputs', JSON.stringify(r.outputs)],
    ['summary', r.summary],
  ];
  for (const [f, b] of await filesUnder(ws)) outputs.push([`workspace/${f}`, b]);
  for (const [f, b] of await filesUnder(t.layout.runnerTemp)) outputs.push([`RUNNER_TEMP/${f}`, b]);
  for (const a of t.results.artifacts) {
    if (!a.bytes) continue;
    outputs.push([`artifact ${a.name}`, a.bytes]);
    for (const [f, e] of unzip(a.bytes)) outputs.push([`artifact ${a.name}/${f}`, e.data]);
  }
  return outputs;
}

function expectNoKey(outputs: [string, string | Buffer][]): void {
  for (const [where, content] of outputs) {
    const buf = Buffer.isBuffer(content) ? content : Buffer.from(content);
    for (const form of FORMS) expect(buf.includes(form), `${where} holds the key (${form})`).toBe(false);
  }
}

describe('the key never leaks (built action, faulty gateway)', () => {
  it('appears in no output of a run full of faults and echoed keys', async () => {
    Object.assign(t.emu.options, {
      failNextSubmits: [
        {
          status: 400,
          body: { error: 'Validation Error', message: `subscription ${KEY} may not ask for this` },
        },
      ],
      dropResponseAfterAcceptNext: 1,
      failMessage: `content rejected for key=${encodeURIComponent(KEY)} (${KEY})`,
      failNextStatus: [
        { status: 500, body: `<html><pre>Ocp-Apim-Subscription-Key: ${KEY}</pre></html>` },
        { status: 503, body: { error: 'Service Unavailable', message: `retry with ${KEY}` } },
      ],
      garbageNextStatus: 1,
      truncateNextMedia: 1,
    });
    const first = await run();
    expect(first.code).toBe(1);
    expect(first.outputs).toMatchObject({ generated: '2', failed: '3' });
    expect(first.outputs.files!.split('\n').sort()).toEqual([
      'img/after.webp',
      'img/fine-1.webp',
      'img/fine-2.webp',
    ]);
    expect(t.results.artifacts).toHaveLength(1);
    // The echoed texts did reach the user, redacted.
    const log = first.stdout;
    expect(log).toMatch(/subscription \*\*\* may not ask for this/);
    expect(log).toMatch(/content rejected for key=\*\*\* \(\*\*\*\)/);
    expect(log).toMatch(/outcome unknown — not resubmitted/);
    expectNoKey(await everyOutput(first));
    expect(t.emu.counters.mediaWithKey).toBe(0);

    // A second run stopped by a 401 that also quotes the key.
    t.emu.resetCounters();
    t.results.artifacts.length = 0;
    t.emu.options.failNextSubmits = [
      { status: 401, body: { error: 'Unauthorized', message: `key ${KEY} revoked` } },
    ];
    // This time with the image cache (its staging files are under RUNNER_TEMP, searched too), and
    // told to resubmit the entry whose outcome is unknown, so a submit meets the 401.
    const second = await run({ 'artifact-name': 'second', cache: 'true', 'retry-unknown-submits': 'true' });
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(/refused the API key.*key \*\*\* revoked/);
    expectNoKey(await everyOutput(second));
  });
});
