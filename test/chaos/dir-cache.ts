/**
 * A directory-backed image cache for chaos trials: the engine's `ImageCacheLike` over plain files,
 * keyed by fingerprint like the Actions cache, so a trial can poison an entry by replacing its
 * bytes. Like the Actions cache, entries are never deleted (a pending request saved once stays).
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImageCacheLike } from '../../src/engine/cache.js';

type CachedPending = NonNullable<Awaited<ReturnType<NonNullable<ImageCacheLike['restorePending']>>>>;

export type Poison = 'html' | 'cut' | 'garbage' | 'other-image';

export class DirCache implements Required<ImageCacheLike> {
  private staged = 0;
  constructor(readonly root: string) {}

  private dirOf(fingerprint: string): string {
    return path.join(this.root, 'images', fingerprint.replace(/^sha256:/, ''));
  }

  async restore(fingerprint: string, count: number, ext: string): Promise<string[] | undefined> {
    const dir = this.dirOf(fingerprint);
    const names = Array.from({ length: count }, (_, i) => `${i + 1}.${ext}`);
    const have = await readdir(dir).catch(() => [] as string[]);
    if (!names.every((n) => have.includes(n))) return undefined;
    const stage = path.join(this.root, 'staging', String(++this.staged));
    await mkdir(stage, { recursive: true });
    const out: string[] = [];
    for (const n of names) {
      await copyFile(path.join(dir, n), path.join(stage, n));
      out.push(path.join(stage, n));
    }
    return out;
  }

  async save(fingerprint: string, files: readonly string[]): Promise<void> {
    const dir = this.dirOf(fingerprint);
    await mkdir(dir, { recursive: true });
    for (const [i, f] of files.entries()) {
      const ext = path.extname(f).slice(1);
      await copyFile(f, path.join(dir, `${i + 1}.${ext}`));
    }
  }

  async savePending(fingerprint: string, pending: CachedPending): Promise<void> {
    await mkdir(path.join(this.root, 'pending'), { recursive: true });
    await writeFile(this.pendingFile(fingerprint), JSON.stringify(pending));
  }

  async restorePending(fingerprint: string): Promise<CachedPending | undefined> {
    try {
      return JSON.parse(await readFile(this.pendingFile(fingerprint), 'utf8')) as CachedPending;
    } catch {
      return undefined;
    }
  }

  private pendingFile(fingerprint: string): string {
    return path.join(this.root, 'pending', `${fingerprint.replace(/^sha256:/, '')}.json`);
  }

  /** Whether every image of `fingerprint` is cached. */
  async has(fingerprint: string, count: number): Promise<boolean> {
    const have = await readdir(this.dirOf(fingerprint)).catch(() => [] as string[]);
    return have.length >= count;
  }

  /**
   * Replaces the first cached image of `fingerprint` with a poison: an HTML page, the first half of
   * the image, its signature then random bytes, or another fingerprint's (valid) image. False when
   * there is nothing to poison.
   */
  async poison(fingerprint: string, kind: Poison): Promise<boolean> {
    const dir = this.dirOf(fingerprint);
    const name = (await readdir(dir).catch(() => [] as string[])).sort()[0];
    if (!name) return false;
    const file = path.join(dir, name);
    const bytes = await readFile(file);
    let poison: Buffer | undefined;
    if (kind === 'html') poison = Buffer.from('<!doctype html><title>502 Bad Gateway</title>\n');
    else if (kind === 'cut') poison = bytes.subarray(0, Math.floor(bytes.length / 2));
    else if (kind === 'garbage')
      poison = Buffer.concat([bytes.subarray(0, 12), randomBytes(Math.max(64, bytes.length - 12))]);
    else {
      const ext = path.extname(name);
      for (const other of await readdir(path.join(this.root, 'images'))) {
        if (path.join(this.root, 'images', other) === dir) continue;
        const twin = path.join(this.root, 'images', other, `1${ext}`);
        poison = await readFile(twin).catch(() => undefined);
        if (poison && !poison.equals(bytes)) break;
        poison = undefined;
      }
      poison ??= Buffer.from('<html>no other image to swap in</html>');
    }
    await writeFile(file, poison);
    return true;
  }
}
