/**
 * The image index (`index:` in the manifest): what a site generator needs to place each image —
 * alt text, paths relative to the index, pixel sizes, format, bytes, sha256, content credentials,
 * model and date. Built from the lockfile's records and the manifest's alt texts, so no image is
 * read; only a record from before sizes were recorded has its size read from the file's header (or
 * taken from the index already on disk, when the bytes are the same).
 */
import path from 'node:path';
import { pathProblem, workspaceOf } from '../manifest/paths.js';
import type { IndexTarget, Manifest } from '../manifest/types.js';
import { type Lockfile, stableStringify } from '../plan/lockfile.js';
import { readTextIfExists, writeFileAtomic } from '../shared/fs.js';
import { toPosix } from '../shared/paths.js';
import { type Dimensions, formatOfPath, readDimensions } from './image-file.js';
import { type ImageIndex, type IndexedFile, type IndexedImage, parseImageIndex } from './index-schema.js';

/** The index, and the ids left out because a file's size could not be known (missing or unreadable). */
export interface BuiltIndex {
  index: ImageIndex;
  unsized: string[];
}

/**
 * Every manifest entry with a recorded image, keyed by id. `previous` (the index on disk) lends
 * sizes to records written before the lockfile kept them, matched by sha256.
 */
export async function buildImageIndex(
  manifest: Manifest,
  target: IndexTarget,
  lock: Lockfile,
  previous?: ImageIndex,
): Promise<BuiltIndex> {
  const known = new Map<string, Dimensions>();
  for (const image of Object.values(previous?.images ?? {}))
    for (const f of image.files) known.set(f.sha256, { width: f.width, height: f.height });
  const ws = workspaceOf(manifest.workspace);
  const from = path.dirname(target.abs);
  const unsized: string[] = [];
  const built = await Promise.all(
    manifest.entries.map(async (entry): Promise<[string, IndexedImage] | undefined> => {
      const record = lock.images[entry.id];
      if (!record || record.files.length === 0) return undefined;
      const files: IndexedFile[] = [];
      for (const f of record.files) {
        const abs = path.resolve(manifest.dir, f.path);
        const format = formatOfPath(f.path);
        const size =
          f.width && f.height
            ? { width: f.width, height: f.height }
            : (known.get(f.sha256) ??
              // The lockfile is repository data: nothing outside the workspace is read through it.
              (pathProblem(abs, ws) ? undefined : await readDimensions(abs)));
        if (!size || !format) {
          unsized.push(entry.id);
          return undefined;
        }
        const rel = toPosix(path.relative(from, abs));
        files.push({
          path: rel,
          ...size,
          format,
          bytes: f.bytes,
          sha256: f.sha256,
          // Unknown for records from before it was kept: absent, never a guessed false.
          ...(f.content_credentials !== undefined && { content_credentials: f.content_credentials }),
        });
      }
      return [
        entry.id,
        {
          // Absent, not "", when the manifest gives none: a site tells a forgotten alt from a
          // decorative image (`alt: ""`) by the key (the manifest's check warns of it).
          ...(entry.alt !== undefined && { alt: entry.alt }),
          files,
          model: record.model,
          generated_at: record.generated_at,
        },
      ];
    }),
  );
  const images = Object.fromEntries(built.filter((e) => e !== undefined));
  return { index: { version: 1, images }, unsized };
}

/** What {@link writeImageIndex} did. */
export interface IndexWrite {
  /** Whether the file changed (a run whose index is already right leaves it untouched). */
  written: boolean;
  /** Entries left out: a recorded file is missing, so its size is unknown. */
  unsized: string[];
}

/**
 * Brings the manifest's index file up to date with the lockfile: written atomically, in the
 * lockfile's format (sorted keys, two-space indent, trailing newline), only when its content changes.
 */
export async function writeImageIndex(manifest: Manifest, lock: Lockfile): Promise<IndexWrite> {
  const target = manifest.index;
  if (!target) return { written: false, unsized: [] };
  const current = await readTextIfExists(target.abs);
  const { index, unsized } = await buildImageIndex(manifest, target, lock, parseImageIndex(current));
  const text = stableStringify(index);
  if (text === current) return { written: false, unsized };
  await writeFileAtomic(target.abs, text, manifest.workspace);
  return { written: true, unsized };
}
