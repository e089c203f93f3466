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

/** The words of a key: `image_size` → image, size; `outputFormat` → output, format. */
function tokens(s: string): string[] {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[-_\s.]+/)
    .filter(Boolean);
}

/**
 * Up to `max` plausible meanings of `word`, best first. Beyond the typos `closest` finds, a word
 * that is one part of a longer name (`size` → `image_size`, `format` → `output_format`) or that
 * shares a whole word with it counts: people remember a key by its last word. Ranked by kind
 * (typo, part, shared word), then by edit distance, then by the candidates' order.
 */
export function suggestions(word: string, candidates: Iterable<string>, max = 3): string[] {
  const w = fold(word);
  const wordTokens = tokens(word);
  const limit = word.length <= 4 ? 1 : 2;
  const ranked: { c: string; rank: number; dist: number; i: number }[] = [];
  let i = 0;
  for (const c of candidates) {
    i++;
    if (c === word) continue;
    const f = fold(c);
    const dist = f === w ? 0 : editDistance(word.toLowerCase(), c.toLowerCase());
    const ctoks = tokens(c);
    let rank: number | undefined;
    if (dist <= limit) rank = 0;
    else if (w.length >= 3 && containsRun(ctoks, wordTokens)) rank = 1;
    else if (
      wordTokens.some(
        (t) => t.length >= 3 && ctoks.some((c) => c === t || (t.length >= 4 && c.startsWith(t))),
      )
    )
      rank = 2;
    if (rank !== undefined) ranked.push({ c, rank, dist, i });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.dist - b.dist || a.i - b.i);
  // The same name in another case or separator is the answer, not one of several.
  if (ranked[0] && ranked[0].dist === 0) return [ranked[0].c];
  return ranked.slice(0, max).map((r) => r.c);
}

/** Whether `run` appears in `list` as consecutive items (`[size]` in `[image, size]`). */
function containsRun(list: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= list.length; i++) if (run.every((t, j) => list[i + j] === t)) return true;
  return false;
}

/** `a`, `a or b`, `a, b or c`. */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
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
