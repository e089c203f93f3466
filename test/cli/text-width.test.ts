import { expect, test } from 'vitest';
import {
  displayWidth,
  padEndColumns,
  shortenColumns,
  splitAtColumns,
  wrapColumns,
  wrapItem,
} from '../../src/cli/text-width.js';

test.each([
  ['', 0],
  ['hero', 4],
  ['灯台', 4], // CJK ideographs: East Asian Wide
  ['ヒーロー', 8], // katakana and the prolonged sound mark
  ['한국', 4], // Hangul syllables
  ['ＡＢ', 4], // fullwidth forms
  ['😀', 2], // emoji presentation
  ['✅', 2],
  ['❤', 1], // text presentation by default…
  ['❤️', 2], // …emoji with VS16
  ['👩‍💻', 2], // a ZWJ sequence is one symbol
  ['🇯🇵', 2], // a flag
  ['é', 1], // precomposed
  ['e\u0301', 1], // e + combining acute: the mark takes no column
  ['\u0301', 0], // a lone combining mark
  ['a\u200bb', 2], // zero-width space
  ['café 灯 ✅', 10],
])('displayWidth(%j) = %d', (text, width) => {
  expect(displayWidth(text)).toBe(width);
});

test('padding and cutting count columns, never split a grapheme', () => {
  expect(padEndColumns('灯台', 6)).toBe('灯台  ');
  expect(splitAtColumns('灯台ab', 3)).toEqual(['灯', '台ab']);
  expect(splitAtColumns('👩‍💻x', 1)).toEqual(['', '👩‍💻x']);
  expect(shortenColumns('灯台灯台', 5)).toBe('灯台…');
  expect(displayWidth(shortenColumns('灯台灯台', 5))).toBeLessThanOrEqual(5);
});

test.each([
  ['plain words', 'the gateway refused the prompt as unsafe', 12],
  ['wide words', '灯台の写真 を 生成 できません でした 灯台灯台灯台灯台', 8],
  ['emoji', 'new ✅ entry 🎨🖌️ prompt changed', 6],
  ['a long path', 'docs/img/very-long-name/of-a-file.webp', 10],
])('wrapColumns: %s fit and lose nothing', (_name, text, width) => {
  const lines = wrapColumns(text, width);
  for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
  expect(lines.join(' ').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
});

test('wrapItem: a hanging indent, every line within the width; unwrapped without one', () => {
  const text = `hero: the local input docs/photos/team.png needs a public URL for the gateway to fetch — set --input-url-template`;
  const lines = wrapItem(text, 80);
  expect(lines.length).toBeGreaterThan(1);
  expect(lines[0]!.startsWith('  hero:')).toBe(true);
  for (const line of lines.slice(1)) expect(line).toMatch(/^ {4}\S/);
  for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  expect(wrapItem(text, undefined)).toEqual([`  ${text}`]);
});
