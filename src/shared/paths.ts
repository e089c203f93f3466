import path from 'node:path';

/**
 * The parts of `node:path` the pure path logic uses. Defaults to the runner's own; tests pass
 * `path.win32` or `path.posix` to check one OS's rules on another.
 */
export type PathFlavour = Pick<typeof path, 'sep' | 'relative' | 'isAbsolute'>;

/** A relative path with `/` separators, as the lockfile, reports and git write them on every OS. */
export function toPosix(p: string, flavour: Pick<PathFlavour, 'sep'> = path): string {
  return p.split(flavour.sep).join('/');
}

/**
 * Whether the absolute path `p` lies strictly inside the absolute folder `root`. On Windows
 * `relative` compares case-insensitively (`C:\Work` holds `c:\work\a`) and answers an absolute path
 * for another drive or share, which is never inside.
 */
export function isInside(root: string, p: string, flavour: PathFlavour = path): boolean {
  const rel = flavour.relative(root, p);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${flavour.sep}`) && !flavour.isAbsolute(rel);
}

/** Whether the absolute path `p` is the folder `root` itself or lies inside it. */
export function isWithin(root: string, p: string, flavour: PathFlavour = path): boolean {
  return flavour.relative(root, p) === '' || isInside(root, p, flavour);
}

/**
 * `p` relative to `root` with `/` separators when it lies strictly inside `root`
 * (see {@link isInside}), `undefined` otherwise.
 */
export function relativeInside(root: string, p: string, flavour: PathFlavour = path): string | undefined {
  return isInside(root, p, flavour) ? toPosix(flavour.relative(root, p), flavour) : undefined;
}

/**
 * A `.git` folder in any spelling a checkout might resolve to it, as git itself refuses them:
 * case-insensitive file systems (`.GIT`), Windows dropping trailing dots and spaces (`.git.`),
 * NTFS's short name (`GIT~1`) and its stream suffix (`.git::$INDEX_ALLOCATION`).
 */
export function entersGit(rel: string): boolean {
  return rel.split(/[\\/]/).some((seg) => {
    const name = seg
      .toLowerCase()
      .replace(/:.*$/, '')
      .replace(/[. ]+$/, '');
    return name === '.git' || name === 'git~1';
  });
}
