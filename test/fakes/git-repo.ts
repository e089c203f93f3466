import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A bare "remote" and a clone of it, in a temp dir, with git isolated from the user's configuration. */
export interface GitFixture {
  /** Temp dir holding everything (also HOME while the fixture lives). */
  readonly root: string;
  /** Path of the bare remote repository. */
  readonly remote: string;
  /** The main clone, on branch `main`, with `origin` set and user identity configured. */
  readonly work: string;
  /** Run git in `cwd`, return stdout. */
  git(cwd: string, ...args: string[]): Promise<string>;
  /** Another clone of the remote (to simulate a racing run), identity configured. */
  clone(name: string): Promise<string>;
  /** Remove the temp dir and restore the environment. */
  cleanup(): Promise<void>;
}

/** File contents to write; `null` deletes the file. */
export type FileSet = Record<string, string | Uint8Array | null>;

// Variables that would point git at another repository, index or configuration than the fixture's.
const LEAKY = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_CONFIG_COUNT'];

/**
 * Create a bare remote on `main` whose first commit holds `initial`, and a clone of it. While the
 * fixture lives, `process.env` has HOME in the temp dir and no system or global git config, so the
 * code under test (which inherits `process.env`) sees only the fixture's settings.
 */
export async function createGitFixture(initial: FileSet = { 'README.md': '# test\n' }): Promise<GitFixture> {
  const root = await mkdtemp(path.join(tmpdir(), 'pixazo-git-'));
  const saved = { ...process.env };
  for (const k of LEAKY) delete process.env[k];
  Object.assign(process.env, {
    HOME: root,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: path.join(root, '.gitconfig'),
  });
  await writeFile(path.join(root, '.gitconfig'), '');
  const git = async (cwd: string, ...args: string[]) => (await run('git', args, { cwd })).stdout;
  const remote = path.join(root, 'remote.git');
  const work = path.join(root, 'work');
  await git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  await git(root, 'init', '--quiet', '--initial-branch=main', work);
  await configure(git, work);
  await git(work, 'remote', 'add', 'origin', remote);
  await commitFiles(git, work, initial, 'initial');
  await git(work, 'push', '--quiet', '--set-upstream', 'origin', 'main');
  return {
    root,
    remote,
    work,
    git,
    async clone(name) {
      const dir = path.join(root, name);
      await git(root, 'clone', '--quiet', remote, dir);
      await configure(git, dir);
      return dir;
    },
    async cleanup() {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function configure(git: GitFixture['git'], dir: string): Promise<void> {
  await git(dir, 'config', 'user.name', 'Test User');
  await git(dir, 'config', 'user.email', 'test@example.com');
  await git(dir, 'config', 'commit.gpgsign', 'false');
}

/** Write (or, for `null`, delete) files under `dir`, creating folders. */
export async function writeFiles(dir: string, files: FileSet): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (content === null) {
      await rm(file, { force: true });
    } else {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
    }
  }
}

/** Write `files`, stage exactly them and commit; returns the new commit id. */
export async function commitFiles(
  git: GitFixture['git'],
  dir: string,
  files: FileSet,
  message: string,
): Promise<string> {
  await writeFiles(dir, files);
  await git(dir, 'add', '--all', '--', ...Object.keys(files));
  await git(dir, 'commit', '--quiet', '-m', message);
  return (await git(dir, 'rev-parse', 'HEAD')).trim();
}

/** In clone `dir`: catch up with the remote's `main`, commit `files` and push, as a racing run would. */
export async function racePush(
  git: GitFixture['git'],
  dir: string,
  files: FileSet,
  message: string,
): Promise<string> {
  await git(dir, 'fetch', '--quiet', 'origin', 'main');
  await git(dir, 'reset', '--quiet', '--hard', 'FETCH_HEAD');
  const sha = await commitFiles(git, dir, files, message);
  await git(dir, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
  return sha;
}

/** Install an executable hook script (`#!/bin/sh` body) in the `hooks` folder of a repository's git dir. */
export async function installHook(gitDir: string, name: string, body: string): Promise<void> {
  const file = path.join(gitDir, 'hooks', name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
}

/**
 * Make every push from `work` lose a race: its pre-push hook (which runs after the remote's refs were
 * read) first pushes a new commit from clone `other`, so the remote refuses ours with "failed to update
 * ref", just as when another job pushes between our fetch and our push.
 */
export async function installRacingPrePush(work: string, other: string): Promise<void> {
  await installHook(
    path.join(work, '.git'),
    'pre-push',
    [
      'unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX',
      `cd '${other.replaceAll("'", `'\\''`)}' || exit 1`,
      'git fetch --quiet origin main && git reset --quiet --hard FETCH_HEAD &&',
      'git commit --quiet --allow-empty -m "racing commit" && git push --quiet origin HEAD:refs/heads/main',
    ].join('\n'),
  );
}
