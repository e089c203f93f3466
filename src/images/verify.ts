/**
 * The one verifier of complete images. Every image that lands in a workspace — downloaded, restored
 * from the image cache, moved or copied from a record — goes through it: the magic bytes must name
 * the expected format, and the container must be walked to its end (PNG chunks with their CRCs to
 * `IEND`, JPEG segments and scans to `EOI`, the WebP RIFF size and chunks) with nothing after it.
 * It is fed chunk by chunk, so a download never holds the image in memory, and it is the one place
 * that reads an image's pixel size.
 *
 * It lives in src/images, below gateway, engine, publish and site, so each of them imports it
 * without reaching upwards.
 */
import { createReadStream } from 'node:fs';
import { OUTPUT_FORMATS, type OutputFormat } from '../models/registry.js';
import { JpegWalker } from './jpeg.js';
import { PngWalker } from './png.js';
import { SNIFF_BYTES, sniffFormat } from './sniff.js';
import type { Dimensions, VerifiedImage } from './types.js';
import { ImageVerifyError, type Walker } from './walker.js';
import { WebpWalker } from './webp.js';

export type { Dimensions, VerifiedImage } from './types.js';
export { ImageVerifyError } from './walker.js';

const WALKERS: Readonly<Record<OutputFormat, new () => Walker>> = {
  png: PngWalker,
  jpeg: JpegWalker,
  webp: WebpWalker,
};

/**
 * A streaming verifier: `push` each chunk as it arrives, then `end`. Both throw ImageVerifyError —
 * `format` (not the expected format: another attempt fetches the same thing), `truncated` (the
 * bytes stop before the image does) or `corrupt` (the container is wrong: a damaged transfer or
 * not an image at all).
 */
export class ImageVerifier {
  private head: Buffer[] = [];
  private headLen = 0;
  private walker: Walker | undefined;
  private format: OutputFormat | undefined;
  private total = 0;

  /** `expected`: the format the bytes must be; undefined accepts any of PNG, JPEG and WebP. */
  constructor(private readonly expected?: OutputFormat) {}

  /** Pixel size, as soon as the header gave it (before the image is complete). */
  get dimensions(): Dimensions | undefined {
    return this.walker?.dimensions;
  }

  push(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    this.total += buf.length;
    if (this.walker) {
      this.walker.push(buf);
      return;
    }
    // Decide as soon as the signature is in: no point walking 50 MiB of an HTML error page.
    this.head.push(Buffer.from(buf.subarray(0, SNIFF_BYTES - this.headLen)));
    this.headLen += Math.min(buf.length, SNIFF_BYTES - this.headLen);
    if (this.headLen < SNIFF_BYTES) return;
    const head = Buffer.concat(this.head);
    this.head = [];
    this.start(head);
    this.walker!.push(head);
    const rest = buf.subarray(buf.length - (this.total - SNIFF_BYTES));
    if (rest.length > 0) this.walker!.push(rest);
  }

  /** The stream ended: the image's facts when it is complete; throws otherwise. */
  end(): VerifiedImage {
    if (!this.walker) {
      const head = Buffer.concat(this.head);
      // A prefix too short to tell: an empty body, or a cut-off start of the expected format.
      if (this.headLen === 0) throw new ImageVerifyError('truncated', 'is empty');
      const could = this.expected ? [this.expected] : OUTPUT_FORMATS;
      if (could.some((f) => startsLike(head, f)))
        throw new ImageVerifyError('truncated', `ends early, after ${this.headLen} bytes`);
      this.start(head);
    }
    this.walker!.end();
    return {
      format: this.format!,
      bytes: this.total,
      dimensions: this.walker!.dimensions,
      contentCredentials: this.walker!.contentCredentials,
    };
  }

  private start(head: Buffer): void {
    const got = sniffFormat(head);
    const want = this.expected;
    if (!got || (want && got !== want))
      throw new ImageVerifyError(
        'format',
        got
          ? `is ${got}, expected ${want}`
          : `is not a PNG, JPEG or WebP image${want ? ` (expected ${want})` : ''}`,
      );
    this.format = got;
    this.walker = new WALKERS[got]();
  }
}

/** Whether `head` (shorter than a signature) could still become one of `format`. */
function startsLike(head: Buffer, format: OutputFormat): boolean {
  const full: Record<OutputFormat, Buffer> = {
    png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    jpeg: Buffer.from([0xff, 0xd8, 0xff]),
    webp: Buffer.from('RIFF', 'latin1'),
  };
  const sig = full[format];
  const n = Math.min(head.length, sig.length);
  return head.subarray(0, n).equals(sig.subarray(0, n));
}

/** Bytes read at a time from a file: large reads keep the walk in native code. */
const FILE_CHUNK = 1024 * 1024;

/**
 * Verifies the image in `file` (restores, moves, copies). Throws ImageVerifyError when it is not a
 * complete image of `expected`; file-system errors propagate.
 */
export async function verifyImageFile(file: string, expected?: OutputFormat): Promise<VerifiedImage> {
  const v = new ImageVerifier(expected);
  for await (const chunk of createReadStream(file, { highWaterMark: FILE_CHUNK })) v.push(chunk as Buffer);
  return v.end();
}

/**
 * The pixel size the header of `file` gives, reading no more than `limit` bytes (and stopping as
 * soon as it is known); undefined when the file is missing, not an image, or says none so early.
 */
export async function readImageDimensions(file: string, limit: number): Promise<Dimensions | undefined> {
  const v = new ImageVerifier();
  try {
    for await (const chunk of createReadStream(file, { end: limit - 1, highWaterMark: 64 * 1024 })) {
      v.push(chunk as Buffer);
      if (v.dimensions) return v.dimensions;
    }
  } catch {
    return v.dimensions;
  }
  return v.dimensions;
}
