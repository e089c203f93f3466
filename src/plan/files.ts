import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { GitCli } from '../shared/git.js';
import { isInside, toPosix } from '../shared/paths.js';
import { Semaphore } from '../shared/semaphore.js';

/** What the planner needs to know about a recorded file. */
export interface ExpectedFile {
  readonly sha256: string;
  readonly blob: string;
  readonly bytes: number;
}

export type FileState = 'same' | 'missing' | 'differs';

/** Hashes of a file's bytes: sha256 and the git blob id (sha1 of "blob <n>\0" + bytes). */
export interface FileHashes {
  sha256: string;
  blob: string;
  bytes: number;
}

/**
 * Files read at once: the planner and the fingerprints hash thousands of files together, and each
 * open stream holds a descriptor and a read buffer.
 */
const reads = new Semaphore(8);

/** Streams a file once, computing both hashes; throws when the file changed size while being read. */
export function hashFileBoth(file: string): Promise<FileHashes> {
  return streamHashes(file, true) as Promise<FileHashes>;
}

/**
 * Streams a file once for its sha256 alone: a fingerprint's local input needs no git blob id, and
 * sha1 beside it would cost as much again.
 */
export async function hashFileSha256(file: string): Promise<string> {
  return (await streamHashes(file, false)).sha256;
}

async function streamHashes(
  file: string,
  withBlob: boolean,
): Promise<Omit<FileHashes, 'blob'> & { blob?: string }> {
  return reads.run(async () => {
    const fh = await open(file, 'r');
    try {
      const { size } = await fh.stat();
      const sha = createHash('sha256');
      const blob = withBlob ? createHash('sha1').update(`blob ${size}\0`) : undefined;
      let bytes = 0;
      for await (const chunk of fh.createReadStream({ autoClose: false }) as AsyncIterable<Buffer>) {
        sha.update(chunk);
        blob?.update(chunk);
        bytes += chunk.length;
      }
      if (bytes !== size) throw new Error(`${file} changed while being read`);
      return { sha256: sha.digest('hex'), bytes, ...(blob && { blob: blob.digest('hex') }) };
    } finally {
      await fh.close();
    }
  });
}

/**
 * Answers "is this recorded file still there with the recorded content?".
 * In a git workspace it asks git once for the whole index (blob ids) and for the paths whose
 * working copy differs from the index by stat data, then answers from memory: no image bytes are
 * read for files git knows to be clean. Anything git cannot vouch for is hashed.
 */
export class FileVerifier {
  private snapshot?: Promise<GitSnapshot | null>;
  private loaded: GitSnapshot | null = null;

  constructor(
    private readonly workspace: string,
    private readonly useGit = true,
  ) {}

  /** Start asking git now (it runs while the caller reads the lockfile and fingerprints). */
  prefetch(): void {
    if (this.useGit) void this.gitSnapshot();
  }

  /** Resolves once `known` can answer from git (or never will: not a git workspace). */
  async ready(): Promise<void> {
    if (this.useGit) await this.gitSnapshot();
  }

  /**
   * The answer git gives from memory, once `ready` has resolved: `undefined` when the file has to
   * be looked at (not a git workspace, untracked, or its stat data differs from the index).
   */
  known(abs: string, expected: ExpectedFile): FileState | undefined {
    // A lockfile path that leaves the workspace is never ours: treat it as absent, never read it.
    if (!isInside(this.workspace, abs)) return 'missing';
    const rel = path.relative(this.workspace, abs);
    const snap = this.loaded;
    if (!snap) return undefined;
    const key = toPosix(rel);
    const blob = snap.index.get(key);
    if (blob === undefined || snap.dirty.has(key)) return undefined;
    // A different id is looked at, not taken for an edit: a lockfile written before blobs were
    // recorded with `.gitattributes` filters applied holds the raw id of a file git stores filtered.
    return blob === expected.blob ? 'same' : undefined;
  }

  async verify(abs: string, expected: ExpectedFile): Promise<FileState> {
    await this.ready();
    const answer = this.known(abs, expected);
    if (answer) return answer;
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(abs);
    } catch {
      return 'missing';
    }
    if (!st.isFile()) return 'differs';
    if (st.size !== expected.bytes) return 'differs';
    const h = await hashFileBoth(abs);
    return h.sha256 === expected.sha256 ? 'same' : 'differs';
  }

  private gitSnapshot(): Promise<GitSnapshot | null> {
    this.snapshot ??= loadGitSnapshot(this.workspace).then((snap) => {
      this.loaded = snap;
      return snap;
    });
    return this.snapshot;
  }
}

interface GitSnapshot {
  /** Workspace-relative path (`/`-separated) → index blob id (stage 0 only). */
  index: Map<string, string>;
  /** Paths whose working copy may differ from the index (stat), or that are deleted. */
  dirty: Set<string>;
}

async function loadGitSnapshot(cwd: string): Promise<GitSnapshot | null> {
  try {
    // Both answer for the workspace's folder only, in paths relative to it (a workspace may be a
    // subfolder of the repository), so no third call is needed to locate the repository's root.
    const git = new GitCli(cwd);
    const [ls, diff] = await Promise.all([
      git.exec(['ls-files', '-s', '-z']),
      git.exec(['diff-files', '--name-only', '--relative', '-z']),
    ]);
    const index = new Map<string, string>();
    for (const line of ls.split('\0')) {
      if (!line) continue;
      const tab = line.indexOf('\t');
      const [, blob, stage] = line.slice(0, tab).split(' ');
      if (stage === '0' && blob) index.set(line.slice(tab + 1), blob);
    }
    const dirty = new Set(diff.split('\0').filter(Boolean));
    return { index, dirty };
  } catch {
    return null;
  }
}

/**
 * Blob ids as git computes them for files of one workspace, with its `.gitattributes` filters
 * applied (SPEC §4 rule 7: under Git LFS the index holds the pointer's id, so that is what the
 * lockfile records; the unchanged check then compares like with like). Files asked for together
 * (one entry's images, entries finishing at once) share one `git hash-object` process. Outside a
 * git workspace, or when git cannot answer, the answer is `undefined`: the raw blob id stands.
 */
class GitBlobIds {
  private queue: { rel: string; done: (id: string | undefined) => void }[] = [];
  private repo?: Promise<boolean>;

  constructor(private readonly workspace: string) {}

  of(abs: string): Promise<string | undefined> {
    const rel = toPosix(path.relative(this.workspace, abs));
    // `--stdin-paths` reads one path a line and unquotes a leading `"`: such names keep the raw id.
    if (!isInside(this.workspace, abs) || /[\n\r]/.test(rel) || rel.startsWith('"'))
      return Promise.resolve(undefined);
    return new Promise((done) => {
      if (this.queue.push({ rel, done }) === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    const git = new GitCli(this.workspace);
    // Not a git workspace: there is no index to compare with, and no attributes to apply.
    this.repo ??= hasGitFolder(this.workspace).then((found) =>
      found
        ? git.exec(['rev-parse', '--is-inside-work-tree']).then(
            (out) => out.trim() === 'true',
            () => false,
          )
        : false,
    );
    const ids = (await this.repo)
      ? await git.hashFiles(batch.map((b) => b.rel)).catch(() => undefined)
      : undefined;
    for (const [i, b] of batch.entries()) b.done(ids?.[i]);
  }
}

/** Whether `dir` or a folder above it holds a `.git`: no git process is started for a plain folder. */
async function hasGitFolder(dir: string): Promise<boolean> {
  for (let at = dir; ; at = path.dirname(at)) {
    if (
      await stat(path.join(at, '.git')).then(
        () => true,
        () => false,
      )
    )
      return true;
    if (path.dirname(at) === at) return false;
  }
}

const blobIds = new Map<string, GitBlobIds>();

/**
 * The hashes a lockfile records for a file this run wrote in `workspace`: sha256 of its bytes, and
 * the blob id git gives it at that path (filters applied; the raw blob id outside a git workspace).
 */
export async function hashForRecord(
  workspace: string,
  file: string,
  known?: { sha256: string; bytes: number },
): Promise<FileHashes> {
  const blob = await gitBlobFor(workspace, file);
  // Hashed while it was downloaded: git's id (filters applied) is all that is missing.
  if (known && blob) return { ...known, blob };
  const h = await hashFileBoth(file);
  return blob ? { ...h, blob } : h;
}

/** The blob id git gives `file` at its path, `.gitattributes` filters applied; undefined outside git. */
export function gitBlobFor(workspace: string, file: string): Promise<string | undefined> {
  let ids = blobIds.get(workspace);
  if (!ids) {
    ids = new GitBlobIds(workspace);
    blobIds.set(workspace, ids);
  }
  return ids.of(file);
}
