/**
 * A write the file system refuses while an image lands (a full disk during a copy or a restore)
 * fails with an error naming the target, leaves no temp file, and is a WriteError — which the
 * engine turns into that entry's failure instead of a crash of the run (found by the chaos test,
 * seed 80214).
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, expect, test } from 'vitest';
import { landVerified } from '../../src/engine/landing.js';
import { FULL_DISK_MODE, type FullableFolder, fullableFolder } from '../helpers/full-disk.js';

let ws: string | undefined;
let folder: FullableFolder | undefined;
afterEach(async () => {
  await folder?.cleanup();
  if (ws) await rm(ws, { recursive: true, force: true });
  ws = folder = undefined;
});

test(`a full disk while landing names the target and leaves nothing (${FULL_DISK_MODE})`, async () => {
  ws = await mkdtemp(path.join(os.tmpdir(), 'pixazo-landing-'));
  const from = path.join(ws, 'source.png');
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c33' } })
    .png()
    .toBuffer();
  await writeFile(from, png);
  folder = await fullableFolder(path.join(ws, 'img'));
  await folder.fill();
  const to = path.join(ws, 'img', 'hero.png');
  await expect(landVerified(ws, [{ from, to }], 'png')).rejects.toMatchObject({
    name: 'WriteError',
    message: `cannot write img/hero.png: ${folder.cause}`,
  });
  await folder.free();
  expect((await readdir(path.join(ws, 'img'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});
