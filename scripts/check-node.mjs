// Runs before `npm test` and `npm start`. The project's scripts run on the Node of `.node-version`
// (24), which the `node` devDependency puts first on PATH for npm scripts once its install script
// has run. When that script was skipped (--ignore-scripts, or not approved in package.json's
// allowScripts), npm silently runs the machine's own Node instead: say so in one line rather than
// fail obscurely. Plain JavaScript importing only node:fs, so that it runs on any Node.
import { readFileSync } from 'node:fs';

const wanted = readFileSync(new URL('../.node-version', import.meta.url), 'utf8').trim();
const major = process.versions.node.split('.')[0];
if (major !== wanted) {
  const script = (process.env.npm_lifecycle_event ?? '').replace(/^pre/, '');
  console.error(
    `${script ? `npm ${script}` : 'This project'} needs Node ${wanted}, but this is Node ${process.versions.node} (${process.execPath}): run \`npm rebuild node\` to install the project's Node ${wanted} (the \`node\` devDependency's install script, approved in package.json's allowScripts), or install Node ${wanted} yourself.`,
  );
  process.exit(1);
}
