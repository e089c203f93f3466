import * as core from '@actions/core';
import { commentMarker, renderComment, renderSummary, type UrlForPath } from '../report/markdown.js';
import type { RunReport } from '../report/types.js';
import type { ActionContext } from './context.js';
import type { ActionInputs } from './inputs.js';
import type { Published } from './publish.js';

/** Where a published image can be seen: its raw URL at the pushed commit, or the media URL. */
function previewUrls(
  report: RunReport,
  ctx: ActionContext,
  published: Published | undefined,
): {
  previewUrl?: UrlForPath;
  previousUrl?: UrlForPath;
} {
  const repoUrl = ctx.owner && ctx.repo ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}` : undefined;
  const encode = (p: string): string => p.split('/').map(encodeURIComponent).join('/');
  const media = new Map<string, string>();
  for (const e of report.entries) {
    for (const [i, url] of (e.mediaUrls ?? []).entries()) if (e.files[i]) media.set(e.files[i]!, url);
  }
  const out: { previewUrl?: UrlForPath; previousUrl?: UrlForPath } = {};
  if (repoUrl && published?.commitSha) {
    const sha = published.commitSha;
    out.previewUrl = (p) => `${repoUrl}/blob/${sha}/${encode(p)}?raw=true`;
  } else if (media.size > 0) {
    out.previewUrl = (p) => media.get(p);
  }
  const base = (ctx.event.pull_request as { base?: { sha?: string } } | undefined)?.base?.sha;
  if (repoUrl && base) out.previousUrl = (p) => `${repoUrl}/blob/${base}/${encode(p)}?raw=true`;
  return out;
}

/** The job summary, and on pull requests the sticky comment. Neither may fail the run. */
export async function writeSummary(
  report: RunReport,
  inputs: ActionInputs,
  ctx: ActionContext,
  published: Published | undefined,
): Promise<void> {
  const urls = previewUrls(report, ctx, published);
  try {
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(renderSummary(report, urls), true).write();
  } catch (err) {
    core.warning(`Could not write the job summary: ${(err as Error).message}`);
  }
  if (!inputs.comment || !ctx.pr || !ctx.owner || !ctx.repo) return;
  if (ctx.pr.fork && !inputs.apiKey) {
    core.notice(
      'Pull request from a fork: the token is read-only, so no PR comment; the plan and estimate are in the job summary.',
    );
    return;
  }
  if (!inputs.githubToken) {
    core.warning('No github-token: the PR comment was skipped.');
    return;
  }
  const { upsertPrComment } = await import('../publish/comment.js');
  const artifactUrl =
    published?.artifactId !== undefined && ctx.runId
      ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}/artifacts/${published.artifactId}`
      : undefined;
  const marker = commentMarker(report.manifest);
  const body = renderComment(report, {
    marker,
    ...urls,
    ...(artifactUrl ? { artifactUrl } : {}),
    forkPlanOnly: report.planOnly && ctx.pr.fork,
  });
  await upsertPrComment({
    token: inputs.githubToken,
    owner: ctx.owner,
    repo: ctx.repo,
    issueNumber: ctx.pr.number,
    marker,
    body,
    apiUrl: ctx.apiUrl,
    logger: { info: (m: string) => core.info(m), warning: (m: string) => core.warning(m) },
  });
}
