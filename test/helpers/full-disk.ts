import { execFileSync } from 'node:child_process';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A folder whose writes can be made to fail on demand, for "disk full" tests. As root it is a
 * small tmpfs mounted there and filled to the last byte (a real ENOSPC); otherwise the failure is
 * injected by making the folder read-only (EACCES). `mode` says which, for test names and output.
 */
export interface FullableFolder {
  readonly dir: string;
  readonly mode: string;
  /** What the failing write's message says. */
  readonly cause: string;
  fill(): Promise<void>;
  free(): Promise<void>;
  cleanup(): Promise<void>;
}

export const FULL_DISK_MODE =
  process.getuid?.() === 0 ? 'tmpfs filled (real ENOSPC)' : 'read-only folder (injected EACCES)';

export async function fullableFolder(
  dir: string,
  { sizeBytes = 256 << 10 }: { sizeBytes?: number } = {},
): Promise<FullableFolder> {
  await mkdir(dir, { recursive: true });
  if (process.getuid?.() === 0) {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir]);
    const filler = path.join(dir, 'filler');
    return {
      dir,
      mode: FULL_DISK_MODE,
      cause: 'no space left on device',
      // Writes until the folder is full; the partial file stays and keeps it full.
      fill: () => writeFile(filler, Buffer.alloc(sizeBytes + (1 << 20), 1)).catch(() => {}),
      free: () => rm(filler, { force: true }),
      cleanup: async () => {
        execFileSync('umount', [dir]);
      },
    };
  }
  return {
    dir,
    mode: FULL_DISK_MODE,
    cause: 'permission denied',
    fill: () => chmod(dir, 0o555),
    free: () => chmod(dir, 0o755),
    cleanup: () => chmod(dir, 0o755),
  };
}
