/**
 * Where local reference images can be fetched from, at a terminal: the repository that the
 * `origin` remote names, when it is on github.com or a GitHub Enterprise host. Offline: only the
 * remote's URL and its remote-tracking branches are read, nothing is fetched.
 */
import type { EngineDeps } from '../engine/types.js';
import { type InputUrlContext, inputUrlDeps } from '../publish/input-urls.js';
import { GitCli } from '../shared/git.js';
import { CLI_NAMES } from '../shared/settings.js';

export const REMOTE = 'origin';

/** A remote URL's host and `owner/repo` path; undefined for local paths and unknown forms. */
export function parseRemoteUrl(url: string): { host: string; owner: string; repo: string } | undefined {
  const u = url.trim();
  let host: string;
  let rest: string;
  const scheme = /^(?:https?|ssh|git|git\+ssh):\/\/(?:[^@/]+@)?([^/:]+)(?::(\d+))?\/(.+)$/i.exec(u);
  // scp-like `git@github.com:owner/repo.git` (no scheme, a colon before the first slash).
  const scp = scheme ? null : /^(?:[^@/]+@)?([^/:]+):(?!\/)(.+)$/.exec(u);
  if (scheme) {
    // A port matters to the web server (https://ghe.example:8443) but not to ssh.
    host = scheme[2] && /^https?:/i.test(u) ? `${scheme[1]}:${scheme[2]}` : scheme[1]!;
    rest = scheme[3]!;
  } else if (scp) {
    host = scp[1]!;
    rest = scp[2]!;
  } else return undefined;
  const parts = rest
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .split('/');
  if (parts.length !== 2 || parts.some((p) => !p)) return undefined;
  return { host: host.toLowerCase(), owner: parts[0]!, repo: parts[1]! };
}

/**
 * The web address of a GitHub host, or undefined when the host is not GitHub's: github.com, GitHub
 * Enterprise Cloud (`*.ghe.com`), the server in GITHUB_SERVER_URL, or a host named like one
 * (`github.example.com`, `ghe.example.com`). The address is https; a port kept from an https remote.
 */
export function githubServer(host: string, env: NodeJS.ProcessEnv): string | undefined {
  const name = host.replace(/:\d+$/, '');
  if (name === 'github.com' || name === 'www.github.com' || name === 'ssh.github.com')
    return 'https://github.com';
  let fromEnv: string | undefined;
  try {
    fromEnv = env.GITHUB_SERVER_URL ? new URL(env.GITHUB_SERVER_URL).host.toLowerCase() : undefined;
  } catch {
    fromEnv = undefined;
  }
  if (name.endsWith('.ghe.com') || host === fromEnv || /(^|[.-])(github|ghe)([.-]|$)/.test(name))
    return `https://${host}`;
  return undefined;
}

/**
 * The repository `origin` points at, as the input URL template's context, with the remote named so
 * that a commit not yet pushed there is caught before any spend. `onGitHub` says whether the
 * default template applies; another host needs --input-url-template. Undefined without an origin.
 */
export async function originContext(
  workspace: string,
  env: NodeJS.ProcessEnv,
): Promise<{ ctx: InputUrlContext; onGitHub: boolean } | undefined> {
  const url = await new GitCli(workspace).exec(['remote', 'get-url', REMOTE]).catch(() => undefined);
  const parsed = url ? parseRemoteUrl(url) : undefined;
  if (!parsed) return undefined;
  const server = githubServer(parsed.host, env);
  return {
    ctx: {
      serverUrl: server ?? `https://${parsed.host}`,
      owner: parsed.owner,
      repo: parsed.repo,
      remote: REMOTE,
    },
    onGitHub: server !== undefined,
  };
}

/**
 * How local reference images reach the gateway: --input-url-template, else the default for the
 * GitHub host of the `origin` remote; checked to be committed at HEAD and pushed there.
 */
export async function inputDeps(
  workspace: string,
  env: NodeJS.ProcessEnv,
  template: string | undefined,
): Promise<Pick<EngineDeps, 'inputUrl' | 'checkInput'>> {
  const origin = await originContext(workspace, env);
  const ctx = origin && (origin.onGitHub || template) ? origin.ctx : { serverUrl: 'https://github.com' };
  return inputUrlDeps(
    template ? { inputUrlTemplate: template, names: CLI_NAMES } : { names: CLI_NAMES },
    ctx,
    workspace,
  );
}
