import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { mergeLockfileText } from '../plan/lockfile.js';
import type { RunReport } from '../report/types.js';
import { toPosix } from '../shared/paths.js';
import { actionLogger, annotations } from './annotations.js';
import type { ActionContext } from './context.js';
import type { ActionInputs } from './inputs.js';

export interface Published {
  commitSha?: string;
  artifactId?: number;
}

/** The JSON report's name at the top of the artifact (workspace files keep their workspace paths). */
export const ARTIFACT_REPORT_NAME = 'pixazo-images-report.json';

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
): Promise<Published> {
  if (inputs.publish === 'none') return {};
  if (inputs.publish === 'artifact') return publishArtifact(report, inputs, ctx, lockfilePath, reportPath);
  return publishCommit(report, inputs, ctx, lockfilePath);
}

/**
 * `publish: artifact`: the images written in this run and the lockfile, at their workspace paths, plus
 * the JSON report as `pixazo-images-report.json` at the top. @actions/artifact wants every file under
 * one root directory, and the report lives under RUNNER_TEMP (never in the workspace), so the files
 * are staged in a folder under RUNNER_TEMP (hard links, so no image is copied) and uploaded from there.
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
    core.info('No image was written and the lockfile is unchanged: no artifact to upload.');
    return {};
  }
  const { ArtifactError, artifactName, stageGallery, uploadImagesArtifact } = await import(
    '../publish/artifact.js'
  );
  const name = artifactName(inputs.artifactName, inputs.shard);
  const lockRel = toPosix(path.relative(ctx.workspace, lockfilePath));
  const stage = await mkdtemp(path.join(ctx.runnerTemp, 'pixazo-images-artifact-'));
  try {
    const files: string[] = [];
    for (const rel of new Set([...report.filesWritten, lockRel, ...index])) {
      if (await stageFile(path.resolve(ctx.workspace, rel), path.join(stage, rel))) {
        files.push(path.join(stage, rel));
      } else annotations.warning(`${rel} was written in this run but is gone: it is not in the artifact.`);
    }
    const reportName = files.some((f) => path.relative(stage, f) === ARTIFACT_REPORT_NAME)
      ? `pixazo-images-report-${randomBytes(4).toString('hex')}.json`
      : ARTIFACT_REPORT_NAME;
    await stageFile(reportPath, path.join(stage, reportName));
    files.push(path.join(stage, reportName));
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
    return res.id !== undefined ? { artifactId: res.id } : {};
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** `publish: commit`: exactly this run's files and the lockfile, pushed to the checked-out branch. */
async function publishCommit(
  report: RunReport,
  inputs: ActionInputs,
  ctx: ActionContext,
  lockfilePath: string,
): Promise<Published> {
  const lockRel = toPosix(path.relative(ctx.workspace, lockfilePath));
  // Images an earlier run wrote but never committed (it was cancelled, or publish was none) are
  // recorded in the lockfile as ours: they go into this commit too, or the repository's lockfile
  // would name files the repository does not have.
  const carried = await uncommittedOutputs(ctx.workspace, report, lockRel);
  const index = report.index?.changed || carried.index ? [report.index!.file] : [];
  const changed = [...new Set([...report.filesWritten, ...report.filesDeleted, ...carried.files, ...index])];
  if (changed.length === 0 && !report.lockfileChanged && !carried.lockfile) {
    core.info('Nothing changed: no commit.');
    return {};
  }
  if (carried.files.length > 0)
    core.info(
      `Also committing ${carried.files.length} image file(s) an earlier run wrote but did not commit.`,
    );
  const { commitAndPush, commitMessage, checkCommitTarget } = await import('../publish/commit.js');
  const { branch } = await checkCommitTarget(ctx.workspace, ctx.eventName, ctx.pr?.headRef);
  const touchedIds = new Set(report.entries.filter((e) => e.status !== 'unchanged').map((e) => e.id));
  for (const id of carried.ids) touchedIds.add(id);
  for (const o of report.orphans) if (o.pruned) touchedIds.add(o.id);
  const res = await core.group('Committing the images', () =>
    commitAndPush({
      workspace: ctx.workspace,
      paths: [...new Set([...changed, lockRel])],
      lockfile: lockRel,
      mergeLockfile: (ours: string, theirs: string) =>
        mergeLockfileText(ours, theirs, touchedIds, lockRel, report.cost),
      message: commitMessage(inputs.commitMessage, new Set([...report.filesWritten, ...carried.files]).size),
      author: inputs.commitAuthor,
      branch,
      ...(inputs.githubToken ? { token: inputs.githubToken } : {}),
      logger: actionLogger,
    }),
  );
  return res.sha ? { commitSha: res.sha } : {};
}

/** Hard-link `from` to `to` (a copy across file systems); false when `from` does not exist. */
async function stageFile(from: string, to: string): Promise<boolean> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await link(from, to);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK' && code !== 'ENOTSUP') throw err;
  }
  await copyFile(from, to);
  return true;
}

/**
 * Files of up-to-date entries (and the lockfile) that git reports as untracked or modified: one
 * `git status` over the repository, no image read. Hand-edited (`kept`) files are never included.
 */
async function uncommittedOutputs(
  workspace: string,
  report: RunReport,
  lockRel: string,
): Promise<{ files: string[]; ids: string[]; lockfile: boolean; index: boolean }> {
  const none = { files: [], ids: [], lockfile: false, index: false };
  let out: string;
  let prefix: string;
  try {
    const { GitCli } = await import('../publish/git.js');
    const git = new GitCli(workspace);
    const [where, status] = await Promise.all([
      git.locate(),
      git.exec(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.']),
    ]);
    prefix = where.prefix;
    out = status;
  } catch {
    return none;
  }
  const dirty = new Set<string>();
  for (const rec of out.split('\0')) {
    // "XY path"; renames add a second NUL-separated path, which is the old one and not ours.
    if (rec.length > 3 && rec[2] === ' ') {
      const repoPath = rec.slice(3);
      if (repoPath.startsWith(prefix)) dirty.add(repoPath.slice(prefix.length));
    }
  }
  if (dirty.size === 0) return none;
  const files: string[] = [];
  const ids: string[] = [];
  for (const e of report.entries) {
    if (e.status !== 'unchanged' && e.status !== 'reused' && e.status !== 'generated') continue;
    const mine = e.files.filter((f) => dirty.has(f));
    if (mine.length > 0) {
      files.push(...mine);
      ids.push(e.id);
    }
  }
  return { files, ids, lockfile: dirty.has(lockRel), index: !!report.index && dirty.has(report.index.file) };
}
