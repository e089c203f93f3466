import { describe, expect, it, test } from 'vitest';
import { escapeMarkdown } from '../../src/report/escape.js';
import { formsOf, neutraliseCommands, Redactor, webhookSecrets } from '../../src/shared/redact.js';

const KEY = 'pxz_live_Zq8Wm3Xv7Kd2Rt6Y';
const ODD = 'k+y/wi th&"odd"_chars\\!';
const HOOK =
  'https://hooks.example.com/services/T0A1B2C3/B0D4E5F6/xoxbSecretToken123?token=abc123def&x=1#frag-secret';
const b64 = (s: string) => Buffer.from(s).toString('base64');

function redactorWith(key: string, webhook = ''): Redactor {
  const r = new Redactor();
  r.addKey(key);
  r.addWebhook(webhook);
  return r;
}

describe('the redactor', () => {
  test.each([
    ['plain', `HTTP 404 for https://cdn.example/${KEY}/0.png`, KEY],
    ['split across nothing (glued to text on both sides)', `abc${KEY}def`, KEY],
    ['twice in a row', `${KEY}${KEY}`, KEY],
    ['URL-encoded', `?k=${encodeURIComponent(ODD)}`, ODD],
    ['encodeURI form', `https://x/${encodeURI(ODD)}`, ODD],
    ['JSON-escaped', JSON.stringify({ k: ODD }), ODD],
    ['markdown-escaped (the summary and the comment)', escapeMarkdown(`said ${ODD}`), ODD],
    ['base64 of the key', `X-Echo: ${b64(KEY)}`, KEY],
    ['base64 of :key (basic auth, empty user)', `Authorization: Basic ${b64(`:${KEY}`)}`, KEY],
    ['base64 of key: (basic auth, key as user)', `Authorization: Basic ${b64(`${KEY}:`)}`, KEY],
    ['base64 of user:key at any alignment', `${b64(`apikey:${KEY}`)} ${b64(`ab:${KEY}`)}`, KEY],
    ['base64url', b64(`x:${KEY}`).replace(/\+/g, '-').replace(/\//g, '_'), KEY],
  ])('replaces the key: %s', (_name, text, key) => {
    const out = redactorWith(key).redact(text);
    expect(out).toContain('***');
    for (const form of formsOf(key)) expect(out).not.toContain(form);
    expect(out).not.toContain(key);
  });

  it('leaves text without a secret as it is, and masks no ordinary letters for a short key', () => {
    expect(redactorWith(KEY).redact('image cdn.example/a/0.png: HTTP 404')).toBe(
      'image cdn.example/a/0.png: HTTP 404',
    );
    // A key shorter than 8 is refused before it is sent: masking it would corrupt ordinary text
    // (a lockfile's hashes hold any 7 hex digits).
    const lockLine = '"sha256": "0123abc4567def"';
    expect(redactorWith('abc4567').redact(lockLine)).toBe(lockLine);
    expect(redactorWith('ab').redact('cab YWI= abc')).toBe('cab YWI= abc');
    expect(redactorWith('abc45678').redact('key abc45678 here')).toBe('key *** here');
  });

  test.each([
    ['the whole URL', HOOK, 'https://hooks.example.com/***'],
    [
      'its path and query',
      'posted to /services/T0A1B2C3/B0D4E5F6/xoxbSecretToken123?token=abc123def&x=1',
      'posted to /***',
    ],
    ['a query value alone', 'token=abc123def', 'token=***'],
    ['a long path segment alone', 'bad token xoxbSecretToken123', 'bad token ***'],
    ['the fragment', 'frag-secret', '***'],
    ['its origin stays readable', 'https://hooks.example.com/', 'https://hooks.example.com/'],
  ])('replaces webhook-url beyond its origin: %s', (_name, text, want) => {
    expect(redactorWith('', HOOK).redact(text)).toBe(want);
  });

  it('takes user:password of a webhook URL as secret, and nothing of an unparsable one', () => {
    expect(webhookSecrets('https://bot:hunter2pass@hooks.example/x')).toContain('hunter2pass');
    expect(webhookSecrets('not a url')).toEqual([]);
  });
});

describe('neutraliseCommands', () => {
  test.each([
    ['::error::boom', ':\u200B:error::boom'],
    ['  \t::add-mask::x', '  \t:\u200B:add-mask::x'],
    ['ok\n::stop-commands::tok\nfine', 'ok\n:\u200B:stop-commands::tok\nfine'],
    ['a\r\n  ##[error]old form', 'a\r\n  #\u200B#[error]old form'],
    ['not at line start ::error::x', 'not at line start ::error::x'],
    ['one colon :x', 'one colon :x'],
  ])('%j', (text, want) => {
    expect(neutraliseCommands(text)).toBe(want);
  });
});
