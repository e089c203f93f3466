/**
 * The few REST calls the `/pixazo` commands make (§10): who may write, which pull request, a reply
 * and a reaction. Plain `fetch` with the workflow's token, to the API of the run's GitHub
 * (`GITHUB_API_URL`); a failure is an error naming the call, never the token.
 */

/** What a failed call says. */
export class GitHubRestError extends Error {
  override readonly name = 'GitHubRestError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A REST client bound to one repository. */
export interface RepoApi {
  /** `write`, `maintain` or `admin` on the repository (asked, never inferred from the comment). */
  canWrite(login: string): Promise<boolean>;
  /** The pull request's head branch and whether it comes from another repository (a fork). */
  pull(number: number): Promise<{ headRef: string; fork: boolean }>;
  /** A new comment on the pull request. */
  reply(issueNumber: number, body: string): Promise<void>;
  /** A reaction (`+1`) on an issue comment. */
  react(commentId: number, content: '+1' | 'confused'): Promise<void>;
}

/** A client for `owner/repo` at `apiUrl` with `token`. */
export function repoApi(apiUrl: string, token: string, owner: string, repo: string): RepoApi {
  const base = `${apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${token}`,
        'x-github-api-version': '2022-11-28',
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok) {
      let message = text.slice(0, 200);
      try {
        message = String((JSON.parse(text) as { message?: unknown }).message ?? message);
      } catch {}
      throw new GitHubRestError(res.status, `${method} ${path.split('?')[0]}: ${res.status} ${message}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
  return {
    async canWrite(login) {
      const r = await call<{ permission?: string; role_name?: string }>(
        'GET',
        `/collaborators/${encodeURIComponent(login)}/permission`,
      );
      const allowed = new Set(['admin', 'maintain', 'write']);
      return allowed.has(r.permission ?? '') || allowed.has(r.role_name ?? '');
    },
    async pull(number) {
      const r = await call<{
        head?: { ref?: string; repo?: { full_name?: string } | null };
        base?: { repo?: { full_name?: string } };
      }>('GET', `/pulls/${number}`);
      const head = r.head?.repo?.full_name;
      const baseRepo = r.base?.repo?.full_name ?? `${owner}/${repo}`;
      // A head repository that is gone (a deleted fork) is no branch this token can push to either.
      return { headRef: r.head?.ref ?? '', fork: !head || head.toLowerCase() !== baseRepo.toLowerCase() };
    },
    async reply(issueNumber, body) {
      await call('POST', `/issues/${issueNumber}/comments`, { body });
    },
    async react(commentId, content) {
      await call('POST', `/issues/comments/${commentId}/reactions`, { content });
    },
  };
}
