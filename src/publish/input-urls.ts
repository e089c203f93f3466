/**
 * How local reference images reach the gateway, for the action and the CLI alike: as URLs built
 * from `input-url-template`, checked before anything is spent.
 */
import type { EngineDeps } from '../engine/types.js';
import { GitCli } from '../shared/git.js';
import { ACTION_NAMES, type SettingNames } from '../shared/settings.js';
import { locateRepository, type RepoLocation } from './repo-location.js';

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
  /** The repository holding the manifest; undefined when there is none. */
  repo: RepoLocation | undefined;
  /** Whether a remote-tracking branch of `ctx.remote` contains `sha` (true when no remote is named). */
  pushed: boolean;
}

/**
 * How local reference images reach the gateway: as URLs built from `input-url-template` at the
 * commit the workspace has checked out. Before anything is spent, every such file must be
 * committed there when the template pins `{sha}` (a dirty or untracked file would 404 at the
 * gateway or send other bytes), and a private repository cannot use the default
 * raw.githubusercontent.com URL. Git runs in the repository that holds `repoDir` (the manifest's
 * folder), which may be a checkout in a subfolder of the workspace.
 */
export async function inputUrlDeps(
  inputs: { inputUrlTemplate?: string | undefined; names?: SettingNames | undefined },
  ctx: InputUrlContext,
  workspace: string,
  repoDir = workspace,
): Promise<Pick<EngineDeps, 'inputUrl' | 'checkInput'>> {
  const template =
    inputs.inputUrlTemplate ?? (ctx.owner ? defaultInputUrlTemplate(ctx.serverUrl) : undefined);
  if (!template) return {};
  let state: Promise<RepoState> | undefined;
  let known: RepoState | undefined;
  const repoState = (): Promise<RepoState> => {
    state ??= readRepoState(workspace, repoDir, ctx.sha, ctx.remote).then((s) => {
      known = s;
      return s;
    });
    return state;
  };
  const isDefault = inputs.inputUrlTemplate === undefined;
  const setting = (inputs.names ?? ACTION_NAMES)('input-url-template');
  return {
    inputUrl: (file) =>
      fillInputUrl(template, {
        server: ctx.serverUrl,
        owner: ctx.owner ?? '',
        repo: ctx.repo ?? '',
        sha: known?.sha ?? ctx.sha ?? 'HEAD',
        path: known?.repo?.toRepo(file.workspacePath) ?? file.workspacePath,
      }),
    checkInput: async (file) => {
      if (isDefault && ctx.privateRepo) {
        return (
          `${file.workspacePath} would be sent as a raw.githubusercontent.com URL, which the gateway cannot fetch from a private repository. ` +
          `Set ${setting} to a public location that serves this repository's files (a docs site or a bucket, with {path} and {sha}), or use a remote https:// URL in input_images.`
        );
      }
      // Only a URL pinned to a commit needs the file committed there; a template without {sha}
      // (a docs site, a bucket) is the user's promise that the file is served.
      if (!template.includes('{sha}')) return undefined;
      const s = await repoState();
      if (!s.sha || !s.repo)
        return `${file.workspacePath}: the workspace is not a git checkout, so no commit URL can be built; set ${setting}`;
      const rel = s.repo.toRepo(file.workspacePath);
      if (rel === undefined)
        return `${file.workspacePath} is outside the git checkout that holds the manifest, so no commit URL can be built; set ${setting}`;
      const status = await git(s.repo.top, ['status', '--porcelain', '--', rel]);
      if (status === undefined) return `${file.workspacePath}: git could not tell whether it is committed`;
      if (status.trim() !== '') {
        return `${file.workspacePath} is ${status.startsWith('??') ? 'not committed (untracked)' : 'modified and not committed'}: the gateway fetches it at commit ${s.sha.slice(0, 7)}, so commit and push it first.`;
      }
      const tracked = await git(s.repo.top, ['cat-file', '-e', `${s.sha}:${rel}`]);
      if (tracked === undefined)
        return `${file.workspacePath} is not in commit ${s.sha.slice(0, 7)}: commit and push it first.`;
      if (!s.pushed)
        return `${file.workspacePath} is committed, but commit ${s.sha.slice(0, 7)} is not pushed to ${ctx.remote} (no remote-tracking branch of ${ctx.remote} contains it), and the gateway fetches it there: push it first.`;
      return undefined;
    },
  };
}

async function readRepoState(
  workspace: string,
  repoDir: string,
  fallbackSha: string | undefined,
  remote: string | undefined,
): Promise<RepoState> {
  const repo = await locateRepository(workspace, repoDir).catch(() => undefined);
  const sha = (repo && (await git(repo.top, ['rev-parse', 'HEAD']))?.trim()) || fallbackSha || '';
  // Offline: what the last fetch or push recorded of the remote, not the remote itself.
  const pushed =
    !remote ||
    (!!sha &&
      !!repo &&
      !!(
        await git(repo.top, [
          'for-each-ref',
          '--contains',
          sha,
          '--format=%(refname)',
          `refs/remotes/${remote}/`,
        ])
      )?.trim());
  return { sha, repo, pushed };
}

/** One git command; undefined when it fails. */
async function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new GitCli(cwd).exec(args).catch(() => undefined);
}
