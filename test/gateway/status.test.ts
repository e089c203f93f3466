import { describe, expect, it, test } from 'vitest';
import type { GatewayError } from '../../src/gateway/types.js';
import { gatewayHarness, type Handler, json, KEY, rejection, truncate } from './helpers.js';

const ID = 'gpt-image-1-5-api-923_019d0000-aaaa';
const COMPLETED = {
  request_id: ID,
  status: 'COMPLETED',
  model_id: 'gpt-image-1-5-api-923',
  error: null,
  output: { media_url: ['https://cdn.example/v1/out.png'], media_type: 'application/octet-stream' },
  created_at: '2026-03-31T10:00:00.000Z',
  updated_at: '2026-03-31T10:00:15.000Z',
  completed_at: '2026-03-31T10:00:15.000Z',
};

const harness = gatewayHarness({ webhookUrl: 'https://hooks.example/cb' });
const gateway = (handler: Handler) => harness.client(handler);

describe('status', () => {
  it('parses a COMPLETED answer and sends the gateway headers (no webhook)', async () => {
    const { client, server } = await gateway((_q, res) => json(res, 200, COMPLETED));
    await expect(client.status(ID)).resolves.toEqual({
      requestId: ID,
      status: 'COMPLETED',
      error: null,
      mediaUrls: ['https://cdn.example/v1/out.png'],
      mediaType: 'application/octet-stream',
      createdAt: '2026-03-31T10:00:00.000Z',
      completedAt: '2026-03-31T10:00:15.000Z',
    });
    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'GET', url: `/v2/requests/status/${ID}` });
    expect(req!.headers['ocp-apim-subscription-key']).toBe(KEY);
    expect(req!.headers['cache-control']).toBe('no-cache');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['x-webhook-url']).toBeUndefined();
  });

  it('encodes the request id into the path', async () => {
    const { client, server } = await gateway((_q, res) => json(res, 200, { status: 'QUEUED' }));
    await client.status('a/b c?d');
    expect(server.requests[0]!.url).toBe('/v2/requests/status/a%2Fb%20c%3Fd');
  });

  test.each([
    [{ request_id: ID, status: 'QUEUED', output: null }, 'QUEUED', null],
    [{ request_id: ID, status: 'PROCESSING' }, 'PROCESSING', null],
    [
      { request_id: ID, status: 'FAILED', error: 'content policy violation', output: null },
      'FAILED',
      'content policy violation',
    ],
    [
      { request_id: ID, status: 'ERROR', error: `upstream said ${KEY}\n::error::x` },
      'ERROR',
      'upstream said *** ::error::x',
    ],
  ])('%j', async (body, status, error) => {
    const { client } = await gateway((_q, res) => json(res, 200, body));
    const result = await client.status(ID);
    expect(result).toMatchObject({ status, error, mediaUrls: [] });
  });

  const garbled: [string, Handler][] = [
    ['not JSON', (_q, res) => json(res, 200, '<html>502</html>')],
    ['truncated JSON', (_q, res) => truncate(res, 200, 400, '{"request_id":"gpt-image-1-5')],
    ['unknown status', (_q, res) => json(res, 200, { request_id: ID, status: 'DONE' })],
    [
      'COMPLETED without media',
      (_q, res) => json(res, 200, { request_id: ID, status: 'COMPLETED', output: { media_url: [] } }),
    ],
    [
      'media_url not strings',
      (_q, res) => json(res, 200, { status: 'COMPLETED', output: { media_url: [42] } }),
    ],
    ['about another request', (_q, res) => json(res, 200, { ...COMPLETED, request_id: 'other' })],
    ['connection reset', (req) => req.socket.destroy()],
    ['500', (_q, res) => json(res, 500, { error: 'Internal Server Error' })],
    ['429', (_q, res) => json(res, 429, { error: 'Too Many Requests' })],
  ];

  test.each(garbled)('%s is retried', async (_name, handler) => {
    const { client, server, clock } = await gateway((req, res, n, body) =>
      n === 1 ? handler(req, res, n, body) : json(res, 200, COMPLETED),
    );
    await expect(client.status(ID)).resolves.toMatchObject({ status: 'COMPLETED' });
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([500]);
  });

  test.each([
    ['not JSON', garbled[0]![1], 'protocol'],
    ['COMPLETED without media', garbled[3]![1], 'protocol'],
    ['connection reset', garbled[6]![1], 'transient'],
    ['503', ((_q, res) => json(res, 503, 'down')) as Handler, 'transient'],
  ])('%s every time → %s after all attempts, with a warning', async (_name, handler, kind) => {
    const { client, server, log } = await gateway(handler);
    const err = await rejection<GatewayError>(client.status(ID));
    expect(err).toMatchObject({ kind, attempts: 3 });
    expect(server.requests).toHaveLength(3);
    expect(log.warning[0]).toContain('giving up after 3 attempts');
  });

  test.each([
    [404, 'not-found'],
    [401, 'auth'],
    [403, 'auth'],
    [400, 'protocol'],
  ])('%i → %s, not retried', async (status, kind) => {
    const { client, server } = await gateway((_q, res) => json(res, status, { error: 'nope' }));
    const err = await rejection<GatewayError>(client.status(ID));
    expect(err).toMatchObject({ kind, httpStatus: status, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('never retries past the deadline (the poll-timeout): gives up with the last error instead', async () => {
    const { client, server, clock } = await gateway((_q, res) => json(res, 503, {}, { 'retry-after': '3' }));
    // A deadline 5 s away: one wait of 3 s fits, the next would end past it.
    const err = await rejection<GatewayError>(client.status(ID, { deadline: clock.now() + 5000 }));
    expect(err).toMatchObject({ kind: 'transient', httpStatus: 503, attempts: 2 });
    expect(err.message).toContain('at the deadline');
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([3000]);
  });

  it('honours Retry-After on 429', async () => {
    const { client, clock } = await gateway((_q, res, n) =>
      n === 1 ? json(res, 429, {}, { 'retry-after': '3' }) : json(res, 200, COMPLETED),
    );
    await client.status(ID);
    expect(clock.sleeps).toEqual([3000]);
  });
});
