/**
 * The checks every manifest goes through, whichever reader read it: schema, per-entry resolution,
 * cross-entry checks. Also the fast way in: a plain document read without a YAML tree (fast-yaml.ts)
 * and kept only when it has no problem at all. Nothing here imports `yaml`, so a run whose manifest
 * is fine never loads it (load.ts reaches the located reader, parse.ts, only when needed).
 */
import path from 'node:path';
import { readPlainYaml } from './fast-yaml.js';
import { addZodIssues, IssueList } from './issues.js';
import { toPosix, type Workspace, workspaceOf } from './paths.js';
import { type Positions, UNLOCATED } from './positions.js';
import { resolveInputs } from './refs.js';
import { type Context, type Draft, resolveEntry } from './resolve.js';
import { ID_HINT, ID_PATTERN, ManifestSchema, VAR_NAME_PATTERN } from './schema.js';
import { checkableEntry, checkDuplicateOutputs, checkPricing, isObject, validDefaults } from './sections.js';
import type { Manifest, PricingOverrides, ResolvedEntry } from './types.js';

/** Where the manifest is and what it may reach. */
export interface LoadOptions {
  /** The manifest file: absolute, or relative to the current directory. */
  readonly path: string;
  /** Absolute workspace root; every path in the manifest must resolve inside it. */
  readonly workspace: string;
  /** How the file is named in messages; defaults to its workspace-relative path. */
  readonly displayPath?: string;
}

/** The manifest's absolute path, its workspace and the name messages give it. */
export interface Where {
  readonly abs: string;
  readonly ws: Workspace;
  readonly file: string;
}

export function whereOf(opts: LoadOptions): Where {
  const abs = path.resolve(opts.path);
  const ws = workspaceOf(opts.workspace);
  return { abs, ws, file: displayName(abs, ws.root, opts.displayPath) };
}

/** Text as the readers take it: a BOM is invisible in editors; dropping it keeps columns on line 1 as the user sees them. */
export function withoutBom(text: string): string {
  return text.replace(/^\uFEFF/, '');
}

/**
 * The manifest, when `text` is a plain document with nothing wrong in it; `undefined` when it
 * needs the located reader (which reports any problem with its position).
 */
export function quickManifest(text: string, where: Where): Manifest | undefined {
  const plain = readPlainYaml(withoutBom(text));
  if (plain === undefined) return undefined;
  const issues = new IssueList(where.file);
  const manifest = checkManifest(plain, UNLOCATED, issues, where);
  return manifest && issues.all().length === 0 ? manifest : undefined;
}

/** Schema, per-entry resolution and cross-entry checks of the data; `undefined` when any error was found. */
export function checkManifest(
  raw: unknown,
  at: Positions,
  issues: IssueList,
  where: Where,
): Manifest | undefined {
  const { abs, ws, file } = where;
  // jitless: validated once per run, where zod's compiled fast path (a new Function per object
  // shape) costs more to build than it saves (~7 ms of a cold 1,000-entry check).
  const parsed = ManifestSchema.safeParse(raw, { reportInput: true, jitless: true });
  if (!parsed.success) addZodIssues(parsed.error.issues, raw, at, issues);

  const top = isObject(raw) ? raw : {};
  const rawVars = isObject(top.vars) ? top.vars : {};
  const vars = Object.fromEntries(
    Object.entries(rawVars).filter(([k, v]) => typeof v === 'string' && VAR_NAME_PATTERN.test(k)),
  ) as Record<string, string>;
  const ctx: Context = {
    at,
    issues,
    defaults: validDefaults(top.defaults),
    vars,
    varNames: new Set(Object.keys(rawVars)),
    dir: path.dirname(abs),
    ws,
  };
  if (ctx.defaults.aspect_ratio !== undefined && ctx.defaults.image_size !== undefined)
    issues.error(
      at.key(['defaults', 'image_size']),
      'defaults: set `image_size` or `aspect_ratio`, not both',
    );

  const images = isObject(top.images) ? top.images : {};
  const drafts = new Map<string, Draft>();
  // With a broken `defaults.model`, entries that inherit it have no known model to check against.
  const defaultModelBroken =
    isObject(top.defaults) && top.defaults.model !== undefined && !ctx.defaults.model;
  for (const [id, value] of Object.entries(images)) {
    if (!ID_PATTERN.test(id)) {
      // Same text as the schema's record-key issue (so it is reported once): zod skips a
      // `__proto__` key silently, this does not.
      issues.error(at.key(['images', id]), `images: \`${id}\`: invalid id; ${ID_HINT}`);
      continue;
    }
    const entry = checkableEntry(value);
    if (!entry || (entry.model === undefined && defaultModelBroken)) continue;
    drafts.set(id, resolveEntry(id, entry, ctx));
  }
  const inputs = resolveInputs(drafts, new Set(Object.keys(images)), ctx);
  checkDuplicateOutputs(drafts, ctx);
  checkPricing(top.pricing, ctx);
  const pricing = parsed.success ? (parsed.data.pricing ?? {}) : {};
  if (issues.hasErrors) return undefined;

  const entries: ResolvedEntry[] = [...drafts.values()].map((d) => {
    const refs = inputs.get(d.id) ?? [];
    const { spec: _spec, outPos: _outPos, inputs: _inputs, ...rest } = d;
    return { ...rest, mode: refs.length > 0 ? 'image-to-image' : 'text-to-image', inputs: refs };
  });
  return {
    path: abs,
    displayPath: file,
    dir: ctx.dir,
    workspace: ws.root,
    entries,
    pricing: pricing as PricingOverrides,
    warnings: issues.all(),
  };
}

export function displayName(abs: string, workspace: string, given: string | undefined): string {
  if (given !== undefined) return given;
  const rel = path.relative(workspace, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? toPosix(rel) : abs;
}
