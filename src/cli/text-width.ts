/**
 * How many terminal columns text takes, for tables and wrapping that line up with CJK ids and emoji
 * in reasons: East Asian Wide and Fullwidth characters and emoji take two columns, combining marks
 * and zero-width characters none. Small enough not to warrant a dependency; measured per grapheme,
 * so an emoji sequence (👩‍💻, 🇯🇵, ❤️) counts as the one symbol a terminal draws.
 */

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** East Asian Wide (W) and Fullwidth (F) blocks of Unicode 15, as code point ranges. */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x2e80, 0x303e], // CJK radicals, punctuation, ideographic space
  [0x3041, 0x33ff], // kana, bopomofo, CJK compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff], // Tangut
  [0x1b000, 0x1b2ff], // kana supplement
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f251],
  [0x20000, 0x2fffd], // CJK extensions B–F
  [0x30000, 0x3fffd],
];

function isWide(cp: number): boolean {
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Columns of one grapheme cluster. */
function clusterWidth(g: string): number {
  const cp = g.codePointAt(0)!;
  // Control characters draw nothing (the table replaces them before measuring anyway).
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  // An emoji drawn as one: presentation by default, or asked for with VS16, or a flag.
  if (/\p{Emoji_Presentation}/u.test(g) || (g.includes('\uFE0F') && /\p{Extended_Pictographic}/u.test(g)))
    return 2;
  if (/^\p{Regional_Indicator}/u.test(g)) return 2;
  // A mark or format character on its own (nothing to combine with): no column.
  if (/^[\p{Mn}\p{Me}\p{Cf}]/u.test(g)) return 0;
  return isWide(cp) ? 2 : 1;
}

/** Terminal columns of `text` (one line). */
export function displayWidth(text: string): number {
  // Plain ASCII, the common case, is one column a character.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let w = 0;
  for (const { segment } of graphemes.segment(text)) w += clusterWidth(segment);
  return w;
}

/** `text` padded with spaces on the right to `width` columns. */
export function padEndColumns(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** `text` padded with spaces on the left to `width` columns. */
export function padStartColumns(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/** The longest start of `text` that fits in `width` columns (whole graphemes), and the rest. */
export function splitAtColumns(text: string, width: number): [string, string] {
  let w = 0;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    const cw = clusterWidth(segment);
    if (w + cw > width) return [text.slice(0, index), text.slice(index)];
    w += cw;
    end = index + segment.length;
  }
  return [text.slice(0, end), text.slice(end)];
}

/** `text` cut to `max` columns, with `…` when cut. */
export function shortenColumns(text: string, max: number): string {
  return displayWidth(text) > max ? `${splitAtColumns(text, max - 1)[0]}…` : text;
}

/**
 * Word-wraps `text` to `width` columns; a word longer than a line is cut after a `-`, `_` or `/`
 * where it can be, else at the width.
 */
export function wrapColumns(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const room = Math.max(1, width);
  for (let word of text.split(' ')) {
    while (displayWidth(word) > room) {
      if (line) lines.push(line);
      const [head] = splitAtColumns(word, room);
      const soft = Math.max(...['-', '_', '/'].map((c) => head.lastIndexOf(c, head.length - 1)));
      // A grapheme wider than the whole line still goes somewhere: one per line.
      const cut = soft > 0 ? soft + 1 : head.length || [...graphemes.segment(word)][0]!.segment.length;
      lines.push(word.slice(0, cut));
      word = word.slice(cut);
      line = '';
    }
    if (!line) line = word;
    else if (displayWidth(line) + 1 + displayWidth(word) <= room) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * A line of a list under the table, wrapped to `width` columns: the first line starts with
 * `first`, the next ones are indented by `rest`, so the item reads as one.
 */
export function wrapItem(text: string, width: number | undefined, first = '  ', rest = '    '): string[] {
  if (width === undefined) return [`${first}${text}`];
  const lines = wrapColumns(text, width - displayWidth(rest));
  // The first line has the first indent's room; re-wrap it when that is narrower.
  const [head, ...tail] = lines;
  if (displayWidth(first) + displayWidth(head!) > width) {
    const again = wrapColumns(text, width - Math.max(displayWidth(first), displayWidth(rest)));
    return again.map((l, i) => `${i === 0 ? first : rest}${l}`);
  }
  return [`${first}${head}`, ...tail.map((l) => `${rest}${l}`)];
}
