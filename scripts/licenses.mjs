// Completes dist/licenses.txt. ncc's license list misses packages whose ES modules it
// concatenates into a chunk (zod, yaml, picomatch, …): their code ships in dist/ without
// their notices, which their licenses require. Every package named by a module path in a
// bundle (`./node_modules/<name>/…`, in ncc's module comments) that the list lacks is added,
// in ncc's format (name, license, text; two blank lines between entries), sorted, so the result
// is the same on every build.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const DIST = 'dist';
const LIST = path.join(DIST, 'licenses.txt');

function bundles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? bundles(path.join(dir, e.name))
      : e.name.endsWith('.js')
        ? [path.join(dir, e.name)]
        : [],
  );
}

/** Package names that bundled module paths point into (the outermost node_modules level). */
function bundledPackages() {
  const names = new Set();
  const re = /\.\/node_modules\/((?:@[^/\s"'`]+\/)?[^/\s"'`]+)\//g;
  for (const file of bundles(DIST)) {
    for (const m of readFileSync(file, 'utf8').matchAll(re)) names.add(m[1]);
  }
  return [...names].sort();
}

function licenseText(dir) {
  const file = readdirSync(dir)
    .filter((f) => /^(licen[sc]e|copying)(\.(md|txt))?$/i.test(f))
    .sort()[0];
  return file ? readFileSync(path.join(dir, file), 'utf8').trim() : undefined;
}

const list = readFileSync(LIST, 'utf8');
// An entry starts with a line that is the package's name (ncc's separators vary with the texts).
const listed = new Set(list.split('\n'));
const added = [];
for (const name of bundledPackages()) {
  if (listed.has(name)) continue;
  const dir = path.join('node_modules', name);
  if (!existsSync(path.join(dir, 'package.json'))) continue;
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const text = licenseText(dir);
  if (!text) throw new Error(`${name} is bundled but ships no license file: add its notice by hand`);
  added.push(`${name}\n${pkg.license ?? 'UNKNOWN'}\n${text}`);
}
if (added.length > 0) writeFileSync(LIST, `${list.trimEnd()}\n\n\n${added.join('\n\n\n')}\n`);
