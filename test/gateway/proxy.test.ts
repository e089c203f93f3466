/**
 * The client's default dispatcher honours HTTP_PROXY / HTTPS_PROXY / NO_PROXY for submits, polls and
 * media downloads alike. A small forward proxy on loopback stands in front of the emulator: it
 * forwards absolute-URI requests (what undici sends for `http://` targets) and opens CONNECT tunnels
 * (what it does for `https://` ones). undici does not exempt loopback hosts by itself, so every test
 * sets NO_PROXY explicitly ('' = proxy everything) and clears the lower-case variables, which win.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { type AddressInfo, connect, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PixazoClient } from '../../src/gateway/client.js';
import { DEFAULT_API_KEY, type Emulator, SUBMIT_PATH_OF, startEmulator } from '../emulator/index.js';

interface ForwardProxy {
  readonly url: string;
  /** `GET http://host/path`, `CONNECT host:port`, in arrival order. */
  readonly seen: string[];
  /** Local ports of the proxy's tunnel sockets: what the far end sees as the client's port. */
  readonly tunnelPorts: Set<number>;
  close(): Promise<void>;
}

async function listen(server: Server | HttpsServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server | HttpsServer, sockets: Iterable<Socket> = []): Promise<void> {
  for (const s of sockets) s.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A forward proxy: absolute-URI GET/POST forwarding and CONNECT tunnels. */
async function startProxy(): Promise<ForwardProxy> {
  const seen: string[] = [];
  const tunnelPorts = new Set<number>();
  const tunnels = new Set<Socket>();
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      tunnelPorts.add(upstream.localPort!);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    tunnels.add(upstream).add(client);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const address = await listen(server);
  return { url: `http://${address}`, seen, tunnelPorts, close: () => close(server, tunnels) };
}

/** A key and certificate for 127.0.0.1, valid for a day. */
function selfSignedCertificate(dir: string): { key: string; cert: string } {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1']
      .concat(['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'])
      .concat(['-keyout', key, '-out', cert]),
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

/**
 * The emulator behind TLS: each request is passed on to it, and its own base URL in JSON answers
 * becomes the front's, so polling and media URLs are https too. Records the client port of each
 * request it serves.
 */
async function startTlsFront(
  emu: Emulator,
  creds: { key: string; cert: string },
): Promise<{ url: string; clientPorts: number[]; close(): Promise<void> }> {
  const clientPorts: number[] = [];
  let url = '';
  const server = createHttpsServer(creds, (req, res) => {
    clientPorts.push(req.socket.remotePort!);
    const upstream = httpRequest(
      `${emu.url}${req.url}`,
      { method: req.method, headers: req.headers },
      async (answer) => {
        const chunks: Buffer[] = [];
        for await (const c of answer) chunks.push(c as Buffer);
        let body = Buffer.concat(chunks);
        if (/json/.test(String(answer.headers['content-type'])))
          body = Buffer.from(body.toString('utf8').replaceAll(emu.url, url));
        const { 'transfer-encoding': _chunked, ...headers } = answer.headers;
        res.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': String(body.length) });
        res.end(body);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  url = `https://${await listen(server)}`;
  return { url, clientPorts, close: () => close(server) };
}

const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
let savedEnv: Record<string, string | undefined>;
beforeEach(() => {
  savedEnv = Object.fromEntries(PROXY_VARIABLES.map((k) => [k, process.env[k]]));
  for (const k of PROXY_VARIABLES) delete process.env[k];
});
afterEach(() => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

let emu: Emulator;
let proxy: ForwardProxy;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator({ latency: 10, queuedFraction: 0 });
  dir = await mkdtemp(path.join(os.tmpdir(), 'pixazo-proxy-'));
});
afterAll(async () => {
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  emu.resetCounters();
  proxy = await startProxy();
});
afterEach(() => proxy.close());

/** One image the way the engine gets it: submit, poll until done, download. */
async function generateOne(client: PixazoClient): Promise<void> {
  const { requestId } = await client.submit(SUBMIT_PATH_OF['gpt-image-2-text-to-image'], {
    prompt: 'a lighthouse',
    output_format: 'png',
  });
  let status = await client.status(requestId);
  while (status.status === 'QUEUED' || status.status === 'PROCESSING') {
    await sleep(10);
    status = await client.status(requestId);
  }
  expect(status.status).toBe('COMPLETED');
  const dest = path.join(dir, `${requestId}.png`);
  const file = await client.download(status.mediaUrls[0]!, dest, 'png');
  expect(file.format).toBe('png');
  expect((await readFile(dest)).length).toBe(file.bytes);
}

describe('HTTP_PROXY with an http gateway: absolute-URI forwarding', () => {
  it('sends every submit, status poll and media download through the proxy', async () => {
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '';
    await generateOne(new PixazoClient({ baseUrl: emu.url, apiKey: DEFAULT_API_KEY }));

    const kinds = emu.log.map((r) => r.kind);
    expect(kinds[0]).toBe('submit');
    expect(kinds).toContain('status');
    expect(kinds.at(-1)).toBe('media');
    // One proxied request per request the emulator answered, in the same order, to the same paths.
    expect(proxy.seen).toEqual(emu.log.map((r) => `${r.method} ${emu.url}${r.path}`));
  });

  it('NO_PROXY naming the gateway host bypasses the proxy', async () => {
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '127.0.0.1';
    await generateOne(new PixazoClient({ baseUrl: emu.url, apiKey: DEFAULT_API_KEY }));
    expect(emu.log.map((r) => r.kind)).toContain('media');
    expect(proxy.seen).toEqual([]);
  });

  it('without proxy variables, requests go straight to the gateway', async () => {
    await generateOne(new PixazoClient({ baseUrl: emu.url, apiKey: DEFAULT_API_KEY }));
    expect(emu.log.map((r) => r.kind)).toContain('media');
    expect(proxy.seen).toEqual([]);
  });
});

describe('HTTPS_PROXY with an https gateway: CONNECT tunnels', () => {
  let front: { url: string; clientPorts: number[]; close(): Promise<void> };
  let savedCAs: string[];

  // Each test file runs in its own process, so trusting a throwaway certificate stays in this file.
  beforeAll(async () => {
    const creds = selfSignedCertificate(dir);
    savedCAs = tls.getCACertificates('default');
    tls.setDefaultCACertificates([...savedCAs, creds.cert]);
    front = await startTlsFront(emu, creds);
  });
  afterAll(async () => {
    tls.setDefaultCACertificates(savedCAs);
    await front.close();
  });

  it('tunnels every submit, status poll and media download through the proxy', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = '';
    await generateOne(new PixazoClient({ baseUrl: front.url, apiKey: DEFAULT_API_KEY }));

    const host = new URL(front.url).host;
    expect(proxy.seen.length).toBeGreaterThan(0);
    expect(proxy.seen.every((s) => s === `CONNECT ${host}`)).toBe(true);
    const kinds = emu.log.map((r) => r.kind);
    expect(kinds[0]).toBe('submit');
    expect(kinds).toContain('status');
    expect(kinds.at(-1)).toBe('media');
    // Every request the front served arrived through one of the proxy's tunnels.
    expect(front.clientPorts).toHaveLength(emu.log.length);
    expect(front.clientPorts.every((p) => proxy.tunnelPorts.has(p))).toBe(true);
  });

  it('NO_PROXY bypasses the proxy for https too', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = 'localhost,127.0.0.1';
    await generateOne(new PixazoClient({ baseUrl: front.url, apiKey: DEFAULT_API_KEY }));
    expect(emu.log.map((r) => r.kind)).toContain('media');
    expect(proxy.seen).toEqual([]);
    expect(front.clientPorts.some((p) => proxy.tunnelPorts.has(p))).toBe(false);
  });
});
