/**
 * `gallery.html`: a page to look at a manifest's images — from the CLI (`pixazo-images gallery`,
 * every entry, beside the workspace's files) or in the action's artifact (the entries this run
 * changed, beside the images uploaded with it). Image paths are relative to the page, so it works
 * opened from disk.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Lockfile } from '../plan/lockfile.js';
import type { RunReport } from '../report/types.js';
import { writeFileAtomic } from '../shared/fs.js';
import { toPosix } from '../shared/paths.js';
import { type GalleryItem, galleryItems } from './gallery-data.js';
import { renderGalleryPage } from './gallery-page.js';

/** The page's file name, in the folder it is written to (at the root of the artifact). */
export const GALLERY_FILE = 'gallery.html';

/** Options of {@link writeGallery}. */
export interface GalleryOptions {
  /** The run's report, or a plan's (`pixazo-images gallery` plans without a key). */
  report: RunReport;
  /** The lockfile after the run: sizes, dates and costs of the recorded images. */
  lock: Lockfile;
  /** Absolute workspace root; `report.manifest` is relative to it. */
  workspace: string;
  /** Folder to write `gallery.html` to. */
  outDir: string;
  /**
   * Where the images are found at their workspace paths: the workspace itself (default), or a
   * staging folder holding this run's images at the same paths (the artifact).
   */
  imageRoot?: string;
  /**
   * `all`: every entry, with each recorded image still on disk. `run`: the entries this run
   * generated, reused, or failed to make, with only the images it wrote (the artifact holds no others).
   */
  scope?: 'all' | 'run';
  /** When the page is made (ISO 8601); now by default. */
  madeAt?: string;
  /** The folder the page must be written inside (the path guard's root); default `workspace`. */
  writeRoot?: string;
}

/** Writes `gallery.html` into `outDir` (created if needed) and returns its absolute path. */
export async function writeGallery(opts: GalleryOptions): Promise<string> {
  const { report, workspace } = opts;
  const scope = opts.scope ?? 'all';
  const imageRoot = opts.imageRoot ?? workspace;
  const manifestDir = path.dirname(path.resolve(workspace, report.manifest));
  const changed = new Set(['generated', 'reused', 'failed', 'pending']);
  const entries = scope === 'run' ? report.entries.filter((e) => changed.has(e.status)) : report.entries;
  const written = new Set(report.filesWritten);
  const items: GalleryItem[] = [];
  for (const item of galleryItems(entries, opts.lock, manifestDir, workspace)) {
    const keep = await Promise.all(
      item.images.map(async (img) =>
        scope === 'run' ? written.has(img.workspacePath) : isFile(path.join(imageRoot, img.workspacePath)),
      ),
    );
    items.push({ ...item, images: item.images.filter((_, i) => keep[i]) });
  }
  const outDir = path.resolve(opts.outDir);
  const unchanged = report.entries.length - entries.length;
  const html = renderGalleryPage(items, {
    manifest: report.manifest,
    madeAt: opts.madeAt ?? new Date().toISOString(),
    ...(scope === 'run' &&
      unchanged > 0 && {
        subtitle: `The entries this run changed; ${unchanged} more ${unchanged === 1 ? 'is' : 'are'} unchanged and not in this artifact.`,
      }),
    href: (img) => relativeUrl(outDir, path.join(imageRoot, img.workspacePath)),
  });
  const file = path.join(outDir, GALLERY_FILE);
  await writeFileAtomic(file, html, opts.writeRoot ?? workspace);
  return file;
}

/** A relative URL from the page's folder to `file`, each segment percent-encoded (`#`, `?`, spaces). */
function relativeUrl(fromDir: string, file: string): string {
  return toPosix(path.relative(fromDir, file)).split('/').map(encodeURIComponent).join('/');
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
