import * as core from '@actions/core';
import type { BaseImages } from '../publish/base-images.js';
import type { UpsertCommentOptions } from '../publish/comment.js';
import { composeComment, runScope, sectionData } from '../report/comment-sections.js';
import { commentMarker, renderCommentSection, renderSummary, type UrlForPath } from '../report/markdown.js';
import { isUnchanged } from '../report/previews.js';
import type { RunReport } from '../report/types.js';
import { redact } from '../shared/redact.js';
import { actionLogger, annotations } from './annotations.js';
import { type ActionContext, repositoryFolder } from './context.js';
import type { Published } from './deliver.js';
import type { ActionInputs } from './inputs.js';
import { info } from './sinks.js';

/**
 * Where a published image can be seen: its blob URL at the pushed commit (`?raw=true` serves the
 * image, private repositories included, to anyone who may read the repository); otherwise the
 * gateway's media URLs, which work until the gateway expires them. "Before" images are the base
 * branch's, on pull requests, for the paths `atBase` says the base commit has. `toRepo` maps a
 * workspace path into the repository (a checkout in a subfolder of the workspace).
 */
export function previewUrls(
  report: RunReport,
  ctx: ActionContext,
  published: Published | undefined,
  atBase: ReadonlySet<string> = new Set(),
  toRepo: (workspacePath: string) => string = (p) => p,
): {
  previewUrl?: UrlForPath;
  previousUrl?: UrlForPath;
} {
  const repoUrl = ctx.owner && ctx.repo ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}` : undefined;
  const encode = (p: string): string => p.split('/').map(encodeURIComponent).join('/');
  const blob = (sha: string, p: string) =>
    `${repoUrl}/blob/${encodeURIComponent(sha)}/${encode(toRepo(p))}?raw=true`;
  const media = new Map<string, string>();
  for (const e of report.entries) {
    for (const [i, url] of (e.mediaUrls ?? []).entries()) if (e.files[i]) media.set(e.files[i]!, url);
  }
  const out: { previewUrl?: UrlForPath; previousUrl?: UrlForPath } = {};
  if (repoUrl && published?.commitSha) {
    const sha = published.commitSha;
    out.previewUrl = (p) => blob(sha, p);
  } else if (media.size > 0) {
    out.previewUrl = (p) => media.get(p);
  }
  const base = baseSha(ctx);
  if (repoUrl && base) out.previousUrl = (p) => (atBase.has(p) ? blob(base, p) : undefined);
  return out;
}

function baseSha(ctx: ActionContext): string | undefined {
  const sha = (ctx.event.pull_request as { base?: { sha?: unknown } } | undefined)?.base?.sha;
  return typeof sha === 'string' && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
}

/**
 * Whether the run has anything a reviewer should see: a changed, failed or planned entry, a pruned
 * orphan, or a lockfile change. A run that found everything up to date (for example the run after our
 * own commit) leaves the PR comment as it was, so the previews of the run that did the work stay.
 */
function worthAComment(report: RunReport): boolean {
  const changed = report.entries.some(
    (e) => e.status !== 'unchanged' && !(e.status === 'planned' && e.action === 'unchanged'),
  );
  return changed || report.orphans.some((o) => o.pruned) || report.lockfileChanged;
}

/**
 * For previews: on pull requests, which of the entries' previous images the base commit has, asked
 * of git, or of the API when the checkout is shallow (see `imagesAtBase`); and where the workspace's
 * files are in the repository, for blob URLs of a commit. Never fails: previews are a courtesy.
 */
async function baseImages(
  report: RunReport,
  inputs: ActionInputs,
  ctx: ActionContext,
  baseSha: string | undefined,
  published: Published | undefined,
): Promise<BaseImages> {
  const none: BaseImages = { present: new Set(), toRepo: (p) => p };
  if (!baseSha && !published?.commitSha) return none;
  // Only changed entries show a "before": an up-to-date run asks nobody.
  const changed = report.entries.filter((e) => !isUnchanged(e));
  const wanted = [...new Set(changed.flatMap((e) => e.previousFiles ?? []))];
  try {
    const { imagesAtBase } = await import('../publish/base-images.js');
    return await imagesAtBase({
      workspace: ctx.workspace,
      repoDir: repositoryFolder(ctx.workspace, inputs.config),
      baseSha: baseSha ?? '',
      wanted: baseSha ? wanted : [],
      lockfile: report.lockfile,
      manifest: report.manifest,
      // The base's manifest, for what changed in regenerated entries: on pull requests only.
      withManifest: !!baseSha && changed.some((e) => e.action === 'generate'),
      ...(ctx.owner && ctx.repo && inputs.githubToken
        ? { api: { token: inputs.githubToken, apiUrl: ctx.apiUrl, owner: ctx.owner, repo: ctx.repo } }
        : {}),
      logger: actionLogger,
    });
  } catch (err) {
    core.debug(`no before previews: ${(err as Error).message}`);
    return none;
  }
}

/** The job summary, and on pull requests the sticky comment. Neither may fail the run. */
export async function writeSummary(
  report: RunReport,
  inputs: ActionInputs,
  ctx: ActionContext,
  published: Published | undefined,
): Promise<void> {
  const base = await baseImages(report, inputs, ctx, baseSha(ctx), published);
  if (base.manifestText !== undefined) {
    const { attachChanges } = await import('../publish/base-changes.js');
    await attachChanges(report, {
      workspace: ctx.workspace,
      config: inputs.config,
      baseText: base.manifestText,
      logger: actionLogger,
    });
  }
  const urls = previewUrls(report, ctx, published, base.present, base.toRepo);
  const artifactUrl =
    published?.artifactId !== undefined && ctx.runId && ctx.owner && ctx.repo
      ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}/artifacts/${published.artifactId}`
      : undefined;
  try {
    if (process.env.GITHUB_STEP_SUMMARY)
      await core.summary
        .addRaw(redact(renderSummary(report, { ...urls, ...(artifactUrl ? { artifactUrl } : {}) })), true)
        .write();
  } catch (err) {
    // The buffer outlives a failed write: drop it, or the next write would repeat it.
    core.summary.emptyBuffer();
    annotations.warning(`Could not write the job summary: ${(err as Error).message}`);
  }
  if (!inputs.comment || !ctx.pr || !ctx.owner || !ctx.repo) return;
  if (ctx.pr.fork && !inputs.apiKey) {
    // A fork's token is read-only, so the plan and its estimate are in the job summary only.
    annotations.notice(
      'Pull request from a fork: the token is read-only, so no PR comment; the plan and estimate are in the ' +
        'job summary. To comment on fork PRs, use a workflow_run workflow (see the README).',
    );
    return;
  }
  if (!worthAComment(report)) {
    info('Every image is up to date: the PR comment is left as it was.');
    return;
  }
  if (!inputs.githubToken) {
    annotations.warning('No github-token: the PR comment was skipped.');
    return;
  }
  const marker = commentMarker(report.manifest);
  // A dry run or a run without the key (a pull request awaiting approval) shows a plan; it never
  // replaces a section showing what a real run of the same scope generated.
  const kind = report.dryRun || report.planOnly ? 'plan' : 'results';
  // One section per run scope (shard, `only:` selection, or the full run): each run replaces its own.
  const data = sectionData(report, runScope(inputs.shard, inputs.only), kind);
  await rewritePrComment(ctx, inputs.githubToken, {
    marker,
    compose: (existing) =>
      composeComment({
        marker,
        manifest: report.manifest,
        existing,
        data,
        render: (maxChars, previews) =>
          renderCommentSection(report, {
            ...urls,
            ...(artifactUrl ? { artifactUrl } : {}),
            maxChars,
            previews,
          }),
      }),
    kind,
    logger: actionLogger,
  });
}

/**
 * Rewrites the sticky comment of the run's pull request through `how.compose`: the one way the run's
 * section and a command's result reach it, so both find and address the same comment. Never throws
 * (see `upsertPrComment`): a comment is a courtesy.
 */
export async function rewritePrComment(
  ctx: ActionContext,
  token: string,
  how: Required<Pick<UpsertCommentOptions, 'marker' | 'compose' | 'kind' | 'logger'>>,
): Promise<void> {
  if (!ctx.pr || !ctx.owner || !ctx.repo) return;
  const { upsertPrComment } = await import('../publish/comment.js');
  await upsertPrComment({
    ...how,
    token,
    owner: ctx.owner,
    repo: ctx.repo,
    issueNumber: ctx.pr.number,
    body: '',
    apiUrl: ctx.apiUrl,
  });
}
