/**
 * Placeholder images: a coloured card showing the (escaped) prompt and the image index,
 * rendered from SVG by sharp into real, decodable PNG / JPEG / WebP bytes. Colour and text
 * derive from the request id and index, so every image of every request is distinct.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import type { ImageFormat } from './types.js';

export interface RenderSpec {
  readonly requestId: string;
  /** 1-based image index within the request. */
  readonly index: number;
  readonly prompt: string;
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  readonly transparent: boolean;
  /** Encoder quality for jpeg / webp, 1–100. */
  readonly compression: number;
  /** Embed a test-only C2PA credentials store (see {@link addContentCredentials}). */
  readonly contentCredentials?: boolean;
}

export const MIME: Readonly<Record<ImageFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/** Prompts are untrusted text: they must not break (or inject into) the SVG markup. */
export function escapeXml(text: string): string {
  return (
    text
      // Characters XML 1.0 forbids outright (control characters, lone surrogates, U+FFFE/F).
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udfff]/gu, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** Greedy word wrap to at most `maxLines` lines of `width` characters, with an ellipsis if cut. */
export function wrapText(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let w = word; w.length > 0; w = w.slice(width)) {
      const piece = w.slice(0, width);
      if (line === '') line = piece;
      else if (line.length + 1 + piece.length <= width) line += ` ${piece}`;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, Math.max(0, width - 1))}…`;
  return kept;
}

function svgFor(spec: RenderSpec): string {
  const { width: w, height: h } = spec;
  const digest = createHash('sha256').update(`${spec.requestId}#${spec.index}`).digest();
  const hue = digest.readUInt16BE(0) % 360;
  const fontSize = Math.max(8, Math.round(Math.min(w, h) / 16));
  const perLine = Math.max(8, Math.floor((w - fontSize * 2) / (fontSize * 0.6)));
  const maxLines = Math.max(1, Math.floor((h - fontSize * 5) / (fontSize * 1.25)));
  const lines = wrapText(spec.prompt, perLine, maxLines);
  const text = lines
    .map((l, i) => `<tspan x="${fontSize}" dy="${i === 0 ? 0 : fontSize * 1.25}">${escapeXml(l)}</tspan>`)
    .join('');
  // A transparent request keeps a see-through background (png / webp carry the alpha).
  const fill = spec.transparent ? 'none' : `hsl(${hue}, 55%, 78%)`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    `<rect width="${w}" height="${h}" fill="${fill}"/>`,
    `<circle cx="${w - fontSize * 2}" cy="${fontSize * 2}" r="${fontSize}" fill="hsl(${(hue + 180) % 360}, 60%, 45%)"/>`,
    `<text x="${fontSize}" y="${fontSize * 2}" font-family="DejaVu Sans, sans-serif" font-size="${fontSize}" font-weight="bold" fill="#222">#${spec.index}</text>`,
    `<text x="${fontSize}" y="${fontSize * 4}" font-family="DejaVu Sans, sans-serif" font-size="${fontSize}" fill="#222">${text}</text>`,
    `<text x="${fontSize}" y="${h - fontSize}" font-family="DejaVu Sans Mono, monospace" font-size="${Math.max(6, Math.round(fontSize / 2))}" fill="#444">${escapeXml(spec.requestId)}</text>`,
    '</svg>',
  ].join('');
}

/** Renders one placeholder image in the requested format and size. */
export async function renderImage(spec: RenderSpec): Promise<Buffer> {
  const bytes = await encode(
    sharp(Buffer.from(svgFor(spec))),
    spec.format,
    spec.compression,
    spec.transparent,
  );
  return spec.contentCredentials ? addContentCredentials(bytes, spec.format) : bytes;
}

function encode(img: Sharp, format: ImageFormat, quality: number, keepAlpha: boolean): Promise<Buffer> {
  switch (format) {
    case 'png':
      return (keepAlpha ? img : img.flatten({ background: '#ffffff' })).png().toBuffer();
    case 'jpeg':
      return img.flatten({ background: '#ffffff' }).jpeg({ quality }).toBuffer();
    case 'webp':
      return (keepAlpha ? img : img.flatten({ background: '#ffffff' })).webp({ quality }).toBuffer();
  }
}

/** The format the `wrongFormatNextMedia` fault serves instead of `format`. */
export function otherFormat(format: ImageFormat): ImageFormat {
  return format === 'png' ? 'jpeg' : format === 'jpeg' ? 'webp' : 'png';
}

/** Re-encodes valid image bytes into another format (same pixels). */
export async function convertImage(bytes: Buffer, format: ImageFormat): Promise<Buffer> {
  return encode(sharp(bytes), format, 80, false);
}

/** A PNG chunk with its CRC: length, type, data, CRC-32 over type and data. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** The offset of a PNG's IEND chunk (its length field), found by walking the chunks. */
function pngEnd(png: Buffer): number {
  let at = 8;
  while (png.toString('latin1', at + 4, at + 8) !== 'IEND') at += 12 + png.readUInt32BE(at);
  return at;
}

/**
 * Pads a valid image to at least `size` bytes inside its container, so it stays complete and valid:
 * a private PNG chunk before IEND, JPEG COM segments after SOI, a private WebP chunk (RIFF size
 * updated). Size-cap tests get a large image that is still an image.
 */
export function padImage(bytes: Buffer, format: ImageFormat, size: number): Buffer {
  const missing = size - bytes.length;
  if (missing <= 0) return bytes;
  if (format === 'png') {
    const end = pngEnd(bytes);
    const pad = pngChunk('pxPd', Buffer.alloc(Math.max(0, missing - 12)));
    return Buffer.concat([bytes.subarray(0, end), pad, bytes.subarray(end)]);
  }
  if (format === 'jpeg') {
    const segments: Buffer[] = [];
    for (let left = missing; left > 0; ) {
      // Whole segments of 4..65537 bytes; the one before last leaves at least 4 for the last.
      const body = left - 4 <= 65533 ? Math.max(0, left - 4) : Math.min(65533, left - 8);
      const seg = Buffer.alloc(4 + body);
      seg.writeUInt16BE(0xfffe, 0);
      seg.writeUInt16BE(body + 2, 2);
      segments.push(seg);
      left -= seg.length;
    }
    return Buffer.concat([bytes.subarray(0, 2), ...segments, bytes.subarray(2)]);
  }
  const body = Math.max(0, missing - 8) & ~1;
  const chunk = Buffer.alloc(8 + body);
  chunk.write('PXPD', 0, 'latin1');
  chunk.writeUInt32LE(body, 4);
  const out = Buffer.concat([bytes, chunk]);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}

/**
 * Damages a valid image so only a walk over its container notices (the signature stays): a byte of
 * the PNG's last IDAT flipped (its CRC no longer matches), the JPEG's first segment length off by
 * one, the WebP's RIFF size two bytes short (its last chunk runs past it).
 */
export function corruptImage(bytes: Buffer, format: ImageFormat): Buffer {
  const out = Buffer.from(bytes);
  if (format === 'png') {
    const end = pngEnd(out);
    out[end - 5]! ^= 0xff; // the last data byte before the IDAT's CRC
  } else if (format === 'jpeg') {
    out.writeUInt16BE(out.readUInt16BE(4) + 1, 4);
  } else {
    out.writeUInt32LE(out.readUInt32LE(4) - 2, 4);
  }
  return out;
}

/** The image's first 12 bytes (its signature, and the RIFF header of a WebP), then random bytes. */
export function garbageImage(bytes: Buffer, seed: string): Buffer {
  const out = Buffer.alloc(bytes.length);
  bytes.copy(out, 0, 0, 12);
  for (let at = 12, n = 0; at < out.length; n++) {
    at += createHash('sha256').update(`${seed}#${n}`).digest().copy(out, at);
  }
  return out;
}

/**
 * A minimal, structurally valid and unsigned C2PA manifest store: a JUMBF superbox (`jumb`) whose
 * description box (`jumd`, content type the C2PA manifest-store UUID, toggles 0x03) is labelled
 * `c2pa`, holding one empty `jumb` for a manifest. Test-only: no claim, no signature.
 */
export function c2paStore(): Buffer {
  const box = (type: string, payload: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + payload.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, payload]);
  };
  const description = (label: string) =>
    box(
      'jumd',
      Buffer.concat([
        Buffer.from('6332706100110010800000aa00389b71', 'hex'),
        Buffer.from([0x03]),
        Buffer.from(`${label}\0`, 'latin1'),
      ]),
    );
  const manifest = box('jumb', description('urn:uuid:00000000-0000-4000-8000-000000000000'));
  return box('jumb', Buffer.concat([description('c2pa'), manifest]));
}

/** A JPEG APP11 segment carrying `box` as JPEG XT packet 1 of box instance 1. */
export function app11Segment(box: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xffeb, 0);
  head.writeUInt16BE(2 + 8 + box.length, 2);
  head.write('JP', 4, 'latin1');
  head.writeUInt16BE(1, 6);
  head.writeUInt32BE(1, 8);
  return Buffer.concat([head, box]);
}

/**
 * Embeds {@link c2paStore} the way each format carries content credentials, keeping the image
 * valid: a `caBX` chunk (with its CRC) before IEND; an APP11 segment right after SOI; a RIFF `C2PA`
 * chunk in a VP8X WebP (a simple WebP gets a VP8X header first), the RIFF size updated.
 */
export function addContentCredentials(bytes: Buffer, format: ImageFormat): Buffer {
  const store = c2paStore();
  if (format === 'png') {
    const end = pngEnd(bytes);
    return Buffer.concat([bytes.subarray(0, end), pngChunk('caBX', store), bytes.subarray(end)]);
  }
  if (format === 'jpeg') return Buffer.concat([bytes.subarray(0, 2), app11Segment(store), bytes.subarray(2)]);
  let body = bytes.subarray(12);
  if (body.toString('latin1', 0, 4) !== 'VP8X') body = Buffer.concat([vp8x(body), body]);
  const chunk = Buffer.alloc(8);
  chunk.write('C2PA', 0, 'latin1');
  chunk.writeUInt32LE(store.length, 4);
  const pad = Buffer.alloc(store.length & 1);
  const out = Buffer.concat([bytes.subarray(0, 12), body, chunk, store, pad]);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}

/** A VP8X chunk for a simple WebP whose first chunk (`VP8 ` or `VP8L`) is `body`'s start. */
function vp8x(body: Buffer): Buffer {
  const type = body.toString('latin1', 0, 4);
  const d = body.subarray(8);
  let width: number;
  let height: number;
  if (type === 'VP8L') {
    const bits = d.readUInt32LE(1);
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
  } else {
    width = d.readUInt16LE(6) & 0x3fff;
    height = d.readUInt16LE(8) & 0x3fff;
  }
  const out = Buffer.alloc(18);
  out.write('VP8X', 0, 'latin1');
  out.writeUInt32LE(10, 4);
  // Flags: alpha when VP8L says so would need more care; none set is valid for opaque images.
  out.writeUIntLE(width - 1, 12, 3);
  out.writeUIntLE(height - 1, 15, 3);
  return out;
}
