/**
 * The key never leaks through what a gateway or its CDN controls beyond error texts: media URLs
 * that carry the key (a 404 for `…/<key>/0.png`), a media "URL" that is no URL and holds the key, a
 * redirect whose target holds it — over three runs, until the lockfile records the request as "paid,
 * but the image did not verify". The built action runs as the runner runs it; then every file under
 * the workspace and RUNNER_TEMP, every output, the summary, stdout and stderr are searched for the key
 * (plain, URL-encoded, base64) and for the webhook URL's secret part. One redactor at the sinks does
 * it (src/shared/redact.ts): none of these sources redacts by itself.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { lowQualityManifest } from '../helpers/manifests.js';
import { type ActionRun, runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';

const KEY = 'pxz_live_Mq4Tz8Wb2Nc6Lf0H';
const HOOK_TOKEN = 'T0AB12CD3/B0EF45GH6/hookSecretXyZ987';
const WEBHOOK = `https://hooks.example.com/services/${HOOK_TOKEN}?token=hooktok42x`;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const FORMS = [
  KEY,
  encodeURIComponent(`&${KEY}`).slice(3),
  b64(KEY),
  b64(`:${KEY}`),
  HOOK_TOKEN,
  'hooktok42x',
];

// One slot: the entries run in manifest order, and only `redirected` reaches the media route.
const MANIFEST = lowQualityManifest(`  echoed:
    prompt: "[[ECHO]] media URLs carry the key"
  nonurl:
    prompt: "[[NONURL]] the media URL is no URL and holds the key"
  redirected:
    prompt: "[[REDIRECT]] the CDN redirects to a target holding the key"
  failing:
    prompt: "[[FAIL]] the gateway fails it, quoting the key in every form"
`);

const t = setup({ emulator: { latency: 10, apiKey: KEY }, results: true, workspace: { kind: 'runner' } });
let ws: string;
beforeEach(async () => {
  ws = await t.layout.workspace('site', { 'images.config.yaml': MANIFEST });
});

const run = (n: number) =>
  runAction({
    workspace: ws,
    inputs: {
      'api-key': KEY,
      'gateway-url': t.emu.url,
      'webhook-url': WEBHOOK,
      publish: 'artifact',
      cache: 'false',
      concurrency: '1',
      'poll-interval': '10ms..40ms',
      // One workflow run's artifacts need distinct names.
      'artifact-name': `images-${n}`,
    },
    env: { ...t.results.env(), RUNNER_TEMP: t.layout.runnerTemp },
  });

async function filesUnder(dir: string): Promise<[string, Buffer][]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  return Promise.all(files.map(async (f) => [path.relative(dir, f), await readFile(f)] as [string, Buffer]));
}

async function expectNoSecret(r: ActionRun): Promise<void> {
  // The one line where the key may appear is its mask command, the first line of the log.
  expect(r.stdout.split('\n')[0]).toBe(`::add-mask::${KEY}`);
  const outputs: [string, string | Buffer][] = [
    ['stdout', r.stdout.replace(`::add-mask::${KEY}\n`, '')],
    ['stderr', r.stderr],
    ['outputs', JSON.stringify(r.outputs)],
    ['summary', r.summary],
    ['report', r.report ?? ''],
  ];
  for (const [f, b] of await filesUnder(ws)) outputs.push([`workspace/${f}`, b]);
  for (const [f, b] of await filesUnder(t.layout.runnerTemp)) outputs.push([`RUNNER_TEMP/${f}`, b]);
  for (const [where, content] of outputs) {
    const buf = Buffer.isBuffer(content) ? content : Buffer.from(content);
    for (const form of FORMS) expect(buf.includes(form), `${where} holds a secret (${form})`).toBe(false);
  }
}

describe('the key never leaks through media URLs and redirects (built action)', () => {
  it('appears nowhere over three runs, up to the "paid, but the image did not verify" record', async () => {
    Object.assign(t.emu.options, {
      mediaUrl: (url: string, job: { prompt: string }) =>
        job.prompt.includes('[[ECHO]]')
          ? `${t.emu.url}/media/v1/${KEY}/0.png?sig=${encodeURIComponent(KEY)}`
          : job.prompt.includes('[[NONURL]]')
            ? `unavailable ${KEY} ${b64(`:${KEY}`)}`
            : url,
      redirectNextMedia: Array.from({ length: 60 }, () => `/media/v1/${KEY}/moved.png?k=${KEY}`),
      failMessage: `refused for key ${KEY} (${encodeURIComponent(KEY)}, ${b64(KEY)}); see ${WEBHOOK}`,
    });
    const runs: ActionRun[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await run(i);
      runs.push(r);
      expect(r.code).toBe(1);
      await expectNoSecret(r);
    }
    // Each run tried the media again without paying again: four submits in all.
    expect(t.emu.counters.accepted).toBe(4);
    expect(t.emu.counters.mediaWithKey).toBe(0);
    const lock = await readFile(path.join(ws, 'images.lock.json'), 'utf8');
    const failed = Object.values(
      (JSON.parse(lock) as { failed: Record<string, { id: string; error: string }> }).failed,
    );
    const verify = failed.filter((f) => f.error.startsWith('paid, but the image did not verify'));
    expect(verify.map((f) => f.id).sort()).toEqual(['echoed', 'nonurl', 'redirected']);
    // The records say what happened, with the key replaced (a redirect's failure names the first URL).
    for (const f of verify.filter((v) => v.id !== 'redirected')) expect(f.error).toContain('***');
    expect(lock).toContain('paid, but the image did not verify: not a valid media URL: unavailable *** ');
    const log = runs.map((r) => r.stdout).join('\n');
    expect(log).toMatch(
      /refused for key \*\*\* \(\*\*\*, \*\*\*A==\); see https:\/\/hooks\.example\.com\/\*\*\*/,
    );
  });
});
