/**
 * A word-level diff of two texts (prompts): the longest common subsequence over words, so a reviewer
 * sees which words went and which came. Whitespace is not a word: texts are compared as sequences of
 * words, and runs of the same kind are merged into one part.
 */

/** A run of words both texts share (`same`), only the old one has (`del`), or only the new one (`ins`). */
export interface DiffPart {
  kind: 'same' | 'del' | 'ins';
  /** The words of the run, joined by single spaces. */
  text: string;
}

/** Above this many cells the LCS table would cost too much: the changed middle is shown replaced whole. */
const MAX_CELLS = 4_000_000;

/** The words of `text`, in order. */
function words(text: string): string[] {
  return text.split(/\s+/u).filter(Boolean);
}

/**
 * The word diff from `before` to `after`: parts in reading order, deletions before insertions where
 * they meet. The common prefix and suffix are taken first, so long prompts with a local edit stay cheap.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = words(before);
  const b = words(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: [DiffPart['kind'], string][] = a.slice(0, start).map((w) => ['same', w]);
  out.push(...middle(a.slice(start, endA), b.slice(start, endB)));
  out.push(...a.slice(endA).map((w): [DiffPart['kind'], string] => ['same', w]));
  return merge(out);
}

/** The LCS walk over the changed middle (or all deleted, all inserted, when it is too large). */
function middle(a: string[], b: string[]): [DiffPart['kind'], string][] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS || n === 0 || m === 0)
    return [
      ...a.map((w): [DiffPart['kind'], string] => ['del', w]),
      ...b.map((w): [DiffPart['kind'], string] => ['ins', w]),
    ];
  // lcs[i][j]: the LCS length of a[i..] and b[j..], in one flat array.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i * w + j] =
        a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
  const out: [DiffPart['kind'], string][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push(['same', a[i]!]);
      i++;
      j++;
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) out.push(['del', a[i++]!]);
    else out.push(['ins', b[j++]!]);
  }
  while (i < n) out.push(['del', a[i++]!]);
  while (j < m) out.push(['ins', b[j++]!]);
  return out;
}

/** Adjacent words of one kind as one part; within a changed run, every deletion before the insertions. */
function merge(seq: [DiffPart['kind'], string][]): DiffPart[] {
  const parts: DiffPart[] = [];
  let k = 0;
  while (k < seq.length) {
    if (seq[k]![0] === 'same') {
      const run: string[] = [];
      while (k < seq.length && seq[k]![0] === 'same') run.push(seq[k++]![1]);
      parts.push({ kind: 'same', text: run.join(' ') });
      continue;
    }
    const del: string[] = [];
    const ins: string[] = [];
    while (k < seq.length && seq[k]![0] !== 'same') (seq[k]![0] === 'del' ? del : ins).push(seq[k++]![1]);
    if (del.length > 0) parts.push({ kind: 'del', text: del.join(' ') });
    if (ins.length > 0) parts.push({ kind: 'ins', text: ins.join(' ') });
  }
  return parts;
}
