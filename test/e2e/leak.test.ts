/**
 * The API key never leaks: the built action runs against a gateway that misbehaves in every way we
 * know and echoes the key back in its error texts; then every output of the run is searched for
 * it — the log (but for the one `::add-mask::` line), stderr, step outputs, job summary, JSON
 * report, lockfile, every file in the workspace and under RUNNER_TEMP, and the uploaded artifact.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { type ResultsService, startResultsService } from '../fakes/results-service.js';
import { type ActionRun, runAction } from '../helpers/run-action.js';
import { type TempWorkspace, tempWorkspace } from '../helpers/workspace.js';

const KEY = 'pxz_live_Zq8Wm3Xv7Kd2Rt6Y';
const FORMS = [KEY, Buffer.from(KEY).toString('base64')];

// One slot and no cache lookups ahead of the submits: the queued faults land in manifest order —
// refused (400 quoting the key) → lost (answer dropped after acceptance) → failing (FAILED quoting
// the key) → fine (echoing status errors, a cut download) → after.
const MANIFEST = `version: 1
defaults:
  quality: low
  out: img/{id}.{ext}
images:
  refused:
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
`;

let emu: Emulator;
let results: ResultsService;
let ws: TempWorkspace;
let runnerTemp: string;
beforeAll(async () => {
  emu = await startEmulator({ latency: 20, apiKey: KEY });
  results = await startResultsService();
});
afterAll(async () => {
  await emu.close();
  await results.close();
});
beforeEach(async () => {
  emu.resetCounters();
  ws = await tempWorkspace({ 'images.config.yaml': MANIFEST });
  runnerTemp = await mkdtemp(path.join(tmpdir(), 'pixazo-runner-temp-'));
});
afterEach(async () => {
  await ws.cleanup();
  await rm(runnerTemp, { recursive: true, force: true });
});

const run = (extra: Record<string, string> = {}) =>
  runAction({
    workspace: ws.dir,
    inputs: {
      'api-key': KEY,
      'gateway-url': emu.url,
      publish: 'artifact',
      cache: 'false',
      concurrency: '1',
      'poll-interval': '10ms..40ms',
      ...extra,
    },
    env: { ...results.env(), RUNNER_TEMP: runnerTemp },
  });

/** Every file below `dir`, as [relative path, bytes]. */
async function filesUnder(dir: string): Promise<[string, Buffer][]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  return Promise.all(files.map(async (f) => [path.relative(dir, f), await readFile(f)] as [string, Buffer]));
}

/** The members of a zip (stored or deflated), enough for an uploaded artifact. */
function unzip(zip: Buffer): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (let at = 0; zip.readUInt32LE(at) === 0x04034b50; ) {
    const method = zip.readUInt16LE(at + 8);
    const flags = zip.readUInt16LE(at + 6);
    const nameLen = zip.readUInt16LE(at + 26);
    const extraLen = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 30, at + 30 + nameLen);
    let size = zip.readUInt32LE(at + 18);
    const start = at + 30 + nameLen + extraLen;
    if (flags & 0x08) {
      // Sizes follow the data (streamed zip): read up to the central directory's record of it.
      const cd = zip.indexOf(Buffer.concat([Buffer.from([0x50, 0x4b, 0x01, 0x02])]), start);
      const entry = zip.indexOf(Buffer.from(name), cd);
      size = zip.readUInt32LE(entry - 46 + 20);
    }
    const data = zip.subarray(start, start + size);
    out.push([name, method === 8 ? inflateRawSync(data) : data]);
    at = start + size + (flags & 0x08 ? (zip.readUInt32LE(start + size) === 0x08074b50 ? 16 : 12) : 0);
  }
  return out;
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
  for (const [f, b] of await filesUnder(ws.dir)) outputs.push([`workspace/${f}`, b]);
  for (const [f, b] of await filesUnder(runnerTemp)) outputs.push([`RUNNER_TEMP/${f}`, b]);
  for (const a of results.artifacts) {
    outputs.push([`artifact ${a.name}`, a.bytes ?? Buffer.alloc(0)]);
    for (const [f, b] of unzip(a.bytes ?? Buffer.alloc(0))) outputs.push([`artifact ${a.name}/${f}`, b]);
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
    Object.assign(emu.options, {
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
    expect(results.artifacts).toHaveLength(1);
    // The echoed texts did reach the user, redacted.
    const log = first.stdout;
    expect(log).toMatch(/subscription \*\*\* may not ask for this/);
    expect(log).toMatch(/content rejected for key=\*\*\* \(\*\*\*\)/);
    expect(log).toMatch(/outcome unknown — not resubmitted/);
    expectNoKey(await everyOutput(first));
    expect(emu.counters.mediaWithKey).toBe(0);

    // A second run stopped by a 401 that also quotes the key.
    emu.resetCounters();
    results.artifacts.length = 0;
    emu.options.failNextSubmits = [
      { status: 401, body: { error: 'Unauthorized', message: `key ${KEY} revoked` } },
    ];
    // This time with the image cache (its staging files are under RUNNER_TEMP, searched too).
    const second = await run({ 'artifact-name': 'second', cache: 'true' });
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(/refused the API key.*key \*\*\* revoked/);
    expectNoKey(await everyOutput(second));
  });
});
