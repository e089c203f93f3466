/**
 * Facts about an image file: its format by extension (the engine writes only extensions that agree
 * with the verified bytes), and its pixel size read from the header with `image-size` — a bounded
 * read of the file's start, never a decode. Sizes are read when an image is recorded, and for
 * lockfile records written before sizes were kept.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { imageSize } from 'image-size';
import type { OutputFormat } from '../models/registry.js';
import { Semaphore } from '../shared/semaphore.js';

const FORMAT_BY_EXT: Readonly<Record<string, OutputFormat>> = {
  png: 'png',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  webp: 'webp',
};

/** The format an image path's extension names (case aside), or undefined for another extension. */
export function formatOfPath(file: string): OutputFormat | undefined {
  const ext = path.extname(file).slice(1).toLowerCase();
  return Object.hasOwn(FORMAT_BY_EXT, ext) ? FORMAT_BY_EXT[ext] : undefined;
}

/** A width and height in pixels, as a browser lays the image out. */
export interface Dimensions {
  width: number;
  height: number;
}

/** PNG and WebP say their size in the first bytes; a JPEG's frame header may follow large metadata. */
const READS = [16 * 1024, 512 * 1024];
/** Files open at once when many legacy records are looked at together. */
const opens = new Semaphore(8);

/** The displayed size of the image in `file`; undefined when it is missing or its header gives none. */
export async function readDimensions(file: string): Promise<Dimensions | undefined> {
  return opens.run(async () => {
    let fh: Awaited<ReturnType<typeof open>>;
    try {
      fh = await open(file, 'r');
    } catch {
      return undefined;
    }
    try {
      const { size } = await fh.stat();
      for (const limit of READS) {
        const buf = new Uint8Array(Math.min(size, limit));
        const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
        const found = dimensionsOf(buf.subarray(0, bytesRead));
        if (found || bytesRead >= size) return found;
      }
      return undefined;
    } finally {
      await fh.close();
    }
  });
}

function dimensionsOf(header: Uint8Array): Dimensions | undefined {
  let got: ReturnType<typeof imageSize>;
  try {
    got = imageSize(header);
  } catch {
    return undefined;
  }
  const { width, height, orientation } = got;
  if (!(width > 0 && height > 0)) return undefined;
  // EXIF orientations 5-8 turn the picture a quarter: browsers show it with the sides swapped.
  return orientation !== undefined && orientation >= 5 ? { width: height, height: width } : { width, height };
}
