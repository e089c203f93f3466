/**
 * What the gallery page shows for each entry, from a run's report (or a plan's) and the lockfile
 * after it: status, texts, and the recorded images with their sizes, cost and date.
 */
import path from 'node:path';
import type { OutputFormat } from '../models/registry.js';
import type { Lockfile, LockRecord } from '../plan/lockfile.js';
import type { EntryReport } from '../report/types.js';
import { toPosix } from '../shared/paths.js';
import { formatOfPath } from './image-file.js';

/** An entry's state as the gallery's status filter names it. */
export type GalleryStatus =
  | 'generated'
  | 'reused'
  | 'current'
  | 'edited'
  | 'outdated'
  | 'new'
  | 'awaiting'
  | 'pending'
  | 'failed';

/** Status labels, in the order the filter lists them. */
export const STATUS_LABELS: Readonly<Record<GalleryStatus, string>> = {
  generated: 'generated',
  reused: 'reused',
  current: 'up to date',
  edited: 'edited by hand',
  outdated: 'outdated',
  new: 'not generated yet',
  awaiting: 'awaiting a pick',
  pending: 'pending',
  failed: 'failed',
};

/** One image file of an entry, located in the workspace. */
export interface GalleryImage {
  /** Workspace-relative, `/`-separated. */
  workspacePath: string;
  width?: number;
  height?: number;
  bytes: number;
  format?: OutputFormat;
  /** Whether it carries C2PA content credentials as delivered; undefined when unknown. */
  contentCredentials?: boolean;
}

/** One card of the gallery. */
export interface GalleryItem {
  id: string;
  status: GalleryStatus;
  /** Why it is outdated, failed or pending (untrusted: gateway messages included). */
  note?: string;
  alt?: string;
  prompt: string;
  model: string;
  quality: string;
  /** What the recorded image cost (null: unpriced); undefined when there is none. */
  cost?: number | null;
  /** The plan's estimate for an entry still to be generated (null: unpriced). */
  estimate?: number | null;
  /** When the recorded image was made (ISO 8601). */
  date?: string;
  images: GalleryImage[];
}

/** The gallery status of a report entry: what happened in the run, or what the plan would do. */
export function galleryStatus(e: EntryReport, hasRecord: boolean): GalleryStatus {
  // A candidate set (§10), bought in this run or before: shown side by side until one is picked.
  if (e.candidates && (e.action === 'await' || e.status === 'generated')) return 'awaiting';
  switch (e.status) {
    case 'generated':
    case 'reused':
    case 'failed':
    case 'pending':
      return e.status;
    case 'unchanged':
      return 'current';
    case 'kept':
      return 'edited';
    case 'planned':
      if (e.action === 'unchanged') return 'current';
      if (e.action === 'kept') return 'edited';
      if (e.action === 'resume') return 'pending';
      if (e.action === 'skip') return 'failed';
      return hasRecord ? 'outdated' : 'new';
  }
}

/**
 * The gallery's cards, in manifest order. `manifestDir` (absolute) and `workspace` turn the
 * lockfile's manifest-relative paths into workspace paths.
 */
export function galleryItems(
  entries: readonly EntryReport[],
  lock: Lockfile,
  manifestDir: string,
  workspace: string,
): GalleryItem[] {
  return entries.map((e) => {
    const status = galleryStatus(e, lock.images[e.id] !== undefined);
    // Awaiting a pick: the set's candidates, side by side, in place of the entry's image.
    const set = status === 'awaiting' ? Object.values(lock.candidates).find((c) => c.id === e.id) : undefined;
    const record: Pick<LockRecord, 'files' | 'cost_usd' | 'generated_at' | 'model' | 'quality'> | undefined =
      set
        ? { files: set.files, cost_usd: set.cost_usd, generated_at: set.created_at, model: e.model }
        : lock.images[e.id];
    const item: GalleryItem = {
      id: e.id,
      status,
      prompt: e.prompt,
      model: record?.model ?? e.model,
      quality: record?.quality ?? e.quality,
      images: (record?.files ?? []).map((f) => {
        const format = formatOfPath(f.path);
        return {
          workspacePath: toPosix(path.relative(workspace, path.resolve(manifestDir, f.path))),
          // A file edited by hand may have another size than the one recorded.
          ...(status !== 'edited' && f.width && f.height && { width: f.width, height: f.height }),
          bytes: f.bytes,
          ...(format && { format }),
          // A file edited by hand is not the delivered file: what the record says no longer holds.
          ...(status !== 'edited' &&
            f.content_credentials !== undefined && { contentCredentials: f.content_credentials }),
        };
      }),
    };
    if (e.alt !== undefined) item.alt = e.alt;
    const note = status === 'failed' || status === 'pending' ? (e.error ?? e.reason) : e.reason;
    if (status !== 'current' && note && note !== e.action) item.note = note;
    if (record) {
      item.cost = record.cost_usd;
      item.date = record.generated_at;
    }
    if ((status === 'outdated' || status === 'new') && e.estimatedCost !== 0) item.estimate = e.estimatedCost;
    return item;
  });
}
