/** Wording shared by every message: the one place a count meets its noun. */

/** `1 image`, `3 images`; `words` for irregular plurals (`1 entry`, `2 entries`). */
export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}
