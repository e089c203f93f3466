/**
 * The lockfile as this tool writes it, recognised without zod. Validating a 1,000-entry lockfile
 * (~900 KB) with the schema in lockfile.ts takes ~20 ms of a cold run, most of a no-op's margin;
 * a lockfile we wrote ourselves has every key, in its type, and nothing else, which a direct walk
 * confirms in a fraction of that. Anything else — a missing key that the schema would default, an
 * extra key it would drop, a wrong type — is declined here and goes through the schema, which
 * decides and reports. test/plan/lockfile-fast.test.ts holds the two to the same verdict and data:
 * whatever this accepts, the schema accepts and returns unchanged.
 */
import type { Lockfile } from './lockfile.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** `o` has exactly the `required` keys, plus any of `optional`. */
function exactKeys(o: Obj, required: readonly string[], optional: readonly string[] = []): boolean {
  let n = 0;
  for (const k in o) {
    if (required.includes(k)) n++;
    else if (!optional.includes(k)) return false;
  }
  return n === required.length;
}

/** A record (any string keys, own and plain) whose every value passes `ok`. */
function everyValue(o: unknown, ok: (v: unknown) => boolean): boolean {
  if (!isObj(o) || Object.getPrototypeOf(o) !== Object.prototype) return false;
  for (const k in o) if (k === '__proto__' || !ok(o[k])) return false;
  return true;
}

/** An array whose every item passes `ok` (holes included: Array#every would skip them). */
function everyItem(a: unknown, ok: (v: unknown) => boolean): boolean {
  if (!Array.isArray(a)) return false;
  for (let i = 0; i < a.length; i++) if (!ok(a[i])) return false;
  return true;
}

const FILE_KEYS = ['path', 'sha256', 'blob', 'bytes'] as const;
const fileOk = (f: unknown): boolean =>
  isObj(f) &&
  exactKeys(f, FILE_KEYS) &&
  isStr(f.path) &&
  f.path.length > 0 &&
  isStr(f.sha256) &&
  isStr(f.blob) &&
  Number.isSafeInteger(f.bytes) &&
  (f.bytes as number) >= 0;

const PARTS_KEYS = ['prompt', 'params', 'inputs'] as const;
const RECORD_KEYS = [
  'fingerprint',
  'parts',
  'model',
  'files',
  'request_id',
  'cost_usd',
  'generated_at',
  'duration_s',
] as const;
const recordOk = (r: unknown): boolean =>
  isObj(r) &&
  exactKeys(r, RECORD_KEYS, ['quality']) &&
  isStr(r.fingerprint) &&
  r.fingerprint.length > 0 &&
  isObj(r.parts) &&
  exactKeys(r.parts, PARTS_KEYS) &&
  PARTS_KEYS.every((k) => isStr((r.parts as Obj)[k])) &&
  isStr(r.model) &&
  everyItem(r.files, fileOk) &&
  (r.request_id === null || isStr(r.request_id)) &&
  (r.cost_usd === null || isNum(r.cost_usd)) &&
  isStr(r.generated_at) &&
  (r.duration_s === null || isNum(r.duration_s)) &&
  (r.quality === undefined || isStr(r.quality));

const pendingOk = (p: unknown): boolean =>
  isObj(p) &&
  exactKeys(p, ['id', 'request_id', 'submitted_at'], ['model']) &&
  isStr(p.id) &&
  isStr(p.request_id) &&
  isStr(p.submitted_at) &&
  (p.model === undefined || isStr(p.model));

const failedOk = (f: unknown): boolean =>
  isObj(f) &&
  exactKeys(f, ['id', 'status', 'error', 'at']) &&
  isStr(f.id) &&
  isStr(f.status) &&
  isStr(f.error) &&
  isStr(f.at);

/** `raw` typed as a lockfile when it is exactly one this tool writes; `undefined` otherwise. */
export function plainLockfile(raw: unknown): Lockfile | undefined {
  if (
    isObj(raw) &&
    exactKeys(raw, ['version', 'spent_usd', 'images', 'pending', 'failed']) &&
    raw.version === 1 &&
    isNum(raw.spent_usd) &&
    raw.spent_usd >= 0 &&
    everyValue(raw.images, recordOk) &&
    everyValue(raw.pending, pendingOk) &&
    everyValue(raw.failed, failedOk)
  )
    return raw as unknown as Lockfile;
  return undefined;
}
