/**
 * Facts about an image file: its format by extension (the engine writes only extensions that agree
 * with the verified bytes), and its pixel size read from the header by the image verifier — a bounded
 * read of the file's start, never a decode. Sizes are read when an image is recorded, and for
 * lockfile records written before sizes were kept.
 */
import path from 'node:path';
import type { Dimensions } from '../images/types.js';
import { readImageDimensions } from '../images/verify.js';
import { formatOfExtension, type OutputFormat } from '../models/registry.js';
import { Semaphore } from '../shared/semaphore.js';

/** The format an image path's extension names (case aside), or undefined for another extension. */
export function formatOfPath(file: string): OutputFormat | undefined {
  return formatOfExtension(path.extname(file).slice(1));
}

export type { Dimensions } from '../images/types.js';

/** PNG and WebP say their size in the first bytes; a JPEG's frame header may follow large metadata. */
const LIMIT = 512 * 1024;
/** Files open at once when many legacy records are looked at together. */
const opens = new Semaphore(8);

/**
 * The displayed size of the image in `file`, read by the image verifier's walk over its header
 * (EXIF orientations 5–8 swap the sides, as browsers do); undefined when it is missing or gives none.
 */
export function readDimensions(file: string): Promise<Dimensions | undefined> {
  return opens.run(() => readImageDimensions(file, LIMIT));
}
