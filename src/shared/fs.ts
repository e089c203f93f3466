import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A path for a temp file beside `target`, so the final rename stays on one filesystem. */
export function tempBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes `file` atomically (temp file beside it, then rename): a reader never sees half of it.
 * With `flush`, the temp file is flushed to disk before the rename and the folder after it, so the
 * new content survives a crash or power loss the moment this resolves (write-ahead records).
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  opts: { flush?: boolean } = {},
): Promise<void> {
  const tmp = tempBeside(file);
  try {
    if (opts.flush) await writeFlushed(tmp, data);
    else await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  if (opts.flush) await flushFolder(path.dirname(file));
}

async function writeFlushed(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
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

/** A text file's content, or undefined when it does not exist; any other failure is thrown. */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
