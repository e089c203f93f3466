/**
 * "Did you mean …?" for unknown keys, values, ids and variables. A plain edit distance is enough
 * for the handful of candidates involved; it is small enough not to warrant a dependency.
 */

/**
 * Edit distance between two strings: insertions, deletions, substitutions, and swaps of two
 * neighbouring letters (`heor` → `hero`, the commonest slip at a keyboard) each count one.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        cur[j] = Math.min(cur[j]!, before[j - 2]! + 1);
    }
    before = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Case, `-` vs `_` and camelCase are the usual slips: compare without them first. */
function fold(s: string): string {
  return s.toLowerCase().replace(/[-_\s]/g, '');
}

/**
 * The closest candidate to `word`, if one is close enough to be a plausible typo: equal after
 * folding case and separators, or within edit distance 2 (1 for words of up to 4 characters,
 * where 2 edits would turn almost anything into anything).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = word.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDist = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    if (c === word) continue;
    const d = fold(c) === fold(word) ? 0 : editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return bestDist <= limit ? best : undefined;
}

/** `; did you mean `x`?` or an empty string, ready to append to a message. */
export function didYouMean(
  word: string,
  candidates: Iterable<string>,
  wrap = (s: string) => `\`${s}\``,
): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : `; did you mean ${wrap(c)}?`;
}
