/**
 * A command's result in the sticky comment (§10): the set's block — in whichever section shows it,
 * the full run's or a shard's — is replaced in place: by the picked image after a `pick`, by the new
 * grid after a `reroll`. The rest of the comment (other entries, other sections, the totals) stays as
 * the runs that wrote it left it. A comment is a courtesy: nothing here fails the command.
 */

import { pickedBlock, replaceSetBlock, setBlock } from '../report/candidates.js';
import { commentMarker } from '../report/markdown.js';
import type { RunReport } from '../report/types.js';
import { actionLogger, annotations } from './annotations.js';
import type { ActionContext } from './context.js';
import type { ActionInputs } from './inputs.js';
import type { RunResult } from './run-once.js';
import { info } from './sinks.js';
import { previewUrls, rewritePrComment } from './summary.js';

/** What the command did to set `id`. */
export type CommandDone = { kind: 'pick'; id: string; k: number } | { kind: 'reroll'; id: string };

/** The block that now stands for the set, or undefined when the run shows nothing for it. */
export function blockFor(done: CommandDone, result: RunResult, ctx: ActionContext): string[] | undefined {
  const { report } = result;
  const entry = report.entries.find((e) => e.id === done.id);
  if (!entry) return undefined;
  const urls = previewUrls(report, ctx, result.published);
  if (done.kind === 'pick') {
    const n = /of (\d+)$/.exec(entry.reason)?.[1];
    const file = entry.files[0];
    if (!file) return undefined;
    return pickedBlock(done.id, done.k, Number(n ?? done.k), file, urls.previewUrl?.(file));
  }
  if (!entry.candidates) return undefined;
  return setBlock(entry, { previewUrl: urls.previewUrl, previousUrl: undefined, left: 8 });
}

/** Puts the command's result into the sticky comment of the pull request; a warning when it cannot. */
export async function showInComment(
  done: CommandDone,
  result: RunResult,
  inputs: ActionInputs,
  ctx: ActionContext,
): Promise<void> {
  if (!inputs.comment || !ctx.pr || !ctx.owner || !ctx.repo || !inputs.githubToken) return;
  const block = blockFor(done, result, ctx);
  if (!block) return;
  const report: RunReport = result.report;
  const marker = commentMarker(report.manifest);
  const { RESULTS_TAG } = await import('../publish/comment.js');
  let shown = false;
  await rewritePrComment(ctx, inputs.githubToken, {
    marker,
    compose: (existing) => {
      // The tag is added again on the way out.
      const patched =
        existing && replaceSetBlock(existing.replaceAll(`\n${RESULTS_TAG}`, ''), done.id, block);
      shown = patched !== undefined;
      return patched;
    },
    kind: 'results',
    logger: { info: () => {}, warning: (m) => annotations.warning(m) },
  });
  if (!shown) info(`The PR comment shows no candidates of ${done.id}: it is left as it was.`);
  else
    actionLogger.info(`The PR comment shows the ${done.kind === 'pick' ? 'pick' : 'new set'} of ${done.id}.`);
}
