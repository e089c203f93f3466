/**
 * Durations as the manifest and the inputs spell them: a positive number and a unit
 * (`250ms`, `1.5s`, `90m`, `12h`, `30d`, `8w`), and ranges of two joined by `..` (`2s..15s`).
 */

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = keyof typeof UNIT_MS;

/**
 * The accepted spelling, as a JSON-Schema-compatible pattern. The lookahead demands a non-zero
 * digit so that `0s` / `0.0m` fail the schema itself (a duration must be positive) and the user
 * gets one message, not a pattern error plus a separate "must be positive".
 */
export const DURATION_PATTERN = '^(?=[^1-9]*[1-9])\\d+(\\.\\d+)?(ms|s|m|h|d|w)$';
const DURATION_RE = new RegExp(DURATION_PATTERN);

/** Human hint used in messages wherever a duration is expected. */
export const DURATION_HINT = 'a positive number and a unit (ms, s, m, h, d, w), e.g. `90m`, `12h`, `30d`';

/**
 * Parses a duration into milliseconds.
 * @returns the length in ms, or `undefined` when the text is not a positive duration.
 */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_RE.test(text)) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(text)!;
  const ms = Number(m[1]) * UNIT_MS[m[2] as Unit];
  // Absurdly long digit strings overflow to Infinity; those are not usable durations.
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** A closed range of durations in milliseconds (`min <= max`). */
export interface DurationRange {
  readonly min: number;
  readonly max: number;
}

/**
 * Parses `<duration>..<duration>` (e.g. `2s..15s`).
 * @returns both bounds in ms, or `undefined` when either side is invalid or `min > max`.
 */
export function parseDurationRange(text: string): DurationRange | undefined {
  const parts = text.split('..');
  if (parts.length !== 2) return undefined;
  const min = parseDuration(parts[0]!);
  const max = parseDuration(parts[1]!);
  if (min === undefined || max === undefined || min > max) return undefined;
  return { min, max };
}
