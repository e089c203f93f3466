import { describe, expect, it, test } from 'vitest';
import { gatewayMessage } from '../../src/gateway/errors.js';
import { cleanText, redact } from '../../src/gateway/redact.js';
import { sniffFormat } from '../../src/images/sniff.js';
import { image, KEY, SEED } from './helpers.js';

describe('redact / cleanText', () => {
  it('removes the key, plain and URL-encoded', () => {
    const key = 'a/b+c=d/e';
    expect(redact(`k=${key} q=${encodeURIComponent(key)}`, [key])).toBe('k=*** q=***');
    expect(redact('nothing here', ['', KEY])).toBe('nothing here');
  });

  it('redacts before truncating, so no prefix of the key survives', () => {
    const text = `${'x'.repeat(490)}${KEY}`;
    const out = cleanText(text, [KEY]);
    expect(out).not.toContain(KEY.slice(0, 8));
    expect(out.length).toBeLessThanOrEqual(500);
  });

  it('truncates to one bounded line and neutralises workflow commands', () => {
    const out = cleanText(`bad\n::error::injected\r\n${'y'.repeat(1000)}`, []);
    expect(out).not.toMatch(/[\r\n]/);
    expect(out.startsWith('bad ::error::injected y')).toBe(true);
    expect(out).toHaveLength(500);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('gatewayMessage', () => {
  test.each([
    [
      JSON.stringify(SEED.badRequest),
      "Model not found: Model 'gpt-image-2-image-to-image' not found or is disabled",
    ],
    [JSON.stringify(SEED.balance), 'Insufficient Balance: Your wallet does not have enough balance.'],
    [JSON.stringify({ error: 'Forbidden' }), 'Forbidden'],
    [JSON.stringify({ message: 'Rate limit exceeded' }), 'Rate limit exceeded'],
    [JSON.stringify({ error: 'Oops', message: 'Oops: detail' }), 'Oops: detail'],
    ['<html>\n<h1>502 Bad Gateway</h1></html>', '<html> <h1>502 Bad Gateway</h1></html>'],
    ['', ''],
    [JSON.stringify({ error: `bad key ${KEY}` }), 'bad key ***'],
  ])('%s → %s', (body, expected) => {
    expect(gatewayMessage(body, [KEY])).toBe(expected);
  });
});

describe('sniffFormat', () => {
  const riffAvi = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('AVI '), Buffer.alloc(4)]);
  test.each([
    ['png', image.png(), 'png'],
    ['jpeg', image.jpeg(), 'jpeg'],
    ['webp', image.webp(), 'webp'],
    ['jpeg, 3 bytes', Buffer.from([0xff, 0xd8, 0xff]), 'jpeg'],
    ['RIFF but AVI', riffAvi, undefined],
    ['truncated PNG signature', image.png().subarray(0, 6), undefined],
    ['HTML', Buffer.from('<!doctype html>'), undefined],
    ['empty', Buffer.alloc(0), undefined],
  ])('%s', (_name, buf, expected) => {
    expect(sniffFormat(buf)).toBe(expected);
  });
});
