// Builds the committed artifacts: dist/ (the action bundle and the CLI bundle, with ncc, and
// licenses.txt completed by scripts/licenses.mjs) and schema/ (the JSON Schemas of the manifest
// and of the image index, by scripts/gen-schema.ts). CI runs this and fails when the result
// differs from git.
// ncc type-checks with src/tsconfig.json (src only), so a test in progress never breaks the
// bundle; `npm run lint` type-checks everything. dist/source-hash.txt records what it was built
// from (scripts/source-hash.ts), so that `npm test` rebuilds a dist/ older than src/.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('ncc', ['build', 'src/index.ts', '-o', 'dist', '--license', 'licenses.txt', '--target', 'es2024', '-q']);
run('ncc', ['build', 'src/cli/index.ts', '-o', 'dist/cli', '--target', 'es2024', '-q']);
run('node', ['scripts/licenses.mjs']);
run('node', ['--import', 'tsx', 'scripts/gen-schema.ts']);
// Last: what this dist/ was built from, so the tests know when it is older than src/.
run('node', ['--import', 'tsx', 'scripts/source-hash.ts', '--write']);
