import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { guardedWriteFile } from './guard.js';
import { redact } from './redact.js';

/**
 * Writes `file` atomically (temp file beside it, then rename; its folder created): a reader never
 * sees half of it. `root` is the folder it must stay in (the workspace, or a staging folder): the
 * path guard checks every step against it. Text (the lockfile, the image index, the gallery …)
 * passes the one redactor first (SPEC §9). With `flush`, the temp file is flushed to disk before
 * the rename and the folder after it, so the new content survives a crash or power loss the moment
 * this resolves (write-ahead records).
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  root: string,
  opts: { flush?: boolean } = {},
): Promise<void> {
  await guardedWriteFile(root, file, typeof data === 'string' ? redact(data) : data, opts);
  if (opts.flush) await flushFolder(path.dirname(file));
}

/** Flushes a folder's entries (the rename); platforms that cannot open a folder (Windows) skip it. */
async function flushFolder(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EPERM' && code !== 'EISDIR') throw err;
  } finally {
    await handle.close();
  }
}

/** A file system error's cause in words: `ENOSPC: no space left on device, write` → `no space left on device`. */
export function fsCause(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^E[A-Z]+: /, '').replace(/, \w+(?: '[^']*'(?: -> '[^']*')?)?$/, '');
}

/**
 * A write that failed for a reason of the file system (a full disk, a read-only folder): names the
 * file as messages show it, and the cause in words.
 */
export class WriteError extends Error {
  override readonly name: string = 'WriteError';
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`cannot write ${file}: ${fsCause(cause)}`, { cause });
  }
}

/** A text file's content, or undefined when it does not exist; any other failure is thrown. */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
