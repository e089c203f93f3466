/** Shared fixtures for the gateway tests: loopback servers, image bytes, and the shared fake clock and log recorder. */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, afterEach } from 'vitest';
import { PixazoClient, type PixazoClientOptions } from '../../src/gateway/client.js';
import { padImage } from '../emulator/images.js';
import { type FakeClock, fakeClock, recordingLogger } from '../helpers/recorders.js';

export { fakeClock, recordingLogger };

export const KEY = 'test-key-0123456789abcdef';

/** One request as the server saw it. */
export interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Handler called once the request body has been read in full; `n` counts requests from 1. */
export type Handler = (req: IncomingMessage, res: ServerResponse, n: number, body: string) => void;

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly requests: Recorded[];
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 recording every request. `port` 0 picks a free one. */
export async function startServer(handler: Handler, port = 0): Promise<TestServer> {
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, requests.length, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released): connecting to it is refused. */
export async function freePort(): Promise<number> {
  const s = await startServer(() => undefined);
  await s.close();
  return s.port;
}

/** Answers JSON with a status and optional headers. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Sends the status line, headers and `partial`, then kills the connection mid-body. */
export function truncate(
  res: ServerResponse,
  status: number,
  announced: number,
  partial: Buffer | string,
): void {
  res.writeHead(status, { 'content-length': announced });
  res.write(partial, () => res.socket?.destroy());
}

/** The smallest complete images sharp makes (1×1), grown to any size inside their containers. */
const TINY = {
  png: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAADElEQVQImWM4Y2wMAAMBATOR31alAAAAAElFTkSuQmCC',
  jpeg: '/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAABAAEDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABQf/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCWAAqu/9k=',
  webp: 'UklGRh4AAABXRUJQVlA4TBEAAAAvAAAAAAfQmTJ3pv+BiOh/AAA=',
} as const;

/**
 * Complete 1×1 images of each format, padded inside the container to exactly `size` bytes (at
 * least the tiny image's own size: 90 PNG, 269 JPEG, 38 WebP; WebP sizes are even).
 */
export const image = {
  png: (size = 4096) => padImage(Buffer.from(TINY.png, 'base64'), 'png', size),
  jpeg: (size = 4096) => padImage(Buffer.from(TINY.jpeg, 'base64'), 'jpeg', size),
  webp: (size = 4096) => padImage(Buffer.from(TINY.webp, 'base64'), 'webp', size),
};

/** The seed's documented error bodies. */
export const SEED = {
  badRequest: {
    error: 'Model not found',
    message: "Model 'gpt-image-2-image-to-image' not found or is disabled",
  },
  balance: { error: 'Insufficient Balance', message: 'Your wallet does not have enough balance.' },
};

/** Runs `fn` and returns the error it rejects with (fails the test when it resolves). */
export async function rejection<E = Error>(p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (err) {
    return err as E;
  }
  throw new Error('expected a rejection');
}

/** Loopback servers closed after each test, and real clients against them (see {@link gatewayHarness}). */
export interface GatewayHarness {
  /** One undici Agent for the file's clients, closed after the file. */
  readonly agent: Agent;
  /** A loopback server, closed after the test. */
  serve(handler: Handler): Promise<TestServer>;
  /** A server and the real client against it: fake clock, recording logger, the shared agent, three attempts. */
  client(
    handler: Handler,
    opts?: Partial<PixazoClientOptions>,
  ): Promise<{
    server: TestServer;
    clock: FakeClock;
    log: ReturnType<typeof recordingLogger>;
    client: PixazoClient;
  }>;
}

/** A gateway test file's servers and clients; `defaults` go into every client (a test's `opts` win). */
export function gatewayHarness(defaults: Partial<PixazoClientOptions> = {}): GatewayHarness {
  const agent = new Agent();
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  afterAll(() => agent.close());
  const serve = async (handler: Handler): Promise<TestServer> => {
    const server = await startServer(handler);
    servers.push(server);
    return server;
  };
  return {
    agent,
    serve,
    async client(handler, opts = {}) {
      const server = await serve(handler);
      const clock = fakeClock();
      const log = recordingLogger();
      const client = new PixazoClient({
        baseUrl: server.url,
        apiKey: KEY,
        dispatcher: agent,
        clock,
        logger: log.logger,
        maxAttempts: 3,
        ...defaults,
        ...opts,
      });
      return { server, clock, log, client };
    },
  };
}
