/**
 * Delivers what a run wrote, as input `publish` says: a commit (src/publish/commit.ts), an artifact
 * (src/publish/artifact.ts), or nothing. Here the action's inputs and context become the publishers'
 * options; the publishers load only on the path that uses them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { ConfigError } from '../engine/errors.js';
import type { Manifest } from '../manifest/types.js';
import { mergeLockfileText } from '../plan/lockfile-merge.js';
import type { RunReport } from '../report/types.js';
import { toPosix } from '../shared/paths.js';
import { plural } from '../shared/words.js';
import { actionLogger, annotations } from './annotations.js';
import { type ActionContext, repositoryFolder } from './context.js';
import type { ActionInputs } from './inputs.js';
import { info } from './sinks.js';

/** What publishing produced, for the outputs and the summary. */
export interface Published {
  commitSha?: string;
  artifactId?: number;
  /** Published in part (files an artifact could not hold): outputs and summary first, then the step fails. */
  failure?: Error;
}

/**
 * Publish what this run wrote: a commit, an artifact, or nothing. The publishers (and the heavy
 * `@actions/*` libraries behind them) load only on the path that uses them.
 * Publishing never discards images: on any failure they stay in the workspace and the lockfile.
 */
export async function publishResults(
  report: RunReport,
  inputs: ActionInputs,
  ctx: ActionContext,
  lockfilePath: string,
  reportPath: string,
  manifest?: Manifest,
): Promise<Published> {
  if (inputs.publish === 'none') return {};
  if (inputs.publish === 'artifact') return publishArtifact(report, inputs, ctx, lockfilePath, reportPath);
  return publishCommit(report, inputs, ctx, lockfilePath, manifest);
}

/**
 * `publish: artifact`: the images written in this run and the lockfile, at their workspace paths, plus
 * the JSON report as `pixazo-images-report.json` at the top, staged under RUNNER_TEMP
 * (see publish/artifact-stage.ts) and uploaded from there.
 */
async function publishArtifact(
  report: RunReport,
  inputs: ActionInputs,
  ctx: ActionContext,
  lockfilePath: string,
  reportPath: string,
): Promise<Published> {
  const index = report.index?.changed ? [report.index.file] : [];
  if (report.filesWritten.length === 0 && !report.lockfileChanged && index.length === 0) {
    info('No image was written and the lockfile is unchanged: no artifact to upload.');
    return {};
  }
  const [
    { ArtifactError, artifactName, refusedFilesError, stageGallery, uploadImagesArtifact },
    { stageRunFiles },
  ] = await Promise.all([import('../publish/artifact.js'), import('../publish/artifact-stage.js')]);
  const name = artifactName(inputs.artifactName, inputs.shard);
  const lockRel = toPosix(path.relative(ctx.workspace, lockfilePath));
  const stage = await mkdtemp(path.join(ctx.runnerTemp, 'pixazo-images-artifact-'));
  try {
    const rels = new Set([...report.filesWritten, lockRel, ...index]);
    const { files, gone } = await stageRunFiles(stage, ctx.workspace, rels, reportPath);
    for (const rel of gone)
      annotations.warning(`${rel} was written in this run but is gone: it is not in the artifact.`);
    // gallery.html at the root, its images at the paths above.
    files.push(await stageGallery(stage, report, ctx.workspace, lockfilePath));
    const res = await core.group('Uploading the artifact', async () => {
      try {
        return await uploadImagesArtifact({
          name,
          files,
          rootDirectory: stage,
          ...(inputs.artifactRetentionDays !== undefined
            ? { retentionDays: inputs.artifactRetentionDays }
            : {}),
          logger: actionLogger,
        });
      } catch (err) {
        // Matrix jobs share the run's artifact names; shards get theirs from the shard itself.
        if (err instanceof ArtifactError && /already exists|409/i.test(err.message)) {
          err.message += inputs.shard
            ? `. Another job of this workflow run uploaded shard ${inputs.shard.index}/${inputs.shard.total} already: give each job of the matrix its own shard`
            : '. Jobs of one workflow run need distinct artifact names: in a matrix, set e.g. ' +
              'artifact-name: generated-images-${{ strategy.job-index }}';
        }
        throw err;
      }
    });
    const published: Published = res.id !== undefined ? { artifactId: res.id } : {};
    if (res.refused.length === 0) return published;
    // The others are up: say which files are not, by name, and fail the step after the summary.
    for (const r of res.refused) annotations.error(`${r.path} is not in artifact ${name}: ${r.reason}.`);
    return { ...published, failure: refusedFilesError(name, res.refused, res.uploaded) };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/**
 * Before any spend: `publish: commit` needs a branch to commit to in the repository that holds the
 * manifest, and to sign, a token and the repository's name.
 */
export async function checkPublishTarget(inputs: ActionInputs, ctx: ActionContext): Promise<void> {
  if (inputs.publish !== 'commit') return;
  if (inputs.signCommits && (!inputs.githubToken || !ctx.owner || !ctx.repo)) {
    throw new ConfigError(
      'input sign-commits: true creates the commit through the GitHub API, which needs github-token ' +
        '(default: the job token) and GITHUB_REPOSITORY; set github-token, or sign-commits: false. ' +
        'The run stopped before spending anything.',
    );
  }
  const { checkCommitTarget } = await import('../publish/commit.js');
  await checkCommitTarget(repositoryFolder(ctx.workspace, inputs.config), ctx.eventName, ctx.pr?.headRef);
}

/** `publish: commit`: exactly this run's files and the lockfile, committed to the checked-out branch. */
async function publishCommit(
  report: RunReport,
  inputs: ActionInputs,
  ctx: ActionContext,
  lockfilePath: string,
  manifest: Manifest | undefined,
): Promise<Published> {
  const lockRel = toPosix(path.relative(ctx.workspace, lockfilePath));
  const repoDir = repositoryFolder(ctx.workspace, inputs.config);
  // Images an earlier run wrote but never committed (it was cancelled, or publish was none) are
  // recorded in the lockfile as ours: they go into this commit too, or the repository's lockfile
  // would name files the repository does not have.
  const { uncommittedOutputs } = await import('../publish/uncommitted.js');
  const carried = await uncommittedOutputs(ctx.workspace, repoDir, report, lockRel);
  const index = report.index?.changed || carried.index ? [report.index!.file] : [];
  const changed = [...new Set([...report.filesWritten, ...report.filesDeleted, ...carried.files, ...index])];
  if (changed.length === 0 && !report.lockfileChanged && !carried.lockfile) {
    info('Nothing changed: no commit.');
    return {};
  }
  if (carried.files.length > 0)
    info(
      `Also committing ${plural(carried.files.length, 'image file')} an earlier run wrote but did not commit.`,
    );
  const [{ commitAndPush, checkCommitTarget }, { commitMessage }, { derivedFromLockfile }] =
    await Promise.all([
      import('../publish/commit.js'),
      import('../publish/commit-message.js'),
      import('../publish/commit-derived.js'),
    ]);
  const rebuild = manifest ? derivedFromLockfile(manifest, lockRel) : undefined;
  const { branch } = await checkCommitTarget(repoDir, ctx.eventName, ctx.pr?.headRef);
  const touchedIds = new Set(report.entries.filter((e) => e.status !== 'unchanged').map((e) => e.id));
  for (const id of carried.ids) touchedIds.add(id);
  for (const o of report.orphans) if (o.pruned) touchedIds.add(o.id);
  const written = new Set([...report.filesWritten, ...carried.files]);
  const counts = {
    count: written.size,
    generated: report.entries.filter((e) => e.files.some((f) => written.has(f))).length,
    removed: report.filesDeleted.length,
  };
  const api =
    inputs.signCommits && ctx.owner && ctx.repo
      ? { token: inputs.githubToken, apiUrl: ctx.apiUrl, owner: ctx.owner, repo: ctx.repo }
      : undefined;
  if (api)
    info(
      'sign-commits: GitHub creates and signs the commit, authored by the owner of github-token ' +
        '(commit-author does not apply).',
    );
  const res = await core.group('Committing the images', () =>
    commitAndPush({
      workspace: ctx.workspace,
      repoDir,
      paths: [...new Set([...changed, lockRel])],
      lockfile: lockRel,
      mergeLockfile: (ours: string, theirs: string) =>
        mergeLockfileText(ours, theirs, touchedIds, lockRel, report.cost),
      ...(rebuild ? { rebuild } : {}),
      // The engine settled its cache saves before it returned: the images are in the cache already.
      cached: inputs.cache,
      message: commitMessage(inputs.commitMessage, counts),
      author: inputs.commitAuthor,
      branch,
      ...(inputs.githubToken ? { token: inputs.githubToken } : {}),
      ...(api ? { api } : {}),
      logger: actionLogger,
    }),
  );
  return res.sha ? { commitSha: res.sha } : {};
}
