/**
 * readInputs through the real `@actions/core`, with the inputs set as the runner sets them
 * (`INPUT_<NAME>`, action.yml's defaults applied).
 */
import { beforeAll, beforeEach, describe, expect, it, test } from 'vitest';
import { readInputs } from '../../src/action/inputs.js';
import { ConfigError } from '../../src/engine/errors.js';
import { actionDefaults } from '../helpers/run-action.js';
import { captureStdout, scopedEnv } from './stdout.js';

const stdout = captureStdout();
const setEnv = scopedEnv();
let defaults: Record<string, string>;
beforeAll(async () => {
  defaults = await actionDefaults();
});

/** The step's inputs: action.yml's defaults, then `given`. */
function inputs(given: Record<string, string>): void {
  for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k];
  setEnv(
    Object.fromEntries(
      Object.entries({ ...defaults, 'github-token': 'ghs_token', ...given }).map(([k, v]) => [
        `INPUT_${k.toUpperCase()}`,
        v,
      ]),
    ),
  );
}

function problems(): string {
  try {
    readInputs();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('readInputs accepted the inputs');
}

beforeEach(() => inputs({}));

describe('the API key', () => {
  it('is trimmed and masked before anything else is written', () => {
    inputs({ 'api-key': '  pk_live_123  \n' });
    expect(readInputs().apiKey).toBe('pk_live_123');
    expect(stdout.lines()).toEqual(['::add-mask::pk_live_123']);
  });

  it('empty: no mask, plan only', () => {
    inputs({ 'api-key': '' });
    expect(readInputs().apiKey).toBe('');
    expect(stdout.text()).toBe('');
  });

  test.each([
    ['a line break', 'pk_live\n123'],
    ['a carriage return', 'pk_live\r123'],
    ['a tab', 'pk_live\t123'],
    ['a NUL', 'pk_live\u0000123'],
    ['DEL', 'pk_live\u007f123'],
    ['U+2028 (line separator)', 'pk_live\u2028123'],
    ['a non-Latin letter', 'pk_live\u0436123'],
    ['a non-breaking space', 'pk_live\u00a0123'],
    ['a zero-width space', 'pk_live\u200b123'],
  ])('with %s inside is an input error naming api-key, never the key', (_name, key) => {
    inputs({ 'api-key': key });
    const message = problems();
    expect(message).toMatch(
      /^input api-key: has a (control character|character outside printable ASCII) \(.*U\+.*: set it again without it$/,
    );
    expect(message).not.toContain('pk_live');
    expect(message).not.toContain('123');
    // Masked first all the same: the runner hides it from every later line.
    expect(stdout.lines()[0]).toMatch(/^::add-mask::pk_live/);
  });

  it('too short to be a key (a slip, a placeholder): an input error, and the message is not masked away', () => {
    inputs({ 'api-key': 'e' });
    expect(problems()).toBe(
      'input api-key: is 1 character long, too short for a subscription key (8 or more): set the whole key',
    );
  });
});

describe('webhook-url', () => {
  it('is kept when it is an http(s) URL', () => {
    inputs({ 'webhook-url': ' https://hooks.example.com/T0/B0/secret ' });
    expect(readInputs().webhookUrl).toBe('https://hooks.example.com/T0/B0/secret');
  });

  test.each([
    [
      'an international host name',
      'https://bücher.example/T0/B0/secret',
      'https://xn--bcher-kva.example/T0/B0/secret',
    ],
    [
      'a punycode host name',
      'https://xn--bcher-kva.example/hook?secret=1',
      'https://xn--bcher-kva.example/hook?secret=1',
    ],
  ])('with %s is forwarded in punycode form', (_name, url, want) => {
    inputs({ 'webhook-url': url });
    expect(readInputs().webhookUrl).toBe(want);
  });

  test.each([
    ['a control character inside', 'https://hooks.example.com/T0/\nsecret', /control character/],
    ['U+2028 inside', 'https://hooks.example.com/T0/\u2028secret', /outside printable ASCII \(U\+2028\)/],
    ['a non-Latin letter in the path', 'https://hooks.example.com/T0/жsecret', /outside printable ASCII/],
    [
      'a zero-width space in the host',
      'https://hooks\u200b.example.com/T0/secret',
      /outside printable ASCII/,
    ],
    ['no scheme', 'hooks.example.com/T0/secret', /must be an http\(s\) URL/],
    ['another scheme', 'ftp://hooks.example.com/T0/secret', /must be an http\(s\) URL/],
  ])('with %s is an input error that does not repeat the URL', (_name, url, why) => {
    inputs({ 'webhook-url': url });
    const message = problems();
    expect(message).toMatch(/^input webhook-url: /);
    expect(message).toMatch(why);
    expect(message).not.toContain('secret');
  });
});

describe('the other inputs', () => {
  it("action.yml's defaults give the documented values", () => {
    const i = readInputs();
    expect(i).toMatchObject({
      config: 'images.config.yaml',
      publish: 'commit',
      dryRun: false,
      concurrency: 'auto',
      pollInterval: { min: 2000, max: 10000 },
      pollTimeoutMs: 900_000,
      force: [],
      only: [],
      prune: false,
      cache: true,
      comment: true,
      commands: true,
      failOnError: true,
      retryUnknownSubmits: false,
      maxImageBytes: 50 * 1024 * 1024,
      gatewayUrl: 'https://gateway.pixazo.ai',
      commitAuthor: {
        name: 'github-actions[bot]',
        email: '41898282+github-actions[bot]@users.noreply.github.com',
      },
    });
    expect(i.maxCost).toBeUndefined();
    expect(i.webhookUrl).toBeUndefined();
  });

  test.each([
    ['true', true],
    ['True', true],
    ['FALSE', false],
  ])('a boolean written %s', (value, expected) => {
    inputs({ 'dry-run': value });
    expect(readInputs().dryRun).toBe(expected);
  });

  it('lists split on commas and newlines', () => {
    inputs({ only: 'hero, team-*\nbanner', force: 'all' });
    expect(readInputs()).toMatchObject({ only: ['hero', 'team-*', 'banner'], force: ['all'] });
  });

  it("reports every bad input together, each by name, in action.yml's order", () => {
    inputs({ publish: 'email', concurrency: 'many', 'dry-run': 'maybe', shard: '5/4', 'max-cost': '-1' });
    const lines = problems().split('\n');
    expect(lines).toEqual([
      'input publish: must be commit, artifact or none, got "email"',
      'input dry-run: must be true or false, got "maybe"',
      'input max-cost: must be at least 0, got "-1"',
      'input concurrency: must be `auto` or a whole number from 1 to 64, got "many"',
      'input shard: must be i/n with i between 1 and n, got "5/4"',
    ]);
  });

  test.each([
    ['poll-interval', '10s..2s', 'must name the lower bound first, got "10s..2s"'],
    ['poll-interval', 'often', 'must be a duration or a range like 2s..10s, got "often"'],
    ['poll-timeout', 'soon', 'must be a duration like 15m: a positive number and a unit'],
    ['max-image-bytes', 'big', 'must be a size like 50MiB or 20000000, got "big"'],
    ['gateway-url', 'ftp://x', 'must be an http(s) URL, got "ftp://x"'],
    ['commit-author', 'me', 'must look like "Name <email>", got "me"'],
    ['artifact-retention-days', '91', 'must be a whole number from 1 to 90, got "91"'],
  ])('%s %j: the input and what it must be', (name, value, message) => {
    inputs({ [name]: value });
    expect(problems()).toContain(`input ${name}: ${message}`);
  });
});

describe('concurrency', () => {
  test.each([
    ['auto', 'auto'],
    [' AUTO ', 'auto'],
    ['1', 1],
    ['16', 16],
    ['64', 64],
  ] as const)('%j reads as %j', (value, expected) => {
    inputs({ concurrency: value });
    expect(readInputs().concurrency).toBe(expected);
  });

  test.each(['0', '65', '2.5', 'fast', '-1'])('%j is refused, naming both forms', (value) => {
    inputs({ concurrency: value });
    expect(problems()).toBe(
      `input concurrency: must be \`auto\` or a whole number from 1 to 64, got "${value}"`,
    );
  });
});
