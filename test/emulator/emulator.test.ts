import { imageSize } from 'image-size';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ImageVerifier } from '../../src/images/verify.js';
import type { OutputFormat } from '../../src/models/registry.js';
import { defaultOptions, type Emulator, type ModelSlug, startEmulator } from './index.js';
import { accepted, call, download, gatewayHeaders, sniff, status, submit, waitDone } from './testkit.js';

const T2I: ModelSlug = 'gpt-image-2-text-to-image';
const I2I: ModelSlug = 'gpt-image-2-image-to-image';
const V15: ModelSlug = 'gpt-image-1-5-api-923';
const REF = 'https://example.com/ref.png';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ latency: 20 });
});
afterAll(() => emu.close());
beforeEach(() => {
  Object.assign(emu.options, defaultOptions(), { latency: 20 });
  emu.resetCounters();
});

describe('submit → status → media', () => {
  test.each([
    { model: T2I, body: { prompt: 'a lighthouse' }, fmt: 'webp', w: 256, h: 256, type: 'image/webp' },
    {
      model: T2I,
      body: { prompt: 'two', output_format: 'png', aspect_ratio: '3:2', number_of_images: 2, quality: 'low' },
      fmt: 'png',
      w: 384,
      h: 256,
      type: 'image/png',
    },
    {
      model: I2I,
      body: { prompt: 'ghibli', input_images: [REF], output_format: 'jpeg', aspect_ratio: '2:3' },
      fmt: 'jpeg',
      w: 256,
      h: 384,
      type: 'image/jpeg',
    },
    // No output_format for 1.5: png (OpenAI's default); the seed documents octet-stream.
    {
      model: V15,
      body: { prompt: 'banner', image_size: '1536x1024' },
      fmt: 'png',
      w: 384,
      h: 256,
      type: 'application/octet-stream',
    },
    {
      model: V15,
      body: {
        prompt: 'tall',
        image_size: '1024x1536',
        output_format: 'webp',
        num_images: 1,
        quality: 'standard',
      },
      fmt: 'webp',
      w: 256,
      h: 384,
      type: 'application/octet-stream',
    },
  ])('$model $fmt $w×$h', async ({ model, body, fmt, w, h, type }) => {
    const res = await submit(emu, model, body);
    expect(res.status).toBe(202);
    const id = String(res.json?.request_id);
    expect(id).toMatch(
      new RegExp(`^${model}_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`),
    );
    expect(res.json).toEqual({
      request_id: id,
      status: 'QUEUED',
      polling_url: `${emu.url}/v2/requests/status/${id}`,
    });

    const done = await waitDone(emu, id);
    expect(done).toMatchObject({ request_id: id, status: 'COMPLETED', model_id: model, error: null });
    const output = done.output as { media_url: string[]; media_type: string };
    expect(output.media_type).toBe(type);
    const count = Number((body as Record<string, unknown>).number_of_images ?? 1);
    expect(output.media_url).toHaveLength(count);
    const seen = new Set<string>();
    for (const url of output.media_url) {
      expect(url.startsWith(`${emu.url}/media/v1/${id}/`)).toBe(true);
      const img = await download(url);
      expect(img.status).toBe(200);
      expect(sniff(img.bytes)).toBe(fmt);
      expect(imageSize(img.bytes)).toMatchObject({ width: w, height: h });
      // Complete images, as the tool's verifier walks them (the size from the same walk).
      const v = new ImageVerifier(fmt as OutputFormat);
      v.push(img.bytes);
      expect(v.end().dimensions).toEqual({ width: w, height: h });
      seen.add(img.bytes.toString('base64'));
    }
    expect(seen.size).toBe(count);
    expect(emu.counters.accepted).toBe(1);
    expect(emu.counters.acceptedByModel[model]).toBe(1);
    expect(emu.counters.mediaWithKey).toBe(0);
  });

  test('status walks QUEUED → PROCESSING → COMPLETED with the seed’s field set', async () => {
    // An hour's latency, half of it queued: each state is reached by moving the job's clock
    // forward (as finishNow does), never by sleeping into a window a loaded machine could miss.
    emu.options.latency = 3_600_000;
    emu.options.queuedFraction = 0.5;
    const id = await accepted(emu, T2I, { prompt: 'slowish' });
    const job = emu.jobs.get(id)!;
    expect([job.processingAt - job.acceptedAt, job.completedAt - job.acceptedAt]).toEqual([
      1_800_000, 3_600_000,
    ]);
    const first = await status(emu, id);
    expect(first.json).toEqual({
      request_id: id,
      status: 'QUEUED',
      model_id: T2I,
      error: null,
      output: null,
      created_at: new Date(job.acceptedAt).toISOString(),
      updated_at: new Date(job.acceptedAt).toISOString(),
      completed_at: null,
    });
    job.processingAt = Date.now();
    expect((await status(emu, id)).json).toMatchObject({
      status: 'PROCESSING',
      output: null,
      completed_at: null,
    });
    emu.finishNow(id);
    const done = (await status(emu, id)).json!;
    expect(Object.keys(done).sort()).toEqual(
      [
        'completed_at',
        'created_at',
        'error',
        'model_id',
        'output',
        'request_id',
        'status',
        'updated_at',
      ].sort(),
    );
    expect(done.completed_at).toBe(new Date(job.completedAt).toISOString());
    expect(job.terminalSeenAt).toBeGreaterThanOrEqual(job.completedAt);
    expect(job.statusCalls).toBe(3);
  });

  test('images are distinct per request even for the same prompt, and cached per request', async () => {
    const a = await accepted(emu, T2I, { prompt: 'same' });
    const b = await accepted(emu, T2I, { prompt: 'same' });
    const [ua, ub] = await Promise.all(
      [a, b].map(async (id) => ((await waitDone(emu, id)).output as { media_url: string[] }).media_url[0]!),
    );
    const [ia, ib, ia2] = await Promise.all([download(ua!), download(ub!), download(ua!)]);
    expect(ia.bytes.equals(ib.bytes)).toBe(false);
    expect(ia.bytes.equals(ia2.bytes)).toBe(true);
  });

  test('hostile prompt text is escaped into the SVG and still renders', async () => {
    const prompt = `<script>alert("x")</script> & ' ]]> \u0001\u0007 ${'long '.repeat(300)}`;
    const id = await accepted(emu, T2I, { prompt, output_format: 'png', background: 'transparent' });
    const url = ((await waitDone(emu, id)).output as { media_url: string[] }).media_url[0]!;
    const img = await download(url);
    expect(sniff(img.bytes)).toBe('png');
  });
});

describe('headers', () => {
  const body = JSON.stringify({ prompt: 'p' });
  test.each([
    {
      name: 'missing key',
      headers: { 'Content-Type': 'application/json' },
      code: 401,
      error: 'Unauthorized',
    },
    { name: 'wrong key', headers: gatewayHeaders('nope'), code: 401, error: 'Unauthorized' },
    { name: 'forbidden key', headers: gatewayHeaders('banned'), code: 403, error: 'Forbidden' },
    {
      name: 'no content type',
      headers: { 'Ocp-Apim-Subscription-Key': 'test-key' },
      code: 400,
      error: 'Bad Request',
    },
    {
      name: 'text/plain',
      headers: { ...gatewayHeaders(), 'Content-Type': 'text/plain' },
      code: 400,
      error: 'Bad Request',
    },
  ])('submit with $name → $code', async ({ headers, code, error }) => {
    emu.options.forbiddenKeys = ['banned'];
    const res = await submit(emu, T2I, body, headers);
    expect(res.status).toBe(code);
    expect(res.json).toEqual({ error, message: expect.any(String) });
    expect(emu.counters).toMatchObject({ submissions: 1, accepted: 0 });
  });

  test('status needs the key; media must not; what was sent is recorded', async () => {
    const id = await accepted(emu, T2I, { prompt: 'p' });
    expect((await status(emu, id, {})).status).toBe(401);
    const url = ((await waitDone(emu, id)).output as { media_url: string[] }).media_url[0]!;
    expect((await download(url)).status).toBe(200);
    expect(emu.counters.mediaWithKey).toBe(0);
    await download(url, { 'Ocp-Apim-Subscription-Key': 'test-key' });
    expect(emu.counters.mediaWithKey).toBe(1);
    const sub = emu.log.find((r) => r.kind === 'submit')!;
    expect(sub).toMatchObject({
      method: 'POST',
      apiKey: 'test-key',
      noCache: true,
      body: { prompt: 'p' },
      answer: 202,
    });
    expect(sub.headers['content-type']).toBe('application/json');
    expect(emu.log.filter((r) => r.kind === 'media').map((r) => r.apiKey)).toEqual([undefined, 'test-key']);
  });

  test('X-Webhook-URL is recorded on the log entry and the job', async () => {
    const hook = 'http://127.0.0.1:9/hook';
    const res = await submit(emu, T2I, { prompt: 'p' }, { ...gatewayHeaders(), 'X-Webhook-URL': hook });
    expect(emu.log[0]!.webhookUrl).toBe(hook);
    expect(emu.jobs.get(String(res.json?.request_id))!.webhookUrl).toBe(hook);
  });
});

describe('not found', () => {
  test.each([
    ['unknown path', '/nope'],
    ['unknown request id', '/v2/requests/status/gpt-image-2-text-to-image_missing'],
    ['unknown media', '/media/v1/gpt-image-2-text-to-image_missing/output-1.webp'],
  ])('%s → 404 JSON', async (_name, path) => {
    const res = await call(`${emu.url}${path}`, { headers: gatewayHeaders() });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: 'Not Found', message: expect.any(String) });
  });

  test('media of a request still running → 404', async () => {
    emu.options.latency = 5000;
    const id = await accepted(emu, T2I, { prompt: 'p' });
    expect((await download(`${emu.url}/media/v1/${id}/output-1.webp`)).status).toBe(404);
  });
});

describe('outcomes and money', () => {
  test('[[FAIL]] → FAILED with an error, charged and counted as possibly charged', async () => {
    const id = await accepted(emu, T2I, { prompt: 'x [[FAIL]]', quality: 'medium' });
    const done = await waitDone(emu, id);
    expect(done).toMatchObject({ status: 'FAILED', error: emu.options.failMessage, output: null });
    expect(done.completed_at).toEqual(expect.any(String));
    expect(emu.counters).toMatchObject({ chargedUsd: 0.047, failedUsd: 0.047, failed: 1 });
  });

  test('[[ERROR]] → ERROR, not charged (refunded to the wallet)', async () => {
    emu.options.balance = 1;
    const id = await accepted(emu, T2I, { prompt: 'x [[ERROR]]', quality: 'high', number_of_images: 2 });
    expect(emu.options.balance).toBe(0.744);
    const done = await waitDone(emu, id);
    expect(done).toMatchObject({ status: 'ERROR', error: emu.options.errorMessage, output: null });
    expect(emu.counters).toMatchObject({ chargedUsd: 0, refundedUsd: 0.256, errored: 1 });
    expect(emu.options.balance).toBe(1);
  });

  test('[[SLOW]] multiplies the latency', async () => {
    const id = await accepted(emu, T2I, { prompt: '[[SLOW]] p' });
    const job = emu.jobs.get(id)!;
    expect(job.completedAt - job.acceptedAt).toBeCloseTo(20 * emu.options.slowFactor, 0);
  });

  test.each([
    { model: T2I, body: { prompt: 'p' }, usd: 0.128 },
    { model: T2I, body: { prompt: 'p', quality: 'low', number_of_images: 3 }, usd: 0.036 },
    {
      model: I2I,
      body: { prompt: 'p', input_images: [REF], quality: 'medium', number_of_images: 10 },
      usd: 0.47,
    },
    { model: V15, body: { prompt: 'p', num_images: 2, quality: 'high' }, usd: 0.08 },
  ])('$model charges $usd', async ({ model, body, usd }) => {
    await accepted(emu, model, body);
    expect(emu.counters.chargedUsd).toBe(usd);
  });

  test('402 when the price exceeds what is left in the wallet', async () => {
    emu.options.balance = 0.1;
    await accepted(emu, T2I, { prompt: 'p', quality: 'medium', number_of_images: 2 });
    expect(emu.options.balance).toBe(0.006);
    const res = await submit(emu, T2I, { prompt: 'p', quality: 'low' });
    expect(res.status).toBe(402);
    expect(res.json).toEqual({
      error: 'Insufficient Balance',
      message: 'Your wallet does not have enough balance.',
    });
    expect(emu.counters).toMatchObject({ submissions: 2, accepted: 1 });
  });
});
