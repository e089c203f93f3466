/**
 * The action's entry: inputs and context read, a comment's `/pixazo` commands or one run carried
 * out (run-once.ts), and the one place the step fails.
 */
import * as core from '@actions/core';
import { BudgetError, ConfigError } from '../engine/errors.js';
import { listenForCancel } from '../engine/session.js';
import { ManifestError } from '../manifest/types.js';
import { LockfileError } from '../plan/lockfile.js';
import { RunLockError } from '../plan/run-lock.js';
import { redact, secrets } from '../shared/redact.js';
import { plural } from '../shared/words.js';
import { annotations } from './annotations.js';
import { readContext } from './context.js';
import { readInputs } from './inputs.js';
import { setMissingOutputs } from './outputs.js';
import { releaseRunLock, runOnce } from './run-once.js';
import { guardStreams } from './sinks.js';

/** The action: read inputs and context, run the engine, publish, report. Fails in one place. */
export async function run(): Promise<void> {
  // A cancel from the first moment on ends the run cleanly, never by Node's default.
  listenForCancel();
  // Before anything is logged: every line from here on passes the redactor.
  guardStreams();
  // A promise nobody awaited, or a throw from a callback, would otherwise reach Node's default
  // printer (a stack trace past the redactor): it fails the step here, in the one place, once.
  process.on('unhandledRejection', lateFailure);
  process.on('uncaughtException', lateFailure);
  try {
    await main();
  } catch (err) {
    // Every output exists even when the run stops early, so later steps can read them.
    setMissingOutputs();
    fail(err);
  } finally {
    await releaseRunLock();
  }
}

async function main(): Promise<void> {
  const inputs = readInputs();
  const ctx = readContext();
  // A run started by a comment only carries out `/pixazo` commands (§10): it never plans the manifest.
  if (ctx.eventName === 'issue_comment') {
    const { runCommands } = await import('./commands.js');
    return runCommands(inputs, ctx, runOnce);
  }
  // On pull requests, entries with `candidates` buy sets for a reviewer to pick from (§10).
  await runOnce(inputs, ctx, ctx.pr ? { candidates: true, pullRequest: ctx.pr.number } : {});
}

/** Whether the step has been failed already: a later error is logged for debugging only. */
let failed = false;

/** An error that escaped every await: the step fails with it, unless it failed already. */
function lateFailure(err: unknown): void {
  process.exitCode = 1;
  // It may come before the inputs were read (and the key registered with the redactor).
  secrets.addKey(core.getInput('api-key').trim());
  if (failed) {
    core.debug(redact(err instanceof Error ? (err.stack ?? err.message) : String(err)));
    return;
  }
  fail(err);
}

/** The one place the step fails. Bad input gets located annotations, never a stack trace. */
function fail(err: unknown): void {
  failed = true;
  if (err instanceof ManifestError) {
    for (const i of err.issues) {
      const place = { file: i.file, line: i.line, col: i.col, title: 'pixazo-images: manifest' };
      if (i.severity === 'error') annotations.error(i.message, place);
      else annotations.warning(i.message, place);
    }
    const n = err.issues.filter((i) => i.severity === 'error').length;
    core.setFailed(`${plural(n, 'problem')} in the manifest; nothing was sent to the gateway.`);
    return;
  }
  if (
    err instanceof ConfigError ||
    err instanceof BudgetError ||
    err instanceof LockfileError ||
    err instanceof RunLockError
  ) {
    core.setFailed(err.message);
    return;
  }
  if (err instanceof Error) {
    // Unexpected errors keep their stack for debugging, out of the user's way.
    if (err.name !== 'PublishError') core.debug(err.stack ?? '');
    core.setFailed(err.message);
    return;
  }
  core.setFailed(String(err));
}
