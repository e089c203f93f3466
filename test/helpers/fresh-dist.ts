/**
 * Vitest global setup: the end-to-end tests (and the CLI, chaos and docs tests that run the bundle)
 * run `dist/`, so before any test runs, a `dist/` older than the source is rebuilt, once per test
 * run, with `npm run build`'s own script. "Older" is measured, not guessed: dist/source-hash.txt
 * (written by the build) against the hash of src/, the build scripts and the lockfile
 * (scripts/source-hash.ts). A fresh dist/ (every clone of main, and CI) costs a hash of the source,
 * about 50 ms. The build is deterministic, so a rebuilt dist/ is byte for byte what CI's freshness
 * check rebuilds. A run restricted to folders that never load the bundle (`vitest run test/engine`)
 * does not wait for a build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { STAMP, sourceHash } from '../../scripts/source-hash.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The test folders whose tests run dist/. */
const RUN_DIST = ['test/e2e', 'test/cli', 'test/chaos', 'test/docs'];

/**
 * Whether a vitest run with these command-line filters may include a test that runs dist/. Vitest
 * matches a filter as a substring of the file's path, so a bare name (`action`) may match anything.
 */
export function mayRunBundle(filters: string[]): boolean {
  if (filters.length === 0) return true;
  return filters.some((f) => {
    const n = f.replaceAll('\\', '/').replace(/^\.\//, '').replace(/\/$/, '');
    // `test`, `action`, `e2e`: a part of a path that may be in any folder.
    if (!n.startsWith('test/')) return true;
    return RUN_DIST.some((d) => n.startsWith(d) || d.startsWith(n));
  });
}

/** The file filters of this vitest command line (`vitest run test/e2e test/cli` → the two folders). */
function cliFilters(argv: string[]): string[] {
  const at = argv.findIndex((a) => a === 'run' || a === 'watch' || a === 'related');
  const args = at === -1 ? argv.slice(2) : argv.slice(at + 1);
  return args.filter((a) => !a.startsWith('-'));
}

/** Why dist/ must be rebuilt, or undefined when it is what the source builds. */
export function staleReason(root = ROOT): string | undefined {
  const stamp = path.join(root, STAMP);
  if (!existsSync(stamp)) return `${STAMP} is missing`;
  return readFileSync(stamp, 'utf8').trim() === sourceHash(root)
    ? undefined
    : 'src/ changed since it was built';
}

export default function setup(): void {
  if (mayRunBundle(cliFilters(process.argv))) ensureFreshDist();
}

/** Rebuilds dist/ when it is not what the source builds (also used by `npm run chaos`). */
export function ensureFreshDist(): void {
  const reason = staleReason();
  if (!reason) return;
  process.stderr.write(`dist/ is stale (${reason}): building it for the end-to-end tests (npm run build)…\n`);
  // The npm script's environment: node_modules/.bin on PATH for ncc.
  const PATH = `${path.join(ROOT, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}`;
  execFileSync(process.execPath, ['scripts/build.mjs'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, PATH },
  });
  const still = staleReason();
  if (still) throw new Error(`dist/ is still stale after npm run build (${still})`);
}
