import { describe, expect, test } from 'vitest';
import { parseDuration, parseDurationRange } from '../../src/shared/duration.js';

describe('parseDuration', () => {
  test.each([
    ['250ms', 250],
    ['1.5s', 1500],
    ['90m', 5_400_000],
    ['12h', 43_200_000],
    ['30d', 2_592_000_000],
    ['8w', 4_838_400_000],
    ['0.5s', 500],
    ['010s', 10_000],
  ])('%s = %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each([
    '',
    '0s',
    '0.0m',
    '5',
    's',
    '1.s',
    '.5s',
    '-1s',
    '1 s',
    ' 1s',
    '1S',
    '1y',
    '1e3s',
    `${'9'.repeat(400)}w`,
  ])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parseDurationRange', () => {
  test.each([
    ['2s..15s', { min: 2000, max: 15_000 }],
    ['500ms..500ms', { min: 500, max: 500 }],
    ['1m..2h', { min: 60_000, max: 7_200_000 }],
  ])('%s', (text, range) => {
    expect(parseDurationRange(text)).toEqual(range);
  });

  test.each(['2s', '15s..2s', '2s..', '..2s', '2s...15s', '2s..15s..20s', '0s..1s'])(
    '%j is not a range',
    (text) => {
      expect(parseDurationRange(text)).toBeUndefined();
    },
  );
});
