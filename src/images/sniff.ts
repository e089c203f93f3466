/** Image format detection by magic bytes: the gateway's reported media type cannot be trusted. */
import type { OutputFormat } from '../models/registry.js';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];

/** Bytes needed to tell every supported format apart (WebP: `RIFF` + size + `WEBP`). */
export const SNIFF_BYTES = 12;

function at(buf: Uint8Array, offset: number, magic: readonly number[]): boolean {
  if (buf.length < offset + magic.length) return false;
  return magic.every((b, i) => buf[offset + i] === b);
}

/**
 * The format whose signature `buf` starts with: PNG `89 50 4E 47 0D 0A 1A 0A`, JPEG `FF D8 FF`,
 * WebP `RIFF ???? WEBP`. Undefined for anything else, including a prefix too short to decide.
 */
export function sniffFormat(buf: Uint8Array): OutputFormat | undefined {
  if (at(buf, 0, PNG)) return 'png';
  if (at(buf, 0, JPEG)) return 'jpeg';
  if (at(buf, 0, RIFF) && at(buf, 8, WEBP)) return 'webp';
  return undefined;
}
