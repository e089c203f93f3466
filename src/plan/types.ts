/** What the planner decided for an entry. */
export type PlanAction =
  /** Submit to the gateway (new, changed, forced, stale). */
  | 'generate'
  /** Poll a request a previous run left pending. */
  | 'resume'
  /** Restore from the image cache: no call, no cost. */
  | 'reuse'
  /** Move/copy recorded bytes (renamed entry, changed `out`, identical entry): no call. */
  | 'move'
  /** Same fingerprint as another entry generated in this run: copy its image. */
  | 'copy'
  /** Up to date: nothing to do. */
  | 'unchanged'
  /** The file was edited by hand: kept, never overwritten unless forced. */
  | 'kept'
  /** Refused by the gateway before with the same fingerprint: skipped. */
  | 'skip'
  /** A candidate set awaits a reviewer's pick (or the entry's `@id` input does): no call (§10). */
  | 'await';

/**
 * Whether an action spends: it buys a generation (`generate`) or collects one bought before
 * (`resume`), so the entry's price counts in the estimate and its image is made in this run.
 */
export function spends(action: PlanAction): boolean {
  return action === 'generate' || action === 'resume';
}
