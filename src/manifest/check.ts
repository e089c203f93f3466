/**
 * The checks every manifest goes through once its YAML is read: schema, per-entry resolution,
 * cross-entry checks.
 */
import path from 'node:path';
import { relativeInside } from '../shared/paths.js';
import type { SettingNames } from '../shared/settings.js';
import { checkCandidateCounts, checkCandidatesDir } from './candidates-key.js';
import type { Context, Draft } from './draft.js';
import { checkIndex } from './index-key.js';
import { addZodIssues, type IssueList } from './issues.js';
import type { Locator } from './locator.js';
import { type Workspace, workspaceOf } from './paths.js';
import { resolveInputs } from './refs.js';
import { resolveEntry } from './resolve.js';
import { ID_HINT, ID_PATTERN, ManifestSchema, type RawEntry, VAR_NAME_PATTERN } from './schema.js';
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
  /** How messages name settings (`config`): the action's inputs by default. */
  readonly names?: SettingNames;
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

/** Schema, per-entry resolution and cross-entry checks of the data; `undefined` when any error was found. */
export function checkManifest(
  raw: unknown,
  at: Locator,
  issues: IssueList,
  where: Where,
): Manifest | undefined {
  const { abs, ws, file } = where;
  // jitless: validated once per run, so compiling zod's validator for each object shape costs
  // more than it saves.
  const parsed = ManifestSchema.safeParse(raw, { reportInput: true, jitless: true });
  if (!parsed.success) addZodIssues(parsed.error.issues, raw, at, issues);

  const top = isObject(raw) ? raw : {};
  const rawVars = isObject(top.vars) ? top.vars : {};
  const vars = Object.fromEntries(
    Object.entries(rawVars).filter(([k, v]) => typeof v === 'string' && VAR_NAME_PATTERN.test(k)),
  ) as Record<string, string>;
  const defaults = validDefaults(top.defaults);
  const ctx: Context = {
    at,
    issues,
    defaults: defaults.defaults,
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
  for (const [id, value] of Object.entries(images)) {
    if (!ID_PATTERN.test(id)) {
      // Same text as the schema's record-key issue (so it is reported once): zod skips a
      // `__proto__` key silently, this does not.
      issues.error(at.key(['images', id]), `images: \`${id}\`: invalid id; ${ID_HINT}`);
      continue;
    }
    const checkable = checkableEntry(value);
    if (!checkable) continue;
    // A refused value in `defaults` is unknown to every entry that inherits it.
    const broken = new Set(checkable.broken);
    for (const key of defaults.broken)
      if (checkable.entry[key as keyof RawEntry] === undefined) broken.add(key);
    drafts.set(id, resolveEntry(id, { ...checkable, broken }, ctx));
  }
  const inputs = resolveInputs(drafts, new Set(Object.keys(images)), ctx);
  checkDuplicateOutputs(drafts, ctx);
  const index = checkIndex(top.index, abs, drafts, ctx);
  checkPricing(top.pricing, ctx);
  // Candidates (§10): counts per entry and the folder their sets go to.
  const candidateCounts = checkCandidateCounts(images, top.defaults, drafts, ctx);
  const candidatesDir = checkCandidatesDir(top['candidates-dir'], ctx);
  const pricing = parsed.success ? (parsed.data.pricing ?? {}) : {};
  if (issues.hasErrors) return undefined;

  const entries: ResolvedEntry[] = [...drafts.values()].map((d) => {
    const refs = inputs.get(d.id) ?? [];
    const { countKnown: _countKnown, outPos: _outPos, inputs: _inputs, ...rest } = d;
    const n = candidateCounts.get(d.id);
    return {
      ...rest,
      mode: refs.length > 0 ? 'image-to-image' : 'text-to-image',
      inputs: refs,
      ...(n !== undefined && { candidates: n }),
    };
  });
  return {
    path: abs,
    displayPath: file,
    dir: ctx.dir,
    workspace: ws.root,
    entries,
    pricing: pricing as PricingOverrides,
    ...(index && { index }),
    ...(candidatesDir && { candidatesDir }),
    warnings: issues.all(),
  };
}

export function displayName(abs: string, workspace: string, given: string | undefined): string {
  if (given !== undefined) return given;
  return relativeInside(workspace, abs) ?? abs;
}
