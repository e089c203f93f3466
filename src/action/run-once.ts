/**
 * One run of the engine for the action: the manifest opened, the engine run with the action's
 * gateway, cache and progress log, the results published and reported; the run lock held from
 * planning through publishing.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { BudgetError } from '../engine/errors.js';
import { formatEvent } from '../engine/event-text.js';
import { runEngine } from '../engine/run.js';
import { cancellation, openManifest } from '../engine/session.js';
import type { EngineDeps, RunEvent, RunOptions } from '../engine/types.js';
import { lazyGateway } from '../gateway/lazy.js';
import type { Gateway } from '../gateway/types.js';
import type { Manifest } from '../manifest/types.js';
import { acquireRunLock, type RunLock } from '../plan/run-lock.js';
import { idMatcher, unmatchedPatternWarnings } from '../plan/select.js';
import { inputUrlDeps } from '../publish/input-urls.js';
import type { RunReport } from '../report/types.js';
import { realClock } from '../shared/clock.js';
import { redact } from '../shared/redact.js';
import { plural } from '../shared/words.js';
import { actionLogger, annotations } from './annotations.js';
import type { ActionContext } from './context.js';
import { checkPublishTarget, type Published, publishResults } from './deliver.js';
import type { ActionInputs } from './inputs.js';
import { setOutputs } from './outputs.js';
import { info } from './sinks.js';
import { writeSummary } from './summary.js';

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

export async function releaseRunLock(): Promise<void> {
  const lock = runLock;
  runLock = undefined;
  await lock?.release().catch((err: unknown) => {
    annotations.warning(`Could not remove the run lock ${lock.file}: ${(err as Error).message}`);
  });
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
