/**
 * Rules on whole sections of the manifest: what of `defaults` and of a broken entry can still be
 * checked, pricing names, and outputs shared between entries.
 */
import { MODELS } from '../models/registry.js';
import type { Context, Draft } from './draft.js';
import { EntrySchema, FIELD_SCHEMAS, type RawDefaults, type RawEntry } from './schema.js';
import { didYouMean } from './suggest.js';

/** A plain (non-array) object, as YAML maps become. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The keys of `defaults` that pass the schema one by one, and the keys whose value it refuses (a
 * broken key is reported once, by the schema; entries that inherit it skip the rules reading it).
 */
export function validDefaults(raw: unknown): { defaults: RawDefaults; broken: ReadonlySet<string> } {
  const out: Record<string, unknown> = {};
  const broken = new Set<string>();
  if (!isObject(raw)) return { defaults: out, broken };
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'prompt') continue;
    const schema = Object.hasOwn(FIELD_SCHEMAS, key) ? FIELD_SCHEMAS[key] : undefined;
    const parsed = schema?.safeParse(value);
    if (parsed?.success) {
      if (parsed.data !== undefined) out[key] = parsed.data;
    } else if (schema) broken.add(key);
  }
  return { defaults: out as RawDefaults, broken };
}

/** Two entries (or images) writing one file: an error on each. Case-only differences clash on macOS and Windows checkouts. */
export function checkDuplicateOutputs(drafts: ReadonlyMap<string, Draft>, ctx: Context): void {
  const writers = new Map<string, { id: string; path: string }[]>();
  for (const d of drafts.values())
    for (const p of new Set(d.outWorkspace)) {
      const key = p.toLowerCase();
      writers.set(key, [...(writers.get(key) ?? []), { id: d.id, path: p }]);
    }
  for (const list of writers.values()) {
    if (list.length < 2) continue;
    for (const w of list) {
      const others = list.filter((o) => o !== w);
      // Identical paths are "the same path"; only where the spelling differs is case the reason.
      const same = others.filter((o) => o.path === w.path);
      const cased = others.filter((o) => o.path !== w.path);
      const clauses = [
        ...(same.length ? [`${entriesWrite(same)} (the same path)`] : []),
        ...cased.map(
          (o) =>
            `entry \`${o.id}\` writes as \`${o.path}\` (the paths differ only in case: one file on macOS and Windows)`,
        ),
      ];
      ctx.issues.error(
        drafts.get(w.id)!.outPos,
        `images.${w.id}: writes \`${w.path}\`, which ${clauses.join(', and ')}; give each entry its own \`out\` (e.g. with \`{id}\`)`,
      );
    }
  }
}

/** Quality names in `pricing` must be ones the model takes (or `default`): a typo would silently price nothing. */
export function checkPricing(raw: unknown, ctx: Context): void {
  if (!isObject(raw)) return;
  for (const [model, table] of Object.entries(raw)) {
    const spec = Object.hasOwn(MODELS, model) ? MODELS[model] : undefined;
    if (!spec || !isObject(table)) continue;
    const allowed = spec.params.quality?.allowed;
    const names = ['default', ...(Array.isArray(allowed) ? allowed : [])];
    for (const quality of Object.keys(table)) {
      if (names.includes(quality)) continue;
      const p = ['pricing', model, quality];
      ctx.issues.error(
        ctx.at.key(p),
        `pricing.${model}: \`${quality}\` is not a quality of ${model}; use ${names.join(', ')}${didYouMean(quality, names)}`,
      );
    }
  }
}

/** An entry as far as the schema accepts it. */
export interface Checkable {
  /** The entry without its unknown keys and the keys whose value the schema refused. */
  readonly entry: RawEntry;
  /** The keys whose value the schema refused: no rule may read them. */
  readonly broken: ReadonlySet<string>;
  /** The text items of a refused `input_images` list, by position, still worth checking one by one. */
  readonly inputs: readonly { readonly text: string; readonly index: number }[];
}

/**
 * The entry to run the other rules on: every key the schema accepts, so that an entry's bad
 * `quality` does not hide its unknown `{{var}}` or its missing input file. `undefined` when the
 * entry is not a map at all.
 */
export function checkableEntry(value: unknown): Checkable | undefined {
  if (!isObject(value)) return undefined;
  const parsed = EntrySchema.safeParse(value);
  if (parsed.success) return { entry: parsed.data, broken: new Set(), inputs: [] };
  const drop = new Set<string>();
  const broken = new Set<string>();
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') for (const k of issue.keys) drop.add(k);
    else if (issue.path.length > 0) {
      drop.add(String(issue.path[0]));
      broken.add(String(issue.path[0]));
    } else return undefined;
  }
  const rest = Object.fromEntries(Object.entries(value).filter(([k]) => !drop.has(k)));
  const again = EntrySchema.safeParse({ prompt: '-', ...rest });
  if (!again.success) return undefined;
  const list = broken.has('input_images') && Array.isArray(value.input_images) ? value.input_images : [];
  const inputs = list.flatMap((text: unknown, index) =>
    typeof text === 'string' && text !== '' ? [{ text, index }] : [],
  );
  // An empty prompt stands in for a refused one: it holds no {{var}} to check.
  return {
    entry: { ...again.data, prompt: typeof rest.prompt === 'string' ? rest.prompt : '' },
    broken,
    inputs,
  };
}

/** `entry `b` also writes` / `entries `b`, `c` also write`. */
function entriesWrite(list: readonly { id: string }[]): string {
  const ids = list.map((o) => `\`${o.id}\``);
  return ids.length > 1 ? `entries ${ids.join(', ')} also write` : `entry ${ids[0]} also writes`;
}
