import type { Gateway } from '../gateway/types.js';
import type { InputRef, Manifest } from '../manifest/types.js';
import type { IdMatcher, Shard } from '../plan/select.js';
import type { PlanAction } from '../plan/types.js';
import type { Clock } from '../shared/clock.js';
import type { Concurrency, SettingNames } from '../shared/settings.js';
import type { ImageCacheLike } from './cache.js';
/** Everything one run needs to know, as plain values (the adapters build it from inputs/flags). */
export interface RunOptions {
  readonly manifest: Manifest;
  /** Absolute lockfile path. */
  readonly lockfilePath: string;
  /** Plan and estimate only: no gateway call, no file written. */
  readonly dryRun: boolean;
  /** USD ceiling for this run, checked against the plan before the first submission. */
  readonly maxCost?: number;
  /** Requests in flight at once: `auto` adapts to the gateway (SPEC §5 Concurrency), a number fixes it. */
  readonly concurrency: Concurrency;
  /** Poll interval bounds (ms). */
  readonly pollInterval: { readonly min: number; readonly max: number };
  /** Longest wait for one request (ms); past it the request stays pending for the next run. */
  readonly pollTimeoutMs: number;
  readonly force?: IdMatcher;
  readonly only?: IdMatcher;
  readonly shard?: Shard;
  /** Delete the files of entries that left the manifest. */
  readonly prune: boolean;
  /** Cancellation (SIGINT/SIGTERM): stop submitting, keep what finished, record what runs. */
  readonly signal?: AbortSignal;
  /**
   * After a cancel, how long a submit already sent is still awaited for its request id (ms; 5 s
   * by default, inside the 7.5 s GitHub leaves between SIGINT and SIGTERM). Also bounds the
   * cache's best-effort save after a cancel.
   */
  readonly cancelGraceMs?: number;
  /** Resubmit fingerprints whose earlier submit had an unknown outcome (may pay twice). */
  readonly retryUnknownSubmits?: boolean;
  /** How messages name settings: the action's inputs (default) or the CLI's flags. */
  readonly names?: SettingNames;
  /**
   * Candidates (§10): a pull request run (the action) or `generate --candidates` (the CLI): entries
   * with `candidates: N` buy N candidates, and sets already bought await a pick.
   */
  readonly candidates?: boolean;
  /** `pick <id> <k>` (CLI, or the action's `/pixazo pick`): the entry's image is candidate k. */
  readonly pick?: { readonly id: string; readonly k: number };
  /** The pull request number, recorded with a candidate set. */
  readonly pullRequest?: number;
}

/** A URL the gateway can fetch for a local reference image (`input-url-template`). */
export type InputUrlResolver = (input: Extract<InputRef, { kind: 'file' }>) => string;

/** The outside world, handed to the engine. */
export interface EngineDeps {
  /** Absent ⇒ plan only (no API key). */
  readonly gateway?: Gateway;
  readonly cache?: ImageCacheLike;
  readonly clock: Clock;
  readonly events?: (event: RunEvent) => void;
  /** Turns workspace files into URLs the gateway can fetch; absent ⇒ local inputs cannot be sent. */
  readonly inputUrl?: InputUrlResolver;
  /** Validates, before any spend, that a local input can be fetched at its URL (e.g. committed). */
  readonly checkInput?: (input: Extract<InputRef, { kind: 'file' }>) => Promise<string | undefined>;
}

/** Progress, one event per state change. */
export type RunEvent =
  | { type: 'phase'; phase: 'plan' | 'generate' | 'write' | 'finish'; message: string }
  /** An entry as planned: `action` is the planner's decision, `detail` says it for people. */
  | { type: 'entry'; id: string; state: 'planned'; action: PlanAction; elapsedMs: number; detail?: string }
  | {
      type: 'entry';
      id: string;
      state: EntryProgress;
      elapsedMs: number;
      detail?: string;
    }
  /** `file`: the workspace-relative file the warning is about (annotated on it in the action). */
  | { type: 'warning'; message: string; id?: string; file?: string }
  | { type: 'notice'; message: string };

/** How an entry gets on after it was planned, one event per change. */
export type EntryProgress =
  | 'submitted'
  | 'queued'
  | 'processing'
  | 'completed'
  | 'downloaded'
  | 'written'
  | 'reused'
  | 'moved'
  | 'failed'
  | 'pending'
  | 'retry';
