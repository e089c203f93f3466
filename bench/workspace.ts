/**
 * Synthetic workspaces for the benchmark: a manifest of N entries whose images and lockfile are
 * already in place (a no-op run), optionally committed to git, and helpers to run the built
 * action on them exactly as the runner does (INPUT_* with action.yml defaults applied).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openManifest } from '../src/engine/session.js';
import { hashFileBoth } from '../src/plan/files.js';
import { fingerprintAll } from '../src/plan/fingerprint.js';
import { emptyLockfile, stableStringify } from '../src/plan/lockfile.js';

export const ROOT = path.resolve(import.meta.dirname, '..');

export interface BenchWorkspace {
  readonly dir: string;
  readonly entries: number;
  /** Bytes of image data on disk. */
  readonly imageBytes: number;
  cleanup(): Promise<void>;
}

const QUALITIES = ['low', 'medium', 'high'] as const;
const ASPECTS = ['1:1', '3:2', '2:3'] as const;

/** A few hundred bytes that start like a WebP file and differ per entry. */
function fakeImage(id: string, size: number): Buffer {
  const head = Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1');
  const seed = createHash('sha256').update(id).digest();
  const body = Buffer.alloc(Math.max(0, size - head.length));
  for (let i = 0; i < body.length; i += seed.length) seed.copy(body, i);
  return Buffer.concat([head, body]);
}

/** The manifest text of `n` entries: mixed qualities and aspects, some with local and @id inputs. */
export function manifestText(n: number, refs: number): string {
  const lines = [
    'version: 1',
    'defaults:',
    '  model: gpt-image-2',
    '  quality: medium',
    '  output_format: webp',
    '  out: img/{id}.{ext}',
    'vars:',
    '  style: flat vector illustration, pastel palette',
    'images:',
  ];
  for (let i = 0; i < n; i++) {
    const id = `e${String(i).padStart(5, '0')}`;
    lines.push(`  ${id}:`);
    lines.push(`    prompt: Illustration ${i} of a lighthouse on a cliff at dawn, {{style}}`);
    lines.push(`    quality: ${QUALITIES[i % 3]}`);
    lines.push(`    aspect_ratio: "${ASPECTS[(i >> 2) % 3]}"`);
    lines.push(`    alt: Picture ${i}`);
    // Every 50th entry derives from the previous one and a local reference image.
    if (i > 0 && i % 50 === 0 && refs > 0) {
      const prev = `e${String(i - 1).padStart(5, '0')}`;
      lines.push(`    input_images: ["@${prev}", refs/ref-${(i / 50) % refs}.png]`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@example.com',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@example.com',
    },
    maxBuffer: 1 << 28,
  }).toString();
}

/**
 * A workspace with `n` entries, each image file present and recorded in the lockfile with its
 * fingerprint (so a run is a no-op); `git` commits everything (the fast path).
 */
export async function noopWorkspace(
  n: number,
  opts: { git: boolean; imageSize?: number },
): Promise<BenchWorkspace> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), `pixazo-bench-${n}-`)));
  const size = opts.imageSize ?? 2048;
  const refs = 4;
  await mkdir(path.join(dir, 'img'), { recursive: true });
  await mkdir(path.join(dir, 'refs'), { recursive: true });
  for (let r = 0; r < refs; r++)
    await writeFile(path.join(dir, `refs/ref-${r}.png`), fakeImage(`ref${r}`, 4096));
  await writeFile(path.join(dir, 'images.config.yaml'), manifestText(n, refs));
  const { manifest, lockfilePath } = await openManifest({ workspace: dir, config: 'images.config.yaml' });
  const fps = await fingerprintAll(manifest.entries);
  const lock = emptyLockfile();
  let imageBytes = 0;
  const batch = 64;
  for (let i = 0; i < manifest.entries.length; i += batch) {
    await Promise.all(
      manifest.entries.slice(i, i + batch).map(async (e, k) => {
        const files = [];
        for (const rel of e.out) {
          const abs = path.join(dir, rel);
          await writeFile(abs, fakeImage(e.id, size));
          const h = await hashFileBoth(abs);
          imageBytes += h.bytes;
          files.push({ path: rel, sha256: h.sha256, blob: h.blob, bytes: h.bytes });
        }
        const fp = fps.get(e.id)!;
        lock.images[e.id] = {
          fingerprint: fp.value,
          parts: { ...fp.parts },
          model: e.model,
          quality: String(e.params['quality'] ?? 'auto'),
          files,
          request_id: `gpt-image-2-text-to-image_bench-${i + k}`,
          cost_usd: 0.047,
          generated_at: '2026-11-01T10:00:00.000Z',
          duration_s: 30 + ((i + k) % 90),
        };
      }),
    );
  }
  lock.spent_usd = 0.047 * n;
  await writeFile(lockfilePath, stableStringify(lock));
  if (opts.git) {
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'images');
  }
  return {
    dir,
    entries: n,
    imageBytes,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
