/**
 * C2PA content credentials are detected, never validated: a PNG `caBX` chunk, a JPEG APP11 segment
 * carrying a JUMBF box labelled `c2pa`, a RIFF `C2PA` chunk. Images with credentials are still
 * complete images of their format, and an APP11 used for anything else is not taken for C2PA.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isC2paApp11 } from '../../src/images/jumbf.js';
import { ImageVerifier } from '../../src/images/verify.js';
import type { OutputFormat } from '../../src/models/registry.js';
import { addContentCredentials, app11Segment, c2paStore, renderImage } from '../emulator/images.js';

function verify(bytes: Buffer, expected: OutputFormat, size = bytes.length) {
  const v = new ImageVerifier(expected);
  for (let at = 0; at < bytes.length; at += size) v.push(bytes.subarray(at, at + size));
  return v.end();
}

const render = (format: OutputFormat, transparent = false) =>
  renderImage({
    requestId: `r-${format}-${transparent}`,
    index: 1,
    prompt: 'a lighthouse',
    format,
    width: 64,
    height: 48,
    transparent,
    compression: 80,
  });

/** A JUMBF superbox like the C2PA store, with another label. */
function otherJumbf(label: string): Buffer {
  const store = c2paStore();
  const out = Buffer.from(store);
  // The label starts after jumb header (8), jumd header (8), UUID (16) and toggles (1).
  out.write(label.padEnd(4, '_').slice(0, 4), 33, 'latin1');
  return out;
}

let plain: Record<string, { format: OutputFormat; bytes: Buffer }>;
beforeAll(async () => {
  plain = {
    png: { format: 'png', bytes: await render('png') },
    jpeg: { format: 'jpeg', bytes: await render('jpeg') },
    'webp (VP8)': { format: 'webp', bytes: await render('webp') },
    'webp with alpha (VP8X)': { format: 'webp', bytes: await render('webp', true) },
  };
});

describe('content credentials: detected by presence, in every format', () => {
  it('the store is a JUMBF superbox labelled c2pa', () => {
    const store = c2paStore();
    expect(store.toString('latin1', 4, 8)).toBe('jumb');
    expect(store.readUInt32BE(0)).toBe(store.length);
    expect(isC2paApp11(app11Segment(store).subarray(4))).toBe(true);
  });

  it('with and without, each format (whole and fed byte by byte in small pieces)', () => {
    for (const [name, { format, bytes }] of Object.entries(plain)) {
      const without = verify(bytes, format);
      expect(without.contentCredentials, `${name} without`).toBe(false);
      const withCr = addContentCredentials(bytes, format);
      for (const size of [withCr.length, 7, 1]) {
        const got = verify(withCr, format, size);
        expect(got.contentCredentials, `${name} with, pieces of ${size}`).toBe(true);
        // Still the same picture: the credentials are metadata beside the pixels.
        expect(got.dimensions, name).toEqual(without.dimensions);
      }
    }
  });

  it('images with credentials still decode (sharp reads them)', async () => {
    for (const [name, { format, bytes }] of Object.entries(plain)) {
      const meta = await sharp(addContentCredentials(bytes, format)).metadata();
      expect([meta.width, meta.height], name).toEqual([64, 48]);
    }
  });

  const jpegCases: [string, (store: Buffer) => Buffer, boolean][] = [
    ['APP11 with a JUMBF box labelled c2pa', (s) => app11Segment(s), true],
    ['APP11 with a JUMBF box labelled otherwise', () => app11Segment(otherJumbf('jpxl')), false],
    ['APP11 with JP but no box after it', () => app11Segment(Buffer.alloc(0)), false],
    [
      'APP11 with JP and a box that is not jumb',
      () => app11Segment(Buffer.from('\0\0\0\x0cxml abcd')),
      false,
    ],
    [
      'APP11 without the JP identifier',
      (s) => {
        const seg = app11Segment(s);
        seg.write('XX', 4, 'latin1');
        return seg;
      },
      false,
    ],
    [
      'c2pa label without the label toggle',
      (s) => {
        const seg = app11Segment(s);
        seg[12 + 32] = 0x01;
        return seg;
      },
      false,
    ],
  ];

  it.each(jpegCases)('JPEG: %s', (_name, segment, expected) => {
    const jpeg = plain.jpeg!.bytes;
    const bytes = Buffer.concat([jpeg.subarray(0, 2), segment(c2paStore()), jpeg.subarray(2)]);
    expect(verify(bytes, 'jpeg').contentCredentials).toBe(expected);
  });

  it('another PNG ancillary chunk or RIFF chunk is not content credentials', async () => {
    const { pngChunk, padImage } = await import('../emulator/images.js');
    const png = plain.png!.bytes;
    const withText = Buffer.concat([
      png.subarray(0, 33),
      pngChunk('tEXt', Buffer.from('c2pa\0jumb')),
      png.subarray(33),
    ]);
    expect(verify(withText, 'png').contentCredentials).toBe(false);
    const webp = padImage(plain['webp with alpha (VP8X)']!.bytes, 'webp', 4000);
    expect(verify(webp, 'webp').contentCredentials).toBe(false);
  });
});
