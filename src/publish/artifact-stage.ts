/**
 * The artifact's staging folder: @actions/artifact wants every file under one root directory, and
 * the report lives under RUNNER_TEMP (never in the workspace), so the run's files are staged in a
 * folder under RUNNER_TEMP (hard links, so no image is copied) and uploaded from there.
 */
import { randomBytes } from 'node:crypto';
import { link } from 'node:fs/promises';
import path from 'node:path';
import { guardedCopyFile, guardedMkdir, guardPath } from '../shared/guard.js';

/** The JSON report's name at the top of the artifact (workspace files keep their workspace paths). */
export const ARTIFACT_REPORT_NAME = 'pixazo-images-report.json';

/**
 * Stage the workspace files `rels` at their workspace paths in `stage`, and the JSON report at
 * `reportPath` as {@link ARTIFACT_REPORT_NAME} at the top (another name when a workspace file has
 * that one). Returns the staged paths, and the files of `rels` that are gone (not staged).
 */
export async function stageRunFiles(
  stage: string,
  workspace: string,
  rels: Iterable<string>,
  reportPath: string,
): Promise<{ files: string[]; gone: string[] }> {
  const files: string[] = [];
  const gone: string[] = [];
  for (const rel of rels) {
    if (await stageFile(stage, path.resolve(workspace, rel), path.join(stage, rel))) {
      files.push(path.join(stage, rel));
    } else gone.push(rel);
  }
  const reportName = files.some((f) => path.relative(stage, f) === ARTIFACT_REPORT_NAME)
    ? `pixazo-images-report-${randomBytes(4).toString('hex')}.json`
    : ARTIFACT_REPORT_NAME;
  await stageFile(stage, reportPath, path.join(stage, reportName));
  files.push(path.join(stage, reportName));
  return { files, gone };
}

/**
 * Hard-link `from` to `to` (a copy across file systems); false when `from` does not exist. The
 * path guard keeps `to` inside the staging folder `stage` (under RUNNER_TEMP, not the workspace).
 */
async function stageFile(stage: string, from: string, to: string): Promise<boolean> {
  await guardPath(stage, to, 'write');
  await guardedMkdir(stage, path.dirname(to));
  try {
    await link(from, to);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK' && code !== 'ENOTSUP') throw err;
  }
  await guardedCopyFile(stage, from, to);
  return true;
}
