/**
 * The one reading of the settings both adapters share: raw text in, a run's options out, with the
 * module's defaults and a named problem for each bad value (the adapters' wording of the names is
 * tested through them: test/action/inputs.test.ts, test/cli/cli.test.ts).
 */
import { describe, expect, test } from 'vitest';
import {
  parseShard,
  type RawSettings,
  readApiKey,
  readSettings,
  splitList,
} from '../../src/shared/read-settings.js';

describe('defaults', () => {
  test('nothing given: every default of the module, read', () => {
    expect(readSettings({})).toEqual({
      settings: {
        concurrency: 'auto',
        pollInterval: { min: 2000, max: 10_000 },
        pollTimeoutMs: 900_000,
        gatewayUrl: 'https://gateway.pixazo.ai',
        maxImageBytes: 50 * 1024 * 1024,
        force: [],
        only: [],
      },
      problems: [],
    });
  });

  test('a bad value: the problem, and the default stands in', () => {
    const r = readSettings({ 'poll-timeout': 'soon', concurrency: 'many' });
    expect(r.settings.pollTimeoutMs).toBe(900_000);
    expect(r.settings.concurrency).toBe('auto');
    expect(r.problems.map((p) => p.setting)).toEqual(['concurrency', 'poll-timeout']);
  });
});

describe('values', () => {
  test.each<[string, RawSettings, Record<string, unknown>]>([
    ['concurrency', { concurrency: ' 8 ' }, { concurrency: 8 }],
    ['max-cost with a dollar sign', { 'max-cost': '$1.50' }, { maxCost: 1.5 }],
    ['max-cost of 0', { 'max-cost': '0' }, { maxCost: 0 }],
    ['one poll interval', { 'poll-interval': '5s' }, { pollInterval: { min: 5000, max: 5000 } }],
    ['a poll interval range', { 'poll-interval': '1s..30s' }, { pollInterval: { min: 1000, max: 30_000 } }],
    ['poll-timeout', { 'poll-timeout': '90s' }, { pollTimeoutMs: 90_000 }],
    [
      'gateway-url, trailing slashes dropped',
      { 'gateway-url': 'http://127.0.0.1:8080/p//' },
      { gatewayUrl: 'http://127.0.0.1:8080/p' },
    ],
    ['max-image-bytes', { 'max-image-bytes': '20MB' }, { maxImageBytes: 20_000_000 }],
    ['shard', { shard: ' 2 / 4 ' }, { shard: { index: 2, total: 4 } }],
    [
      'webhook-url, trimmed',
      { 'webhook-url': ' https://hooks.example/x ' },
      { webhookUrl: 'https://hooks.example/x' },
    ],
    [
      'lists, from one text or many',
      { force: 'a, b\nc', only: ['x,y', ' z '] },
      { force: ['a', 'b', 'c'], only: ['x', 'y', 'z'] },
    ],
  ])('%s', (_name, raw, expected) => {
    const r = readSettings(raw);
    expect(r.problems).toEqual([]);
    expect(r.settings).toMatchObject(expected);
  });

  test.each<[string, RawSettings, string]>([
    ['max-cost, not a number', { 'max-cost': 'lots' }, 'must be a number of USD, got "lots"'],
    ['max-cost, negative', { 'max-cost': '-1' }, 'must be at least 0, got "-1"'],
    ['max-cost, empty', { 'max-cost': '' }, 'must be a number of USD, got ""'],
    ['concurrency', { concurrency: '65' }, 'must be `auto` or a whole number from 1 to 64, got "65"'],
    ['poll-interval', { 'poll-interval': '2s..' }, 'must be a duration or a range like 2s..10s, got "2s.."'],
    [
      'poll-interval, upside down',
      { 'poll-interval': '10s..2s' },
      'must name the lower bound first, got "10s..2s"',
    ],
    ['poll-timeout', { 'poll-timeout': '0s' }, 'must be a duration like 15m: a positive number and a unit'],
    [
      'gateway-url',
      { 'gateway-url': 'gateway.pixazo.ai' },
      'must be an http(s) URL, got "gateway.pixazo.ai"',
    ],
    ['max-image-bytes', { 'max-image-bytes': 'big' }, 'must be a size like 50MiB or 20000000, got "big"'],
    ['shard, not i/n', { shard: 'half' }, 'must look like i/n (for example 1/4), got "half"'],
    ['shard, out of range', { shard: '0/2' }, 'must be i/n with i between 1 and n, got "0/2"'],
    [
      'webhook-url, not a URL',
      { 'webhook-url': 'ftp://hooks.example/s3cret' },
      'must be an http(s) URL, starting with https://',
    ],
    [
      'webhook-url, a line break',
      { 'webhook-url': 'https://hooks.example/\ns3cret' },
      'has a control character',
    ],
  ])('%s: one problem, naming the setting, saying what it must be', (_name, raw, problem) => {
    const { problems } = readSettings(raw);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.setting).toBe(Object.keys(raw)[0]);
    expect(problems[0]!.problem).toContain(problem);
    // A webhook URL is often a secret: described, never repeated.
    expect(problems[0]!.problem).not.toContain('s3cret');
  });

  test("every problem at once, in action.yml's order", () => {
    const { problems } = readSettings({
      'webhook-url': 'nope',
      shard: 'x',
      'max-cost': 'x',
      'poll-timeout': 'x',
    });
    expect(problems.map((p) => p.setting)).toEqual(['max-cost', 'poll-timeout', 'shard', 'webhook-url']);
  });
});

describe('the API key', () => {
  test.each([
    ['  pk_live_1 \n', { key: 'pk_live_1' }],
    [undefined, { key: '' }],
  ])('%j is trimmed', (raw, expected) => {
    expect(readApiKey(raw)).toEqual(expected);
  });

  test.each([
    ['pk\u2028live', 'has a character outside printable ASCII (U+2028) inside: set it again without it'],
    [
      'pk\tlive',
      'has a control character (a line break, tab or the like: U+0009) inside: set it again without it',
    ],
    ['pk_live', 'is 7 characters long, too short for a subscription key (8 or more): set the whole key'],
  ])('%j: what is wrong is named, the key is not repeated', (raw, problem) => {
    const r = readApiKey(raw);
    expect(r.problem).toBe(problem);
    expect(r.problem).not.toContain('live');
  });
});

test.each([
  ['1/4', { index: 1, total: 4 }],
  ['4/4', { index: 4, total: 4 }],
  ['5/4', { problem: 'must be i/n with i between 1 and n, got "5/4"' }],
  ['1/0', { problem: 'must be i/n with i between 1 and n, got "1/0"' }],
  ['1-4', { problem: 'must look like i/n (for example 1/4), got "1-4"' }],
])('shard %s', (raw, expected) => {
  expect(parseShard(raw)).toEqual(expected);
});

test('lists split on commas and newlines, blanks dropped', () => {
  expect(splitList('a, b\nc,,')).toEqual(['a', 'b', 'c']);
  expect(splitList(undefined)).toEqual([]);
});
