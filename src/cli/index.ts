#!/usr/bin/env node
// The Node version is checked before anything else loads: on an older Node, undici (under the
// gateway client) throws while loading, so main.js is imported only once the check has passed.
import { installLastResort, lastResort } from './last-resort.js';
import { nodeTooOld } from './node-version.js';

// Whatever escapes cli() is printed as one redacted line, never as Node's stack trace.
installLastResort();
const tooOld = nodeTooOld(process.versions.node);
if (tooOld) {
  process.stderr.write(`${tooOld}\n`);
  process.exitCode = 2;
} else {
  try {
    const { cli } = await import('./main.js');
    process.exitCode = await cli(process.argv.slice(2));
  } catch (err) {
    lastResort(err);
  }
}
