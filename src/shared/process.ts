import { readFileSync } from 'node:fs';

/**
 * Whether the holder (on this host) still runs: on Linux its pid must exist with the start time the
 * lock recorded (a reused pid is another process: a restarted container's node is often pid 1 again)
 * in the same boot; elsewhere, that the pid exists.
 */
export function processAlive(h: { pid: number; proc_start?: string; boot_id?: string }): boolean {
  if (h.boot_id && bootId() && h.boot_id !== bootId()) return false;
  const start = procStart(h.pid);
  if (start !== undefined) return h.proc_start === undefined || h.proc_start === start;
  if (process.platform === 'linux' && bootId() !== undefined) return false;
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Field 22 of `/proc/<pid>/stat` (start time in clock ticks after boot); undefined without /proc. */
export function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command) is in parentheses and may hold spaces: count from after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
