/**
 * `publish: artifact`: the written images, the lockfile, the image index, the report and a gallery
 * page go up as one workflow artifact through `@actions/artifact`, which is imported only when a run
 * publishes this way.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { emptyLockfile, parseLockfile } from '../plan/lockfile.js';
import type { Shard } from '../plan/select.js';
import type { RunReport } from '../report/types.js';
import { readTextIfExists } from '../shared/fs.js';
import type { Logger } from '../shared/logger.js';
import { isInside } from '../shared/paths.js';
import { plural } from '../shared/words.js';
import { writeGallery } from '../site/gallery.js';

/** A refused artifact upload: bad name, bad file list, or the service said no. */
export class ArtifactError extends Error {
  override readonly name = 'ArtifactError';
}

/** Options of {@link uploadImagesArtifact}. */
export interface ImagesArtifactOptions {
  /** Input `artifact-name`. */
  name: string;
  /** Absolute paths of the files to upload, all inside `rootDirectory`. */
  files: readonly string[];
  /** Paths inside the zip are relative to this folder (the workspace, so they read like `out`). */
  rootDirectory: string;
  /** Input `artifact-retention-days`; the repository's default when absent. */
  retentionDays?: number;
  logger: Pick<Logger, 'info'>;
}

/** A file left out of the artifact: its path inside the artifact and why. */
export interface RefusedFile {
  path: string;
  reason: string;
}

/**
 * What the upload produced: the artifact id (output `artifact-id`), the zip's size in bytes, and the
 * files left out (a name the service refuses, an unreadable file), which the caller must report.
 */
export interface ImagesArtifact {
  id: number | undefined;
  size: number;
  uploaded: number;
  refused: RefusedFile[];
}

// The characters GitHub refuses in artifact names (NTFS-hostile), plus path separators.
const BAD_NAME_CHARS: ReadonlyArray<readonly [string, string]> = [
  ['"', 'double quote "'],
  [':', 'colon :'],
  ['<', 'less than <'],
  ['>', 'greater than >'],
  ['|', 'vertical bar |'],
  ['*', 'asterisk *'],
  ['?', 'question mark ?'],
  ['\\', 'backslash \\'],
  ['/', 'forward slash /'],
  ['\r', 'carriage return'],
  ['\n', 'line feed'],
];
/** Inside the zip, paths may keep their separators but not the rest. */
const BAD_PATH_CHARS = BAD_NAME_CHARS.filter(([c]) => c !== '/' && c !== '\\');

/**
 * The artifact's name for input `artifact-name`: a sharded run appends its shard
 * (`generated-images-2-of-4`), so the jobs of a matrix, which share one workflow run and its
 * artifact names, never clash.
 */
export function artifactName(name: string, shard: Shard | undefined): string {
  return shard ? `${name}-${shard.index}-of-${shard.total}` : name;
}

/** Throws an {@link ArtifactError} naming the offending character when GitHub would refuse `name`. */
export function validateArtifactName(name: string): void {
  if (name.trim() === '') throw new ArtifactError('artifact-name is empty');
  const bad = BAD_NAME_CHARS.find(([c]) => name.includes(c));
  if (bad) {
    throw new ArtifactError(
      `artifact-name ${JSON.stringify(name)} contains a ${bad[1]}; ` +
        'names may not contain " : < > | * ? \\ / or line breaks',
    );
  }
}

/**
 * Checks up front what the library would reject midway. The library zips every file into one upload,
 * so one file it refuses (a name, or a file it cannot read) would fail them all: such files are set
 * aside, by name and reason, and the rest still go up. A file outside the root is our own mistake.
 */
async function checkFiles(
  files: readonly string[],
  root: string,
): Promise<{ ok: string[]; refused: RefusedFile[] }> {
  if (files.length === 0) throw new ArtifactError('no files to upload');
  const ok: string[] = [];
  const refused: RefusedFile[] = [];
  for (const file of files) {
    // The library's own check is a string prefix test, which lets /a/bc pass for root /a/b.
    if (!isInside(root, resolve(file)))
      throw new ArtifactError(`${file} is not inside the artifact root ${root}`);
    const rel = relative(root, resolve(file));
    const bad = BAD_PATH_CHARS.find(([c]) => rel.includes(c));
    const reason = bad
      ? `the name contains a ${bad[1]}, which artifacts may not hold (" : < > | * ? or line breaks)`
      : await unreadable(file);
    if (reason) refused.push({ path: rel, reason });
    else ok.push(file);
  }
  return { ok, refused };
}

/** Why the zip could not read `file`, or undefined when it can. */
async function unreadable(file: string): Promise<string | undefined> {
  try {
    if (!(await stat(file)).isFile()) return 'not a regular file';
    await access(file, constants.R_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'the file is gone' : `the file cannot be read (${code ?? String(err)})`;
  }
}

/** The error for files left out of an uploaded artifact: every one by name, and what to do. */
export function refusedFilesError(
  name: string,
  refused: readonly RefusedFile[],
  uploaded: number,
): ArtifactError {
  const list = refused.map((r) => `${JSON.stringify(r.path)}: ${r.reason}`).join('; ');
  const others = uploaded > 0 ? `the other ${uploaded} were uploaded` : 'so nothing was uploaded';
  return new ArtifactError(
    `${plural(refused.length, 'file')} could not be put into artifact ${name}, ${others}: ${list}. ` +
      'The files are still in the workspace and recorded in the lockfile; rename the output (`out:`) to a ' +
      'portable name, or use publish: commit.',
  );
}

/**
 * Uploads `files` as the artifact `name`, stored uncompressed (images are compressed already).
 * Needs ACTIONS_RESULTS_URL and ACTIONS_RUNTIME_TOKEN, as on any runner. A name can be used once per
 * workflow run. Throws {@link ArtifactError} before any network call for a bad name or file list.
 * Files the artifact cannot hold are left out and returned in `refused`; the others are uploaded.
 */
export async function uploadImagesArtifact(opts: ImagesArtifactOptions): Promise<ImagesArtifact> {
  validateArtifactName(opts.name);
  const root = resolve(opts.rootDirectory);
  const { ok, refused } = await checkFiles(opts.files, root);
  if (ok.length === 0) throw refusedFilesError(opts.name, refused, 0);
  const days = opts.retentionDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
    throw new ArtifactError(`artifact-retention-days must be a whole number of days, at least 1: ${days}`);
  }
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const client = new DefaultArtifactClient();
  let result: Awaited<ReturnType<typeof client.uploadArtifact>>;
  try {
    result = await client.uploadArtifact(opts.name, ok, root, {
      compressionLevel: 0,
      ...(days !== undefined && { retentionDays: days }),
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ArtifactError(`uploading artifact ${opts.name} failed: ${message}`, { cause: err });
  }
  opts.logger.info(
    `Uploaded artifact ${opts.name} (${plural(ok.length, 'file')}, id ${result.id ?? 'unknown'})`,
  );
  return { id: result.id, size: result.size ?? 0, uploaded: ok.length, refused };
}

/**
 * Writes `gallery.html` at the root of a staged artifact, `stage`, which holds this run's images at
 * their workspace paths: the entries the run generated, reused or failed to make, with the images it
 * wrote, so a reviewer downloads one zip and opens one file. Returns the page's path, to upload with
 * the rest. `lockfilePath` is the workspace's lockfile (sizes, dates, costs).
 */
export async function stageGallery(
  stage: string,
  report: RunReport,
  workspace: string,
  lockfilePath: string,
): Promise<string> {
  const text = await readTextIfExists(lockfilePath);
  const lock = text === undefined ? emptyLockfile() : parseLockfile(text, report.lockfile);
  return writeGallery({
    report,
    lock,
    workspace,
    outDir: stage,
    imageRoot: stage,
    writeRoot: stage,
    scope: 'run',
  });
}
