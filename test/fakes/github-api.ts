/**
 * A local fake of the few GitHub API routes the action uses, for the REAL `@actions/github` octokit:
 * list (paginated with `Link` headers, like GitHub), read, create and update issue comments, `GET /user`,
 * the open pull requests by head (which a `workflow_run` workflow looks up), one pull request by number
 * (its head and base repositories: a fork's differ), a collaborator's permission, reactions on a
 * comment (the `/pixazo` commands), a file's contents at a
 * ref (`GET /repos/{o}/{r}/contents/{path}`), and GraphQL `createCommitOnBranch`, which it applies
 * for real to a bare git repository with git plumbing (so results are checked with git), refusing a
 * stale `expectedHeadOid` with GitHub's words. Loopback only, random port. Checks the token and can
 * act as a fork's read-only token.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

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
  /** Size of the request body in bytes. */
  bytes: number;
}

/** An open pull request, as `GET /repos/{owner}/{repo}/pulls?head=…` finds it. */
export interface FakePull {
  number: number;
  /** `owner:branch` of the head, as the `head` filter spells it. */
  head: string;
  headSha: string;
  owner?: string;
  repo?: string;
  /** `owner/name` of the head's repository (a fork's differs from the base); default the base. */
  headRepo?: string;
}

/** A reaction added to an issue comment (`POST …/issues/comments/{id}/reactions`). */
export interface FakeReaction {
  commentId: number;
  content: string;
  user: string;
}

/** The `input` of a `createCommitOnBranch` mutation, as sent. */
export interface CommitOnBranchInput {
  branch: { repositoryNameWithOwner: string; branchName: string };
  expectedHeadOid: string;
  message: { headline: string; body?: string };
  fileChanges?: { additions?: { path: string; contents: string }[]; deletions?: { path: string }[] };
}

/** The identity the fake gives commits it creates: GitHub authors them as the token's owner. */
export const API_COMMITTER = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

/** Options of {@link startGitHubApi}. */
export interface GitHubApiOptions {
  /** Accepted tokens and who they act as; default `{ 'test-token': github-actions[bot] }`. */
  users?: Record<string, FakeUser>;
  /** Writes answer 403 "Resource not accessible by integration", like a fork's token. */
  readOnly?: boolean;
  /** Comments present from the start (see {@link GitHubApi.addComment}). */
  comments?: Array<Parameters<GitHubApi['addComment']>[0]>;
  /** Repositories by `owner/name`: the bare git repository the contents and commit routes use. */
  repos?: Record<string, string>;
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
  /** Repositories by `owner/name` (bare git directories); settable at any time. */
  repos: Record<string, string>;
  /**
   * Collaborator permissions by login, as `GET /repos/{o}/{r}/collaborators/{user}/permission`
   * answers (`admin`, `write`, `read`, `none`; `maintain` answers `write` with `role_name: maintain`).
   * A login not listed answers `none`.
   */
  permissions: Record<string, 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none'>;
  /** Reactions added to comments, in order. */
  reactions: FakeReaction[];
  /**
   * Called with each `createCommitOnBranch` input after the request is read and before the branch is
   * checked and moved: to move the branch between the caller's read and write.
   */
  beforeCommit?: (input: CommitOnBranchInput) => Promise<void> | void;
  /** Called once the commit was made, before the answer is sent; may throw to lose the answer. */
  afterCommit?: (oid: string) => Promise<void> | void;
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

async function readJson(req: IncomingMessage, recorded: RecordedRequest): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  recorded.bytes = chunks.reduce((n, c) => n + c.length, 0);
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
    repos: { ...opts.repos },
    permissions: {},
    reactions: [],
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
      api.permissions = {};
      api.reactions.length = 0;
      api.readOnly = opts.readOnly ?? false;
      api.onRequest = undefined;
      api.repos = { ...opts.repos };
      api.beforeCommit = undefined;
      api.afterCommit = undefined;
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
    const json = method === 'GET' ? undefined : await readJson(req, recorded);
    if (json !== undefined) recorded.body = json;
    const write = () => {
      if (api.readOnly) throw new HttpError(403, 'Resource not accessible by integration');
    };

    if (method === 'POST' && url.pathname === '/graphql') return [200, await graphql(json)];
    const contents = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(url.pathname);
    if (contents && method === 'GET') {
      const bare = api.repos[`${contents[1]}/${contents[2]}`];
      const file = decodeURIComponent(contents[3]!);
      const ref = url.searchParams.get('ref') ?? 'HEAD';
      const blob = bare
        ? await git(bare, ['rev-parse', '--verify', '--quiet', `${ref}:${file}`]).catch(() => '')
        : '';
      if (!bare || !blob.trim()) throw new HttpError(404, 'Not Found');
      const bytes = await gitBytes(bare, ['cat-file', 'blob', blob.trim()]);
      if (/raw/.test(String(req.headers.accept))) {
        res.writeHead(200, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
        res.end(bytes);
        return [0, undefined];
      }
      return [
        200,
        {
          type: 'file',
          path: file,
          sha: blob.trim(),
          size: bytes.length,
          encoding: 'base64',
          content: bytes.toString('base64'),
        },
      ];
    }
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
    const pull = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/.exec(url.pathname);
    if (pull && method === 'GET') {
      const p = api.pulls.find(
        (x) => (x.owner ?? 'o') === pull[1] && (x.repo ?? 'r') === pull[2] && x.number === Number(pull[3]),
      );
      if (!p) throw new HttpError(404, 'Not Found');
      const base = `${pull[1]}/${pull[2]}`;
      return [
        200,
        {
          number: p.number,
          state: 'open',
          head: {
            ref: p.head.split(':')[1],
            sha: p.headSha,
            label: p.head,
            repo: { full_name: p.headRepo ?? base },
          },
          base: { repo: { full_name: base } },
        },
      ];
    }
    const permission = /^\/repos\/([^/]+)\/([^/]+)\/collaborators\/([^/]+)\/permission$/.exec(url.pathname);
    if (permission && method === 'GET') {
      const login = decodeURIComponent(permission[3]!);
      const role = api.permissions[login] ?? 'none';
      // GitHub's `permission` knows admin/write/read/none; maintain and triage show in role_name.
      const legacy = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
      return [200, { permission: legacy, role_name: role, user: { login } }];
    }
    const reaction = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)\/reactions$/.exec(url.pathname);
    if (reaction && method === 'POST') {
      write();
      const content = (json as { content?: string } | undefined)?.content ?? '';
      api.reactions.push({ commentId: Number(reaction[3]), content, user: user.login });
      return [201, { id: api.reactions.length, content }];
    }
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (one && method === 'GET') {
      const c = api.comments.find((x) => x.owner === one[1] && x.repo === one[2] && x.id === Number(one[3]));
      if (!c) throw new HttpError(404, 'Not Found');
      return [200, view(c)];
    }
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

  /** `createCommitOnBranch`, applied to the bare repository with plumbing, GraphQL-style errors in a 200. */
  async function graphql(json: unknown): Promise<unknown> {
    const { query, variables } = (json ?? {}) as {
      query?: string;
      variables?: { input?: CommitOnBranchInput };
    };
    const fail = (type: string, message: string) => ({
      data: { createCommitOnBranch: null },
      errors: [{ type, path: ['createCommitOnBranch'], locations: [{ line: 2, column: 3 }], message }],
    });
    const input = variables?.input;
    if (!query?.includes('createCommitOnBranch') || !input) throw new HttpError(400, 'Unsupported query');
    await api.beforeCommit?.(input);
    const bare = api.repos[input.branch.repositoryNameWithOwner];
    if (!bare)
      return fail(
        'NOT_FOUND',
        `Could not resolve to a Repository with the name '${input.branch.repositoryNameWithOwner}'.`,
      );
    if (api.readOnly) return fail('FORBIDDEN', 'Resource not accessible by integration');
    const ref = `refs/heads/${input.branch.branchName}`;
    const head = (await git(bare, ['rev-parse', '--verify', '--quiet', ref]).catch(() => '')).trim();
    if (!head) return fail('NOT_FOUND', `A ref named "${ref}" does not exist.`);
    if (head !== input.expectedHeadOid)
      return fail(
        'STALE_DATA',
        `Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.`,
      );
    const dir = await mkdtemp(path.join(tmpdir(), 'fake-api-index-'));
    try {
      const env = { GIT_INDEX_FILE: path.join(dir, 'index') };
      await git(bare, ['read-tree', head], { env });
      for (const { path: file } of input.fileChanges?.deletions ?? []) {
        if (!(await git(bare, ['ls-files', '--', file], { env })).trim())
          return fail(
            'UNPROCESSABLE',
            `A path was requested for deletion which does not exist as of commit oid \`${head}\``,
          );
        // Mode 0 removes the path (--force-remove wants a work tree, which a bare repository lacks).
        await git(bare, ['update-index', '--index-info'], {
          env,
          input: Buffer.from(`0 ${'0'.repeat(40)}\t${file}\n`),
        });
      }
      for (const { path: file, contents } of input.fileChanges?.additions ?? []) {
        const blob = (
          await git(bare, ['hash-object', '-w', '--stdin'], { input: Buffer.from(contents, 'base64') })
        ).trim();
        await git(bare, ['update-index', '--add', '--cacheinfo', `100644,${blob},${file}`], { env });
      }
      const tree = (await git(bare, ['write-tree'], { env })).trim();
      const message = input.message.body
        ? `${input.message.headline}\n\n${input.message.body}`
        : input.message.headline;
      const who = {
        GIT_AUTHOR_NAME: API_COMMITTER.name,
        GIT_AUTHOR_EMAIL: API_COMMITTER.email,
        GIT_COMMITTER_NAME: 'GitHub',
        GIT_COMMITTER_EMAIL: 'noreply@github.com',
      };
      const oid = (
        await git(bare, ['commit-tree', tree, '-p', head, '-F', '-'], {
          input: Buffer.from(message),
          env: who,
        })
      ).trim();
      // Compare-and-swap, as GitHub does: a push that landed meanwhile is not overwritten.
      try {
        await git(bare, ['update-ref', ref, oid, head]);
      } catch {
        return fail(
          'STALE_DATA',
          `Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.`,
        );
      }
      await api.afterCommit?.(oid);
      return { data: { createCommitOnBranch: { commit: { oid } } } };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  const server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(auth)?.[1];
    const user = token === undefined ? undefined : users[token];
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      authorized: user !== undefined,
      bytes: 0,
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
      ([status, payload]) => {
        if (status !== 0) send(status, payload);
      },
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

/** Run git in `cwd` (a bare repository here); stdout as bytes. */
function gitBytes(
  cwd: string,
  args: string[],
  opts: { input?: Buffer; env?: Record<string, string> } = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`git ${args.join(' ')}: ${err.trim()}`)),
    );
    // git may not read its stdin (most commands): a closed pipe is no error.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

async function git(
  cwd: string,
  args: string[],
  opts: { input?: Buffer; env?: Record<string, string> } = {},
): Promise<string> {
  return (await gitBytes(cwd, args, opts)).toString('utf8');
}
