/**
 * A submit under the run's in-flight limit (SPEC §5 Concurrency). With `auto`, a 429 is handed
 * over by the client instead of retried there: the limiter lowers its limit and pauses every submit,
 * and this submit waits for its turn again. A fixed limit leaves 429s to the client's own retries.
 */
import { GatewayError, RateLimitedError, type SubmitResult } from '../gateway/types.js';
import type { Execution } from './execution.js';
import type { Slot } from './limiter.js';

/**
 * Sends `body` to `path` in `slot`, sending it again after each 429 once the limiter lets it (for at
 * most `poll-timeout` of refusals). Resolves with the slot the accepted request holds; throws the
 * client's GatewayError otherwise, with the attempts and lost answers of every try.
 */
export async function submitInFlight(
  execution: Execution,
  slot: Slot,
  path: string,
  body: Readonly<Record<string, unknown>>,
): Promise<{ result: SubmitResult; slot: Slot }> {
  const { signal } = execution;
  const auto = execution.opts.concurrency === 'auto';
  let current = slot;
  let attempts = 0;
  let lost = 0;
  let refusedSince: number | undefined;
  for (;;) {
    try {
      const res = await execution.gateway.submit(path, body, {
        signal,
        graceMs: execution.opts.cancelGraceMs,
        handOverRateLimits: auto,
        onRateLimit: () => {
          execution.counts.rateLimited++;
        },
      });
      current.accepted();
      const lostAnswers = lost + (res.lostAnswers ?? 0);
      return {
        result: {
          requestId: res.requestId,
          attempts: attempts + res.attempts,
          ...(lostAnswers > 0 && { lostAnswers }),
        },
        slot: current,
      };
    } catch (err) {
      if (!(err instanceof RateLimitedError)) {
        current.release();
        throw err instanceof GatewayError && (attempts > 0 || lost > 0)
          ? new GatewayError(
              err.kind,
              err.message,
              err.httpStatus,
              attempts + err.attempts,
              lost + err.lostAnswers,
            )
          : err;
      }
      current.refused(err.retryAfterMs);
      attempts += err.attempts;
      lost += err.lostAnswers;
      const now = execution.clock.now();
      refusedSince ??= now;
      if (now - refusedSince >= execution.opts.pollTimeoutMs)
        throw new GatewayError(
          'transient',
          `${err.message} (refused with 429 for ${Math.round((now - refusedSince) / 1000)} s, the poll-timeout; gave up after ${attempts} attempts)`,
          429,
          attempts,
          lost,
        );
      const next = await execution.limiter.acquire('submit', signal);
      if (!next)
        throw new GatewayError('aborted', `${err.message}; then cancelled`, undefined, attempts, lost);
      current = next;
    }
  }
}
