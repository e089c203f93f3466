/**
 * The run report: what happened to every entry and what it cost. The engine produces it; the
 * action's summary/outputs, the CLI's table, the PR comment and the JSON report all read it.
 */
import type { PlanAction } from '../plan/types.js';

/** How an entry ended in this run. */
export type EntryStatus =
  | 'generated'
  | 'reused'
  | 'unchanged'
  | 'kept'
  | 'failed'
  /** Dry-run or plan-only: nothing done. */
  | 'planned'
  /** Still running at poll-timeout or cancelled: recorded in `pending`, counts as failed. */
  | 'pending';

export interface EntryReport {
  id: string;
  action: PlanAction;
  /** Human reason for the action: "new", "prompt changed", "forced", "same as hero", … */
  reason: string;
  status: EntryStatus;
  model: string;
  quality: string;
  /** Number of images of the entry. */
  images: number;
  /** The plan's estimate for this entry (USD); null when unpriced; 0 when no call is planned. */
  estimatedCost: number | null;
  /** Charged in this run (COMPLETED only); null when unpriced. */
  cost: number | null;
  /** A FAILED request's price: possibly charged by the gateway, not in `cost`. */
  possiblyCharged?: number | null;
  /** Seconds from submit to completion, when generated. */
  durationS?: number;
  /** Workspace-relative paths of the entry's image files. */
  files: string[];
  /**
   * Per file of `files`, whether it carries C2PA content credentials as delivered (presence only);
   * absent when not known (no image, or recorded by an older version).
   */
  contentCredentials?: boolean[];
  /** Files the entry had before this run (workspace-relative), for before → after previews. */
  previousFiles?: string[];
  requestId?: string;
  /** Media URLs from the gateway (expire; for previews of artifacts). */
  mediaUrls?: string[];
  error?: string;
  alt?: string;
  prompt: string;
  /** `@id` upstreams this entry depends on. */
  dependsOn?: string[];
  /**
   * On pull requests, what changed against the base commit's manifest (prompt word diff, changed
   * parameters), for an entry regenerated because of it; filled in by the action before rendering.
   */
  change?: EntryChange;
  /** A candidate set awaiting a pick (§10), bought in this run or before: its files (workspace-relative) and cost. */
  candidates?: { files: string[]; cost: number | null };
}

export interface OrphanReport {
  id: string;
  files: string[];
  /** Its record was dropped in this run (its files pruned, or gone before). */
  pruned: boolean;
  /**
   * None of its files is left (each missing, or taken over by an entry of the manifest), as a run
   * over the whole manifest sees it: a run that writes drops the record, `prune` or not.
   */
  filesGone?: true;
}

export interface SubmissionCounts {
  /** Submit requests attempted (each entry once; retries counted in `retries`). */
  attempted: number;
  accepted: number;
  refused: number;
  /** Answer lost after sending: may have been accepted (and charged). */
  outcomeUnknown: number;
  /** Never submitted because the key or balance failed earlier in the run. */
  notSubmitted: number;
  retries: number;
  /** 429s answered to submits (each waited out and sent again; never charged). */
  rateLimited: number;
}

/** Why the limit is where it is, for the summary, the report and the CLI. */
export interface ConcurrencyReport {
  mode: 'auto' | 'fixed';
  /** The limit at the end of the run. */
  limit: number;
  /** The most requests in flight at once. */
  peak: number;
  /** 429s answered to submits (each a submit sent again later; never charged). */
  refusals: number;
  /** 429s answered to status requests (they slowed polling only). */
  statusRefusals: number;
  /** One line: "in flight: up to 16; the gateway refused the 17th". */
  summary: string;
}

export interface RunReport {
  /** Manifest path as shown to the user. */
  manifest: string;
  /** Lockfile path, workspace-relative. */
  lockfile: string;
  dryRun: boolean;
  /** No API key: planned only. */
  planOnly: boolean;
  cancelled: boolean;
  startedAt: string;
  durationS: number;
  totals: { generated: number; reused: number; unchanged: number; failed: number };
  /** USD charged in this run (COMPLETED images with a price). */
  cost: number;
  /** The plan's estimate for what this run would submit. */
  estimatedCost: number;
  /** Images planned or generated that have no price. */
  unpriced: number;
  /** Sum of FAILED requests' prices: possibly charged, not in cost. */
  possiblyCharged: number;
  /** Cumulative recorded spend of the manifest (lockfile), after this run. */
  spentTotal: number;
  entries: EntryReport[];
  orphans: OrphanReport[];
  submissions: SubmissionCounts;
  /** Where the in-flight limit settled and why; absent when nothing was sent or collected. */
  concurrency?: ConcurrencyReport;
  /** Workspace-relative image files written in this run. */
  filesWritten: string[];
  /** Workspace-relative image files deleted in this run (moves, prune). */
  filesDeleted: string[];
  /** Whether the lockfile changed. */
  lockfileChanged: boolean;
  /**
   * The image index, when the manifest sets `index:`: its workspace-relative path, and whether this
   * run wrote it (then it is published, committed or uploaded, with the images and the lockfile).
   */
  index?: { file: string; changed: boolean };
}

/** The change of one entry against the base commit's manifest. */
export interface EntryChange {
  /** Present when the prompt (after vars) differs. */
  prompt?: { before: string; after: string };
  /** Parameters (and the model) that differ, in key order. */
  params: ParamChange[];
}

/** One parameter (or the model) whose value differs; `—` where one side has none. */
export interface ParamChange {
  key: string;
  before: string;
  after: string;
}
