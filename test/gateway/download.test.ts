import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { DOWNLOADS_AT_ONCE, PixazoClient, type PixazoClientOptions } from '../../src/gateway/client.js';
import type { GatewayError } from '../../src/gateway/types.js';
import type { OutputFormat } from '../../src/models/registry.js';
import { fakeClock, gatewayHarness, type Handler, image, json, KEY, rejection, truncate } from './helpers.js';

/** A media host and a client whose gateway is loopback http (so http media is allowed). */
const harness = gatewayHarness({ baseUrl: 'http://127.0.0.1:9' });
let dir: string;
let n = 0;
const dest = () => join(dir, `out-${++n}.tmp`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gateway-dl-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function serveBytes(
  bytes: Buffer,
  headers: Record<string, string | number> = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return (_q, res) => {
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': bytes.length,
      ...headers,
    });
    res.end(bytes);
  };
}

async function media(handler: Handler, opts: Partial<PixazoClientOptions> = {}) {
  const made = await harness.client(handler, opts);
  return { ...made, url: `${made.server.url}/v1/req_1/output.ext?sig=secret-signature` };
}

describe('download: happy path', () => {
  test.each<[OutputFormat, Buffer]>([
    ['png', image.png(70_000)],
    ['jpeg', image.jpeg(5000)],
    ['webp', image.webp(38)],
  ])('%s: streamed to the file, hashed and counted', async (format, bytes) => {
    const { client, url } = await media(serveBytes(bytes));
    const file = dest();
    const result = await client.download(url, file, format);
    expect(result).toEqual({
      path: file,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      format,
      // What the verifier learnt while the bytes streamed: passed on, so nothing reads them again.
      dimensions: { width: 1, height: 1 },
      contentCredentials: false,
    });
    expect(await readFile(file)).toEqual(bytes);
  });

  it('accepts a chunked body without Content-Length', async () => {
    const bytes = image.png(20_000);
    const { client, url } = await media((_q, res) => {
      res.writeHead(200);
      res.write(bytes.subarray(0, 5));
      res.end(bytes.subarray(5));
    });
    await expect(client.download(url, dest(), 'png')).resolves.toMatchObject({ bytes: 20_000 });
  });

  it('follows a redirect on the media host', async () => {
    const bytes = image.webp(300);
    const { client, server, url } = await media((q, res) => {
      if (q.url?.startsWith('/final')) return serveBytes(bytes)(q, res);
      res.writeHead(302, { location: '/final' }).end();
    });
    await expect(client.download(url, dest(), 'webp')).resolves.toMatchObject({ bytes: 300 });
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v1/req_1/output.ext?sig=secret-signature',
      '/final',
    ]);
  });
});

describe('download: bounded', () => {
  it(`at most ${DOWNLOADS_AT_ONCE} downloads at once; the others wait for a place`, async () => {
    const bytes = image.png(2000);
    const held: ServerResponse[] = [];
    let full!: () => void;
    const filled = new Promise<void>((resolve) => {
      full = resolve;
    });
    let release = false;
    const { client, server } = await media((q, res) => {
      if (release) return serveBytes(bytes)(q, res);
      held.push(res);
      if (held.length === DOWNLOADS_AT_ONCE) full();
    });
    const all = Promise.all(
      Array.from({ length: DOWNLOADS_AT_ONCE + 2 }, (_, i) =>
        client.download(`${server.url}/v1/req_${i}/output.png`, dest(), 'png'),
      ),
    );
    await filled;
    // Only to let a request that should not have been sent arrive: the bound holds whatever the wait.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests.length).toBe(DOWNLOADS_AT_ONCE);
    release = true;
    for (const res of held) serveBytes(bytes)(undefined as never, res);
    const results = await all;
    expect(results.map((r) => r.bytes)).toEqual(Array(DOWNLOADS_AT_ONCE + 2).fill(bytes.length));
    expect(server.requests.length).toBe(DOWNLOADS_AT_ONCE + 2);
  });
});

describe('download: the key stays with the gateway', () => {
  it('status goes to the gateway with the key; the media host never sees it', async () => {
    const bytes = image.png(1000);
    const cdn = await harness.serve(serveBytes(bytes));
    const gw = await harness.serve((_q, res) =>
      json(res, 200, {
        request_id: 'r1',
        status: 'COMPLETED',
        output: { media_url: [`${cdn.url}/r1/output.ext`] },
      }),
    );
    const client = new PixazoClient({
      baseUrl: gw.url,
      apiKey: KEY,
      dispatcher: harness.agent,
      clock: fakeClock(),
    });
    const status = await client.status('r1');
    await client.download(status.mediaUrls[0]!, dest(), 'png');
    expect(gw.requests[0]!.headers['ocp-apim-subscription-key']).toBe(KEY);
    expect(cdn.requests).toHaveLength(1);
    const sent = cdn.requests[0]!.headers;
    expect(sent['ocp-apim-subscription-key']).toBeUndefined();
    expect(JSON.stringify(sent)).not.toContain(KEY);
  });

  it('even when the media URL is on the gateway origin itself', async () => {
    const gw = await harness.serve(serveBytes(image.png(100)));
    const client = new PixazoClient({
      baseUrl: gw.url,
      apiKey: KEY,
      dispatcher: harness.agent,
      clock: fakeClock(),
    });
    await client.download(`${gw.url}/media/x`, dest(), 'png');
    expect(gw.requests[0]!.headers['ocp-apim-subscription-key']).toBeUndefined();
  });
});

describe('download: incomplete or damaged images (the verifier) are retried, never written', () => {
  const cutOff =
    (bytes: Buffer): Handler =>
    (_q, res) => {
      // No Content-Length, a clean end: only a walk over the image can tell it stopped early.
      res.writeHead(200);
      res.end(bytes);
    };
  const png = image.png(3000);
  const crcBroken = Buffer.from(png);
  crcBroken[40]! ^= 0x01;
  test.each<[string, Buffer, RegExp]>([
    ['cut off without Content-Length', png.subarray(0, 1500), /ends early, after 1500 bytes/],
    ['empty', Buffer.alloc(0), /is empty/],
    ['a damaged chunk (bad CRC)', crcBroken, /has a bad CRC/],
    [
      'bytes after IEND',
      Buffer.concat([png, Buffer.from('<html>')]),
      /6 more byte\(s\) after the end of the image/,
    ],
  ])('%s: retried within the policy, then fails with no file left', async (_name, body, message) => {
    const { client, server, url } = await media(cutOff(body));
    const file = dest();
    const err = await rejection<GatewayError>(client.download(url, file, 'png'));
    expect(err).toMatchObject({ kind: 'download', attempts: 3 });
    expect(err.message).toMatch(message);
    expect(server.requests).toHaveLength(3);
    expect(existsSync(file)).toBe(false);
  });

  it('a cut-off first attempt is replaced by a complete second one', async () => {
    const bytes = image.jpeg(5000);
    const { client, url } = await media((q, res, n) =>
      cutOff(n === 1 ? bytes.subarray(0, 2500) : bytes)(q, res, n, ''),
    );
    const file = dest();
    await expect(client.download(url, file, 'jpeg')).resolves.toMatchObject({ bytes: 5000 });
    expect(await readFile(file)).toEqual(bytes);
  });
});

describe('download: failures', () => {
  it('a body shorter than Content-Length is retried, then fails and leaves no file', async () => {
    const { client, server, clock, log, url } = await media((_q, res) =>
      truncate(res, 200, 1000, image.png(400)),
    );
    const file = dest();
    const err = await rejection<GatewayError>(client.download(url, file, 'png'));
    expect(err).toMatchObject({ kind: 'download', attempts: 3 });
    expect(server.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(existsSync(file)).toBe(false);
    expect(log.warning[0]).toContain('giving up after 3 attempts');
    // The signature in the query string stays out of messages.
    expect(err.message).not.toContain('secret-signature');
  });

  it('a truncated first attempt is replaced by a complete second one', async () => {
    const bytes = image.jpeg(2000);
    const { client, url } = await media((q, res, count) =>
      count === 1 ? truncate(res, 200, bytes.length, bytes.subarray(0, 700)) : serveBytes(bytes)(q, res),
    );
    const file = dest();
    await expect(client.download(url, file, 'jpeg')).resolves.toMatchObject({ bytes: 2000 });
    expect(await readFile(file)).toEqual(bytes);
  });

  test.each<[string, Handler]>([
    ['503', (_q, res) => json(res, 503, 'busy')],
    ['429 with Retry-After', (_q, res) => json(res, 429, '', { 'retry-after': '2' })],
    ['reset before headers', (req) => req.socket.destroy()],
  ])('%s is retried', async (_name, handler) => {
    const bytes = image.png(500);
    const { client, server, url } = await media((q, res, count, body) =>
      count === 1 ? handler(q, res, count, body) : serveBytes(bytes)(q, res),
    );
    await expect(client.download(url, dest(), 'png')).resolves.toMatchObject({ bytes: 500 });
    expect(server.requests).toHaveLength(2);
  });

  test.each<[string, Handler, OutputFormat, RegExp]>([
    [
      'oversize by Content-Length',
      serveBytes(image.png(5000)),
      'png',
      /5000 bytes announced, over the limit of 1000/,
    ],
    [
      'oversize while streaming (no Content-Length)',
      (_q, res) => {
        res.writeHead(200);
        res.end(image.png(5000));
      },
      'png',
      /larger than the limit of 1000 bytes/,
    ],
    ['wrong format', serveBytes(image.png(800)), 'webp', /is png, expected webp/],
    ['not an image', serveBytes(Buffer.from('<html>Access denied</html>')), 'png', /not a PNG, JPEG or WebP/],
    [
      'a few bytes of another signature',
      serveBytes(Buffer.from('\x89PNG')),
      'jpeg',
      /not a PNG, JPEG or WebP/,
    ],
    ['404', (_q, res) => json(res, 404, 'NoSuchKey'), 'png', /HTTP 404/],
  ])('%s → final download error, no retry, no file', async (_name, handler, format, message) => {
    const { client, server, url } = await media(handler, { maxImageBytes: 1000 });
    const file = dest();
    const err = await rejection<GatewayError>(client.download(url, file, format));
    expect(err).toMatchObject({ kind: 'download', attempts: 1 });
    expect(err.message).toMatch(message);
    expect(server.requests).toHaveLength(1);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses plain http media when the gateway is not loopback http', async () => {
    const { server } = await media(serveBytes(image.png(100)));
    const client = new PixazoClient({
      baseUrl: 'https://gateway.pixazo.ai',
      apiKey: KEY,
      dispatcher: harness.agent,
      clock: fakeClock(),
    });
    const err = await rejection<GatewayError>(client.download(`${server.url}/x.png`, dest(), 'png'));
    expect(err.kind).toBe('download');
    expect(err.message).toContain('must be https');
    expect(server.requests).toHaveLength(0);
  });

  test.each([
    'file:///etc/passwd',
    'ftp://cdn.example/x.png',
    'data:image/png;base64,iVBORw0KGgo=',
    'not a url',
  ])('refuses %s', async (url) => {
    const { client } = await media(serveBytes(image.png(100)));
    await expect(client.download(url, dest(), 'png')).rejects.toMatchObject({ kind: 'download' });
  });

  it('a cancel mid-body ends with "aborted" and no file', async () => {
    const ac = new AbortController();
    // Headers and a first chunk, then silence: the file is open and partly written when we cancel.
    const { client, url } = await media((_q, res) => {
      res.writeHead(200, { 'content-length': 10_000 });
      res.write(image.png(100));
    });
    const file = dest();
    const pending = rejection<GatewayError>(client.download(url, file, 'png', ac.signal));
    while (!existsSync(file)) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    const err = await pending;
    expect(err.kind).toBe('aborted');
    expect(existsSync(file)).toBe(false);
  });
});
