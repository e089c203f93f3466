/**
 * Which of the entries' previous images a pull request's base commit has, so "before" previews never
 * point at a file the base lacks. Git answers when the base commit is in the checkout. The checkout
 * actions/checkout makes by default is shallow and lacks it: then one contents-API call reads the
 * base's lockfile, and the files it records are taken as present (the lockfile in a repository only
 * names files the repository has, since each commit carries both). When neither can answer: no
 * "before", silently (a debug line says why).
 *
 * The same read brings the base commit's manifest text (one `git show`, or one more contents call),
 * so the comment can say what changed in a regenerated entry's prompt and parameters.
 */
import path from 'node:path';
import { parseLockfile } from '../plan/lockfile.js';
import { GitCli } from '../shared/git.js';
import type { Logger } from '../shared/logger.js';
import { locateRepository, type RepoLocation } from './repo-location.js';

/** Options of {@link imagesAtBase}. */
export interface BaseImagesOptions {
  workspace: string;
  /** A folder of the repository (the manifest's). */
  repoDir: string;
  /** The base commit (`pull_request.base.sha`). */
  baseSha: string;
  /** Workspace-relative image paths asked about. */
  wanted: string[];
  /** Workspace-relative lockfile path. */
  lockfile: string;
  /** Workspace-relative manifest path: the lockfile's `files[].path` are relative to its folder. */
  manifest: string;
  /** The contents API, for when git cannot answer; absent or without a token: git only. */
  api?: { token: string; apiUrl: string; owner: string; repo: string };
  /** Also read the manifest at the base commit (for what changed in prompts and parameters). */
  withManifest?: boolean;
  logger: Pick<Logger, 'debug'>;
}

/** What {@link imagesAtBase} found. */
export interface BaseImages {
  /** Workspace-relative paths the base commit has. */
  present: Set<string>;
  /** Repository-relative path of a workspace path, for blob URLs (unchanged when no repository). */
  toRepo(workspacePath: string): string;
  /** The manifest's text at the base commit, when it could be read (see `withManifest`). */
  manifestText?: string;
}

/** A hung API must not hold the job for a courtesy. */
const TIMEOUT_MS = 30_000;

/**
 * Which of `wanted` the base commit has: by git when it has the commit, else by the base's lockfile;
 * and, with `withManifest`, the base's manifest text from the same source.
 */
export async function imagesAtBase(o: BaseImagesOptions): Promise<BaseImages> {
  let repo: RepoLocation | undefined;
  try {
    repo = await locateRepository(o.workspace, o.repoDir);
  } catch (err) {
    o.logger.debug(`no git checkout for before previews: ${(err as Error).message}`);
  }
  const toRepo = (p: string) => repo?.toRepo(p) ?? p;
  const found = (present: Set<string>, manifestText?: string): BaseImages => ({
    present,
    toRepo,
    ...(manifestText !== undefined && { manifestText }),
  });
  if (o.wanted.length === 0 && !o.withManifest) return found(new Set());
  if (repo) {
    const byGit = await askGit(repo, o);
    if (byGit) return found(byGit.present, byGit.manifestText);
  }
  if (!o.api?.token) return found(new Set());
  const manifestText = o.withManifest
    ? await baseFile(o.api, toRepo(o.manifest), o.baseSha, o.logger)
    : undefined;
  if (o.wanted.length === 0) return found(new Set(), manifestText);
  const text = await baseFile(o.api, toRepo(o.lockfile), o.baseSha, o.logger);
  if (text === undefined) return found(new Set(), manifestText);
  try {
    const lock = parseLockfile(text, o.lockfile);
    const dir = path.posix.dirname(o.manifest);
    const recorded = new Set(
      Object.values(lock.images).flatMap((r) => r.files.map((f) => path.posix.join(dir, f.path))),
    );
    return found(new Set(o.wanted.filter((p) => recorded.has(p))), manifestText);
  } catch (err) {
    o.logger.debug(`no before previews: the base's lockfile is unreadable: ${(err as Error).message}`);
    return found(new Set(), manifestText);
  }
}

/**
 * The wanted paths the base commit's tree has, and the manifest's text there (when asked, and it
 * has one); undefined when the commit is not in the checkout.
 */
async function askGit(
  repo: RepoLocation,
  o: BaseImagesOptions,
): Promise<{ present: Set<string>; manifestText?: string } | undefined> {
  try {
    const git = new GitCli(repo.top, { env: { GIT_LITERAL_PATHSPECS: '1' } });
    if (!(await git.revParse(o.baseSha))) {
      o.logger.debug(`base commit ${o.baseSha} is not in the checkout (shallow?): asking the API`);
      return undefined;
    }
    const paths = o.wanted.map((p) => repo.toRepo(p)).filter((p): p is string => p !== undefined);
    const out =
      paths.length > 0
        ? await git.exec(['ls-tree', '-r', '--name-only', '-z', o.baseSha, '--', ...paths])
        : '';
    const present = out
      .split('\0')
      .filter(Boolean)
      .map((p) => repo.toWorkspace(p));
    const result = { present: new Set(present.filter((p): p is string => p !== undefined)) };
    const manifest = o.withManifest ? repo.toRepo(o.manifest) : undefined;
    if (manifest === undefined) return result;
    try {
      return { ...result, manifestText: await git.exec(['show', `${o.baseSha}:${manifest}`]) };
    } catch (err) {
      // A manifest new in this pull request: nothing to compare with.
      o.logger.debug(`no manifest at the base commit: ${(err as Error).message}`);
      return result;
    }
  } catch (err) {
    o.logger.debug(`git could not list the base commit: ${(err as Error).message}`);
    return undefined;
  }
}

/** A file's text at `ref`, by one contents-API call; undefined when it cannot be had. */
async function baseFile(
  api: NonNullable<BaseImagesOptions['api']>,
  file: string,
  ref: string,
  logger: Pick<Logger, 'debug'>,
): Promise<string | undefined> {
  try {
    // Loaded here: only pull requests in shallow checkouts get this far.
    const { getOctokit } = await import('@actions/github');
    const octokit = getOctokit(api.token, { baseUrl: api.apiUrl.replace(/\/+$/, '') });
    // The path by segments, as GitHub documents it (octokit would send its slashes as %2F).
    const [owner, repo, ...rest] = [api.owner, api.repo, ...file.split('/')].map(encodeURIComponent);
    const { data } = (await octokit.request(`GET /repos/${owner}/${repo}/contents/${rest.join('/')}`, {
      ref,
      // Raw: up to 100 MB, where the JSON form carries content only up to 1 MB.
      mediaType: { format: 'raw' },
      request: { signal: AbortSignal.timeout(TIMEOUT_MS) },
    })) as { data: unknown };
    if (typeof data === 'string') return data;
    if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
    const json = data as { content?: unknown; encoding?: unknown };
    if (typeof json.content === 'string' && json.encoding === 'base64')
      return Buffer.from(json.content, 'base64').toString('utf8');
    logger.debug(`no before previews: unexpected contents answer for ${file}`);
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    logger.debug(
      `no before previews: reading ${file} at ${ref} failed (${status ?? (err as Error).message})`,
    );
  }
  return undefined;
}
