import { expect, test } from 'vitest';
import { closest, editDistance } from '../../src/manifest/suggest.js';

test.each([
  ['', 'abc', 3],
  ['kitten', 'sitting', 3],
  ['quality', 'qualty', 1],
  ['same', 'same', 0],
  ['hero', 'heor', 1],
  ['ab', 'ba', 1],
  ['abc', 'ca', 3],
])('editDistance(%j, %j) = %d', (a, b, d) => {
  expect(editDistance(a, b)).toBe(d);
  expect(editDistance(b, a)).toBe(d);
});

const KEYS = ['quality', 'output_format', 'aspect_ratio', 'out', 'alt', 'model'];
test.each([
  ['qualty', 'quality'],
  ['outputFormat', 'output_format'],
  ['aspect-ratio', 'aspect_ratio'],
  ['Quality', 'quality'],
  ['ot', 'out'],
  ['xyz', undefined],
  ['altt', 'alt'],
  ['atl', 'alt'],
  ['al', 'alt'],
  ['ab', undefined],
  ['something_else', undefined],
])('closest(%j) = %j', (word, expected) => {
  expect(closest(word, KEYS)).toBe(expected);
});
