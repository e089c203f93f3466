/** Image previews in report tables: which URLs an entry's "before" and "after" cells show, and how many. */
import { escapeHtmlAttribute, safeImageUrl } from './escape.js';
import type { EntryReport, EntryStatus } from './types.js';

/** Maps a workspace-relative image path to a URL a browser can load, or undefined when there is none. */
export type UrlForPath = (workspacePath: string) => string | undefined;

/** Preview state shared across one rendering: URL lookups and how many more images we may embed. */
export interface Previews {
  previewUrl: UrlForPath | undefined;
  previousUrl: UrlForPath | undefined;
  left: number;
}

const PREVIEW_WIDTH = 160;
const IMAGES_PER_CELL = 3;
/** Statuses whose files exist after the run, so an "after" preview shows the entry's real image. */
const HAS_FILES = new Set<EntryStatus>(['generated', 'reused', 'unchanged', 'kept']);

/** Up to date (or planned to stay so): nothing to preview as a change. */
export function isUnchanged(e: EntryReport): boolean {
  // Awaiting a pick (§10), or waiting for one: nothing changed, but a reviewer has something to do.
  if (e.action === 'await') return false;
  return e.status === 'unchanged' || (e.status === 'planned' && e.action === 'unchanged');
}

/** URLs of the entry's images after the run. */
export function afterUrls(e: EntryReport, p: Previews): string[] {
  // Awaiting a pick: no image yet (the candidates show in their own grid).
  if (!HAS_FILES.has(e.status) || e.action === 'await') return [];
  // Media URLs expire, but beat nothing when the files were not published anywhere a browser can reach.
  const urls = e.files.map((f, i) =>
    safeImageUrl(p.previewUrl?.(f) ?? (e.status === 'generated' ? e.mediaUrls?.[i] : undefined)),
  );
  return urls.filter((u): u is string => u !== undefined);
}

/** URLs of the entry's images before the run (the base branch's), when it changed. */
export function beforeUrls(e: EntryReport, p: Previews): string[] {
  if (!p.previousUrl || isUnchanged(e)) return [];
  const lookup = p.previousUrl;
  return (e.previousFiles ?? [])
    .map((f) => safeImageUrl(lookup(f)))
    .filter((u): u is string => u !== undefined);
}

/** `<img>` tags for the first few `urls` while the rendering's budget lasts, and how many more there are. */
export function images(urls: string[], e: EntryReport, p: Previews): string {
  const alt = escapeHtmlAttribute(e.alt || e.id, 200);
  const shown: string[] = [];
  for (const url of urls.slice(0, IMAGES_PER_CELL)) {
    if (p.left <= 0) break;
    p.left--;
    shown.push(`<img src="${url}" width="${PREVIEW_WIDTH}" alt="${alt}">`);
  }
  if (shown.length === 0) return '';
  const more = urls.length - shown.length;
  return shown.join(' ') + (more > 0 ? ` +${more}` : '');
}

/** The artifact's download link (lines of markdown); the zip holds `gallery.html` to look at the images. */
export function artifactLink(url: string | undefined): string[] {
  const safe = safeImageUrl(url);
  return safe
    ? [`📦 [Download the generated images](${safe}), then open \`gallery.html\` in the zip.`, '']
    : [];
}
