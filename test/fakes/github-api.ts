/**
 * A local fake of the few GitHub REST routes the PR comment uses, for the REAL `@actions/github`
 * octokit: list (paginated with `Link` headers, like GitHub), create and update issue comments, and
 * `GET /user`; and the open pull requests by head, which a `workflow_run` workflow looks up. Loopback only, random port. Checks the token and can act as a fork's read-only token.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A comment author, as the API shows it. */
export interface FakeUser {
  login: string;
  /** `Bot` for GITHUB_TOKEN and app installation tokens, `User` for a PAT. */
  type: 'Bot' | 'User';
}

/** One stored issue comment. */
export interface FakeComment {
  id: number;
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  user: FakeUser;
  createdAt: string;
  updatedAt: string;
}

/** One request as received. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/repos/o/r/issues/1/comments?per_page=100&page=2`. */
  url: string;
  /** Whether the Authorization header carried a known token. */
  authorized: boolean;
  body?: unknown;
}

/** An open pull request, as `GET /repos/{owner}/{repo}/pulls?head=…` finds it. */
export interface FakePull {
  number: number;
  /** `owner:branch` of the head, as the `head` filter spells it. */
  head: string;
  headSha: string;
  owner?: string;
  repo?: string;
}

/** Options of {@link startGitHubApi}. */
export interface GitHubApiOptions {
  /** Accepted tokens and who they act as; default `{ 'test-token': github-actions[bot] }`. */
  users?: Record<string, FakeUser>;
  /** Writes answer 403 "Resource not accessible by integration", like a fork's token. */
  readOnly?: boolean;
  /** Comments present from the start (see {@link GitHubApi.addComment}). */
  comments?: Array<Parameters<GitHubApi['addComment']>[0]>;
}

export interface GitHubApi {
  /** Base URL for `GITHUB_API_URL` / octokit's `baseUrl` (no trailing slash). */
  url: string;
  /** Every stored comment, in creation order; tests may read and seed it (or use `addComment`). */
  comments: FakeComment[];
  requests: RecordedRequest[];
  /** Settable at any time: writes answer 403 while true. */
  readOnly: boolean;
  /** Open pull requests (owner and repo default to `o`/`r`); tests push to it. */
  pulls: FakePull[];
  /** Called with each request once recorded, before it is answered: to change state mid-conversation. */
  onRequest?: (request: RecordedRequest) => void;
  /** Forgets comments and requests and clears the knobs, for a server shared by several tests. */
  reset(): void;
  /** Seeds a comment (as another user by default) and returns it. */
  addComment(c: {
    issueNumber: number;
    body: string;
    user?: FakeUser;
    owner?: string;
    repo?: string;
  }): FakeComment;
  close(): Promise<void>;
}

/** The author of comments made with GITHUB_TOKEN. */
export const ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', type: 'Bot' };
const OTHER_USER: FakeUser = { login: 'octocat', type: 'User' };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'Problems parsing JSON');
  }
}

function bodyOf(json: unknown): string {
  const body = (json as { body?: unknown } | undefined)?.body;
  if (typeof body !== 'string') throw new HttpError(422, 'Invalid request: "body" is required');
  if (body.length > 65_536)
    throw new HttpError(422, 'Validation Failed: body is too long (maximum is 65536 characters)');
  return body;
}

/** Starts the fake on 127.0.0.1 with a random port. */
export async function startGitHubApi(opts: GitHubApiOptions = {}): Promise<GitHubApi> {
  const users = opts.users ?? { 'test-token': ACTIONS_BOT };
  let nextId = 1000;
  const api: GitHubApi = {
    url: '',
    comments: [],
    requests: [],
    readOnly: opts.readOnly ?? false,
    pulls: [],
    addComment({ issueNumber, body, user = OTHER_USER, owner = 'o', repo = 'r' }) {
      const now = new Date().toISOString();
      const comment = { id: nextId++, owner, repo, issueNumber, body, user, createdAt: now, updatedAt: now };
      api.comments.push(comment);
      return comment;
    },
    reset() {
      api.comments.length = 0;
      api.requests.length = 0;
      api.pulls.length = 0;
      api.readOnly = opts.readOnly ?? false;
      api.onRequest = undefined;
    },
    close: async () => {},
  };
  for (const c of opts.comments ?? []) api.addComment(c);

  const view = (c: FakeComment) => ({
    id: c.id,
    body: c.body,
    user: { login: c.user.login, type: c.user.type },
    html_url: `https://github.com/${c.owner}/${c.repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  });

  function listComments(
    url: URL,
    owner: string,
    repo: string,
    issueNumber: number,
    res: ServerResponse,
  ): unknown {
    const all = api.comments.filter(
      (c) => c.owner === owner && c.repo === repo && c.issueNumber === issueNumber,
    );
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (n: number, rel: string) => {
      const target = new URL(url.pathname, api.url);
      target.searchParams.set('per_page', String(perPage));
      target.searchParams.set('page', String(n));
      return `<${target.href}>; rel="${rel}"`;
    };
    const links = [];
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    if (links.length > 0) res.setHeader('Link', links.join(', '));
    return all.slice((page - 1) * perPage, page * perPage).map(view);
  }

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    user: FakeUser,
    recorded: RecordedRequest,
  ): Promise<[number, unknown]> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const json = method === 'GET' ? undefined : await readJson(req);
    if (json !== undefined) recorded.body = json;
    const write = () => {
      if (api.readOnly) throw new HttpError(403, 'Resource not accessible by integration');
    };

    if (method === 'GET' && url.pathname === '/user') {
      // Installation tokens (GITHUB_TOKEN, apps) may not read /user.
      if (user.type === 'Bot') throw new HttpError(403, 'Resource not accessible by integration');
      return [200, { login: user.login, type: user.type }];
    }
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    if (list) {
      const [owner, repo, n] = [list[1]!, list[2]!, Number(list[3])];
      if (method === 'GET') return [200, listComments(url, owner, repo, n, res)];
      if (method === 'POST') {
        write();
        return [201, view(api.addComment({ issueNumber: n, body: bodyOf(json), user, owner, repo }))];
      }
    }
    const pulls = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(url.pathname);
    if (pulls && method === 'GET') {
      const head = url.searchParams.get('head');
      const found = api.pulls.filter(
        (p) =>
          (p.owner ?? 'o') === pulls[1] && (p.repo ?? 'r') === pulls[2] && (head === null || p.head === head),
      );
      return [
        200,
        found.map((p) => ({
          number: p.number,
          state: 'open',
          head: { ref: p.head.split(':')[1], sha: p.headSha, label: p.head },
        })),
      ];
    }
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (one && method === 'PATCH') {
      const c = api.comments.find((x) => x.owner === one[1] && x.repo === one[2] && x.id === Number(one[3]));
      if (!c) throw new HttpError(404, 'Not Found');
      write();
      c.body = bodyOf(json);
      c.updatedAt = new Date().toISOString();
      return [200, view(c)];
    }
    throw new HttpError(404, 'Not Found');
  }

  const server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(auth)?.[1];
    const user = token === undefined ? undefined : users[token];
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      authorized: user !== undefined,
    };
    api.requests.push(recorded);
    api.onRequest?.(recorded);
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(payload));
    };
    if (!user) {
      req.resume();
      send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    route(req, res, user, recorded).then(
      ([status, payload]) => send(status, payload),
      (err: unknown) => {
        const status = err instanceof HttpError ? err.status : 500;
        send(status, { message: (err as Error).message, documentation_url: 'https://docs.github.com/rest' });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    });
  return api;
}
