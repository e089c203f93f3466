/**
 * Loading the manifest: YAML with positions → schema → per-entry resolution → cross-entry checks.
 * Every problem found is collected and thrown together as one `ManifestError`, before anything
 * touches the network.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readYaml } from './document.js';
import { readPlainYaml } from './fast-yaml.js';
import { addZodIssues, IssueList } from './issues.js';
import { toPosix, type Workspace, workspaceOf } from './paths.js';
import { type Positions, UNLOCATED } from './positions.js';
import { resolveInputs } from './refs.js';
import { type Context, type Draft, resolveEntry } from './resolve.js';
import { ID_HINT, ID_PATTERN, ManifestSchema, VAR_NAME_PATTERN } from './schema.js';
import { checkableEntry, checkDuplicateOutputs, checkPricing, isObject, validDefaults } from './sections.js';
import { type Manifest, ManifestError, type PricingOverrides, type ResolvedEntry } from './types.js';

/** Where the manifest is and what it may reach. */
export interface LoadOptions {
  /** The manifest file: absolute, or relative to the current directory. */
  readonly path: string;
  /** Absolute workspace root; every path in the manifest must resolve inside it. */
  readonly workspace: string;
  /** How the file is named in messages; defaults to its workspace-relative path. */
  readonly displayPath?: string;
}

/**
 * Reads and validates the manifest.
 * @throws ManifestError with every problem (a missing or unreadable file included).
 */
export async function loadManifest(opts: LoadOptions): Promise<Manifest> {
  const abs = path.resolve(opts.path);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'not found; create it or point the `config` input (CLI: `--config`) at your manifest'
        : code === 'EISDIR'
          ? 'is a folder; point `config` at the YAML file'
          : `cannot be read (${code ?? String(err)})`;
    const file = displayName(abs, path.resolve(opts.workspace), opts.displayPath);
    throw new ManifestError([
      { file, line: 1, col: 1, message: `manifest ${file} ${why}`, severity: 'error' },
    ]);
  }
  return parseManifestText(text, opts);
}

/**
 * Validates manifest text as if read from `opts.path` (used for relative paths and messages).
 * Synchronous: it checks local files (`out` containment, `input_images`) with sync fs calls.
 * @throws ManifestError with every problem found; never anything else for bad input.
 */
export function parseManifestText(text: string, opts: LoadOptions): Manifest {
  const abs = path.resolve(opts.path);
  const ws = workspaceOf(opts.workspace);
  const file = displayName(abs, ws.root, opts.displayPath);
  // A BOM is invisible in editors; dropping it keeps columns on line 1 as the user sees them.
  const src = text.replace(/^\uFEFF/, '');
  // Fast path: a plain document read without a tree, kept only when nothing at all is wrong
  // with it; anything else is read again with positions, so every message is located.
  const plain = readPlainYaml(src);
  if (plain !== undefined) {
    const issues = new IssueList(file);
    const manifest = checkManifest(plain, UNLOCATED, issues, { abs, ws, file });
    if (manifest && issues.all().length === 0) return manifest;
  }
  const issues = new IssueList(file);
  const { at, raw } = readYaml(src, issues);
  if (issues.hasErrors) throw new ManifestError(issues.all());
  const manifest = checkManifest(raw, at, issues, { abs, ws, file });
  if (!manifest) throw new ManifestError(issues.all());
  return manifest;
}

/** Schema, per-entry resolution and cross-entry checks of the data; `undefined` when any error was found. */
function checkManifest(
  raw: unknown,
  at: Positions,
  issues: IssueList,
  where: { abs: string; ws: Workspace; file: string },
): Manifest | undefined {
  const { abs, ws, file } = where;
  const parsed = ManifestSchema.safeParse(raw, { reportInput: true });
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

function displayName(abs: string, workspace: string, given: string | undefined): string {
  if (given !== undefined) return given;
  const rel = path.relative(workspace, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? toPosix(rel) : abs;
}
