import path from 'node:path';
import * as core from '@actions/core';
import { mergeLockfileText } from '../plan/lockfile.js';
import type { RunReport } from '../report/types.js';
import type { ActionContext } from './context.js';
import type { ActionInputs } from './inputs.js';

export interface Published {
  commitSha?: string;
  artifactId?: number;
}

/**
 * Publish what this run wrote: a commit, an artifact, or nothing. Heavy modules load only here.
 * Publishing never discards images: on any failure they stay in the workspace and the lockfile.
 */
export async function publishResults(
  report: RunReport,
  inputs: ActionInputs,
  ctx: ActionContext,
  lockfilePath: string,
): Promise<Published> {
  const changed = [...report.filesWritten, ...report.filesDeleted];
  if (inputs.publish === 'none') return {};
  if (inputs.publish === 'artifact') {
    const files = [...report.filesWritten, path.relative(ctx.workspace, lockfilePath)].map((f) =>
      path.resolve(ctx.workspace, f),
    );
    if (report.filesWritten.length === 0) {
      core.info('No image was written: no artifact to upload.');
      return {};
    }
    const { uploadImagesArtifact } = await import('../publish/artifact.js');
    const res = await core.group('Uploading the artifact', () =>
      uploadImagesArtifact({
        name: inputs.artifactName,
        files,
        rootDirectory: ctx.workspace,
        ...(inputs.artifactRetentionDays !== undefined
          ? { retentionDays: inputs.artifactRetentionDays }
          : {}),
        logger: { info: (m: string) => core.info(m) },
      }),
    );
    return res.id !== undefined ? { artifactId: res.id } : {};
  }
  if (changed.length === 0 && !report.lockfileChanged) {
    core.info('Nothing changed: no commit.');
    return {};
  }
  const { commitAndPush, commitMessage, checkCommitTarget } = await import('../publish/commit.js');
  const { branch } = await checkCommitTarget(ctx.workspace, ctx.eventName, ctx.pr?.headRef);
  const lockRel = path.relative(ctx.workspace, lockfilePath).split(path.sep).join('/');
  const touchedIds = new Set(report.entries.filter((e) => e.status !== 'unchanged').map((e) => e.id));
  for (const o of report.orphans) if (o.pruned) touchedIds.add(o.id);
  const res = await core.group('Committing the images', () =>
    commitAndPush({
      workspace: ctx.workspace,
      paths: [...new Set([...changed, lockRel])],
      lockfile: lockRel,
      mergeLockfile: (ours: string, theirs: string) =>
        mergeLockfileText(ours, theirs, touchedIds, lockRel, report.cost),
      message: commitMessage(inputs.commitMessage, report.filesWritten.length),
      author: inputs.commitAuthor,
      branch,
      ...(inputs.githubToken ? { token: inputs.githubToken } : {}),
      logger: {
        info: (m: string) => core.info(m),
        warning: (m: string) => core.warning(m),
        debug: (m: string) => core.debug(m),
      },
    }),
  );
  return res.sha ? { commitSha: res.sha } : {};
}
