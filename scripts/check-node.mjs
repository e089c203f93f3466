// Runs before `npm test` and `npm start`. The project runs on Node 24, which the `node`
// devDependency puts first on PATH for npm scripts once its install script has run. When that
// script was skipped (--ignore-scripts, or not approved in package.json's allowScripts), npm
// silently runs the machine's own Node instead: say so in one line rather than fail obscurely.
// Plain JavaScript with no imports, so that it runs on any Node.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  const script = (process.env.npm_lifecycle_event ?? '').replace(/^pre/, '');
  console.error(
    `${script ? `npm ${script}` : 'This project'} needs Node 24, but this is Node ${process.versions.node} (${process.execPath}): run \`npm rebuild node\` to install the project's Node 24 (the \`node\` devDependency's install script, approved in package.json's allowScripts), or install Node 24 yourself.`,
  );
  process.exit(1);
}
