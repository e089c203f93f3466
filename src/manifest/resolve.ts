/**
 * Resolves one entry on its own: picks its model, applies `defaults` where the model takes them,
 * checks the rules that need the model (taken keys, allowed values, combinations), substitutes vars
 * (vars.ts), expands `out` (outputs.ts) and reads `max_age`; its `input_images` are collected as
 * text, not yet classified. The cross-entry rules run once every entry is resolved (check.ts):
 * references and local inputs in `refs.ts`, duplicate outputs in `sections.ts`.
 */
import {
  DEFAULT_MODEL,
  effectiveParams,
  imageCount,
  MODELS,
  type ModelSpec,
  outputFormat,
  PARAM_KEYS,
  type ParamKey,
  type ParamValue,
} from '../models/registry.js';
import { parseDuration } from '../shared/duration.js';
import type { Context, Draft, InputItem } from './draft.js';
import { pathText } from './issues.js';
import type { Path } from './locator.js';
import { DEFAULT_OUT } from './out.js';
import { expandOutputs } from './outputs.js';
import { modelsTaking, type RawEntry } from './schema.js';
import type { Checkable } from './sections.js';
import { substituteVars } from './vars.js';

interface Source {
  readonly value: unknown;
  readonly path: Path;
}

type SourcedKey = ParamKey | 'input_images' | 'out' | 'max_age' | 'alt' | 'variant';
const SOURCED: readonly SourcedKey[] = [...PARAM_KEYS, 'input_images', 'out', 'max_age', 'alt', 'variant'];

/** Where each key's value comes from (the entry, else `defaults`), for the keys the model takes. */
type Sources = Map<SourcedKey, Source>;

/**
 * Resolves entry `id` as far as its valid keys allow. `broken` names the keys whose value the
 * schema refused (on the entry, or inherited from `defaults`); the rules that would read them are
 * skipped, every other rule still runs, so one pass reports everything. Problems go to `ctx.issues`.
 */
export function resolveEntry(id: string, checkable: Checkable, ctx: Context): Draft {
  const { entry, broken } = checkable;
  const { at, issues } = ctx;
  const base: Path = ['images', id];
  const model = entry.model ?? ctx.defaults.model ?? DEFAULT_MODEL;
  // A model the schema refused: the rules that depend on the model are skipped.
  const spec = broken.has('model') ? undefined : MODELS[model]!;
  const own = (key: SourcedKey) => entry[key] !== undefined;
  const sources = sourcesOf(entry, spec, broken, base, ctx);
  const unknown = new Set(broken);
  const set = spec ? modelParams(spec, sources, own, unknown, base, ctx) : looseParams(sources);
  const params = spec ? effectiveParams(spec, set) : set;
  const format = outputFormat(params);
  const count = imageCount(params);

  /** Where a clash between keys is reported: the first the entry sets itself, else the first from defaults. */
  const blame = (...keys: SourcedKey[]) => {
    const hit = keys.find((k) => sources.has(k) && own(k)) ?? keys.find((k) => sources.has(k));
    const p = hit ? sources.get(hit)!.path : base;
    return { pos: hit ? at.value(p) : at.key(base), where: pathText(p) };
  };

  if (params.background === 'transparent' && format !== 'png' && format !== 'webp') {
    const b = blame('background', 'output_format');
    issues.error(
      b.pos,
      `${b.where}: \`background: transparent\` needs output_format png or webp, not ${format}`,
    );
  }
  const compression = sources.get('output_compression');
  // Only warn where the png choice and the compression meet on purpose: a compression in defaults
  // meant for the webp entries says nothing wrong about one entry that chose png.
  if (spec && compression && format === 'png' && (own('output_compression') || !own('output_format'))) {
    issues.warning(
      at.value(compression.path),
      `${pathText(compression.path)}: output_compression has no effect on png output; remove it or use jpeg/webp`,
    );
  }

  const prompt = substituteVars(entry.prompt, [...base, 'prompt'], ctx);
  const outSrc = sources.get('out');
  const tpl = (outSrc?.value as string | undefined) ?? DEFAULT_OUT;
  const outPath = outSrc?.path ?? base;
  // A refused `out` (here or in defaults) is no template to check, and no path another entry clashes with.
  const outs = unknown.has('out')
    ? { out: [], outWorkspace: [] }
    : expandOutputs({
        id,
        tpl,
        outPath,
        count,
        format,
        formatKnown: !unknown.has('output_format'),
        blame,
        ctx,
      });
  // Two entries writing one file: each is told at its own `out`, or at its id when `out` is inherited.
  const outPos = outSrc && own('out') ? at.value(outSrc.path) : at.key(base);

  const maxAge = sources.get('max_age');
  let maxAgeMs: number | undefined;
  if (maxAge) {
    maxAgeMs = parseDuration(maxAge.value as string);
    if (maxAgeMs === undefined)
      issues.error(at.value(maxAge.path), `${pathText(maxAge.path)}: duration is too long`);
  }
  const inputSrc = sources.get('input_images');
  const inputs: InputItem[] = ((inputSrc?.value as string[] | undefined) ?? []).map((text, i) => ({
    text,
    path: [...inputSrc!.path, i],
  }));
  // A refused list (too long, an empty item) still has items worth checking one by one.
  if (broken.has('input_images') && (spec?.acceptsInputImages ?? true))
    for (const { text, index } of checkable.inputs)
      inputs.push({ text, path: [...base, 'input_images', index] });
  return {
    id,
    model,
    prompt,
    params,
    format,
    count,
    countKnown: !unknown.has('number_of_images'),
    out: outs.out,
    outWorkspace: outs.outWorkspace,
    outPos,
    inputs,
    ...(maxAgeMs !== undefined && { maxAgeMs }),
    ...(sources.has('alt') && { alt: sources.get('alt')!.value as string }),
    ...(sources.has('variant') && { variant: sources.get('variant')!.value as string | number }),
  };
}

/**
 * Each key's source. With a known model, a key it does not take is an error on the entry, but
 * silently skipped from defaults: defaults serve entries of every model.
 */
function sourcesOf(
  entry: RawEntry,
  spec: ModelSpec | undefined,
  broken: ReadonlySet<string>,
  base: Path,
  ctx: Context,
): Sources {
  const takes = (key: SourcedKey): boolean =>
    !spec ||
    (key === 'input_images'
      ? spec.acceptsInputImages
      : !(PARAM_KEYS as readonly string[]).includes(key) || spec.params[key as ParamKey] !== undefined);
  if (spec)
    for (const key of [...PARAM_KEYS, 'input_images'] as const) {
      if (entry[key] === undefined || takes(key)) continue;
      const others = modelsTaking(key);
      const fix = others.length ? `remove it or use model ${others.join(' or ')}` : 'remove it';
      ctx.issues.error(
        ctx.at.key([...base, key]),
        `${pathText(base)}: \`${key}\` is not taken by ${spec.id}; ${fix}`,
      );
    }
  const sources: Sources = new Map();
  for (const key of SOURCED) {
    // A refused value is not replaced by the default: the rules reading the key are skipped.
    if (!takes(key) || broken.has(key)) continue;
    if (entry[key] !== undefined) sources.set(key, { value: entry[key], path: [...base, key] });
    else if (ctx.defaults[key] !== undefined)
      sources.set(key, { value: ctx.defaults[key], path: ['defaults', key] });
  }
  return sources;
}

/**
 * The parameter values the model allows, reporting the others (which join `unknown`). Also the
 * rule between aspect_ratio and image_size, which only models taking both have.
 */
function modelParams(
  spec: ModelSpec,
  sources: Sources,
  own: (key: SourcedKey) => boolean,
  unknown: Set<string>,
  base: Path,
  ctx: Context,
): Partial<Record<ParamKey, ParamValue>> {
  const { at, issues } = ctx;
  // aspect_ratio and image_size say the same thing. The entry's own choice of either wins over a
  // default of the other, so `defaults: {aspect_ratio: 3:2}` does not clash with an entry's
  // `image_size`. Both on the entry is an error; both in defaults is reported by the loader.
  if (spec.params.image_size && spec.params.aspect_ratio) {
    if (own('aspect_ratio') && own('image_size'))
      issues.error(
        at.key([...base, 'image_size']),
        `${pathText(base)}: set \`image_size\` or \`aspect_ratio\`, not both (aspect_ratio ${String(sources.get('aspect_ratio')!.value)} is sent as an image_size)`,
      );
    else if (own('aspect_ratio')) sources.delete('image_size');
    else if (own('image_size')) sources.delete('aspect_ratio');
  }
  const set: Partial<Record<ParamKey, ParamValue>> = {};
  for (const key of PARAM_KEYS) {
    const src = sources.get(key);
    if (!src) continue;
    const problem = disallowed(spec, key, src.value as ParamValue);
    if (problem === undefined) set[key] = src.value as ParamValue;
    else {
      unknown.add(key);
      // Worded without the entry id so that one bad default is reported once per model, not per entry.
      const whose = own(key) ? '' : `; entries using ${spec.id} inherit it from defaults`;
      issues.error(at.value(src.path), `${pathText(src.path)}: ${problem}${whose}`);
    }
  }
  return set;
}

/** The parameters as written, for an entry whose model is unknown (nothing to check them against). */
function looseParams(sources: Sources): Record<string, ParamValue> {
  const set: Record<string, ParamValue> = {};
  for (const key of PARAM_KEYS) {
    const src = sources.get(key);
    if (src) set[key] = src.value as ParamValue;
  }
  return set;
}

/** Why `value` is not allowed for `key` on this model, or `undefined`. */
function disallowed(spec: ModelSpec, key: ParamKey, value: ParamValue): string | undefined {
  const allowed = spec.params[key]!.allowed;
  if (Array.isArray(allowed)) {
    if (allowed.includes(String(value))) return undefined;
    const elsewhere = Object.values(MODELS)
      .filter((m) => (m.params[key]?.allowed as readonly string[] | undefined)?.includes?.(String(value)))
      .map((m) => m.id);
    const hint = elsewhere.length ? ` (or use model ${elsewhere.join(' or ')})` : '';
    return `\`${String(value)}\` is not allowed for ${spec.id}; allowed: ${allowed.join(', ')}${hint}`;
  }
  const { min, max } = allowed as { min: number; max: number };
  const n = Number(value);
  return n >= min && n <= max ? undefined : `must be from ${min} to ${max} for ${spec.id} (got ${n})`;
}
