import { describe, expect, it, test } from 'vitest';
import { PixazoClient, type PixazoClientOptions } from '../../src/gateway/client.js';
import { GatewayError } from '../../src/gateway/types.js';
import {
  fakeClock,
  freePort,
  gatewayHarness,
  type Handler,
  json,
  KEY,
  recordingLogger,
  rejection,
  SEED,
  startServer,
  type TestServer,
  truncate,
} from './helpers.js';

const PATH = '/gpt-image-2-text-to-image/v1/gpt-image-2-text-to-image/generate';
const BODY = { prompt: 'A lighthouse', quality: 'low' };
const ACCEPTED = {
  request_id: 'gpt-image-2-text-to-image_019d0000',
  status: 'QUEUED',
  polling_url: 'https://gateway.pixazo.ai/v2/requests/status/gpt-image-2-text-to-image_019d0000',
};

const harness = gatewayHarness();
const gateway = harness.client;

describe('submit: answers', () => {
  test.each([202, 200, 201])('%i with request_id → accepted', async (status) => {
    const { client, server } = await gateway((_q, res) => json(res, status, ACCEPTED));
    await expect(client.submit(PATH, BODY)).resolves.toEqual({ requestId: ACCEPTED.request_id, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  test.each([
    [
      400,
      SEED.badRequest,
      'model-unavailable',
      "Model not found: Model 'gpt-image-2-image-to-image' not found or is disabled",
    ],
    [401, { error: 'Unauthorized' }, 'auth', 'check the `api-key` input'],
    [403, { error: 'Forbidden' }, 'auth', '`api-key`'],
    [402, SEED.balance, 'balance', 'Your wallet does not have enough balance.'],
    [404, 'Resource not found', 'protocol', 'gateway-url'],
    [422, { message: 'odd' }, 'protocol', 'HTTP 422: odd'],
  ])('%i → %s, not retried', async (status, body, kind, text) => {
    const { client, server, clock } = await gateway((_q, res) => json(res, status, body));
    const err = await rejection<GatewayError>(client.submit(PATH, BODY));
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ kind, httpStatus: status, attempts: 1 });
    expect(err.message).toContain(text);
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('the 400 message is exactly the gateway text', async () => {
    const { client } = await gateway((_q, res) => json(res, 400, SEED.badRequest));
    const err = await rejection<GatewayError>(client.submit(PATH, BODY));
    expect(err.message).toBe("Model not found: Model 'gpt-image-2-image-to-image' not found or is disabled");
  });

  it('a 400 refusing the request itself is bad-request', async () => {
    const { client } = await gateway((_q, res) =>
      json(res, 400, { error: 'Validation Error', message: 'prompt is unsafe' }),
    );
    const err = await rejection<GatewayError>(client.submit(PATH, BODY));
    expect(err).toMatchObject({ kind: 'bad-request', message: 'Validation Error: prompt is unsafe' });
  });

  test.each([429, 500, 503])(
    "%i in the gateway's own words is retried with backoff, then accepted",
    async (status) => {
      const { client, server, clock } = await gateway((_q, res, n) =>
        n === 1 ? json(res, status, { error: 'busy' }) : json(res, 202, ACCEPTED),
      );
      await expect(client.submit(PATH, BODY)).resolves.toEqual({
        requestId: ACCEPTED.request_id,
        attempts: 2,
      });
      expect(server.requests).toHaveLength(2);
      expect(clock.sleeps).toEqual([500]); // random 0.5 × base 1000
    },
  );

  test.each<[number, unknown]>([
    [502, { error: 'Bad Gateway' }],
    [504, { error: 'Gateway Timeout' }],
    [500, '<html><body>proxy error</body></html>'],
    [503, '<html>Service Unavailable</html>'],
    [500, { message: 'no error field' }],
  ])('%i (%j) may have been accepted: outcome-unknown, never repeated', async (status, body) => {
    const { client, server } = await gateway((_q, res) => json(res, status, body));
    const err = await rejection<GatewayError>(client.submit(PATH, BODY));
    expect(err).toMatchObject({ kind: 'outcome-unknown', lostAnswers: 1 });
    expect(err.message).toContain(`HTTP ${status}`);
    expect(server.requests).toHaveLength(1);
  });

  it('with retry-unknown-submits, an ambiguous 502 is resubmitted and counted as a lost answer', async () => {
    const { client, server } = await gateway(
      (_q, res, n) => (n === 1 ? json(res, 502, { error: 'Bad Gateway' }) : json(res, 202, ACCEPTED)),
      { retryUnknownSubmits: true },
    );
    await expect(client.submit(PATH, BODY)).resolves.toMatchObject({
      requestId: ACCEPTED.request_id,
      lostAnswers: 1,
    });
    expect(server.requests).toHaveLength(2);
  });

  test.each([
    ['delta-seconds', () => '7', 7000],
    ['HTTP-date', () => new Date(Date.parse('2026-03-31T10:00:12.000Z')).toUTCString(), 12_000],
    ['too long', () => '86400', 60_000],
  ])('429 honours Retry-After (%s)', async (_name, header, expected) => {
    const { client, clock } = await gateway((_q, res, n) =>
      n === 1
        ? json(res, 429, { error: 'Too Many Requests' }, { 'retry-after': header() })
        : json(res, 202, ACCEPTED),
    );
    await client.submit(PATH, BODY);
    expect(clock.sleeps).toEqual([expected]);
  });

  it('gives up on a gateway that keeps failing, with a warning naming the attempts', async () => {
    const { client, server, log } = await gateway((_q, res) =>
      json(res, 503, { error: 'Service Unavailable' }),
    );
    const err = await rejection<GatewayError>(client.submit(PATH, BODY));
    expect(err).toMatchObject({ kind: 'transient', httpStatus: 503, attempts: 3 });
    expect(server.requests).toHaveLength(3);
    expect(log.warning).toHaveLength(1);
    expect(log.warning[0]).toContain('giving up after 3 attempts');
    expect(log.debug.filter((l) => l.includes('attempt'))).not.toHaveLength(0);
  });

  it('never echoes the key, even when the gateway does', async () => {
    const { client } = await gateway((_q, res) => json(res, 400, { error: `bad key ${KEY}` }));
    const err = await rejection<GatewayError>(client.submit(PATH, BODY));
    expect(err.message).toBe('bad key ***');
  });
});

describe('submit: headers', () => {
  it('sends the three documented headers, the webhook and the JSON body', async () => {
    const { client, server } = await gateway((_q, res) => json(res, 202, ACCEPTED), {
      webhookUrl: 'https://hooks.example/cb',
    });
    await client.submit(PATH, BODY);
    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'POST', url: PATH });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['cache-control']).toBe('no-cache');
    expect(req!.headers['ocp-apim-subscription-key']).toBe(KEY);
    expect(req!.headers['x-webhook-url']).toBe('https://hooks.example/cb');
    expect(JSON.parse(req!.body)).toEqual(BODY);
  });

  it('sends no webhook header when none is configured, and keeps a path prefix of gateway-url', async () => {
    const server = await harness.serve((_q, res) => json(res, 202, ACCEPTED));
    const client = new PixazoClient({
      baseUrl: `${server.url}/proxy/?ignored=1#x`,
      apiKey: ` ${KEY}\n`,
      dispatcher: harness.agent,
    });
    await client.submit(PATH, BODY);
    expect(server.requests[0]!.url).toBe(`/proxy${PATH}`);
    expect(server.requests[0]!.headers['x-webhook-url']).toBeUndefined();
    expect(server.requests[0]!.headers['ocp-apim-subscription-key']).toBe(KEY); // trimmed
  });

  it('refuses paths that could leave the gateway origin', async () => {
    const { client, server } = await gateway((_q, res) => json(res, 202, ACCEPTED));
    await expect(client.submit('@evil.example/x', BODY)).rejects.toThrow(/must start with/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('submit: lost connections', () => {
  it('retries a refused connection (the request never left)', async () => {
    const port = await freePort();
    let server: TestServer | undefined;
    const clock = fakeClock([], async () => {
      // The gateway comes up during the first backoff.
      server ??= await startServer((_q, res) => json(res, 202, ACCEPTED), port);
    });
    const client = new PixazoClient({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: KEY,
      dispatcher: harness.agent,
      clock,
    });
    try {
      await expect(client.submit(PATH, BODY)).resolves.toEqual({
        requestId: ACCEPTED.request_id,
        attempts: 2,
      });
      expect(server?.requests).toHaveLength(1);
    } finally {
      await server?.close();
    }
  });

  it('gives up on a gateway that stays unreachable: transient, request not sent', async () => {
    const port = await freePort();
    const clock = fakeClock();
    const client = new PixazoClient({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: KEY,
      dispatcher: harness.agent,
      clock,
      maxAttempts: 4,
    });
    const err = await rejection<GatewayError>(client.submit(PATH, BODY));
    expect(err).toMatchObject({ kind: 'transient', attempts: 4 });
    expect(err.message).toMatch(/ECONNREFUSED.*request not sent/);
    expect(clock.sleeps).toEqual([500, 1000, 2000]);
  });

  const lost: [string, Handler][] = [
    ['connection reset after the body was read', (req) => req.socket.destroy()],
    ['202 body cut short', (_q, res) => truncate(res, 202, 200, '{"request_id":"gpt-ima')],
    ['202 with a garbled body', (_q, res) => json(res, 202, '<html>oops</html>')],
    ['202 without request_id', (_q, res) => json(res, 202, { status: 'QUEUED' })],
  ];

  test.each(lost)('%s → outcome-unknown, not repeated', async (_name, handler) => {
    const { client, server, clock } = await gateway(handler);
    const err = await rejection<GatewayError>(client.submit(PATH, BODY));
    expect(err).toMatchObject({ kind: 'outcome-unknown', attempts: 1 });
    expect(err.message).toContain('may have accepted');
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('no answer before the deadline → outcome-unknown, not repeated', async () => {
    const { client, server } = await gateway(() => undefined, { requestTimeoutMs: 300 });
    const err = await rejection<GatewayError>(client.submit(PATH, BODY));
    expect(err).toMatchObject({ kind: 'outcome-unknown', attempts: 1 });
    expect(err.message).toContain('no answer within 300 ms');
    expect(server.requests).toHaveLength(1);
  });

  test.each(lost)('%s → resubmitted when retryUnknownSubmits is on', async (_name, handler) => {
    const { client, server, log } = await gateway(
      (req, res, n, body) => (n === 1 ? handler(req, res, n, body) : json(res, 202, ACCEPTED)),
      { retryUnknownSubmits: true },
    );
    // The lost answer travels with the result: the report counts it as possibly charged.
    await expect(client.submit(PATH, BODY)).resolves.toEqual({
      requestId: ACCEPTED.request_id,
      attempts: 2,
      lostAnswers: 1,
    });
    expect(server.requests).toHaveLength(2);
    expect(log.warning.join('\n')).toContain('may be charged twice');
  });

  it('with the opt-in, a submit that keeps losing its answer still ends as outcome-unknown', async () => {
    const { client, server, log } = await gateway((req) => req.socket.destroy(), {
      retryUnknownSubmits: true,
    });
    const err = await rejection<GatewayError>(client.submit(PATH, BODY));
    expect(err).toMatchObject({ kind: 'outcome-unknown', attempts: 3, lostAnswers: 3 });
    expect(server.requests).toHaveLength(3);
    expect(log.warning.filter((l) => l.includes('resubmitting'))).toHaveLength(2);
    expect(log.warning.filter((l) => l.includes('giving up after 3'))).toHaveLength(1);
  });

  it('with the opt-in, a lost answer then a refusal still reports the lost one', async () => {
    const { client } = await gateway(
      (req, res, n) => (n === 1 ? req.socket.destroy() : json(res, 402, SEED.balance)),
      { retryUnknownSubmits: true },
    );
    const err = await rejection<GatewayError>(client.submit(PATH, BODY));
    expect(err).toMatchObject({ kind: 'balance', attempts: 2, lostAnswers: 1 });
  });

  test.each(lost)('%s → one lost answer on the error', async (_name, handler) => {
    const { client } = await gateway(handler);
    const err = await rejection<GatewayError>(client.submit(PATH, BODY));
    expect(err.lostAnswers).toBe(1);
  });

  it('answers that were no acceptance carry no lost answer', async () => {
    const { client } = await gateway((_q, res) => json(res, 503, { error: 'Service Unavailable' }));
    const err = await rejection<GatewayError>(client.submit(PATH, BODY));
    expect(err).toMatchObject({ kind: 'transient', lostAnswers: 0 });
  });

  it('a cancel before sending is "aborted"; nothing is sent', async () => {
    const { client, server } = await gateway((_q, res) => json(res, 202, ACCEPTED));
    const ac = new AbortController();
    ac.abort();
    const err = await rejection<GatewayError>(client.submit(PATH, BODY, { signal: ac.signal }));
    expect(err.kind).toBe('aborted');
    expect(server.requests).toHaveLength(0);
  });

  it('a cancel after sending awaits the answer: the request id of an accepted job is not lost', async () => {
    const ac = new AbortController();
    const { client, server } = await gateway((_q, res) => {
      ac.abort();
      // The answer comes after the cancel, within the grace period.
      setImmediate(() => json(res, 202, ACCEPTED));
    });
    const res = await client.submit(PATH, BODY, { signal: ac.signal, graceMs: 60_000 });
    expect(res.requestId).toBe(ACCEPTED.request_id);
    expect(server.requests).toHaveLength(1);
  });

  it('a cancel after sending whose answer does not come within the grace is outcome-unknown, never resubmitted', async () => {
    const ac = new AbortController();
    const { client, server } = await gateway(() => ac.abort(), { retryUnknownSubmits: true });
    const err = await rejection<GatewayError>(client.submit(PATH, BODY, { signal: ac.signal, graceMs: 20 }));
    expect(err.kind).toBe('outcome-unknown');
    expect(server.requests).toHaveLength(1);
  });
});

describe('construction', () => {
  test.each<[string, Partial<PixazoClientOptions>]>([
    ['no key', { apiKey: '  ' }],
    ['ftp gateway', { baseUrl: 'ftp://gateway.example' }],
    ['bad webhook', { webhookUrl: 'hooks.example' }],
    ['zero cap', { maxImageBytes: 0 }],
    ['NaN attempts', { maxAttempts: Number.NaN }],
  ])('rejects %s', (_name, o) => {
    expect(() => new PixazoClient({ baseUrl: 'https://gateway.pixazo.ai', apiKey: KEY, ...o })).toThrow();
  });

  it('warns when the key would travel over plain http to a remote host', () => {
    const log = recordingLogger();
    new PixazoClient({ baseUrl: 'http://proxy.internal', apiKey: KEY, logger: log.logger });
    expect(log.warning[0]).toContain('unencrypted');
  });
});

describe('submit: 429 handed to the run (concurrency: auto)', () => {
  test.each([
    { hand: true, answers: 1, outcome: 'rate-limited' },
    { hand: false, answers: 2, outcome: 'accepted' },
  ])(
    'handOverRateLimits $hand: $outcome, every 429 told to onRateLimit',
    async ({ hand, answers, outcome }) => {
      const { client, server, clock } = await gateway((_q, res, n) =>
        n === 1
          ? json(res, 429, { error: 'Too Many Requests' }, { 'retry-after': '3' })
          : json(res, 202, ACCEPTED),
      );
      const told: (number | undefined)[] = [];
      const call = client.submit(PATH, BODY, {
        handOverRateLimits: hand,
        onRateLimit: (ms) => told.push(ms),
      });
      if (outcome === 'rate-limited') {
        const err = await call.catch((e: unknown) => e);
        expect(err).toMatchObject({ kind: 'rate-limited', httpStatus: 429, retryAfterMs: 3000, attempts: 1 });
        // Not waited out here: the run's limiter does that, with every other submit.
        expect(clock.sleeps).toEqual([]);
      } else {
        await expect(call).resolves.toMatchObject({ requestId: ACCEPTED.request_id, attempts: 2 });
        expect(clock.sleeps).toEqual([3000]);
      }
      expect(told).toEqual([3000]);
      expect(server.requests).toHaveLength(answers);
    },
  );
});
