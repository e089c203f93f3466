/** The duration formats messages quote (the money format is checked with the markdown renderers). */
import { describe, expect, test } from 'vitest';
import {
  formatCostOutput,
  formatElapsed,
  formatMinutes,
  formatSeconds,
  formatSetting,
} from '../../src/shared/format.js';

describe('durations', () => {
  test.each([
    [formatElapsed, 12_345, '+12.3s'],
    [formatElapsed, 0, '+0.0s'],
    [formatSetting, 250, '250ms'],
    [formatSetting, 1500, '1.5s'],
    [formatSetting, 15 * 60_000, '15m'],
    [formatSetting, 90_000, '90s'],
    [formatSeconds, 59_600, '60 s'],
    [formatSeconds, -400, '0 s'],
    [formatMinutes, 45_000, '45 s'],
    [formatMinutes, 30 * 60_000, '30 min'],
    [formatMinutes, 89_000, '1 min'],
  ])('%o(%d) is %s', (format, ms, shown) => {
    expect(format(ms)).toBe(shown);
  });
});

test('the cost outputs carry four decimals', () => {
  expect([0, 0.047, 0.12345, 1234.5].map(formatCostOutput)).toEqual([
    '0.0000',
    '0.0470',
    '0.1235',
    '1234.5000',
  ]);
});
