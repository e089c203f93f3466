import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

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

/** Streams a file once, computing both hashes. */
export async function hashFileBoth(file: string): Promise<FileHashes> {
  const { size } = await stat(file);
  const sha = createHash('sha256');
  const blob = createHash('sha1').update(`blob ${size}\0`);
  let bytes = 0;
  await new Promise<void>((resolve, reject) => {
    createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => {
        bytes += chunk.length;
        sha.update(chunk);
        blob.update(chunk);
      })
      .on('end', resolve);
  });
  if (bytes !== size) throw new Error(`${file} changed while being read`);
  return { sha256: sha.digest('hex'), blob: blob.digest('hex'), bytes };
}

/**
 * Answers "is this recorded file still there with the recorded content?".
 * In a git workspace it asks git once for the whole index (blob ids) and for the paths whose
 * working copy differs from the index by stat data, then answers from memory: no image bytes are
 * read for files git knows to be clean. Anything git cannot vouch for is hashed.
 */
export class FileVerifier {
  private snapshot?: Promise<GitSnapshot | null>;

  constructor(
    private readonly workspace: string,
    private readonly useGit = true,
  ) {}

  async verify(abs: string, expected: ExpectedFile): Promise<FileState> {
    // A lockfile path that leaves the workspace is never ours: treat it as absent, never read it.
    const rel = path.relative(this.workspace, abs);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return 'missing';
    const snap = this.useGit ? await this.gitSnapshot() : null;
    if (snap) {
      const rel = path.posix.join(snap.prefix, path.relative(this.workspace, abs).split(path.sep).join('/'));
      const blob = snap.index.get(rel);
      if (blob !== undefined && !snap.dirty.has(rel)) return blob === expected.blob ? 'same' : 'differs';
    }
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
    this.snapshot ??= loadGitSnapshot(this.workspace);
    return this.snapshot;
  }
}

interface GitSnapshot {
  /** The workspace's path inside the repository ('' at the root), `/`-separated. */
  prefix: string;
  /** Repository-relative path → index blob id (stage 0 only). */
  index: Map<string, string>;
  /** Paths whose working copy may differ from the index (stat), or that are deleted. */
  dirty: Set<string>;
}

async function loadGitSnapshot(cwd: string): Promise<GitSnapshot | null> {
  try {
    const opts = { cwd, maxBuffer: 1 << 30 };
    const root = (await run('git', ['rev-parse', '--show-toplevel'], opts)).stdout.trim();
    const prefix = (await run('git', ['rev-parse', '--show-prefix'], opts)).stdout.trim().replace(/\/$/, '');
    const [ls, diff] = await Promise.all([
      run('git', ['ls-files', '-s', '-z'], { ...opts, cwd: root }),
      run('git', ['diff-files', '--name-only', '-z'], { ...opts, cwd: root }),
    ]);
    const index = new Map<string, string>();
    for (const line of ls.stdout.split('\0')) {
      if (!line) continue;
      const tab = line.indexOf('\t');
      const [, blob, stage] = line.slice(0, tab).split(' ');
      if (stage === '0' && blob) index.set(line.slice(tab + 1), blob);
    }
    const dirty = new Set(diff.stdout.split('\0').filter(Boolean));
    return { prefix, index, dirty };
  } catch {
    return null;
  }
}
