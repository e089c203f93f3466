/**
 * The action's last resort, through the built bundle (dist/index.js): an error that escapes every
 * await (here a rejection nobody handles, planted by a module preloaded into the step's Node) fails
 * the step once, through the redactor: the key it quotes is in no stream, and Node's default
 * printer (a stack trace past the redactor) never runs.
 */
import { expect, it } from 'vitest';
import { runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import { annotations, gitEnv, inputsFor, logOf, MANIFEST } from './fixtures.js';

const KEY = 'pxz_live_La5tRes0rtKey8';
// A module preloaded into the step's Node: a rejection nobody handles, quoting the key.
const PLANTED = "setTimeout(() => Promise.reject(new Error(`planted:${process.env['INPUT_API-KEY']}`)), 300)";
const t = setup({
  emulator: { latency: 20, apiKey: KEY },
  workspace: { kind: 'git', files: { 'images.config.yaml': MANIFEST } },
});

it('an unhandled rejection quoting the key fails the step once, redacted', async () => {
  const run = await runAction({
    workspace: t.fx.work,
    inputs: inputsFor(t.emu, { 'api-key': KEY, 'dry-run': 'true', publish: 'none' }),
    env: {
      ...gitEnv(t.fx),
      NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(PLANTED)}`,
    },
  });
  expect(run.code, logOf(run)).toBe(1);
  expect(annotations(run, 'error')).toEqual(['planted:***']);
  // The runner is told the key once, to mask it (`::add-mask::`); no other line holds it.
  const log = (run.stdout + run.stderr).split('\n').filter((l) => !l.startsWith('::add-mask::'));
  expect(log.join('\n')).not.toContain(KEY);
  expect(run.stderr).not.toMatch(/^\s+at /m);
});
