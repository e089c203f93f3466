/** Run reports for the renderers' tests (markdown, the CLI's table): one entry, and a report of entries. */
import type { EntryReport, RunReport } from '../../src/report/types.js';

/** A generated entry; `over` changes any field. */
export function entry(over: Partial<EntryReport> = {}): EntryReport {
  const id = over.id ?? 'hero';
  return {
    id,
    action: 'generate',
    reason: 'new',
    status: 'generated',
    model: 'gpt-image-2',
    quality: 'medium',
    images: 1,
    estimatedCost: 0.047,
    cost: 0.047,
    durationS: 41.2,
    files: [`docs/img/${id}.webp`],
    prompt: 'A lighthouse on a cliff at dawn',
    ...over,
  };
}

/** A finished run of `entries` (totals counted from them); `over` changes any field. */
export function report(entries: EntryReport[], over: Partial<RunReport> = {}): RunReport {
  const count = (s: string) => entries.filter((e) => e.status === s).length;
  return {
    manifest: 'images.config.yaml',
    lockfile: 'images.lock.json',
    dryRun: false,
    planOnly: false,
    cancelled: false,
    startedAt: '2026-11-24T10:00:00Z',
    durationS: 72,
    totals: {
      generated: count('generated'),
      reused: count('reused'),
      unchanged: count('unchanged'),
      failed: count('failed'),
    },
    cost: 0.094,
    estimatedCost: 0.094,
    unpriced: 0,
    possiblyCharged: 0,
    spentTotal: 1.234,
    entries,
    orphans: [],
    submissions: {
      attempted: 2,
      accepted: 2,
      refused: 0,
      outcomeUnknown: 0,
      notSubmitted: 0,
      retries: 0,
      rateLimited: 0,
    },
    filesWritten: [],
    filesDeleted: [],
    lockfileChanged: true,
    ...over,
  };
}
