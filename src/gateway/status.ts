/** Validation of the gateway's answers (untrusted JSON): a submit's request id, a status. */
import { z } from 'zod';
import { cleanText } from './redact.js';
import type { StatusResult } from './types.js';

const SubmitAnswer = z.object({ request_id: z.string().min(1) });

/** The request id of a 2xx submit answer, or undefined when it has none (or is not JSON). */
export function parseSubmitAnswer(text: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const answer = SubmitAnswer.safeParse(json);
  return answer.success ? answer.data.request_id : undefined;
}

const nullableString = z.string().nullish();

/**
 * The documented answer of `GET /v2/requests/status/{id}`. Unknown fields are ignored; the ones we
 * act on are checked, and COMPLETED must carry at least one media URL — otherwise there is nothing
 * to download and the answer is not one we can act on.
 */
const StatusSchema = z
  .object({
    request_id: z.string().min(1).optional(),
    status: z.enum(['QUEUED', 'PROCESSING', 'COMPLETED', 'FAILED', 'ERROR']),
    error: z.unknown().optional(),
    output: z
      .object({
        media_url: z.array(z.string().min(1)).optional(),
        media_type: nullableString,
      })
      .nullish(),
    created_at: nullableString,
    completed_at: nullableString,
  })
  .superRefine((v, ctx) => {
    if (v.status === 'COMPLETED' && !(v.output?.media_url && v.output.media_url.length > 0))
      ctx.addIssue({
        code: 'custom',
        path: ['output', 'media_url'],
        message: 'COMPLETED without media URLs',
      });
  });

/**
 * Parses a status body. Returns the result, or a one-line description of what is wrong (bad JSON,
 * schema mismatch, an answer about a different request) for the caller to retry or report.
 */
export function parseStatus(
  text: string,
  requestId: string,
  secrets: readonly string[],
): StatusResult | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `not JSON (${text.length} chars): ${cleanText(text, secrets, 120) || '(empty)'}`;
  }
  const parsed = StatusSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `unexpected answer: ${cleanText(`${issue?.path.join('.') || '(root)'}: ${issue?.message}`, secrets, 200)}`;
  }
  const v = parsed.data;
  // A cache or proxy answering for another request would attach someone else's image to this
  // entry; better to retry and then fail loudly.
  if (v.request_id !== undefined && v.request_id !== requestId)
    return `answer is about request ${cleanText(v.request_id, secrets, 120)}`;
  const error =
    typeof v.error === 'string'
      ? cleanText(v.error, secrets)
      : v.error == null
        ? null
        : cleanText(JSON.stringify(v.error), secrets);
  return {
    requestId,
    status: v.status,
    error,
    mediaUrls: v.output?.media_url ?? [],
    mediaType: v.output?.media_type ?? null,
    createdAt: v.created_at ?? null,
    completedAt: v.completed_at ?? null,
  };
}
