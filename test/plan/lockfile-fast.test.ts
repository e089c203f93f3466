/**
 * plainLockfile recognises a lockfile without zod; the schema stays the judge. Whatever the fast
 * check accepts, the schema must accept and return unchanged (no default filled in, no key
 * dropped); what it declines goes to the schema, so declining too much costs only time.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LockfileError, lockSchema, parseLockfile, stableStringify } from '../../src/plan/lockfile.js';
import { plainLockfile } from '../../src/plan/lockfile-fast.js';

const hex = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });

/** Lockfile-shaped values; `valid` keeps to what this tool writes, otherwise some values are off. */
function lockfiles(valid: boolean) {
  const pick = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) => (valid ? good : fc.oneof(good, good, bad));
  const text = pick(fc.string({ maxLength: 12 }), fc.constantFrom('', 'constructor'));
  const key = pick(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', ''));
  const numOrNull = fc.oneof(
    fc.constant(null),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.nat(),
  );
  const file = fc.record({
    path: pick(fc.constantFrom('img/a.webp', 'b.png', 'x/y z.jpg'), fc.constant('')),
    sha256: hex(64),
    blob: hex(40),
    bytes: pick(fc.nat(), fc.constantFrom(-1, 1.5)),
  });
  const record = fc.record(
    {
      fingerprint: pick(
        hex(8).map((h) => `sha256:${h}`),
        fc.constant(''),
      ),
      parts: fc.record({ prompt: text, params: text, inputs: text }),
      model: fc.constantFrom('gpt-image-2', 'gpt-image-1.5'),
      files: fc.array(file, { maxLength: 3 }),
      request_id: fc.oneof(fc.constant(null), text),
      cost_usd: numOrNull,
      generated_at: fc.constant('2026-11-24T10:00:00.000Z'),
      duration_s: numOrNull,
      quality: fc.constantFrom('low', 'medium', 'high'),
    },
    {
      requiredKeys: [
        'fingerprint',
        'parts',
        'model',
        'files',
        'request_id',
        'cost_usd',
        'generated_at',
        'duration_s',
      ],
    },
  );
  const pending = fc.record(
    { id: text, request_id: text, submitted_at: text, model: text },
    { requiredKeys: ['id', 'request_id', 'submitted_at'] },
  );
  const failed = fc.record({ id: text, status: text, error: text, at: text });
  return fc.record({
    version: pick(fc.constant(1), fc.constantFrom(2, '1')),
    spent_usd: pick(fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(-1)),
    images: fc.dictionary(key, record, { maxKeys: 4 }),
    pending: fc.dictionary(key, pending, { maxKeys: 2 }),
    failed: fc.dictionary(key, failed, { maxKeys: 2 }),
  });
}

/** Edits that a hand or a merge tool could make: drop a key, add one, change a value's type. */
type Edit = { path: number[]; kind: 'drop' | 'add' | 'retype' };
const edit = fc.record({
  path: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
  kind: fc.constantFrom('drop', 'add', 'retype'),
});

function applyEdit(value: unknown, e: Edit): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  let node = copy as Record<string, unknown>;
  for (let i = 0; i < e.path.length; i++) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[e.path[i]! % keys.length]!;
    const last = i === e.path.length - 1;
    const child = node[key];
    if (last || typeof child !== 'object' || child === null) {
      if (e.kind === 'drop') delete node[key];
      else if (e.kind === 'add') node[`extra${i}`] = 1;
      else node[key] = typeof child === 'string' ? 7 : 'seven';
      break;
    }
    node = child as Record<string, unknown>;
  }
  return copy;
}

function sameVerdict(raw: unknown): boolean {
  const fast = plainLockfile(raw);
  if (fast === undefined) return false;
  const slow = lockSchema.safeParse(raw);
  expect(slow.success, JSON.stringify(raw)).toBe(true);
  // Same content (key order aside: the schema builds objects in its own order, and the lockfile is
  // always written with sorted keys).
  expect(stableStringify(slow.data)).toBe(stableStringify(raw));
  expect(fast).toBe(raw);
  return true;
}

describe('plainLockfile', () => {
  test('accepts every lockfile this tool writes, as the schema reads it', () => {
    fc.assert(
      fc.property(lockfiles(true), (l) => {
        // Through JSON, as the lockfile is read.
        expect(sameVerdict(JSON.parse(stableStringify(l)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test('anything it accepts after an edit, the schema accepts unchanged', () => {
    fc.assert(
      fc.property(lockfiles(false), fc.array(edit, { maxLength: 3 }), (l, edits) => {
        let raw: unknown = JSON.parse(stableStringify(l));
        for (const e of edits) raw = applyEdit(raw, e);
        sameVerdict(raw);
      }),
      { numRuns: 1500 },
    );
  });

  test.each([
    ['a missing pending map (the schema fills it in)', { version: 1, spent_usd: 0, images: {}, failed: {} }],
    [
      'an unknown top-level key (the schema drops it)',
      { version: 1, spent_usd: 0, images: {}, pending: {}, failed: {}, x: 1 },
    ],
    [
      'a record without request_id (the schema defaults it)',
      {
        version: 1,
        spent_usd: 0,
        images: {
          a: {
            fingerprint: 'sha256:x',
            parts: { prompt: '', params: '', inputs: '' },
            model: 'm',
            files: [],
            cost_usd: null,
            generated_at: '',
            duration_s: null,
          },
        },
        pending: {},
        failed: {},
      },
    ],
    [
      'a __proto__ record key',
      JSON.parse('{"version":1,"spent_usd":0,"images":{"__proto__":{}},"pending":{},"failed":{}}'),
    ],
    ['negative spend', { version: 1, spent_usd: -1, images: {}, pending: {}, failed: {} }],
    ['version 2', { version: 2, spent_usd: 0, images: {}, pending: {}, failed: {} }],
  ])('declines %s', (_name, raw) => {
    expect(plainLockfile(raw)).toBeUndefined();
  });

  test('a broken lockfile is still reported by the schema, naming the key', () => {
    const text = '{"version":1,"spent_usd":0,"images":{"a":{"fingerprint":7}},"pending":{},"failed":{}}';
    expect(() => parseLockfile(text, 'images.lock.json')).toThrow(LockfileError);
    expect(() => parseLockfile(text, 'images.lock.json')).toThrow(/images\.a\.fingerprint/);
  });
});
