/**
 * How local reference images reach the gateway, for the action and the CLI alike: as URLs built
 * from `input-url-template`, checked before anything is spent.
 */
import type { EngineDeps } from '../engine/types.js';
import { GitCli } from '../publish/git.js';

/** What the URLs are built from: the repository on its server (absent outside GitHub). */
export interface InputUrlContext {
  /** e.g. `https://github.com`, no trailing slash. */
  serverUrl: string;
  owner?: string;
  repo?: string;
  /** The commit the runner checked out (`GITHUB_SHA`), used until git answers. */
  sha?: string;
  /** Whether the repository is private, when known. */
  privateRepo?: boolean;
  /**
   * The remote the URLs point at, when the commit may not be there yet (the CLI: `origin`). The
   * commit must then be in one of its remote-tracking branches: pushed, as far as git knows offline.
   */
  remote?: string;
}

/** Default `input-url-template` by host: raw.githubusercontent.com on github.com, /raw/ on GHES. */
export function defaultInputUrlTemplate(serverUrl: string): string {
  return /^https:\/\/github\.com$/i.test(serverUrl)
    ? 'https://raw.githubusercontent.com/{owner}/{repo}/{sha}/{path}'
    : '{server}/{owner}/{repo}/raw/{sha}/{path}';
}

/** Fill an input URL template; `{path}` is URL-encoded per segment. */
export function fillInputUrl(
  template: string,
  vars: { server: string; owner: string; repo: string; sha: string; path: string },
): string {
  const encodedPath = vars.path.split('/').map(encodeURIComponent).join('/');
  return template
    .replaceAll('{server}', vars.server)
    .replaceAll('{owner}', encodeURIComponent(vars.owner))
    .replaceAll('{repo}', encodeURIComponent(vars.repo))
    .replaceAll('{sha}', encodeURIComponent(vars.sha))
    .replaceAll('{path}', encodedPath);
}

interface RepoState {
  sha: string;
  /** The workspace's folder inside the repository ('' at the root). */
  prefix: string;
  /** Whether a remote-tracking branch of `ctx.remote` contains `sha` (true when no remote is named). */
  pushed: boolean;
}

/**
 * How local reference images reach the gateway: as URLs built from `input-url-template` at the
 * commit the workspace has checked out. Before anything is spent, every such file must be
 * committed there when the template pins `{sha}` (a dirty or untracked file would 404 at the
 * gateway or send other bytes), and a private repository cannot use the default
 * raw.githubusercontent.com URL.
 */
export async function inputUrlDeps(
  inputs: { inputUrlTemplate?: string | undefined },
  ctx: InputUrlContext,
  workspace: string,
): Promise<Pick<EngineDeps, 'inputUrl' | 'checkInput'>> {
  const template =
    inputs.inputUrlTemplate ?? (ctx.owner ? defaultInputUrlTemplate(ctx.serverUrl) : undefined);
  if (!template) return {};
  let state: Promise<RepoState> | undefined;
  let known: RepoState | undefined;
  const repoState = (): Promise<RepoState> => {
    state ??= readRepoState(workspace, ctx.sha, ctx.remote).then((s) => {
      known = s;
      return s;
    });
    return state;
  };
  const isDefault = inputs.inputUrlTemplate === undefined;
  return {
    inputUrl: (file) =>
      fillInputUrl(template, {
        server: ctx.serverUrl,
        owner: ctx.owner ?? '',
        repo: ctx.repo ?? '',
        sha: known?.sha ?? ctx.sha ?? 'HEAD',
        path: joinPrefix(known?.prefix ?? '', file.workspacePath),
      }),
    checkInput: async (file) => {
      if (isDefault && ctx.privateRepo) {
        return (
          `${file.workspacePath} would be sent as a raw.githubusercontent.com URL, which the gateway cannot fetch from a private repository. ` +
          "Set input-url-template to a public location that serves this repository's files (a docs site or a bucket, with {path} and {sha}), or use a remote https:// URL in input_images."
        );
      }
      // Only a URL pinned to a commit needs the file committed there; a template without {sha}
      // (a docs site, a bucket) is the user's promise that the file is served.
      if (!template.includes('{sha}')) return undefined;
      const s = await repoState();
      if (!s.sha)
        return `${file.workspacePath}: the workspace is not a git checkout, so no commit URL can be built; set input-url-template`;
      const rel = joinPrefix(s.prefix, file.workspacePath);
      const status = await git(workspace, ['status', '--porcelain', '--', file.workspacePath]);
      if (status === undefined) return `${file.workspacePath}: git could not tell whether it is committed`;
      if (status.trim() !== '') {
        return `${file.workspacePath} is ${status.startsWith('??') ? 'not committed (untracked)' : 'modified and not committed'}: the gateway fetches it at commit ${s.sha.slice(0, 7)}, so commit and push it first.`;
      }
      const tracked = await git(workspace, ['cat-file', '-e', `${s.sha}:${rel}`]);
      if (tracked === undefined)
        return `${file.workspacePath} is not in commit ${s.sha.slice(0, 7)}: commit and push it first.`;
      if (!s.pushed)
        return `${file.workspacePath} is committed, but commit ${s.sha.slice(0, 7)} is not pushed to ${ctx.remote} (no remote-tracking branch of ${ctx.remote} contains it), and the gateway fetches it there: push it first.`;
      return undefined;
    },
  };
}

function joinPrefix(prefix: string, p: string): string {
  return prefix ? `${prefix.replace(/\/$/, '')}/${p}` : p;
}

async function readRepoState(
  workspace: string,
  fallbackSha: string | undefined,
  remote: string | undefined,
): Promise<RepoState> {
  const sha = (await git(workspace, ['rev-parse', 'HEAD']))?.trim() || fallbackSha || '';
  const prefix = (await git(workspace, ['rev-parse', '--show-prefix']))?.trim() ?? '';
  // Offline: what the last fetch or push recorded of the remote, not the remote itself.
  const pushed =
    !remote ||
    (!!sha &&
      !!(
        await git(workspace, [
          'for-each-ref',
          '--contains',
          sha,
          '--format=%(refname)',
          `refs/remotes/${remote}/`,
        ])
      )?.trim());
  return { sha, prefix, pushed };
}

/** One git command; undefined when it fails. */
async function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new GitCli(cwd).exec(args).catch(() => undefined);
}
