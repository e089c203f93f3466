/**
 * A local fake of the GitHub Actions results service: just enough of the twirp JSON API and of the
 * Azure blob protocol for the REAL `@actions/cache` (service v2) and `@actions/artifact` to save,
 * restore and upload against it. Loopback only, random port.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One cache entry, as the service stores it. */
export interface CacheEntry {
  key: string;
  version: string;
  blobId: string;
  /** Set by FinalizeCacheEntryUpload; unfinalized entries are invisible to restores. */
  finalized: boolean;
  sizeBytes?: number;
  entryId: number;
  /** Creation order: restore keys pick the newest match. */
  seq: number;
}

/** One artifact, as the service stores it (bytes are the uploaded zip). */
export interface ArtifactRecord {
  id: number;
  name: string;
  runId: string;
  jobId: string;
  finalized: boolean;
  size?: number;
  bytes?: Buffer;
  mimeType?: string;
  hash?: string;
  expiresAt?: string;
  /** Days from creation to `expires_at`, rounded; undefined when no retention was asked for. */
  retentionDays?: number;
}

export interface ResultsService {
  /** The value for ACTIONS_RESULTS_URL (with a trailing slash, like the runner's). */
  url: string;
  /** Environment that makes both libraries talk to this fake (service v2, an unsigned runtime JWT). */
  env(runId?: string, jobId?: string): Record<string, string>;
  /** Cache entries by key. Keys are immutable: stricter than GitHub, which keys by key + version. */
  caches: Map<string, CacheEntry>;
  artifacts: ArtifactRecord[];
  /** Every request as `METHOD path` (query stripped), for assertions about what was called. */
  requests: string[];
  /** When true every twirp call answers 503, as a service outage would. */
  failAll: boolean;
  /** Forget every cache entry, artifact and request; answer again. */
  reset(): void;
  close(): Promise<void>;
}

interface Blob {
  data?: Buffer;
  blocks: Map<string, Buffer>;
}

const CACHE = '/twirp/github.actions.results.api.v1.CacheService/';
const ARTIFACT = '/twirp/github.actions.results.api.v1.ArtifactService/';
const DAY_MS = 86_400_000;

class TwirpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned JWT carrying the scope claim @actions/artifact reads its backend ids from. */
export function runtimeToken(runId: string, jobId: string): string {
  const payload = { scp: `Actions.GenericRead:0 Actions.Results:${runId}:${jobId}`, iss: 'fake' };
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
}

/** The run and job ids in a bearer token's `Actions.Results` scope, if any. */
function scopeOf(req: IncomingMessage): { runId: string; jobId: string } | undefined {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const { scp } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { scp?: string };
    const scope = scp?.split(' ').find((s) => s.startsWith('Actions.Results:'));
    const [, runId, jobId] = scope?.split(':') ?? [];
    return runId && jobId ? { runId, jobId } : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the fake on 127.0.0.1 (an IP host makes the Azure SDK use path-style blob URLs). */
export async function startResultsService(): Promise<ResultsService> {
  const blobs = new Map<string, Blob>();
  /** sig → what it grants: signed URLs are capabilities, as in Azure. */
  const sigs = new Map<string, { blobId: string; perm: 'r' | 'w' }>();
  let seq = 0;
  let origin = '';

  const signedUrl = (container: string, blobId: string, perm: 'r' | 'w'): string => {
    // Long and random: the libraries mask `sig` as a secret, and a short value would mask noise.
    const sig = randomBytes(32).toString('base64');
    sigs.set(sig, { blobId, perm });
    const expiry = new Date(Date.now() + DAY_MS).toISOString();
    const query = new URLSearchParams({ sv: '2024-11-04', se: expiry, sr: 'b', sp: perm, sig });
    return `${origin}/devstoreaccount1/${container}/${blobId}?${query}`;
  };

  const newBlob = (): string => {
    const id = randomBytes(8).toString('hex');
    blobs.set(id, { blocks: new Map() });
    return id;
  };

  const service: ResultsService = {
    url: '',
    caches: new Map(),
    artifacts: [],
    requests: [],
    failAll: false,
    env: (runId = '1', jobId = '1') => ({
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: service.url,
      ACTIONS_RUNTIME_TOKEN: runtimeToken(runId, jobId),
      // Both libraries refuse to run (or fall back to v1) when they think they are on GHES.
      GITHUB_SERVER_URL: 'https://github.com',
    }),
    reset() {
      service.caches.clear();
      service.artifacts.length = 0;
      service.requests.length = 0;
      service.failAll = false;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  type Json = Record<string, unknown>;
  const str = (body: Json, field: string): string => {
    const value = body[field];
    if (typeof value !== 'string' || value === '')
      throw new TwirpError(400, 'invalid_argument', `${field} required`);
    return value;
  };

  const cacheRoutes: Record<string, (body: Json) => Json> = {
    CreateCacheEntry(body) {
      const key = str(body, 'key');
      const version = str(body, 'version');
      if (service.caches.has(key)) {
        // What GitHub answers; @actions/cache turns it into a soft -1 (logged with core.info).
        throw new TwirpError(
          409,
          'already_exists',
          'cache entry with the same key, version, and scope already exists',
        );
      }
      const blobId = newBlob();
      service.caches.set(key, { key, version, blobId, finalized: false, entryId: 0, seq: ++seq });
      return { ok: true, signed_upload_url: signedUrl('cache', blobId, 'w') };
    },
    FinalizeCacheEntryUpload(body) {
      const entry = service.caches.get(str(body, 'key'));
      if (!entry || entry.version !== body.version || entry.finalized)
        return { ok: false, message: 'no such upload' };
      const data = blobs.get(entry.blobId)?.data;
      const size = Number(body.size_bytes ?? 0);
      if (!data || data.length !== size) return { ok: false, message: `size mismatch: got ${data?.length}` };
      Object.assign(entry, { finalized: true, sizeBytes: size, entryId: ++seq });
      return { ok: true, entry_id: String(entry.entryId) };
    },
    GetCacheEntryDownloadURL(body) {
      const key = str(body, 'key');
      const version = str(body, 'version');
      const usable = [...service.caches.values()].filter((e) => e.finalized && e.version === version);
      const exact = usable.find((e) => e.key === key);
      const restoreKeys = Array.isArray(body.restore_keys) ? (body.restore_keys as string[]) : [];
      let match = exact;
      for (const prefix of restoreKeys) {
        if (match) break;
        match = usable.filter((e) => e.key.startsWith(prefix)).sort((a, b) => b.seq - a.seq)[0];
      }
      if (!match) return { ok: false };
      return { ok: true, signed_download_url: signedUrl('cache', match.blobId, 'r'), matched_key: match.key };
    },
  };

  const artifactRoutes: Record<string, (body: Json, scope: { runId: string; jobId: string }) => Json> = {
    CreateArtifact(body, scope) {
      const runId = str(body, 'workflow_run_backend_id');
      const jobId = str(body, 'workflow_job_run_backend_id');
      if (runId !== scope.runId || jobId !== scope.jobId)
        throw new TwirpError(403, 'permission_denied', 'scope');
      const name = str(body, 'name');
      if (service.artifacts.some((a) => a.runId === runId && a.name === name)) {
        throw new TwirpError(
          409,
          'already_exists',
          `an artifact with this name already exists on the workflow run`,
        );
      }
      const expiresAt = typeof body.expires_at === 'string' ? body.expires_at : undefined;
      const mime = body.mime_type;
      service.artifacts.push({
        id: ++seq,
        name,
        runId,
        jobId,
        finalized: false,
        ...(expiresAt && {
          expiresAt,
          retentionDays: Math.round((Date.parse(expiresAt) - Date.now()) / DAY_MS),
        }),
        ...(typeof mime === 'string' && { mimeType: mime }),
      });
      const blobId = `artifact-${seq}`;
      blobs.set(blobId, { blocks: new Map() });
      return { ok: true, signed_upload_url: signedUrl('artifacts', blobId, 'w') };
    },
    FinalizeArtifact(body, scope) {
      const name = str(body, 'name');
      const artifact = service.artifacts.find(
        (a) => a.runId === scope.runId && a.name === name && !a.finalized,
      );
      const bytes = artifact && blobs.get(`artifact-${artifact.id}`)?.data;
      if (!artifact || !bytes) throw new TwirpError(404, 'not_found', 'no upload for this artifact');
      Object.assign(artifact, { finalized: true, size: Number(body.size), bytes });
      if (typeof body.hash === 'string') artifact.hash = body.hash;
      return { ok: true, artifact_id: String(artifact.id) };
    },
  };

  async function twirp(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const send = (status: number, body: Json) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    try {
      if (service.failAll) throw new TwirpError(503, 'unavailable', 'service unavailable');
      if (req.method !== 'POST') throw new TwirpError(404, 'bad_route', `no ${req.method} ${path}`);
      const scope = scopeOf(req);
      if (!scope) throw new TwirpError(401, 'unauthenticated', 'missing or invalid runtime token');
      const body = JSON.parse((await readBody(req)).toString() || '{}') as Json;
      const method = path.slice(path.lastIndexOf('/') + 1);
      const cacheRoute = path.startsWith(CACHE) ? cacheRoutes[method] : undefined;
      const artifactRoute = path.startsWith(ARTIFACT) ? artifactRoutes[method] : undefined;
      if (cacheRoute) send(200, cacheRoute(body));
      else if (artifactRoute) send(200, artifactRoute(body, scope));
      else throw new TwirpError(404, 'bad_route', `no handler for ${path}`);
    } catch (err) {
      if (err instanceof TwirpError) send(err.status, { code: err.code, msg: err.message });
      else if (err instanceof SyntaxError) send(400, { code: 'malformed', msg: err.message });
      else send(500, { code: 'internal', msg: String(err) });
    }
  }

  /** Azure block blob subset: Put Blob, Put Block, Put Block List, Get/Head Blob. */
  async function blob(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const blobId = url.pathname.split('/').pop() ?? '';
    const grant = sigs.get(url.searchParams.get('sig') ?? '');
    const stored = blobs.get(blobId);
    const write = req.method === 'PUT';
    const fail = (status: number, code: string) => {
      res.writeHead(status, { 'content-type': 'application/xml', 'x-ms-error-code': code });
      res.end(
        `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`,
      );
    };
    if (!stored || !grant || grant.blobId !== blobId || grant.perm !== (write ? 'w' : 'r')) {
      await readBody(req);
      return fail(403, 'AuthenticationFailed');
    }
    const headers = { 'x-ms-request-id': randomBytes(8).toString('hex'), 'x-ms-version': '2024-11-04' };
    if (!write) {
      if (!stored.data) return fail(404, 'BlobNotFound');
      res.writeHead(200, { ...headers, 'content-length': stored.data.length });
      res.end(req.method === 'HEAD' ? undefined : stored.data);
      return;
    }
    const body = await readBody(req);
    const comp = url.searchParams.get('comp');
    if (comp === 'block') {
      stored.blocks.set(url.searchParams.get('blockid') ?? '', body);
    } else if (comp === 'blocklist') {
      const ids = [...body.toString().matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)</g)].map(
        (m) => m[1] ?? '',
      );
      if (ids.some((id) => !stored.blocks.has(id))) return fail(400, 'InvalidBlockList');
      stored.data = Buffer.concat(ids.map((id) => stored.blocks.get(id) as Buffer));
      stored.blocks.clear();
    } else if (req.headers['x-ms-blob-type'] === 'BlockBlob') {
      stored.data = body;
    } else {
      return fail(400, 'UnsupportedOperation');
    }
    res.writeHead(201, { ...headers, etag: `"0x${randomBytes(8).toString('hex')}"` }).end();
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    service.requests.push(`${req.method} ${url.pathname}`);
    const handle = url.pathname.startsWith('/twirp/') ? twirp(req, res, url.pathname) : blob(req, res, url);
    handle.catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  service.url = `${origin}/`;
  return service;
}
