import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { imageSize } from 'image-size';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { defaultOptions, type Emulator, type ModelSlug, startEmulator } from './index.js';
import { accepted, download, gatewayHeaders, sniff, status, submit, waitDone } from './testkit.js';

const T2I: ModelSlug = 'gpt-image-2-text-to-image';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ latency: 10 });
});
afterAll(() => emu.close());
beforeEach(() => {
  Object.assign(emu.options, defaultOptions(), { latency: 10, port: emu.port });
  emu.resetCounters();
});

async function completedUrl(
  body: Record<string, unknown> = { prompt: 'p', output_format: 'png' },
): Promise<string> {
  const id = await accepted(emu, T2I, body);
  return ((await waitDone(emu, id)).output as { media_url: string[] }).media_url[0]!;
}

describe('submit faults', () => {
  test('failNextSubmits answers in order, with Retry-After and bodies, then recovers', async () => {
    emu.options.failNextSubmits = [
      { status: 429, retryAfter: '2' },
      { status: 503 },
      { status: 500, body: { error: 'Boom', message: 'custom' } },
    ];
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await submit(emu, T2I, { prompt: 'p' }));
    expect(answers.map((a) => a.status)).toEqual([429, 503, 500, 202]);
    expect(answers[0]!.headers['retry-after']).toBe('2');
    expect(answers[0]!.json).toEqual({ error: 'Too Many Requests', message: expect.any(String) });
    expect(answers[2]!.json).toEqual({ error: 'Boom', message: 'custom' });
    expect(emu.counters).toMatchObject({ submissions: 4, accepted: 1 });
    expect(emu.options.failNextSubmits).toEqual([]);
  });

  test('resetNextSubmits cuts the connection before accepting: nothing is paid', async () => {
    emu.options.resetNextSubmits = 1;
    await expect(submit(emu, T2I, { prompt: 'p' })).rejects.toThrow();
    expect(emu.counters).toMatchObject({ submissions: 1, accepted: 0, chargedUsd: 0 });
    expect(emu.log[0]!.answer).toBe('reset');
    expect((await submit(emu, T2I, { prompt: 'p' })).status).toBe(202);
  });

  test('dropResponseAfterAcceptNext accepts and charges, but the answer never arrives whole', async () => {
    emu.options.dropResponseAfterAcceptNext = 1;
    await expect(submit(emu, T2I, { prompt: 'p', quality: 'low' })).rejects.toThrow();
    expect(emu.counters).toMatchObject({ submissions: 1, accepted: 1, chargedUsd: 0.012 });
    expect(emu.log[0]!.answer).toBe('dropped');
    const job = emu.jobs.get(emu.log[0]!.requestId!)!;
    expect((await waitDone(emu, job.requestId)).status).toBe('COMPLETED');
  });

  test('stallNextSubmits delays the answer, then handles the request normally', async () => {
    emu.options.stallNextSubmits = 1;
    emu.options.stallMs = 250;
    const t0 = Date.now();
    expect((await submit(emu, T2I, { prompt: 'p' })).status).toBe(202);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
  });
});

describe('status faults', () => {
  test.each([
    ['failNextStatus', { failNextStatus: [{ status: 502 as const }] }, 502],
    ['garbageNextStatus', { garbageNextStatus: 1 }, 200],
  ])('%s', async (_name, knobs, code) => {
    const id = await accepted(emu, T2I, { prompt: 'p' });
    Object.assign(emu.options, knobs);
    const bad = await status(emu, id);
    expect(bad.status).toBe(code);
    if (code === 200) expect(bad.json).toBeUndefined();
    expect((await status(emu, id)).status).toBe(200);
    expect(emu.counters.statusCalls).toBe(2);
  });

  test('resetNextStatus', async () => {
    const id = await accepted(emu, T2I, { prompt: 'p' });
    emu.options.resetNextStatus = 1;
    await expect(status(emu, id)).rejects.toThrow();
    expect((await status(emu, id)).status).toBe(200);
  });
});

describe('media faults', () => {
  test('failNextMedia → 500 once', async () => {
    const url = await completedUrl();
    emu.options.failNextMedia = 1;
    expect((await download(url)).status).toBe(500);
    expect((await download(url)).status).toBe(200);
  });

  test('truncateNextMedia announces more bytes than it sends', async () => {
    const url = await completedUrl();
    const full = await download(url);
    emu.options.truncateNextMedia = 1;
    const res = await request(url);
    expect(res.headers['content-length']).toBe(String(full.bytes.length));
    await expect(res.body.arrayBuffer()).rejects.toThrow();
  });

  test('wrongFormatNextMedia serves another format under the announced type', async () => {
    const url = await completedUrl();
    emu.options.wrongFormatNextMedia = 1;
    const wrong = await download(url);
    expect(wrong.headers['content-type']).toBe('image/png');
    expect(sniff(wrong.bytes)).toBe('jpeg');
    expect(sniff((await download(url)).bytes)).toBe('png');
  });

  test('oversizeMedia pads bodies to the given size (still a valid image)', async () => {
    const url = await completedUrl();
    emu.options.oversizeMedia = 3 * 1024 * 1024;
    const big = await download(url);
    expect(big.bytes.length).toBe(3 * 1024 * 1024);
    expect(imageSize(big.bytes)).toMatchObject({ width: 256, height: 256 });
  });
});

test('webhooks: the final status is POSTed to a loopback X-Webhook-URL', async () => {
  const received: unknown[] = [];
  const hook = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (c) => {
      text += c;
    });
    req.on('end', () => {
      received.push(JSON.parse(text));
      res.end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  try {
    emu.options.webhooks = true;
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/cb`;
    const res = await submit(emu, T2I, { prompt: 'p' }, { ...gatewayHeaders(), 'X-Webhook-URL': hookUrl });
    const id = String(res.json?.request_id);
    // The hook may hear of it a moment before the emulator counts it as sent: wait for both.
    for (let i = 0; i < 200 && (received.length === 0 || emu.counters.webhooksSent === 0); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual([expect.objectContaining({ request_id: id, status: 'COMPLETED' })]);
    expect(emu.counters.webhooksSent).toBe(1);
  } finally {
    hook.close();
  }
});

test('CLI prints the URL, serves, and stops on SIGTERM', async () => {
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0', '--latency', '5..10'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const match = /^PIXAZO_EMULATOR_URL=(http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    expect(match).not.toBeNull();
    const res = await request(`${match![1]}/v2/requests/status/nope`, { headers: gatewayHeaders() });
    await res.body.dump();
    expect(res.statusCode).toBe(404);
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
});
