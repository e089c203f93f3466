/**
 * Paid requests no entry asks for (SPEC §4) are kept for their entry to come back, but not past
 * the gateway's memory: the 24-hour `404` rule of §5 applies to them as to any pending request.
 * So a run with a gateway asks for each one's status once — a free call: no download, no charge
 * (they are paid already). A `404` more than a day after the submit drops it with a warning; any
 * other answer (COMPLETED included: the entry may come back and collect it) keeps it pending.
 */

import { type Gateway, GatewayError } from '../gateway/types.js';
import type { Tidied, UnclaimedPending } from '../plan/housekeeping.js';
import type { Lockfile } from '../plan/lockfile.js';
import type { RunEvent } from './types.js';

/** A pending request the gateway no longer knows more than this long after its submit is gone. */
export const FORGOTTEN_AFTER_MS = 24 * 3_600_000;

/** How long the one status check of an unclaimed request may take, its retries included. */
const CHECK_MS = 30_000;

/**
 * Asks the gateway about each unclaimed request once; removes from `lock.pending` those it no longer
 * knows more than a day after their submit, and returns them (the caller warns and saves).
 */
export async function checkUnclaimed(
  unclaimed: readonly UnclaimedPending[],
  lock: Lockfile,
  gateway: Gateway,
  now: () => number,
  signal?: AbortSignal,
): Promise<UnclaimedPending[]> {
  const forgotten: UnclaimedPending[] = [];
  for (const p of unclaimed) {
    if (signal?.aborted) break;
    const submitted = Date.parse(p.submitted_at);
    const known = await gateway.status(p.request_id, { signal, deadline: now() + CHECK_MS }).then(
      () => true,
      // Only "not found" says anything; other failures leave it for the next run to ask again.
      (err: unknown) => !(err instanceof GatewayError && err.kind === 'not-found'),
    );
    if (known || Number.isNaN(submitted) || now() - submitted <= FORGOTTEN_AFTER_MS) continue;
    delete lock.pending[p.fingerprint];
    forgotten.push(p);
  }
  return forgotten;
}

/**
 * Paid requests no entry asks for are reported every run (kept so their entry can come back and
 * collect them at no charge), and dropped with a warning a week after their submit.
 */
export function reportUnclaimed(tidied: Tidied, emit: (e: RunEvent) => void): void {
  for (const p of tidied.unclaimed)
    emit({
      type: 'warning',
      message: `paid request of removed entry ${p.id}: add it back to collect the image at no charge; dropped after ${p.dropAfter} (request ${p.request_id})`,
      id: p.id,
    });
  for (const p of tidied.droppedPending)
    emit({
      type: 'warning',
      message: `Dropped the paid request ${p.request_id} of removed entry ${p.id}: no entry asked for it for 7 days after its submit (it may have been charged).`,
      id: p.id,
    });
  for (const u of tidied.unmatchedUnknown)
    emit({
      type: 'warning',
      message: `${u.id}: no entry matches the submit whose outcome is unknown since ${u.at} any more (the entry changed or was removed); it may have been charged — check the Pixazo dashboard. Kept until ${u.dropAfter}, so reverting the change by then does not pay again.`,
      id: u.id,
    });
  for (const p of tidied.forgotten ?? [])
    emit({
      type: 'warning',
      message: `Dropped the paid request ${p.request_id} of removed entry ${p.id}: the gateway no longer knows it (404 more than a day after its submit; it may have been charged).`,
      id: p.id,
    });
}
