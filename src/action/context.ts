import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isWithin } from '../shared/paths.js';

/** What the runner tells us about the run, read once from the environment and validated. */
export interface ActionContext {
  /** Absolute workspace root (GITHUB_WORKSPACE, else the current directory). */
  workspace: string;
  /** Runner temp folder (reports, cache staging); never inside the workspace. */
  runnerTemp: string;
  eventName: string;
  /** The event payload (GITHUB_EVENT_PATH), `{}` when absent. */
  event: Record<string, unknown>;
  owner?: string;
  repo?: string;
  sha?: string;
  serverUrl: string;
  apiUrl: string;
  runId?: string;
  /** pull_request: the PR number, head branch, and whether it comes from a fork. */
  pr?: { number: number; headRef: string; fork: boolean };
  /** Whether the repository is private (from the event payload, when it says). */
  privateRepo?: boolean;
}

/**
 * The same reading of the runner's variables and event payload as `@actions/github`'s `context`,
 * which cannot be imported without octokit (a megabyte chunk): this runs on every run, including
 * those with nothing to do, and only the PR comment needs octokit.
 */
export function readContext(env: NodeJS.ProcessEnv = process.env): ActionContext {
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  let event: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, unknown>;
    } catch {
      event = {};
    }
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const ctx: ActionContext = {
    workspace,
    runnerTemp: path.resolve(env.RUNNER_TEMP || os.tmpdir()),
    eventName: env.GITHUB_EVENT_NAME ?? '',
    event,
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
  };
  if (owner && repo) {
    ctx.owner = owner;
    ctx.repo = repo;
  }
  if (env.GITHUB_SHA) ctx.sha = env.GITHUB_SHA;
  if (env.GITHUB_RUN_ID) ctx.runId = env.GITHUB_RUN_ID;
  const pr = event.pull_request as
    | {
        number?: number;
        head?: { ref?: string; repo?: { full_name?: string } };
        base?: { repo?: { full_name?: string } };
      }
    | undefined;
  if (pr && typeof pr.number === 'number') {
    const head = pr.head?.repo?.full_name;
    const base = pr.base?.repo?.full_name ?? env.GITHUB_REPOSITORY;
    ctx.pr = {
      number: pr.number,
      headRef: pr.head?.ref ?? env.GITHUB_HEAD_REF ?? '',
      fork: !!head && !!base && head !== base,
    };
  }
  const repository = event.repository as { private?: boolean } | undefined;
  if (typeof repository?.private === 'boolean') ctx.privateRepo = repository.private;
  return ctx;
}

/**
 * Where git runs to publish: the manifest's folder, because the repository that holds it may be a
 * subfolder of the workspace (actions/checkout with `path:`). The workspace when that folder does not
 * exist or lies outside it, so a wrong `config` is reported as such, not as a missing checkout.
 */
export function repositoryFolder(workspace: string, config: string): string {
  const dir = path.dirname(path.resolve(workspace, config));
  return isWithin(workspace, dir) && existsSync(dir) ? dir : workspace;
}
