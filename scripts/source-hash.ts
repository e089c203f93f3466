/**
 * What dist/ is built from, as one sha256: every file under src/, the build scripts, and the
 * dependency tree of package-lock.json (without the project's own version, which a release bumps
 * and the bundles do not contain). `npm run build` writes it to dist/source-hash.txt; the tests'
 * global setup (test/helpers/fresh-dist.ts) compares it with the source's to know whether the
 * committed bundle is what the end-to-end tests should run.
 *
 *   node --import tsx scripts/source-hash.ts           print the source's hash
 *   node --import tsx scripts/source-hash.ts --write   write it to dist/source-hash.txt (the build's last step)
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The stamp beside the bundles. */
export const STAMP = 'dist/source-hash.txt';

/** The build scripts whose output lands in dist/ or schema/. */
const SCRIPTS = ['scripts/build.mjs', 'scripts/licenses.mjs', 'scripts/gen-schema.ts'];

function filesUnder(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((d) => {
    const rel = `${dir}/${d.name}`;
    return d.isDirectory() ? filesUnder(root, rel) : d.isFile() ? [rel] : [];
  });
}

/** The hash of what the build reads in `root`; the same on every OS (paths with `/`, sorted). */
export function sourceHash(root = ROOT): string {
  const hash = createHash('sha256');
  for (const file of [...filesUnder(root, 'src'), ...SCRIPTS].sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    version?: string;
    packages?: Record<string, { version?: string }>;
  };
  delete lock.version;
  if (lock.packages?.['']) delete lock.packages[''].version;
  hash.update(`package-lock.json\0${JSON.stringify(lock)}`);
  return hash.digest('hex');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const hash = sourceHash();
  if (process.argv.includes('--write')) writeFileSync(path.join(ROOT, STAMP), `${hash}\n`);
  else console.log(hash);
}
