import { expect, test } from 'vitest';
import { plural } from '../../src/shared/words.js';

test.each([
  [0, 'image', undefined, '0 images'],
  [1, 'image', undefined, '1 image'],
  [2, 'image', undefined, '2 images'],
  [1, 'entry', 'entries', '1 entry'],
  [5, 'entry', 'entries', '5 entries'],
])('plural(%d, %s) = %s', (n, word, words, text) => {
  expect(plural(n, word, words)).toBe(text);
});
