import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A git command that failed. `command` and `stderr` never contain the token. */
export class GitError extends Error {
  override readonly name = 'GitError';
  constructor(
    /** `git <args>` as run, token-free. */
    readonly command: string,
    /** git's stderr (masked), trimmed. */
    readonly stderr: string,
    /** Exit code, or null when git could not be started or was killed. */
    readonly exitCode: number | null,
  ) {
    super(`${command} failed${exitCode === null ? '' : ` (exit ${exitCode})`}${stderr ? `: ${stderr}` : ''}`);
  }
}

/** Options of {@link GitCli}. */
export interface GitCliOptions {
  /** Extra environment for every command (on top of `process.env`); `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Token for fetch and push over HTTPS, sent as an `Authorization` header like actions/checkout does. */
  token?: string;
}

/** Options of one {@link GitCli.exec} call. */
export interface ExecOptions {
  /** Written to git's stdin. */
  input?: string;
  /** Extra environment for this call only. */
  env?: Record<string, string | undefined>;
  /** Attach the token (fetch / push only). */
  auth?: boolean;
}

/** Author or committer identity. */
export interface Identity {
  name: string;
  email: string;
}

// Git objects we read (lockfiles, command output) are small, but the 1 MiB default is too tight to be safe.
const MAX_BUFFER = 256 * 1024 * 1024;

/**
 * The git CLI in one directory: `execFile` (no shell), stdout returned, failures thrown as {@link GitError}.
 * Messages are forced to English (`LC_ALL=C`) because callers classify push failures by stderr text,
 * and prompts are disabled so a missing credential fails instead of hanging the job.
 */
export class GitCli {
  readonly #secrets: string[];
  readonly #authHeader: string | undefined;

  constructor(
    /** Directory the commands run in. */
    readonly cwd: string,
    private readonly options: GitCliOptions = {},
  ) {
    const { token } = options;
    this.#authHeader = token
      ? `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`
      : undefined;
    this.#secrets = token ? [token, Buffer.from(`x-access-token:${token}`).toString('base64')] : [];
  }

  /** The same repository with more environment (for example a temporary `GIT_INDEX_FILE`). */
  withEnv(env: Record<string, string | undefined>): GitCli {
    return new GitCli(this.cwd, { ...this.options, env: { ...this.options.env, ...env } });
  }

  /** Run `git <args>` and return its stdout. */
  exec(args: readonly string[], opts: ExecOptions = {}): Promise<string> {
    return this.#run(args, opts, 'utf8');
  }

  /** The bytes of blob `id` (images are binary: never through a string). */
  readBlob(id: string): Promise<Buffer> {
    return this.#run(['cat-file', 'blob', id], {}, 'buffer');
  }

  #run<E extends 'utf8' | 'buffer'>(
    args: readonly string[],
    opts: ExecOptions,
    encoding: E,
  ): Promise<E extends 'utf8' ? string : Buffer> {
    type Out = E extends 'utf8' ? string : Buffer;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GIT_TERMINAL_PROMPT: '0',
      LC_ALL: 'C',
      ...this.options.env,
      ...opts.env,
    };
    if (opts.auth && this.#authHeader) addConfigEnv(env, 'http.extraheader', this.#authHeader);
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    const command = `git ${args.join(' ')}`;
    return new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        args,
        { cwd: this.cwd, env, maxBuffer: MAX_BUFFER, encoding },
        (err, stdout, stderr) => {
          if (!err) return resolve(stdout as Out);
          const code = typeof err.code === 'number' ? err.code : null;
          const detail = (String(stderr) || (code === null ? err.message : '')).trim();
          reject(new GitError(this.#mask(command), this.#mask(detail), code));
        },
      );
      // A command that does not read stdin may close it before we write: ignore EPIPE there.
      child.stdin?.on('error', () => {});
      child.stdin?.end(opts.input ?? '');
    });
  }

  /**
   * The blob ids git gives the files at `paths` (relative to `cwd`), their `.gitattributes` filters
   * applied (a Git LFS pointer's id under LFS): what `git add` would put in the index. One process
   * for all of them; nothing is written to the object database.
   */
  async hashFiles(paths: readonly string[]): Promise<string[]> {
    if (paths.length === 0) return [];
    const out = await this.exec(['hash-object', '--stdin-paths'], { input: `${paths.join('\n')}\n` });
    const ids = out.split('\n').filter(Boolean);
    if (ids.length !== paths.length)
      throw new GitError(
        'git hash-object --stdin-paths',
        `${ids.length} ids for ${paths.length} files`,
        null,
      );
    return ids;
  }

  /** Commit id of `rev`, or null when it does not name a commit (unborn branch, unknown ref). */
  async revParse(rev: string): Promise<string | null> {
    const out = await unlessExit1(this.exec(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]), '');
    return out.trim() || null;
  }

  /** Tree id of a commit. */
  async treeOf(commit: string): Promise<string> {
    return (await this.exec(['rev-parse', '--verify', `${commit}^{tree}`])).trim();
  }

  /** The checked-out branch's short name, or null when HEAD is detached. */
  async currentBranch(): Promise<string | null> {
    return (await unlessExit1(this.exec(['symbolic-ref', '--quiet', '--short', 'HEAD']), '')).trim() || null;
  }

  /** The work tree's top directory and the path of `cwd` inside it (`''` or `sub/dir/`). */
  async locate(): Promise<{ top: string; prefix: string }> {
    const [top = '', prefix = ''] = (
      await this.exec(['rev-parse', '--show-toplevel', '--show-prefix'])
    ).split('\n');
    return { top, prefix };
  }

  /**
   * Fetch `branch` from `remote` and return the remote head's commit id (null when the branch is absent).
   * When actions/checkout persisted its own URL-specific header, git prefers that one over ours, so the
   * token only matters where checkout was told not to persist credentials: no duplicate header is sent.
   */
  async fetchRemoteHead(remote: string, branch: string): Promise<string | null> {
    try {
      await this.exec(['fetch', '--quiet', '--no-tags', remote, `refs/heads/${branch}`], { auth: true });
    } catch (err) {
      if (err instanceof GitError && /couldn't find remote ref/i.test(err.stderr)) return null;
      throw err;
    }
    return this.revParse('FETCH_HEAD');
  }

  /** Push `src` (a commit id or ref) to `refs/heads/<branch>` on `remote`. */
  async push(remote: string, src: string, branch: string): Promise<void> {
    await this.exec(['push', remote, `${src}:refs/heads/${branch}`], { auth: true });
  }

  /** Text of `file` (repository-relative, `/`-separated) in commit `rev`, or null when absent. */
  async showFile(rev: string, file: string): Promise<string | null> {
    const blob = await unlessExit1(this.exec(['rev-parse', '--verify', '--quiet', `${rev}:${file}`]), null);
    return blob === null ? null : this.exec(['cat-file', 'blob', blob.trim()]);
  }

  /**
   * Store `text` as a blob and return its id. With `path`, that path's `.gitattributes` filters apply,
   * so the blob is what `git add` of a file with this text would store.
   */
  async hashObject(text: string, path?: string): Promise<string> {
    const args = ['hash-object', '-w', '--stdin', ...(path ? [`--path=${path}`] : [])];
    return (await this.exec(args, { input: text })).trim();
  }

  /** Create a commit of `tree` on `parent` (none: a root commit) with this identity as author and committer. */
  async commitTree(tree: string, parent: string | null, message: string, who: Identity): Promise<string> {
    const args = ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'];
    const env = {
      GIT_AUTHOR_NAME: who.name,
      GIT_AUTHOR_EMAIL: who.email,
      GIT_COMMITTER_NAME: who.name,
      GIT_COMMITTER_EMAIL: who.email,
    };
    return (await this.exec(args, { input: message, env })).trim();
  }

  /**
   * Run `fn` against a throwaway index (`GIT_INDEX_FILE` in a temp dir), so building a commit never
   * touches the real index and whatever other steps staged there.
   */
  async withTempIndex<T>(fn: (index: GitCli) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(path.join(tmpdir(), 'git-index-'));
    try {
      return await fn(this.withEnv({ GIT_INDEX_FILE: path.join(dir, 'index') }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Stage files as `git add` does (honouring `.gitattributes` filters such as Git LFS); paths go via stdin. */
  async add(paths: readonly string[], opts: { force?: boolean } = {}): Promise<void> {
    if (!paths.length) return;
    const args = ['add', ...(opts.force ? ['--force'] : []), '--pathspec-from-file=-', '--pathspec-file-nul'];
    await this.exec(args, nulInput(paths));
  }

  /** Drop paths from the index (no-op for those not in it), whatever the work tree holds. */
  async removeFromIndex(paths: readonly string[]): Promise<void> {
    if (paths.length) await this.exec(['update-index', '--force-remove', '-z', '--stdin'], nulInput(paths));
  }

  /** Put blob `blob` in the index at `file` as a regular file. */
  async addBlob(file: string, blob: string): Promise<void> {
    await this.exec(['update-index', '--add', '--cacheinfo', `100644,${blob},${file}`]);
  }

  /** Write the index as a tree; returns its id. */
  async writeTree(): Promise<string> {
    return (await this.exec(['write-tree'])).trim();
  }

  /** Set the index entries of `paths` to their state in `rev` (removed where `rev` lacks them). */
  async resetPaths(rev: string, paths: readonly string[]): Promise<void> {
    if (paths.length)
      await this.exec(
        ['reset', '--quiet', rev, '--pathspec-from-file=-', '--pathspec-file-nul'],
        nulInput(paths),
      );
  }

  /** Whether commit `a` is an ancestor of (or equal to) commit `b`. */
  isAncestor(a: string, b: string): Promise<boolean> {
    const yes = this.exec(['merge-base', '--is-ancestor', a, b]).then(() => true);
    return unlessExit1(yes, false);
  }

  /** Point `ref` at `value`, only if it is still at `expected` (null: only if it does not exist yet). */
  async updateRef(ref: string, value: string, expected: string | null, reason: string): Promise<void> {
    await this.exec(['update-ref', '-m', reason, ref, value, expected ?? '']);
  }

  #mask(text: string): string {
    let out = text;
    for (const s of this.#secrets) out = out.split(s).join('***');
    return out;
  }
}

/**
 * `command`'s output, or `absent` when git exits 1: how `--verify --quiet`, `symbolic-ref --quiet`
 * and `merge-base --is-ancestor` answer "no such thing". Any other failure is thrown.
 */
async function unlessExit1<T, A>(command: Promise<T>, absent: A): Promise<T | A> {
  try {
    return await command;
  } catch (err) {
    if (err instanceof GitError && err.exitCode === 1) return absent;
    throw err;
  }
}

function nulInput(paths: readonly string[]): { input: string } {
  return { input: paths.map((p) => `${p}\0`).join('') };
}

/**
 * Add `key=value` as command-line configuration through the environment (`GIT_CONFIG_COUNT`, git ≥ 2.31),
 * which git treats exactly like `-c key=value` but which keeps the header out of the process's argv, where
 * any user on the runner could read it, and out of every logged command line.
 */
function addConfigEnv(env: NodeJS.ProcessEnv, key: string, value: string): void {
  const n = Number.parseInt(env['GIT_CONFIG_COUNT'] ?? '0', 10) || 0;
  env[`GIT_CONFIG_KEY_${n}`] = key;
  env[`GIT_CONFIG_VALUE_${n}`] = value;
  env['GIT_CONFIG_COUNT'] = String(n + 1);
}
