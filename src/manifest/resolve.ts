/**
 * Resolves one entry: picks its model, applies `defaults` where the model takes them, checks the
 * rules that need the model (taken keys, allowed values, combinations), substitutes vars and
 * expands `out`. Cross-entry rules (references, duplicate outputs, local inputs) are in `refs.ts`.
 */
import path from 'node:path';
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
import { parseDuration } from './duration.js';
import { type IssueList, pathText } from './issues.js';
import type { Locator, Path } from './locator.js';
import {
  DEFAULT_OUT,
  expandOut,
  extMismatch,
  hasImageNumber,
  templateProblems,
  withImageNumber,
} from './out.js';
import { badPathSyntax, kindOf, outsideWorkspace, toPosix, type Workspace } from './paths.js';
import { modelsTaking, type RawDefaults, type RawEntry } from './schema.js';
import type { SourcePos } from './types.js';
import { substituteVars } from './vars.js';

/** What every entry's resolution shares. */
export interface Context {
  readonly at: Locator;
  readonly issues: IssueList;
  /** The keys of `defaults` that passed the schema (a broken one is reported once, not per entry). */
  readonly defaults: RawDefaults;
  readonly vars: Readonly<Record<string, string>>;
  /** Every declared variable name, valid or not, so a broken `vars` value does not also read as "unknown". */
  readonly varNames: ReadonlySet<string>;
  /** Absolute folder of the manifest. */
  readonly dir: string;
  readonly ws: Workspace;
}

/** One `input_images` item, not yet classified (see `refs.ts`). */
export interface InputItem {
  readonly text: string;
  readonly path: Path;
}

/** An entry resolved as far as it can be on its own. */
export interface Draft {
  readonly id: string;
  readonly model: string;
  readonly spec: ModelSpec;
  readonly prompt: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly format: ReturnType<typeof outputFormat>;
  readonly count: number;
  readonly out: readonly string[];
  readonly outWorkspace: readonly string[];
  /** Where a problem with the output paths is reported. */
  readonly outPos: SourcePos;
  readonly inputs: readonly InputItem[];
  readonly maxAgeMs?: number;
  readonly alt?: string;
  readonly variant?: string | number;
}

interface Blame {
  readonly pos: SourcePos;
  readonly where: string;
}

interface Source {
  readonly value: unknown;
  readonly path: Path;
}

type SourcedKey = ParamKey | 'input_images' | 'out' | 'max_age' | 'alt' | 'variant';

/** Resolves entry `id` (already schema-valid). Problems go to `ctx.issues`. */
export function resolveEntry(id: string, entry: RawEntry, ctx: Context): Draft {
  const { at, issues } = ctx;
  const base: Path = ['images', id];
  const model = entry.model ?? ctx.defaults.model ?? DEFAULT_MODEL;
  const spec = MODELS[model]!;
  const takes = (key: ParamKey | 'input_images') =>
    key === 'input_images' ? spec.acceptsInputImages : spec.params[key] !== undefined;

  // A key the model does not take is an error on the entry, but silently skipped from defaults:
  // defaults serve entries of every model.
  for (const key of [...PARAM_KEYS, 'input_images'] as const) {
    if (entry[key] === undefined || takes(key)) continue;
    const others = modelsTaking(key);
    const fix = others.length ? `remove it or use model ${others.join(' or ')}` : 'remove it';
    issues.error(at.key([...base, key]), `${pathText(base)}: \`${key}\` is not taken by ${model}; ${fix}`);
  }
  const sources = new Map<SourcedKey, Source>();
  const sourced: SourcedKey[] = [...PARAM_KEYS, 'input_images', 'out', 'max_age', 'alt', 'variant'];
  for (const key of sourced) {
    const applies =
      key === 'input_images' || (PARAM_KEYS as readonly string[]).includes(key)
        ? takes(key as ParamKey)
        : true;
    if (!applies) continue;
    if (entry[key] !== undefined) sources.set(key, { value: entry[key], path: [...base, key] });
    else if (ctx.defaults[key] !== undefined)
      sources.set(key, { value: ctx.defaults[key], path: ['defaults', key] });
  }
  const own = (key: SourcedKey) => entry[key] !== undefined;
  // aspect_ratio and image_size say the same thing. The entry's own choice of either wins over a
  // default of the other, so `defaults: {aspect_ratio: 3:2}` does not clash with an entry's
  // `image_size`. Both on the entry is an error; both in defaults is reported by the loader.
  if (spec.params.image_size && spec.params.aspect_ratio) {
    if (own('aspect_ratio') && own('image_size'))
      issues.error(
        at.key([...base, 'image_size']),
        `${pathText(base)}: set \`image_size\` or \`aspect_ratio\`, not both (aspect_ratio ${String(entry.aspect_ratio)} is sent as an image_size)`,
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
      // Worded without the entry id so that one bad default is reported once per model, not per entry.
      const whose = own(key) ? '' : `; entries using ${model} inherit it from defaults`;
      issues.error(at.value(src.path), `${pathText(src.path)}: ${problem}${whose}`);
    }
  }
  const params = effectiveParams(spec, set);
  const format = outputFormat(params);
  const count = imageCount(params);

  /** Where a clash between keys is reported: the first the entry sets itself, else the first from defaults. */
  const blame = (...keys: SourcedKey[]): Blame => {
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
  if (compression && format === 'png' && (own('output_compression') || !own('output_format'))) {
    issues.warning(
      at.value(compression.path),
      `${pathText(compression.path)}: output_compression has no effect on png output; remove it or use jpeg/webp`,
    );
  }

  const prompt = substituteVars(entry.prompt, [...base, 'prompt'], ctx);
  const outSrc = sources.get('out');
  const tpl = (outSrc?.value as string | undefined) ?? DEFAULT_OUT;
  const outPath = outSrc?.path ?? base;
  const outs = expandOutputs({ id, tpl, outPath, count, format, blame, ctx });
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
  const inputs = ((inputSrc?.value as string[] | undefined) ?? []).map((text, i) => ({
    text,
    path: [...inputSrc!.path, i],
  }));
  return {
    id,
    model,
    spec,
    prompt,
    params,
    format,
    count,
    out: outs.out,
    outWorkspace: outs.outWorkspace,
    outPos,
    inputs,
    ...(maxAgeMs !== undefined && { maxAgeMs }),
    ...(sources.has('alt') && { alt: sources.get('alt')!.value as string }),
    ...(sources.has('variant') && { variant: sources.get('variant')!.value as string | number }),
  };
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

interface OutArgs {
  readonly id: string;
  readonly tpl: string;
  readonly outPath: Path;
  readonly count: number;
  readonly format: ReturnType<typeof outputFormat>;
  readonly blame: (...keys: SourcedKey[]) => Blame;
  readonly ctx: Context;
}

/** Checks the `out` template for this entry and expands it; nothing is expanded from a broken template. */
function expandOutputs(a: OutArgs): { out: string[]; outWorkspace: string[] } {
  const { at, issues } = a.ctx;
  const where = pathText(a.outPath);
  const none = { out: [], outWorkspace: [] };
  const problems = templateProblems(a.tpl);
  for (const p of problems) issues.error(at.inside(a.outPath, p.needle), `${where}: ${p.message}`);
  const syntax = badPathSyntax(a.tpl);
  if (syntax) issues.error(at.value(a.outPath), `${where}: \`${a.tpl}\` ${syntax}`);
  if (problems.length || syntax) return none;

  if (a.count > 1 && !hasImageNumber(a.tpl)) {
    const b = a.blame('out', 'number_of_images');
    issues.error(
      b.pos,
      `${b.where}: number_of_images is ${a.count} but \`out\` (\`${a.tpl}\`) has no \`{n}\`; add it, e.g. \`${withImageNumber(a.tpl)}\``,
    );
  }
  const out = expandOut(a.tpl, a.id, a.count, a.format);
  const ext = extMismatch(a.tpl, out[0]!, a.format);
  if (ext) {
    const b = a.blame('out', 'output_format');
    issues.error(b.pos, `${b.where}: \`out\` (\`${a.tpl}\`) ${ext}`);
  }
  const outWorkspace: string[] = [];
  // The built-in `{id}.{ext}` has no node of its own: point at the entry's id then.
  const pos = a.outPath[0] === 'images' && a.outPath.length === 2 ? at.key(a.outPath) : at.value(a.outPath);
  for (const rel of out) {
    const abs = path.resolve(a.ctx.dir, rel);
    const outside = outsideWorkspace(abs, a.ctx.ws);
    if (outside) issues.error(pos, `${where}: \`${rel}\` ${outside}; outputs must stay inside the workspace`);
    else if (kindOf(abs) === 'directory')
      issues.error(pos, `${where}: \`${rel}\` is a folder; \`out\` must name a file`);
    outWorkspace.push(toPosix(path.relative(a.ctx.ws.root, abs)));
  }
  return { out, outWorkspace };
}
