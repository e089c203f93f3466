/**
 * The lockfile is read strictly (SPEC §4): JSON only, no key twice in one object (what a textual
 * merge that kept both sides leaves), a newer version's lockfile refused with the advice to upgrade,
 * and every error located at its line.
 */
import { describe, expect, test } from 'vitest';
import { LockfileError, parseLockfile, stableStringify } from '../../src/plan/lockfile.js';
import { duplicateKeys, lineOf } from '../../src/plan/lockfile-text.js';

const FILE = 'docs/images.lock.json';

const record = (fingerprint: string) => ({
  fingerprint,
  parts: { prompt: 'p', params: 'q', inputs: 'i' },
  model: 'gpt-image-2',
  files: [{ path: 'img/a.webp', sha256: 'e'.repeat(64), blob: 'f'.repeat(40), bytes: 10 }],
  request_id: null,
  cost_usd: 0.047,
  generated_at: '2026-11-24T10:00:00Z',
  duration_s: null,
});

/** A lockfile as the tool writes it, then `edit` applied to its text. */
const written = (edit: (text: string) => string = (t) => t): string =>
  edit(
    stableStringify({
      version: 1,
      spent_usd: 0.094,
      images: { a: record('sha256:a'), b: record('sha256:b') },
    }),
  );

function errorOf(text: string): LockfileError {
  try {
    parseLockfile(text, FILE);
  } catch (err) {
    if (err instanceof LockfileError) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('a bad merge or a corrupt file is a located error', () => {
  test.each([
    {
      name: 'an entry id twice (both sides of a merge kept)',
      text: written((t) => t.replace('    "b": {', '    "a": {')),
      line: written().split('\n').indexOf('    "b": {') + 1,
      message: 'key "a" appears twice in images — a merge kept both sides',
    },
    {
      name: '"images" twice at the top',
      text: '{\n  "images": {},\n  "version": 1,\n  "images": {}\n}\n',
      line: 4,
      message: 'key "images" appears twice — a merge kept both sides',
    },
    {
      name: 'a field twice inside a record',
      text: written((t) =>
        t.replace('"model": "gpt-image-2",', '"model": "gpt-image-2",\n      "model": "flux",'),
      ),
      line:
        written()
          .split('\n')
          .findIndex((l) => l.includes('"model"')) + 2,
      message: 'key "model" appears twice in images.a — a merge kept both sides',
    },
    {
      name: 'the same key spelled with an escape',
      text: '{\n  "version": 1,\n  "images": {\n    "a": {},\n    "\\u0061": {}\n  }\n}\n',
      line: 5,
      message: 'key "a" appears twice in images',
    },
    {
      name: 'conflict markers',
      text: written((t) => t.replace('    "b": {', '<<<<<<< HEAD\n    "b": {')),
      line: written().split('\n').indexOf('    "b": {') + 1,
      message: 'merge conflict markers',
    },
    {
      name: 'not JSON at all',
      text: 'not json',
      line: undefined,
      message: 'invalid JSON',
    },
    {
      name: 'a comment (YAML or JSONC, not JSON)',
      text: '{\n  "version": 1,\n  # a note\n  "images": {}\n}\n',
      line: 3,
      message: 'invalid JSON',
    },
    {
      name: 'an unquoted string (valid YAML)',
      text: '{\n  "version": 1,\n  "spent_usd": 0,\n  "images": { "a": { "fingerprint": sha } }\n}\n',
      // V8 names no position for an unexpected token.
      line: 'any',
      message: 'invalid JSON',
    },
    {
      name: 'single quotes (valid YAML)',
      text: "{\n  'version': 1\n}\n",
      line: 2,
      message: 'invalid JSON',
    },
    {
      name: 'a field of the wrong type',
      text: written((t) => t.replace('"bytes": 10', '"bytes": "ten"')),
      line:
        written()
          .split('\n')
          .findIndex((l) => l.includes('"bytes"')) + 1,
      message: 'images.a.files.0.bytes',
    },
    {
      name: 'a required field missing: its record is named',
      text: written((t) => t.replace('      "model": "gpt-image-2",\n', '')),
      line: written().split('\n').indexOf('    "a": {') + 1,
      message: 'images.a.model',
    },
  ])('$name', ({ text, line, message }) => {
    const err = errorOf(text);
    if (line !== 'any') {
      expect(err.line).toBe(line);
      expect(err.message.startsWith(line ? `${FILE}:${line}: ` : `${FILE}: `)).toBe(true);
    }
    expect(err.message).toContain(message);
    expect(err.message).toContain(`the lockfile is unreadable`);
    expect(err.message).toContain(`restore it from git (git checkout -- ${FILE})`);
  });
});

describe('a lockfile of a newer pixazo-images is refused with the advice to upgrade', () => {
  test.each([
    { name: 'version 2', text: '{\n  "images": {},\n  "version": 2\n}\n', line: 3, detail: 'version 2' },
    {
      name: 'a top-level key this version does not know',
      text: '{\n  "images": {},\n  "reviews": {},\n  "version": 1\n}\n',
      line: 3,
      detail: 'keys this version does not know: "reviews"',
    },
  ])('$name', ({ text, line, detail }) => {
    const err = errorOf(text);
    expect(err.message).toBe(
      `${FILE}:${line}: the lockfile was written by a newer pixazo-images (${detail}${detail === 'version 2' ? '; this one reads version 1' : ''}); upgrade pixazo-images to use it. It was left as it is.`,
    );
  });

  const nested = (extra: Record<string, unknown>) =>
    stableStringify({ version: 1, spent_usd: 0, images: { a: record('sha256:a') }, ...extra });
  test.each([
    {
      name: 'a key inside a recorded file',
      text: stableStringify({
        version: 1,
        images: { a: { ...record('sha256:a'), files: [{ ...record('x').files[0], zoom: 2 }] } },
      }),
      where: 'images.a.files.0',
      key: 'zoom',
    },
    {
      name: 'a key inside an image record',
      text: stableStringify({ version: 1, images: { a: { ...record('sha256:a'), seed: 7 } } }),
      where: 'images.a',
      key: 'seed',
    },
    {
      name: 'a key inside the fingerprint parts',
      text: stableStringify({
        version: 1,
        images: {
          a: { ...record('sha256:a'), parts: { prompt: 'p', params: 'q', inputs: 'i', style: 's' } },
        },
      }),
      where: 'images.a.parts',
      key: 'style',
    },
    {
      name: 'a key inside a pending request',
      text: nested({
        pending: {
          'sha256:p': { id: 'b', request_id: 'r1', submitted_at: '2026-11-24T10:00:00Z', webhook: 1 },
        },
      }),
      where: 'pending.sha256:p',
      key: 'webhook',
    },
    {
      name: 'a key inside an intent',
      text: nested({ submitting: { 'sha256:s': { id: 'b', at: 'now', pid: 1 } } }),
      where: 'submitting.sha256:s',
      key: 'pid',
    },
    {
      name: 'a key inside a refusal',
      text: nested({
        failed: { 'sha256:f': { id: 'b', status: 'FAILED', error: 'no', at: 'now', code: 1 } },
      }),
      where: 'failed.sha256:f',
      key: 'code',
    },
    {
      name: 'a key inside an unknown outcome',
      text: nested({ unknown: { 'sha256:u': { id: 'b', reason: 'lost', at: 'now', charged: true } } }),
      where: 'unknown.sha256:u',
      key: 'charged',
    },
    {
      name: 'a key inside a candidate set',
      text: nested({
        candidates: {
          'sha256:c': { id: 'b', files: [], created_at: 'now', picked: 2 },
        },
      }),
      where: 'candidates.sha256:c',
      key: 'picked',
    },
  ])('$name: refused at its line, never read without it', ({ text, where, key }) => {
    const line = text.split('\n').findIndex((l) => l.trimStart().startsWith(`"${key}"`)) + 1;
    expect(line).toBeGreaterThan(0);
    expect(errorOf(text).message).toBe(
      `${FILE}:${line}: the lockfile was written by a newer pixazo-images (keys this version does not know in ${where}: "${key}"); upgrade pixazo-images to use it. It was left as it is.`,
    );
  });

  test('fields an older lockfile lacks still read with their defaults', () => {
    const { request_id: _r, cost_usd: _c, duration_s: _d, ...old } = record('sha256:a');
    const lock = parseLockfile(stableStringify({ version: 1, images: { a: old } }), FILE);
    expect(lock.images.a).toMatchObject({ request_id: null, cost_usd: null, duration_s: null });
    expect(lock.images.a!.files[0]!.width).toBeUndefined();
  });

  test('version 0 or a string is corruption, not a newer tool', () => {
    for (const v of ['0', '"1"'])
      expect(errorOf(`{"version": ${v}}`).message).toContain('the lockfile is unreadable');
  });
});

describe('what JSON means is kept', () => {
  test('numbers, null, escapes and an older lockfile without the newer maps read as JSON.parse reads them', () => {
    const text = JSON.stringify(
      {
        version: 1,
        spent_usd: 1.5e-3,
        images: {
          'quote"and\\slash': {
            ...record('sha256:\u00e9'),
            cost_usd: null,
            duration_s: 41.2,
            model: 'a\tb\n',
          },
        },
      },
      null,
      2,
    );
    const lock = parseLockfile(text, FILE);
    expect(lock.spent_usd).toBe(0.0015);
    const r = lock.images['quote"and\\slash']!;
    expect(r.cost_usd).toBeNull();
    expect(r.duration_s).toBe(41.2);
    expect(r.model).toBe('a\tb\n');
    expect(r.fingerprint).toBe('sha256:é');
    expect(lock.pending).toEqual({});
    expect(lock.unknown).toEqual({});
  });

  test('a large lockfile as written by the tool reads back unchanged, without a false duplicate', () => {
    const images = Object.fromEntries(
      Array.from({ length: 2000 }, (_, i) => [`e${i}`, record(`sha256:${i}`)]),
    );
    const text = stableStringify({
      version: 1,
      spent_usd: 94,
      images,
      submitting: {},
      pending: {},
      candidates: {},
      failed: {},
      unknown: {},
    });
    expect(duplicateKeys(text)).toEqual([]);
    expect(stableStringify(parseLockfile(text, FILE))).toBe(text);
  });

  test.each([
    [['images', 'b', 'files', 0, 'sha256'], 'b'],
    [['images', 'b', 'nothing'], 'b'],
    [['spent_usd'], 'spent_usd'],
  ])('lineOf %j points at the key of %s or deeper', (target, key) => {
    const text = written();
    const line = lineOf(text, target)!;
    const lines = text.split('\n');
    const keyLine = lines.findIndex((l) => l.trimStart().startsWith(`"${key}"`)) + 1;
    expect(line).toBeGreaterThanOrEqual(keyLine);
    expect(lines[line - 1]).toContain(`"${String(target.at(-1) === 'nothing' ? key : target.at(-1))}"`);
  });
});
