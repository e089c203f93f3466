import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { BudgetError, ConfigError } from '../engine/errors.js';
import { runEngine } from '../engine/run.js';
import { cancellation, openManifest } from '../engine/session.js';
import type { EngineDeps, RunEvent, RunOptions } from '../engine/types.js';
import { lazyGateway } from '../gateway/lazy.js';
import { realClock } from '../gateway/options.js';
import type { Gateway } from '../gateway/types.js';
import { type Manifest, ManifestError } from '../manifest/types.js';
import { formatCostOutput } from '../models/pricing.js';
import { LockfileError } from '../plan/lockfile.js';
import { acquireRunLock, type RunLock, RunLockError } from '../plan/run-lock.js';
import { idMatcher, unmatchedPatternWarnings } from '../plan/select.js';
import { formatEvent } from '../report/progress.js';
import type { RunReport } from '../report/types.js';
import { inputUrlDeps } from '../shared/input-urls.js';
import { redact, secrets } from '../shared/redact.js';
import { plural } from '../shared/words.js';
import { actionLogger, annotations } from './annotations.js';
import { type ActionContext, readContext } from './context.js';
import { type ActionInputs, readInputs } from './inputs.js';
import { checkPublishTarget, type Published, publishResults } from './publish.js';
import { guardStreams, info, setOutput } from './sinks.js';
import { writeSummary } from './summary.js';

/** The action: read inputs and context, run the engine, publish, report. Fails in one place. */
export async function run(): Promise<void> {
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
    if (!outputsSet) setOutputs(undefined, '', undefined);
    fail(err);
  } finally {
    await releaseRunLock();
  }
}

/** The run lock, held from planning through publishing (which writes the merged lockfile back). */
let runLock: RunLock | undefined;

async function takeRunLock(lockfilePath: string, ctx: ActionContext, signal: AbortSignal): Promise<void> {
  runLock = await acquireRunLock(lockfilePath, {
    clock: realClock,
    signal,
    run: ctx.runId ? `the action (workflow run ${ctx.runId})` : 'the action',
    displayRoot: ctx.workspace,
    onWait: (m) => core.info(m),
    onWarning: (m) => annotations.warning(m),
  });
}

async function releaseRunLock(): Promise<void> {
  const lock = runLock;
  runLock = undefined;
  await lock?.release().catch((err: unknown) => {
    annotations.warning(`Could not remove the run lock ${lock.file}: ${(err as Error).message}`);
  });
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

/** What a command adds to a run: a pick, a candidates run (reroll), the PR it records. */
export type RunExtras = Pick<RunOptions, 'candidates' | 'pick' | 'pullRequest'>;

/** What a run did and where it published it (a command shows it in the sticky comment). */
export interface RunResult {
  report: RunReport;
  published: Published | undefined;
}

/** One run of the engine, published and reported; throws what fails the step. Releases the run lock. */
export async function runOnce(
  inputs: ActionInputs,
  ctx: ActionContext,
  extras: RunExtras,
): Promise<RunResult> {
  try {
    return await runAndPublish(inputs, ctx, extras);
  } finally {
    await releaseRunLock();
  }
}

async function runAndPublish(
  inputs: ActionInputs,
  ctx: ActionContext,
  extras: RunExtras,
): Promise<RunResult> {
  // A pick makes no gateway call (§10): it needs no key, and is carried out without one.
  const planOnly = inputs.apiKey === '' && !inputs.dryRun && !extras.pick;
  const spending = !inputs.dryRun && !planOnly;

  // A detached PR merge checkout cannot be pushed: say so before anything is planned or spent.
  if (spending) await checkPublishTarget(inputs, ctx);
  const { manifest, lockfilePath } = await openManifest({
    workspace: ctx.workspace,
    config: inputs.config,
    ...(inputs.lockfile ? { lockfile: inputs.lockfile } : {}),
  });
  for (const w of manifest.warnings)
    annotations.warning(w.message, { file: w.file, line: w.line, col: w.col, title: 'pixazo-images' });
  for (const w of unmatchedSelections(inputs, manifest)) annotations.warning(w);
  if (planOnly) {
    annotations.notice(
      ctx.pr?.fork
        ? 'No api-key: pull requests from forks get no secrets, so this run only plans and estimates (no gateway call, no spend).'
        : 'No api-key given: this run only plans and estimates (no gateway call, no spend). Set api-key: ${{ secrets.PIXAZO_API_KEY }} to generate.',
    );
  }

  const cancel = cancellation((name) =>
    annotations.warning(
      `Received ${name}: no new submissions; finishing what is running and recording pending requests.`,
    ),
  );
  // One run per lockfile: a spending run holds its lock to the end; a dry run or a plan only reads.
  if (spending)
    await takeRunLock(lockfilePath, ctx, cancel.signal).catch((err: unknown) => {
      cancel.dispose();
      throw err;
    });
  const progress = progressLog();
  const deps: EngineDeps = {
    clock: realClock,
    events: progress.event,
    ...(spending ? { gateway: gatewayFor(inputs) } : {}),
    ...(spending && inputs.cache ? { cache: await cacheFor(inputs, ctx) } : {}),
    ...(await inputUrlDeps(inputs, ctx, manifest.workspace, manifest.dir)),
  };
  let report: RunReport;
  try {
    report = await runEngine(
      {
        manifest,
        lockfilePath,
        dryRun: inputs.dryRun,
        ...(inputs.maxCost !== undefined ? { maxCost: inputs.maxCost } : {}),
        concurrency: inputs.concurrency,
        pollInterval: inputs.pollInterval,
        pollTimeoutMs: inputs.pollTimeoutMs,
        ...optionalMatchers(inputs),
        ...(inputs.shard ? { shard: inputs.shard } : {}),
        prune: inputs.prune,
        retryUnknownSubmits: inputs.retryUnknownSubmits,
        signal: cancel.signal,
        ...extras,
      },
      deps,
    );
  } catch (err) {
    if (err instanceof BudgetError)
      await finishReport(err.report, await writeReport(err.report, ctx), inputs, ctx, undefined);
    throw err;
  } finally {
    progress.end();
    cancel.dispose();
  }
  report.planOnly = planOnly;

  // Written before publishing: the artifact carries it.
  const reportPath = await writeReport(report, ctx);
  let published: Published | undefined;
  let publishError: unknown;
  if (cancel.received()) {
    annotations.warning(
      'Cancelled: finished images and pending requests are recorded in the lockfile; nothing was published. The next run resumes without paying again.',
    );
  } else if (spending) {
    // A failed publish still gets its outputs and summary (the images are paid for), then fails the step.
    // runEngine settled its image-cache saves before returning, so they precede the first push.
    published = await publishResults(report, inputs, ctx, lockfilePath, reportPath, manifest).catch(
      (err: unknown) => {
        publishError = err;
        return undefined;
      },
    );
  }
  await finishReport(report, reportPath, inputs, ctx, published);
  if (publishError !== undefined) throw publishError;
  if (published?.failure) throw published.failure;

  if (cancel.received()) throw new Error(`Cancelled (${cancel.received()}).`);
  if (report.totals.failed > 0 && inputs.failOnError) {
    const failed = report.entries.filter((e) => e.status === 'failed' || e.status === 'pending');
    throw new Error(
      `${plural(failed.length, 'entry', 'entries')} failed: ${failed.map((e) => `${e.id} (${e.error ?? e.status})`).join('; ')}`,
    );
  }
  return { report, published };
}

/** `only`/`force` patterns that match no entry of the manifest: a typo would silently do nothing. */
function unmatchedSelections(inputs: ActionInputs, manifest: Manifest): string[] {
  const ids = manifest.entries.map((e) => e.id);
  return [
    ...unmatchedPatternWarnings('input only:', inputs.only, ids),
    ...unmatchedPatternWarnings('input force:', inputs.force, ids),
  ];
}

function gatewayFor(inputs: ActionInputs): Gateway {
  // Imported on first call: a run with nothing to generate never loads the HTTP client.
  return lazyGateway(async () => {
    const { PixazoClient } = await import('../gateway/client.js');
    return new PixazoClient({
      baseUrl: inputs.gatewayUrl,
      apiKey: inputs.apiKey,
      retryUnknownSubmits: inputs.retryUnknownSubmits,
      maxImageBytes: inputs.maxImageBytes,
      ...(inputs.webhookUrl ? { webhookUrl: inputs.webhookUrl } : {}),
      logger: actionLogger,
    });
  });
}

async function cacheFor(inputs: ActionInputs, ctx: ActionContext): Promise<NonNullable<EngineDeps['cache']>> {
  const { createActionsCache } = await import('../publish/cache.js');
  return createActionsCache({
    prefix: inputs.cacheKeyPrefix,
    runnerTemp: ctx.runnerTemp,
    logger: actionLogger,
    ...(ctx.runId ? { runId: ctx.runId } : {}),
  });
}

function optionalMatchers(inputs: ActionInputs): {
  force?: (id: string) => boolean;
  only?: (id: string) => boolean;
} {
  const force = idMatcher(inputs.force);
  const only = idMatcher(inputs.only);
  return { ...(force ? { force } : {}), ...(only ? { only } : {}) };
}

/** Progress: a collapsible group per phase, one line per state change. */
function progressLog(): { event(e: RunEvent): void; end(): void } {
  let groupOpen = false;
  const end = (): void => {
    if (groupOpen) core.endGroup();
    groupOpen = false;
  };
  const event = (e: RunEvent): void => {
    if (e.type === 'phase') {
      end();
      core.startGroup(e.message);
      groupOpen = true;
    } else if (e.type === 'warning') annotations.warning(e.message, e.file ? { file: e.file } : {});
    else info(formatEvent(e));
  };
  return { event, end };
}

/** The JSON report, under RUNNER_TEMP (never in the workspace); returns its path. */
async function writeReport(report: RunReport, ctx: ActionContext): Promise<string> {
  await mkdir(ctx.runnerTemp, { recursive: true });
  const reportPath = path.join(
    ctx.runnerTemp,
    `pixazo-images-report-${ctx.runId ?? 'local'}-${randomBytes(4).toString('hex')}.json`,
  );
  await writeFile(reportPath, redact(`${JSON.stringify(report, null, 2)}\n`));
  return reportPath;
}

/** Outputs and the job summary (and PR comment). */
async function finishReport(
  report: RunReport,
  reportPath: string,
  inputs: ActionInputs,
  ctx: ActionContext,
  published: Published | undefined,
): Promise<void> {
  setOutputs(report, reportPath, published);
  await writeSummary(report, inputs, ctx, published);
}

let outputsSet = false;

/** Every output of action.yml; without a report (the run stopped early) the counts are 0. */
function setOutputs(
  report: RunReport | undefined,
  reportPath: string,
  published: Published | undefined,
): void {
  setOutput('generated', String(report?.totals.generated ?? 0));
  setOutput('reused', String(report?.totals.reused ?? 0));
  setOutput('unchanged', String(report?.totals.unchanged ?? 0));
  setOutput('failed', String(report?.totals.failed ?? 0));
  setOutput('cost', formatCostOutput(report?.cost ?? 0));
  setOutput('estimated-cost', formatCostOutput(report?.estimatedCost ?? 0));
  setOutput('unpriced', String(report?.unpriced ?? 0));
  setOutput('files', (report?.filesWritten ?? []).join('\n'));
  setOutput('deleted', (report?.filesDeleted ?? []).join('\n'));
  setOutput('changed', String(report !== undefined && changedWorkspace(report)));
  setOutput('report', reportPath);
  setOutput('commit-sha', published?.commitSha ?? '');
  setOutput('artifact-id', published?.artifactId !== undefined ? String(published.artifactId) : '');
  outputsSet = true;
}

/** Whether the run left something to commit: image files written or deleted, or a changed lockfile. */
function changedWorkspace(report: RunReport): boolean {
  return report.filesWritten.length > 0 || report.filesDeleted.length > 0 || report.lockfileChanged;
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
