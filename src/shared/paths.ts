import path from 'node:path';

/** A relative path with `/` separators, as the lockfile, reports and git write them on every OS. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
