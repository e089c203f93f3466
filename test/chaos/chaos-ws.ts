/**
 * The chaos trial's workspace around the runs: a git repository when the trial draws one (and a
 * fingerprint of its `.git` to prove the runs left it alone), the small filesystem a disk-full
 * trial lives on, an entry that loses its image, and the search for the key in any file.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Lockfile } from '../../src/plan/lockfile.js';
import { type FullableFolder, fullableFolder } from '../helpers/full-disk.js';
import type { TempWorkspace } from '../helpers/workspace.js';

/** Every spelling of the key a leak could take that a reader could decode. */
export function keyForms(key: string): string[] {
  return [key, Buffer.from(key).toString('base64'), key.replaceAll('_', '\\_')];
}

/** Files under `dir` (recursive) holding any of `forms`, relative; a missing folder holds none. */
export async function filesHolding(dir: string, forms: readonly string[]): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    const bytes = await readFile(file).catch(() => undefined);
    if (bytes && forms.some((f) => bytes.includes(f))) out.push(path.relative(dir, file));
  }
  return out;
}

/** Makes the workspace a git repository with one commit of what it holds. */
export function gitInit(ws: TempWorkspace): void {
  ws.git('init', '-q', '-b', 'main');
  ws.git('add', '-A');
  ws.git('commit', '-q', '-m', 'site');
}

/**
 * A hash of everything under `.git` but the index and the reflogs (git refreshes the index's stat
 * data on a status; neither holds history). Runs that publish nothing must leave it equal.
 */
export async function gitState(dir: string): Promise<string | undefined> {
  const git = path.join(dir, '.git');
  const entries = await readdir(git, { recursive: true, withFileTypes: true }).catch(() => undefined);
  if (!entries) return undefined;
  const h = createHash('sha256');
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(git, path.join(e.parentPath, e.name)))
    .filter((f) => f !== 'index' && !f.startsWith('logs') && !f.endsWith('.lock'))
    .sort();
  for (const f of files)
    h.update(f)
      .update('\0')
      .update(await readFile(path.join(git, f)))
      .update('\0');
  return h.digest('hex');
}

/** Entry `id` loses its files; with `record`, its lockfile record too (a checkout that lacks them). */
export async function loseEntry(dir: string, id: string, record: boolean): Promise<void> {
  const file = path.join(dir, 'images.lock.json');
  let lock: Lockfile;
  try {
    lock = JSON.parse(await readFile(file, 'utf8')) as Lockfile;
  } catch {
    return;
  }
  const rec = lock.images[id];
  if (!rec) return;
  for (const f of rec.files) await rm(path.resolve(dir, f.path), { force: true });
  if (!record) return;
  delete lock.images[id];
  await writeFile(file, `${JSON.stringify(lock, null, 2)}\n`);
}

/**
 * Where trials put workspaces that may fill up: as root, one small tmpfs per worker (a real
 * ENOSPC); otherwise none, and disk-full draws are skipped (`mode` says which).
 */
export interface DiskSpace {
  readonly mode: string;
  /** A fresh folder on the small filesystem, or undefined when there is none. */
  workspaceDir(): Promise<string | undefined>;
  fill(): Promise<void>;
  free(): Promise<void>;
  close(): Promise<void>;
}

export async function diskSpace(): Promise<DiskSpace> {
  if (process.getuid?.() !== 0)
    return {
      mode: 'skipped: not root, so no small filesystem can be mounted (disk-full draws are not run)',
      workspaceDir: async () => undefined,
      fill: async () => {},
      free: async () => {},
      close: async () => {},
    };
  const mount = await mkdtemp(path.join(os.tmpdir(), 'pixazo-chaos-disk-'));
  let folder: FullableFolder;
  try {
    folder = await fullableFolder(mount, { sizeBytes: 8 << 20 });
  } catch (err) {
    await rm(mount, { recursive: true, force: true });
    return {
      mode: `skipped: mounting a tmpfs failed (${(err as Error).message.split('\n')[0]})`,
      workspaceDir: async () => undefined,
      fill: async () => {},
      free: async () => {},
      close: async () => {},
    };
  }
  return {
    mode: 'a real ENOSPC on an 8 MB tmpfs filled from an emulator hook (EIO cannot be made on demand: not drawn)',
    workspaceDir: async () => realpath(await mkdtemp(path.join(folder.dir, 'ws-'))),
    fill: () => folder.fill(),
    free: () => folder.free(),
    close: async () => {
      await folder.free();
      await folder.cleanup();
      await rm(mount, { recursive: true, force: true });
    },
  };
}
