import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { imageSize } from 'image-size';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImageVerifier, ImageVerifyError, verifyImageFile } from '../../src/images/verify.js';
import type { OutputFormat } from '../../src/models/registry.js';
import { corruptImage, garbageImage, padImage, renderImage } from '../emulator/images.js';

/** Feeds `bytes` in pieces of `size` (the last may be shorter) and ends the stream. */
function verify(bytes: Buffer, expected: OutputFormat | undefined, size = bytes.length || 1) {
  const v = new ImageVerifier(expected);
  for (let at = 0; at < bytes.length; at += size) v.push(bytes.subarray(at, at + size));
  return v.end();
}

function failure(bytes: Buffer, expected: OutputFormat | undefined, size?: number): ImageVerifyError {
  try {
    verify(bytes, expected, size);
  } catch (err) {
    if (err instanceof ImageVerifyError) return err;
    throw err;
  }
  throw new Error('verified, but should not have');
}

const render = (format: OutputFormat, width: number, height: number, transparent = false) =>
  renderImage({
    requestId: `r-${format}-${width}`,
    index: 1,
    prompt: 'a lighthouse',
    format,
    width,
    height,
    transparent,
    compression: 80,
  });

/** Real images from sharp, in every container variant the walkers must know. */
const images: Record<string, { format: OutputFormat; bytes: Buffer; width: number; height: number }> = {};

beforeAll(async () => {
  const add = (name: string, format: OutputFormat, bytes: Buffer) => {
    const size = imageSize(bytes);
    images[name] = { format, bytes, width: size.width, height: size.height };
  };
  add('png', 'png', await render('png', 320, 200));
  add('png with alpha', 'png', await render('png', 96, 160, true));
  add('jpeg', 'jpeg', await render('jpeg', 320, 200));
  add(
    'jpeg progressive',
    'jpeg',
    await sharp(await render('png', 200, 120))
      .jpeg({ progressive: true })
      .toBuffer(),
  );
  add(
    'jpeg baseline (libjpeg-turbo)',
    'jpeg',
    await sharp(await render('png', 200, 120))
      .jpeg({ mozjpeg: false, quality: 95 })
      .toBuffer(),
  );
  add('webp lossy (VP8)', 'webp', await render('webp', 320, 200));
  add(
    'webp lossless (VP8L)',
    'webp',
    await sharp(await render('png', 130, 70))
      .webp({ lossless: true })
      .toBuffer(),
  );
  add('webp with alpha (VP8X)', 'webp', await render('webp', 96, 160, true));
});

describe('complete images verify, with their size', () => {
  it.each([1, 7, 4096, 0])('in pieces of %i bytes (0: whole)', (size) => {
    const names = Object.keys(images);
    expect(names.length).toBe(8);
    for (const name of names) {
      const { format, bytes, width, height } = images[name]!;
      const got = verify(bytes, format, size || bytes.length);
      expect(got, name).toMatchObject({ format, bytes: bytes.length, dimensions: { width, height } });
      expect(got.contentCredentials, name).toBe(false);
      expect(verify(bytes, undefined, size || bytes.length).format, name).toBe(format);
    }
  });

  it('a JPEG with EXIF orientation 6 reports the displayed size (sides swapped)', async () => {
    const bytes = await sharp(await render('png', 300, 100))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    expect(verify(bytes, 'jpeg').dimensions).toEqual({ width: 100, height: 300 });
  });

  it('images padded inside their container still verify (the emulator oversize fault)', () => {
    for (const { format, bytes, width } of Object.values(images)) {
      const padded = padImage(bytes, format, 200_000);
      expect(padded.length).toBeGreaterThanOrEqual(199_990);
      expect(verify(padded, format, 65_536).dimensions?.width).toBe(width);
    }
  });
});

describe('incomplete or damaged images fail, saying why', () => {
  it('cut at many offsets: "ends early", never verified', () => {
    for (const [name, { format, bytes }] of Object.entries(images)) {
      const cuts = new Set([0, 1, 2, 3, 8, 11, 12, 13, 20, 33, 100, bytes.length - 1, bytes.length - 2]);
      for (let i = 1; i < 40; i++) cuts.add(Math.floor((bytes.length * i) / 40));
      for (const cut of cuts) {
        const err = failure(bytes.subarray(0, cut), format, 997);
        expect(err.failure, `${name} cut at ${cut}: ${err.message}`).toBe('truncated');
        expect(err.message).toMatch(/^(ends early|is empty)/);
      }
    }
  });

  it.each(['png', 'jpeg', 'webp'] as const)(
    '%s: a valid signature followed by random bytes is corrupt',
    (format) => {
      const bytes = garbageImage(images[format === 'webp' ? 'webp lossy (VP8)' : format]!.bytes, 'seed');
      const err = failure(bytes, format);
      expect(err.failure).toBe('corrupt');
    },
  );

  it.each([
    ['png', /chunk IDAT at byte \d+ has a bad CRC/],
    ['jpeg', /expected a JPEG marker at byte \d+/],
    ['webp lossy (VP8)', /runs past the end the RIFF size field gives/],
  ] as const)('%s: damaged inside the container (the emulator corrupt fault) is corrupt', (name, message) => {
    const { format, bytes } = images[name]!;
    const err = failure(corruptImage(bytes, format), format, 1000);
    expect(err.failure).toBe('corrupt');
    expect(err.message).toMatch(message);
  });

  it('a flipped byte anywhere in a PNG chunk fails its CRC', () => {
    const { bytes } = images.png!;
    for (let at = 8 + 8; at < bytes.length - 12; at += 97) {
      const bad = Buffer.from(bytes);
      bad[at]! ^= 0x01;
      expect(failure(bad, 'png', 513).failure, `byte ${at}`).toBe('corrupt');
    }
  });

  it('a WebP RIFF size field larger than the body ends early; smaller leaves a chunk running past it', () => {
    const { bytes } = images['webp lossy (VP8)']!;
    const bigger = Buffer.from(bytes);
    bigger.writeUInt32LE(bytes.length - 8 + 16, 4);
    expect(failure(bigger, 'webp')).toMatchObject({ failure: 'truncated' });
    expect(failure(bigger, 'webp').message).toMatch(/RIFF size field says \d+ bytes in all/);
    const smaller = Buffer.from(bytes);
    smaller.writeUInt32LE(bytes.length - 8 - 2, 4);
    expect(failure(smaller, 'webp').failure).toBe('corrupt');
  });

  it.each(['png', 'jpeg', 'webp lossy (VP8)'])('%s: bytes after the end of the image are refused', (name) => {
    const { format, bytes } = images[name]!;
    const err = failure(Buffer.concat([bytes, Buffer.from('<html>')]), format, 4096);
    expect(err).toMatchObject({ failure: 'corrupt', message: '6 more byte(s) after the end of the image' });
  });

  it('another format, or not an image at all, is a format failure', () => {
    expect(failure(images.jpeg!.bytes, 'png')).toMatchObject({
      failure: 'format',
      message: 'is jpeg, expected png',
    });
    const html = Buffer.from('<!doctype html><html><body>Not found</body></html>');
    expect(failure(html, 'webp')).toMatchObject({
      failure: 'format',
      message: 'is not a PNG, JPEG or WebP image (expected webp)',
    });
    expect(failure(Buffer.from('<h'), 'png').failure).toBe('format');
  });
});

it('verifyImageFile walks a file on disk', async () => {
  const file = path.join(tmpdir(), `verify-${process.pid}.png`);
  await writeFile(file, images.png!.bytes);
  await expect(verifyImageFile(file, 'png')).resolves.toMatchObject({
    dimensions: { width: 320, height: 200 },
  });
  await writeFile(file, images.png!.bytes.subarray(0, 500));
  await expect(verifyImageFile(file, 'png')).rejects.toMatchObject({ failure: 'truncated' });
  await expect(verifyImageFile(file, 'webp')).rejects.toMatchObject({ failure: 'format' });
});
