/**
 * What the gateway delivered is what lands, byte for byte, on every path an image takes into the
 * workspace — download, move, copy, restore from the image cache — and each file's C2PA content
 * credentials (detected by the one verifier, never rewritten) are recorded in the lockfile.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImageCacheLike } from '../../src/engine/cache.js';
import type { Lockfile } from '../../src/plan/lockfile.js';
import { emulatorAndWorkspace } from '../helpers/setup.js';
import { runOn } from '../helpers/workspace.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const ENTRIES = {
  png: { prompt: 'A lighthouse [[C2PA]]', out: 'img/png.png', format: 'png' },
  jpeg: { prompt: 'A harbour [[C2PA]]', out: 'img/jpeg.jpg', format: 'jpeg' },
  webp: { prompt: 'A boat [[C2PA]]', out: 'img/webp.webp', format: 'webp' },
  plain: { prompt: 'A gull', out: 'img/plain.webp', format: 'webp' },
} as const;

function manifest(extra = '', moved = false): string {
  const lines = ['version: 1', 'images:'];
  for (const [id, e] of Object.entries(ENTRIES)) {
    const out = moved && id === 'png' ? 'moved/png.png' : e.out;
    lines.push(`  ${id}:`, `    prompt: ${JSON.stringify(e.prompt)}`, `    out: ${out}`);
    lines.push(`    output_format: ${e.format}`);
  }
  return `${lines.join('\n')}\n${extra}`;
}

const t = emulatorAndWorkspace({ 'images.config.yaml': manifest() });

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((d) => rm(d, { recursive: true, force: true }))));

/** A folder-backed image cache, empty when made: what a run saves, a later run may restore. */
async function folderCache(): Promise<ImageCacheLike> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'pixazo-provenance-cache-'));
  folders.push(root);
  const dirOf = (fp: string) => path.join(root, fp.replace(/[^a-z0-9]/gi, '_'));
  return {
    async save(fp, files) {
      await mkdir(dirOf(fp), { recursive: true });
      for (const [i, f] of files.entries()) await copyFile(f, path.join(dirOf(fp), `${i}`));
    },
    async restore(fp, count) {
      const staged: string[] = [];
      for (let i = 0; i < count; i++) {
        const to = path.join(root, `staged-${i}-${path.basename(dirOf(fp))}`);
        try {
          await copyFile(path.join(dirOf(fp), `${i}`), to);
        } catch {
          return undefined;
        }
        staged.push(to);
      }
      return staged;
    },
  };
}

/** sha256 of the image the emulator served last for each prompt (jobs in acceptance order). */
async function served(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const job of t.emu.jobs.values()) {
    const res = await fetch(job.mediaUrls[0]!);
    out.set(job.prompt, sha(Buffer.from(await res.arrayBuffer())));
  }
  return out;
}

async function onDisk(rel: string): Promise<string> {
  return sha(await readFile(path.join(t.ws.dir, rel)));
}

const credentials = (lock: Lockfile) =>
  Object.fromEntries(Object.entries(lock.images).map(([id, r]) => [id, r.files[0]!.content_credentials]));

describe('delivered bytes land unchanged, and their content credentials are recorded', () => {
  it('download: each format with and without credentials; sha256 on disk = sha256 served', async () => {
    const { report } = await runOn(t.ws, t.emu);
    expect(report.totals.generated).toBe(4);
    const bytes = await served();
    for (const e of Object.values(ENTRIES)) expect(await onDisk(e.out), e.out).toBe(bytes.get(e.prompt));
    expect(credentials(await t.ws.lock())).toEqual({ png: true, jpeg: true, webp: true, plain: false });
  });

  it('move (out changed) and copy (an identical entry): the same bytes, the same record of credentials', async () => {
    await runOn(t.ws, t.emu);
    const copy = `  twin:\n    prompt: ${JSON.stringify(ENTRIES.webp.prompt)}\n    out: img/twin.webp\n`;
    await t.ws.write('images.config.yaml', manifest(copy, true));
    t.emu.resetCounters();
    const { report } = await runOn(t.ws, t.emu);
    expect(t.emu.counters.submissions).toBe(0);
    expect(report.entries.find((e) => e.id === 'png')).toMatchObject({ status: 'reused', action: 'move' });
    expect(report.entries.find((e) => e.id === 'twin')?.status).toBe('reused');
    const bytes = await served();
    expect(await onDisk('moved/png.png')).toBe(bytes.get(ENTRIES.png.prompt));
    expect(await onDisk('img/twin.webp')).toBe(bytes.get(ENTRIES.webp.prompt));
    const lock = await t.ws.lock();
    expect(credentials(lock)).toMatchObject({ png: true, twin: true, plain: false });
  });

  it('restore from the image cache: the same bytes, credentials read from them by the verifier', async () => {
    const cache = await folderCache();
    await runOn(t.ws, t.emu, {}, { cache });
    // A workspace that lost its images and lockfile (a new clone, a reset branch): the cache has them.
    await rm(path.join(t.ws.dir, 'images.lock.json'));
    for (const dir of ['img', 'moved']) await rm(path.join(t.ws.dir, dir), { recursive: true, force: true });
    t.emu.resetCounters();
    const { report } = await runOn(t.ws, t.emu, {}, { cache });
    expect(t.emu.counters.submissions).toBe(0);
    expect(report.entries.map((e) => e.reason).every((r) => r.includes('restored from cache'))).toBe(true);
    // The plan's action stays as planned; what happened is the status, and nothing was bought.
    expect(new Set(report.entries.map((e) => `${e.action}/${e.status}`))).toEqual(
      new Set(['generate/reused']),
    );
    expect(report.cost).toBe(0);
    const bytes = await served();
    for (const e of Object.values(ENTRIES)) expect(await onDisk(e.out), e.out).toBe(bytes.get(e.prompt));
    expect(credentials(await t.ws.lock())).toEqual({ png: true, jpeg: true, webp: true, plain: false });
  });
});
