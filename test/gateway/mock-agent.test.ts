/**
 * The client against undici's MockAgent with the network disabled: https origins (the real
 * gateway's shape) without any socket, and injected transport errors.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errors, MockAgent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, test } from 'vitest';
import { PixazoClient } from '../../src/gateway/client.js';
import type { GatewayError } from '../../src/gateway/types.js';
import { fakeClock, image, KEY, rejection } from './helpers.js';

const GATEWAY = 'https://gateway.pixazo.ai';
const CDN = 'https://pub-582b7213209642b9b995c96c95a30381.r2.dev';
const PATH = '/gpt-image-1-5-api-923/v1/gpt-image-1-5-api-request';
const ACCEPTED = { request_id: 'gpt-image-1-5-api-923_019d', status: 'QUEUED' };

let mock: MockAgent;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gateway-mock-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => {
  mock = new MockAgent();
  mock.disableNetConnect();
});
afterEach(() => mock.close());

const client = (o: { retryUnknownSubmits?: boolean } = {}) =>
  new PixazoClient({
    baseUrl: GATEWAY,
    apiKey: KEY,
    dispatcher: mock,
    clock: fakeClock(),
    maxAttempts: 3,
    ...o,
  });

const keyed = {
  'Ocp-Apim-Subscription-Key': KEY,
  'Cache-Control': 'no-cache',
  'Content-Type': 'application/json',
};

describe('submit through MockAgent', () => {
  it('posts to the https gateway with the documented headers', async () => {
    mock.get(GATEWAY).intercept({ path: PATH, method: 'POST', headers: keyed }).reply(202, ACCEPTED);
    await expect(client().submit(PATH, { prompt: 'x' })).resolves.toEqual({
      requestId: ACCEPTED.request_id,
      attempts: 1,
    });
    mock.assertNoPendingInterceptors();
  });

  const connectError = () =>
    Object.assign(new Error('connect ECONNREFUSED 203.0.113.1:443'), { code: 'ECONNREFUSED' });
  test.each([
    ['ECONNREFUSED', connectError],
    ['connect timeout', () => new errors.ConnectTimeoutError()],
  ])('%s is retried', async (_name, make) => {
    const pool = mock.get(GATEWAY);
    pool.intercept({ path: PATH, method: 'POST' }).replyWithError(make());
    pool.intercept({ path: PATH, method: 'POST' }).reply(202, ACCEPTED);
    await expect(client().submit(PATH, { prompt: 'x' })).resolves.toMatchObject({ attempts: 2 });
  });

  test.each([
    ['headers timeout', () => new errors.HeadersTimeoutError()],
    ['body timeout', () => new errors.BodyTimeoutError()],
    ['short response', () => new errors.ResponseContentLengthMismatchError()],
  ])('%s means the request was out: outcome-unknown, not repeated', async (_name, make) => {
    const pool = mock.get(GATEWAY);
    pool.intercept({ path: PATH, method: 'POST' }).replyWithError(make());
    pool.intercept({ path: PATH, method: 'POST' }).reply(202, ACCEPTED);
    const err = await rejection<GatewayError>(client().submit(PATH, { prompt: 'x' }));
    expect(err).toMatchObject({ kind: 'outcome-unknown', attempts: 1 });
    expect(mock.pendingInterceptors()).toHaveLength(1); // the 202 was never asked for
  });

  it('with retryUnknownSubmits the lost answer is resubmitted', async () => {
    const pool = mock.get(GATEWAY);
    pool.intercept({ path: PATH, method: 'POST' }).replyWithError(new errors.HeadersTimeoutError());
    pool.intercept({ path: PATH, method: 'POST' }).reply(202, ACCEPTED);
    const opted = client({ retryUnknownSubmits: true });
    await expect(opted.submit(PATH, { prompt: 'x' })).resolves.toMatchObject({ attempts: 2 });
  });
});

describe('download through MockAgent', () => {
  it('fetches https media without the key', async () => {
    const png = image.png(2048);
    mock
      .get(CDN)
      .intercept({
        path: '/v1/req/output.ext',
        method: 'GET',
        headers: (h: Record<string, string>) =>
          !Object.keys(h).some((k) => k.toLowerCase() === 'ocp-apim-subscription-key'),
      })
      .reply(200, png, {
        headers: { 'content-length': String(png.length), 'content-type': 'application/octet-stream' },
      });
    await expect(
      client().download(`${CDN}/v1/req/output.ext`, join(dir, 'a.png'), 'png'),
    ).resolves.toMatchObject({
      bytes: 2048,
      format: 'png',
    });
  });

  it('refuses a redirect that downgrades to http', async () => {
    mock
      .get(CDN)
      .intercept({ path: '/v1/req/output.ext', method: 'GET' })
      .reply(302, '', { headers: { location: 'http://cdn.example/out.png' } });
    const err = await rejection<GatewayError>(
      client().download(`${CDN}/v1/req/output.ext`, join(dir, 'b.png'), 'png'),
    );
    expect(err.kind).toBe('download');
    expect(err.message).toContain('must be https');
  });
});
