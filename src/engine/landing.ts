/**
 * Images that land from somewhere other than a download — restored from the image cache, moved or
 * copied from a record — pass the one image verifier on their way in, exactly as downloads do: each
 * is copied to a temp file beside its target, the copy is verified (a complete image of the entry's
 * format, equal to the sha256 recorded for it where one is), and only when every image of the entry
 * passed are they renamed into place. What lands is what was verified; nothing of a failed set lands.
 */
import path from 'node:path';
import { ImageVerifyError, verifyImageFile } from '../images/verify.js';
import type { OutputFormat } from '../models/registry.js';
import { type FileHashes, gitBlobFor, hashFileBoth, hashForRecord } from '../plan/files.js';
import { WriteError } from '../shared/fs.js';
import { guardedCopyFile, guardedMkdir, guardedRename, removeTemp, tempBeside } from '../shared/guard.js';
import { toPosix } from '../shared/paths.js';
import { type Dimensions, readDimensions } from '../site/image-file.js';

/** One image to land: its source, its target, and the sha256 recorded for it, if any. */
export interface Landing {
  from: string;
  to: string;
  sha256?: string | undefined;
}

/** What the verifier learnt of an image: its pixel size and whether it carries C2PA content credentials. */
export type ImageFacts = Partial<Dimensions> & { contentCredentials?: boolean };

/** A landed image's hashes, pixel size and content credentials, ready for the lockfile. */
export type LandedImage = FileHashes & ImageFacts;

/**
 * What is known of an entry's files once they are in place, so nothing is read twice: landed
 * through the verifier (hashed there), or downloaded (facts and hashes learnt as they streamed).
 */
export type KnownFiles =
  | { readonly landed: readonly LandedImage[] }
  | { readonly facts: readonly ImageFacts[]; readonly hashes: readonly { sha256: string; bytes: number }[] };

/** Every image landed, or why none did (a message naming the image). */
export type LandResult = { ok: true; images: LandedImage[] } | { ok: false; problem: string };

/**
 * Lands `images` through the verifier. A verification failure is a result, not a throw (the caller
 * warns and falls through to the next rule); a write the file system refuses (a full disk) throws a
 * WriteError naming the target. Temp files are removed either way.
 */
export async function landVerified(
  root: string,
  images: readonly Landing[],
  format: OutputFormat,
): Promise<LandResult> {
  const temps: string[] = [];
  try {
    const landed: LandedImage[] = [];
    for (const [i, img] of images.entries()) {
      const tmp = tempBeside(img.to);
      await writing(root, img.to, async () => {
        await guardedMkdir(root, path.dirname(img.to));
        temps.push(tmp);
        await guardedCopyFile(root, img.from, tmp);
      });
      const name = images.length > 1 ? `image ${i + 1} ` : '';
      let dimensions: Dimensions | undefined;
      let contentCredentials: boolean;
      try {
        ({ dimensions, contentCredentials } = await verifyImageFile(tmp, format));
      } catch (err) {
        if (!(err instanceof ImageVerifyError)) throw err;
        return { ok: false, problem: `${name}${err.message}` };
      }
      const hashes = await hashFileBoth(tmp);
      if (img.sha256 !== undefined && hashes.sha256 !== img.sha256)
        return {
          ok: false,
          problem: `${name}is not the recorded image (sha256 ${hashes.sha256.slice(0, 12)}…, recorded ${img.sha256.slice(0, 12)}…)`,
        };
      landed.push({ ...hashes, ...dimensions, contentCredentials });
    }
    for (const [i, img] of images.entries())
      await writing(root, img.to, () => guardedRename(root, temps[i]!, img.to));
    temps.length = 0;
    return { ok: true, images: landed };
  } finally {
    await Promise.all(temps.map((t) => removeTemp(root, t)));
  }
}

/** Runs a write of `target`; a file-system failure becomes a WriteError naming the target. */
async function writing(root: string, target: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (!(err as NodeJS.ErrnoException).code) throw err;
    throw new WriteError(toPosix(path.relative(root, target)), err);
  }
}

/**
 * An entry's files in place, ready for the lockfile: what was learnt on the way in (landed through
 * the verifier, or streamed as downloaded) completed with git's blob id (filters applied); nothing is
 * read twice, and only what was not learnt (a pixel size) is read from the file.
 */
export function recordedFacts(
  workspace: string,
  files: readonly string[],
  known: KnownFiles,
): Promise<LandedImage[]> {
  return Promise.all(
    files.map(async (f, i) => {
      if ('landed' in known) {
        const k = known.landed[i]!;
        return { ...k, blob: (await gitBlobFor(workspace, f)) ?? k.blob };
      }
      const learnt = known.facts[i] ?? (await readDimensions(f));
      return { ...(await hashForRecord(workspace, f, known.hashes[i])), ...learnt };
    }),
  );
}
