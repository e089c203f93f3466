import path from 'node:path';

/** A path with `/` separators, as recorded in lockfiles and shown to users on every platform. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
