/** The commit message: the configured template's placeholders, or the automatic wording. */
import { plural } from '../shared/words.js';

/** What a commit holds, for the message: image files written, entries they belong to, files deleted. */
export interface CommitCounts {
  /** Image files written (this run's, and those an earlier run left uncommitted). */
  count: number;
  /** Entries whose images the commit adds or replaces: generated, restored from the cache, moved or copied. */
  generated: number;
  /** Image files deleted: pruned orphans, and the old path of a moved image. */
  removed: number;
}

/**
 * The commit message: `template` with `{count}`, `{generated}` and `{removed}` replaced; an empty
 * template is the automatic wording, which names only what happened.
 */
export function commitMessage(template: string, counts: CommitCounts): string {
  if (template.trim() === '') template = automaticMessage(counts);
  return template
    .replaceAll('{count}', String(counts.count))
    .replaceAll('{generated}', String(counts.generated))
    .replaceAll('{removed}', String(counts.removed));
}

function automaticMessage({ count, removed }: CommitCounts): string {
  const images = (n: number) => plural(n, 'image');
  if (count > 0 && removed > 0) return `chore(images): regenerate ${images(count)}, remove ${removed}`;
  if (count > 0) return `chore(images): regenerate ${images(count)}`;
  if (removed > 0) return `chore(images): remove ${images(removed)}`;
  // Pending requests or refusals recorded, no image: only the lockfile changed.
  return 'chore(images): update the lockfile';
}
