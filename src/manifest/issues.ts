/**
 * Collects located problems and turns zod's issues into messages that say what is wrong and how
 * to fix it, pointing at the offending YAML node.
 */
import type { z } from 'zod';
import { DEFAULT_MODEL, MODEL_IDS, MODELS, PARAM_KEYS, type ParamKey } from '../models/registry.js';
import type { Locator, Path } from './locator.js';
import { visible } from './paths.js';
import { ENTRY_KEYS, modelsTaking, rangeAcrossModels, TOP_KEYS } from './schema.js';
import { didYouMean, orList, suggestions } from './suggest.js';
import type { ManifestIssue, SourcePos } from './types.js';

/** An ordered, de-duplicated list of problems in one manifest file. */
export class IssueList {
  private readonly list: ManifestIssue[] = [];
  private readonly seen = new Set<string>();

  constructor(readonly file: string) {}

  /** Records an error (the manifest cannot be used). */
  error(pos: SourcePos, message: string): void {
    this.add(pos, message, 'error');
  }

  /** Records a warning (reported, but the run goes on). */
  warning(pos: SourcePos, message: string): void {
    this.add(pos, message, 'warning');
  }

  /** Whether any error (not just warnings) was recorded. */
  get hasErrors(): boolean {
    return this.list.some((i) => i.severity === 'error');
  }

  /** All problems in source order (line, then column), errors before warnings at one spot. */
  all(): ManifestIssue[] {
    return [...this.list].sort(
      (a, b) =>
        a.line - b.line || a.col - b.col || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
    );
  }

  private add(pos: SourcePos, raw: string, severity: ManifestIssue['severity']): void {
    // A message quotes ids, paths and values as written: control characters in them are shown as
    // escapes, so a message stays one line and cannot fake another (`\n::error …`).
    const message = visible(raw);
    // A problem of `defaults` surfaces once per entry that uses it; say it once.
    const key = `${severity}:${pos.line}:${pos.col}:${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ file: this.file, line: pos.line, col: pos.col, message, severity });
  }
}

/** `images.hero.input_images[2]` — how a path is named in messages. */
export function pathText(path: Path): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : `${out ? '.' : ''}${String(seg)}`;
  return out || 'the manifest';
}

/** A value as quoted in a message. */
export function show(v: unknown): string {
  if (v === null || v === undefined) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return `\`${v}\``;
  return String(v);
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'an integer',
  object: 'a map (`key: value` lines)',
  record: 'a map (`key: value` lines)',
  array: 'a list',
  boolean: 'true or false',
};

/** Keys a map at `path` may hold, for did-you-mean and "allowed keys" lists. */
function knownKeys(path: Path): readonly string[] {
  if (path.length === 0) return TOP_KEYS;
  if (path.length === 1 && path[0] === 'defaults') return ENTRY_KEYS.filter((k) => k !== 'prompt');
  if (path.length === 2 && path[0] === 'images') return ENTRY_KEYS;
  if (path.length === 1 && path[0] === 'pricing') return MODEL_IDS;
  return [];
}

function getIn(root: unknown, path: Path): { found: boolean; value: unknown } {
  let cur: unknown = root;
  for (const seg of path) {
    if (typeof cur !== 'object' || cur === null || !Object.hasOwn(cur, seg))
      return { found: false, value: undefined };
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return { found: true, value: cur };
}

function unknownKeyMessage(parent: Path, key: string): string {
  const where = pathText(parent);
  if (key === '<<')
    return `${where}: YAML merge keys (\`<<\`) are not supported; put shared values under \`defaults\``;
  if (parent.length === 1 && parent[0] === 'defaults' && key === 'prompt')
    return 'defaults: `prompt` cannot have a default; give each entry its own prompt (put shared text in `vars` and use `{{name}}`)';
  const known = knownKeys(parent);
  if (parent.length === 1 && parent[0] === 'pricing')
    return `pricing: unknown model \`${key}\`; known models: ${known.join(', ')}${didYouMean(key, known)}`;
  const best = suggestions(key, known);
  if (best.length > 0)
    return `${where}: unknown key \`${key}\`; did you mean ${orList(best.map(keyWithModels))}?`;
  // The full list of an entry's keys is long; the reference has it, with what each one does.
  const docs =
    parent[0] === 'defaults' || parent[0] === 'images' ? ' (every key is in docs/manifest.md)' : '';
  return `${where}: unknown key \`${key}\`; remove it${known.length && !docs ? `; allowed keys: ${known.join(', ')}` : docs}`;
}

/** `image_size` (gpt-image-1.5 only) — a suggested key, with the models that take it when not all do. */
function keyWithModels(key: string): string {
  const param = (PARAM_KEYS as readonly string[]).includes(key) || key === 'input_images';
  const models = param ? modelsTaking(key as ParamKey | 'input_images') : MODEL_IDS;
  return models.length < MODEL_IDS.length ? `\`${key}\` (${models.join(', ')} only)` : `\`${key}\``;
}

/** Range text for integer parameters, from the registry (union over models). */
function paramRange(path: Path): { min: number; max: number } | undefined {
  const last = path.at(-1);
  return typeof last === 'string' && (PARAM_KEYS as readonly string[]).includes(last)
    ? rangeAcrossModels(last as ParamKey)
    : undefined;
}

/** A model id as written, if it names one (`undefined` for a misspelt or non-text value). */
function knownModel(v: unknown): string | undefined {
  return typeof v === 'string' && MODEL_IDS.includes(v) ? v : undefined;
}

/**
 * The values an entry's own model allows for a parameter at `path` (`images.<id>.<param>`), so a
 * gpt-image-2 entry is not offered a value only gpt-image-1.5 takes. `undefined` where the model
 * is not known (it is misspelt) or the path is not an entry's parameter: the schema's union applies.
 */
function modelValues(raw: unknown, path: Path): { model: string; values: string[] } | undefined {
  if (path.length !== 3 || path[0] !== 'images') return undefined;
  const key = String(path[2]);
  if (!(PARAM_KEYS as readonly string[]).includes(key)) return undefined;
  const entry = getIn(raw, path.slice(0, 2));
  const defaults = getIn(raw, ['defaults', 'model']);
  const own = entry.value !== null && typeof entry.value === 'object' && Object.hasOwn(entry.value, 'model');
  const model = own
    ? knownModel((entry.value as Record<string, unknown>).model)
    : defaults.found
      ? knownModel(defaults.value)
      : DEFAULT_MODEL;
  const allowed = model === undefined ? undefined : MODELS[model]!.params[key as ParamKey]?.allowed;
  return model !== undefined && Array.isArray(allowed) ? { model, values: [...allowed] } : undefined;
}

/**
 * Adds one located problem per zod issue (one per key for `unrecognized_keys`).
 * @param raw the data that was validated, to tell a missing key from a wrong value.
 */
export function addZodIssues(
  issues: readonly z.core.$ZodIssue[],
  raw: unknown,
  at: Locator,
  out: IssueList,
): void {
  for (const issue of issues) {
    const path = issue.path as Path;
    const where = pathText(path);
    const { found, value } = getIn(raw, path);
    const range = paramRange(path);
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) out.error(at.key([...path, key]), unknownKeyMessage(path, key));
        break;
      case 'invalid_key': {
        const key = String(path.at(-1));
        const inner = issue.issues[0]?.message ?? 'invalid key';
        out.error(at.key(path), `${pathText(path.slice(0, -1))}: \`${key}\`: ${inner}`);
        break;
      }
      case 'invalid_type':
      case 'invalid_value':
        if (!found) {
          const parent = path.slice(0, -1);
          const hint = path.length === 1 && path[0] === 'version' ? '; add `version: 1` at the top' : '';
          out.error(
            at.value(parent),
            `${pathText(parent)}: missing required key \`${String(path.at(-1))}\`${hint}`,
          );
        } else if (range) {
          out.error(
            at.value(path),
            `${where} must be an integer from ${range.min} to ${range.max} (got ${show(value)})${unquote(value)}`,
          );
        } else if (issue.code === 'invalid_value') {
          const union = issue.values.map(String);
          const byModel = modelValues(raw, path);
          // Named only where the model's values are not those of every model.
          const own = byModel && byModel.values.length < union.length ? byModel : undefined;
          const allowed = own?.values ?? union;
          const forModel = own ? ` for ${own.model}` : '';
          const text = typeof value === 'string' ? didYouMean(value, allowed) : '';
          const msg =
            allowed.length === 1
              ? `${where} must be ${allowed[0]}${forModel} (got ${show(value)})${unquote(value)}`
              : `${where} must be one of ${allowed.join(', ')}${forModel} (got ${show(value)})${text}`;
          out.error(at.value(path), msg);
        } else if (misindented(raw, path)) {
          out.error(at.key(path), misindentedMessage(raw, path, at));
        } else {
          const expected = EXPECTED[issue.expected] ?? issue.expected;
          const quote =
            issue.expected === 'string' && value !== null && typeof value !== 'object' ? '; quote it' : '';
          out.error(at.value(path), `${where} must be ${expected} (got ${show(value)})${quote}`);
        }
        break;
      case 'too_small':
      case 'too_big':
        if (range)
          out.error(
            at.value(path),
            `${where} must be an integer from ${range.min} to ${range.max} (got ${show(value)})${unquote(value)}`,
          );
        else if (issue.origin === 'array')
          out.error(
            at.value(path),
            `${where} needs ${listBounds(path)} (got ${(value as unknown[]).length})`,
          );
        else if (issue.origin === 'string') out.error(at.value(path), `${where} must not be empty`);
        else
          out.error(
            at.value(path),
            `${where} must be ${issue.code === 'too_small' ? '≥' : '≤'} ${issue.code === 'too_small' ? issue.minimum : issue.maximum} (got ${show(value)})`,
          );
        break;
      case 'invalid_union':
        out.error(at.value(path), `${where} must be text or an integer (got ${show(value)})`);
        break;
      default: {
        // An empty or blank string speaks for itself; quoting it back adds nothing.
        const got = typeof value === 'string' && !value.trim() ? '' : ` (got ${show(value)})`;
        out.error(at.value(path), `${where} ${issue.message}${got}`);
      }
    }
  }
}

/**
 * `images.prompt` that is not a map: an entry key written beside the ids instead of under one —
 * the entry above lost it by one level of indentation. Taken for an id, it would be reported as
 * "must be a map", which points the wrong way.
 */
function misindented(raw: unknown, path: Path): boolean {
  if (path.length !== 2 || path[0] !== 'images' || typeof path[1] !== 'string') return false;
  const { value } = getIn(raw, path);
  const keys = Object.keys(getIn(raw, ['images']).value as object);
  return (
    (ENTRY_KEYS as readonly string[]).includes(path[1]) &&
    (value === null || typeof value !== 'object' || Array.isArray(value)) &&
    keys.indexOf(path[1]) > 0
  );
}

function misindentedMessage(raw: unknown, path: Path, at: Locator): string {
  const key = String(path[1]);
  const keys = Object.keys(getIn(raw, ['images']).value as object);
  const above = keys[keys.indexOf(key) - 1]!;
  const idCol = at.key(['images', above]).col;
  const value = getIn(raw, path).value;
  const shown = typeof value === 'string' ? ` ${value.length > 30 ? `${value.slice(0, 29)}…` : value}` : ' …';
  return `images: \`${key}\` looks like a key of the entry \`${above}\` above, indented one level too little; indent it under \`${above}\`: \`${' '.repeat(idCol + 1)}${key}:${shown}\``;
}

/** A number written in quotes is text to YAML: say so, since the message would otherwise look absurd. */
function unquote(value: unknown): string {
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())
    ? '; write the number without quotes'
    : '';
}

function listBounds(path: Path): string {
  return path.at(-1) === 'input_images' ? '1 to 16 items' : 'at least one item';
}
