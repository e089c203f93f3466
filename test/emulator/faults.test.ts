import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { imageSize } from 'image-size';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ImageVerifier } from '../../src/images/verify.js';
import {
  defaultOptions,
  type Emulator,
  type JobRecord,
  MODEL_SLUGS,
  type ModelSlug,
  proxyPage,
  startEmulator,
} from './index.js';
import { accepted, download, gate, gatewayHeaders, sniff, status, submit, waitDone } from './testkit.js';

/** The size the tool's image verifier reads from a complete image; throws when it is not one. */
function verified(bytes: Buffer, format: 'png' | 'jpeg' | 'webp') {
  const v = new ImageVerifier(format);
  v.push(bytes);
  return v.end().dimensions;
}

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

  test('stallNextSubmits holds the answer while later requests are answered, then handles it normally', async () => {
    // A stall longer than any test: the held submit is neither answered nor accepted while the
    // next one is answered in full (an order, not a duration: nothing is timed).
    emu.options.stallNextSubmits = 1;
    emu.options.stallMs = 3_600_000;
    const held = submit(emu, T2I, { prompt: 'held' }).catch((err: unknown) => err);
    while (emu.log.length === 0) await new Promise((r) => setImmediate(r));
    expect((await submit(emu, T2I, { prompt: 'next' })).status).toBe(202);
    expect(emu.log.map((q) => q.answer)).toEqual(['pending', 202]);
    expect(emu.counters).toMatchObject({ submissions: 2, accepted: 1 });
    expect(emu.options.stallNextSubmits).toBe(0);
    void held; // cut off when the emulator closes

    // A stall that ends: the request is then handled like any other.
    emu.options.stallNextSubmits = 1;
    emu.options.stallMs = 1;
    expect((await submit(emu, T2I, { prompt: 'p' })).status).toBe(202);
    expect(emu.counters).toMatchObject({ submissions: 3, accepted: 2 });
  });
});

describe('accept-then-fail: accepted and charged, answered with a fault', () => {
  test('a 502, a proxy page and a 2xx without request_id: each job exists, is paid and runs', async () => {
    emu.options.acceptThenFailNextSubmits = [
      { status: 502 },
      proxyPage(503),
      { status: 202 },
      { status: 200, body: '' },
    ];
    const answers = [];
    for (const prompt of ['a', 'b', 'c', 'd', 'e'])
      answers.push(await submit(emu, T2I, { prompt, quality: 'low' }));
    expect(answers.map((a) => a.status)).toEqual([502, 503, 202, 200, 202]);
    expect(answers[0]!.json).toEqual({ error: 'Bad Gateway', message: expect.any(String) });
    expect(answers[1]!.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answers[1]!.json).toBeUndefined();
    expect(answers[1]!.text).toContain('<h1>503 Error</h1>');
    expect(answers[2]!.json).toEqual({ status: 'QUEUED' });
    expect(answers[3]!.text).toBe('');
    expect(answers[4]!.json?.request_id).toEqual(expect.any(String));
    expect(emu.counters).toMatchObject({ submissions: 5, accepted: 5, chargedUsd: 0.06 });
    const ids = emu.log.map((r) => r.requestId!);
    expect(new Set(ids).size).toBe(5);
    expect(emu.log.map((r) => r.answer)).toEqual([502, 503, 202, 200, 202]);
    for (const id of ids.slice(0, 4)) expect((await waitDone(emu, id)).status).toBe('COMPLETED');
    expect(emu.options.acceptThenFailNextSubmits).toEqual([]);
  });

  test('validation and auth still come first: a refused submit does not consume the fault', async () => {
    emu.options.acceptThenFailNextSubmits = [{ status: 504 }];
    expect((await submit(emu, T2I, { prompt: '' })).status).toBe(400);
    expect((await submit(emu, T2I, { prompt: 'p' }, gatewayHeaders('wrong'))).status).toBe(401);
    expect(emu.counters.accepted).toBe(0);
    expect((await submit(emu, T2I, { prompt: 'p' })).status).toBe(504);
    expect(emu.counters.accepted).toBe(1);
  });
});

describe('hooks: exact moments without timing races', () => {
  test('afterAccept holds the answer of an accepted, charged submit until released', async () => {
    const entered = gate<JobRecord>();
    const release = gate();
    emu.options.hooks = {
      afterAccept: (job) => {
        entered.open(job);
        return release.promise;
      },
    };
    const answer = submit(emu, T2I, { prompt: 'held', quality: 'low' });
    const job = await entered.promise;
    expect(job.prompt).toBe('held');
    expect(emu.counters).toMatchObject({ accepted: 1, chargedUsd: 0.012 });
    expect(emu.log[0]!.answer).toBe('pending');
    release.open();
    const res = await answer;
    expect(res.status).toBe(202);
    expect(res.json?.request_id).toBe(job.requestId);
  });

  test('afterAccept runs before an accept-then-fail answer and before a dropped one', async () => {
    const seen: string[] = [];
    emu.options.hooks = { afterAccept: (job) => void seen.push(job.prompt) };
    emu.options.acceptThenFailNextSubmits = [{ status: 502 }];
    expect((await submit(emu, T2I, { prompt: 'one' })).status).toBe(502);
    emu.options.dropResponseAfterAcceptNext = 1;
    await expect(submit(emu, T2I, { prompt: 'two' })).rejects.toThrow();
    expect(seen).toEqual(['one', 'two']);
  });

  test('beforeStatus and beforeMedia get the request (and image index) before anything is answered', async () => {
    const id = await accepted(emu, T2I, { prompt: 'p', number_of_images: 2, output_format: 'png' });
    const url = ((await waitDone(emu, id)).output as { media_url: string[] }).media_url[1]!;
    emu.resetCounters();
    const calls: string[] = [];
    const entered = gate();
    const release = gate();
    emu.options.hooks = {
      beforeStatus: (rid) => {
        calls.push(`status ${rid === id}`);
        entered.open();
        return release.promise;
      },
      beforeMedia: (rid, n) => void calls.push(`media ${rid === id} ${n}`),
    };
    emu.options.failNextStatus = [{ status: 500 }];
    const held = status(emu, id);
    await entered.promise;
    expect(calls).toEqual(['status true']);
    // The fault knob is not consumed before the hook lets the request go on.
    expect(emu.options.failNextStatus).toHaveLength(1);
    release.open();
    expect((await held).status).toBe(500);
    expect((await download(url)).status).toBe(200);
    expect(calls).toEqual(['status true', 'media true 2']);
  });

  test('a hook that throws answers 500; after acceptance the job stays paid', async () => {
    emu.options.hooks = {
      afterAccept: () => {
        throw new Error('test hook');
      },
    };
    expect((await submit(emu, T2I, { prompt: 'p' })).status).toBe(500);
    expect(emu.counters.accepted).toBe(1);
  });

  test('a hook that never settles does not keep the emulator from closing', async () => {
    const own = await startEmulator({ latency: 5 });
    const entered = gate();
    own.options.hooks = {
      beforeStatus: () => {
        entered.open();
        return new Promise<void>(() => {});
      },
    };
    const held = status(own, 'anything').then(
      () => 'answered',
      () => 'cut off',
    );
    await entered.promise;
    await own.close();
    expect(await held).toBe('cut off');
  });
});

describe('model availability', () => {
  test.each(MODEL_SLUGS)('disabled %s: the seed’s exact 400, and back once re-enabled', async (model) => {
    const body =
      model === 'gpt-image-2-image-to-image'
        ? { prompt: 'p', input_images: ['https://example.com/a.png'] }
        : { prompt: 'p' };
    emu.options.disabledModels = [model];
    const refused = await submit(emu, model, body);
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      error: 'Model not found',
      message: `Model '${model}' not found or is disabled`,
    });
    expect(emu.counters.accepted).toBe(0);
    emu.options.disabledModels = [];
    expect((await submit(emu, model, body)).status).toBe(202);
    expect(emu.counters.accepted).toBe(1);
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

  test('notFoundNextStatus answers a known request 404 (as an unknown one), then recovers', async () => {
    const id = await accepted(emu, T2I, { prompt: 'p' });
    emu.options.notFoundNextStatus = 3;
    // An unknown id is 404 anyway and does not consume the knob.
    expect((await status(emu, 'gpt-image-2-text-to-image_nope')).status).toBe(404);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await status(emu, id));
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 200]);
    expect(answers[0]!.json).toEqual({ error: 'Not Found', message: `Request '${id}' not found` });
    expect(emu.options.notFoundNextStatus).toBe(0);
    expect(emu.jobs.get(id)!.statusCalls).toBe(1);
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

  test('mediaUrl rewrites the media URLs a status answer carries', async () => {
    emu.options.mediaUrl = (url, job, index) => `${url}?echo=${job.requestId.length}-${index}`;
    expect(await completedUrl()).toMatch(/\/output-1\.png\?echo=\d+-1$/);
    emu.options.mediaUrl = () => 'not a url';
    expect(await completedUrl()).toBe('not a url');
  });

  test('redirectNextMedia answers 302 to each Location in turn', async () => {
    const url = await completedUrl();
    emu.options.redirectNextMedia = ['https://cdn.example/elsewhere.png'];
    const first = await request(url);
    await first.body.dump();
    expect(first.statusCode).toBe(302);
    expect(first.headers.location).toBe('https://cdn.example/elsewhere.png');
    expect((await download(url)).status).toBe(200);
  });

  test.each(['png', 'jpeg', 'webp'] as const)(
    'oversizeMedia pads %s bodies to the given size (still a complete image)',
    async (format) => {
      const url = await completedUrl({ prompt: 'p', output_format: format });
      emu.options.oversizeMedia = 3 * 1024 * 1024;
      const big = await download(url);
      expect(big.bytes.length).toBeGreaterThanOrEqual(3 * 1024 * 1024);
      expect(big.bytes.length).toBeLessThan(3 * 1024 * 1024 + 16);
      expect(imageSize(big.bytes)).toMatchObject({ width: 256, height: 256 });
      expect(verified(big.bytes, format)).toEqual({ width: 256, height: 256 });
    },
  );

  test.each([
    ['cutOffNextMedia', 'truncated', /^ends early/],
    ['garbageNextMedia', 'corrupt', /./],
    ['corruptNextMedia', 'corrupt', /./],
  ] as const)(
    '%s serves a signature-valid body the verifier refuses (%s), once',
    async (knob, failure, message) => {
      for (const format of ['png', 'jpeg', 'webp'] as const) {
        const url = await completedUrl({ prompt: 'p', output_format: format });
        const full = await download(url);
        emu.options[knob] = 1;
        const bad = await download(url);
        expect(bad.status).toBe(200);
        expect(sniff(bad.bytes)).toBe(format);
        if (knob === 'cutOffNextMedia') {
          expect(bad.headers['content-length']).toBeUndefined();
          expect(bad.bytes.length).toBe(Math.floor(full.bytes.length / 2));
        } else expect(bad.bytes.length).toBe(full.bytes.length);
        expect(() => verified(bad.bytes, format)).toThrow(
          expect.objectContaining({ failure, message: expect.stringMatching(message) }),
        );
        expect(verified((await download(url)).bytes, format)).toEqual({ width: 256, height: 256 });
      }
    },
  );

  test('cutOffAt chooses where cutOffNextMedia stops', async () => {
    const url = await completedUrl();
    Object.assign(emu.options, { cutOffNextMedia: 1, cutOffAt: 100 });
    expect((await download(url)).bytes.length).toBe(100);
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
