/**
 * `input_images` across entries: classifies each item (URL, `@id[#n]`, local file), checks that
 * references name existing entries and images, that local files exist inside the workspace, and
 * that no entry depends on its own output, directly or through others.
 */
import path from 'node:path';
import { plural } from '../shared/words.js';
import type { Context, Draft, InputItem } from './draft.js';
import { pathText } from './issues.js';
import { badPathSyntax, kindOf, pathProblem, realWorkspacePath, toPosix } from './paths.js';
import { didYouMean } from './suggest.js';
import type { InputRef } from './types.js';

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly item: InputItem;
}

/**
 * Resolves the inputs of every draft.
 * @param ids every id in the manifest, including entries that failed validation (so a reference
 *   to a broken entry is not also reported as unknown).
 */
export function resolveInputs(
  drafts: ReadonlyMap<string, Draft>,
  ids: ReadonlySet<string>,
  ctx: Context,
): Map<string, InputRef[]> {
  const owners = new Map<string, { id: string; n: number; count: number }>();
  for (const d of drafts.values())
    d.outWorkspace.forEach((p, i) => {
      owners.set(p, { id: d.id, n: i + 1, count: d.count });
    });
  const result = new Map<string, InputRef[]>();
  const edges: Edge[] = [];
  for (const d of drafts.values()) {
    const refs: InputRef[] = [];
    for (const item of d.inputs) {
      const ref = classify(item, drafts, ids, owners, ctx);
      if (!ref) continue;
      refs.push(ref);
      if (ref.kind === 'ref') edges.push({ from: d.id, to: ref.id, item });
    }
    result.set(d.id, refs);
  }
  reportCycles(edges, ctx);
  return result;
}

const REF = /^@([^#]*)(?:#(.*))?$/s;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]+):/;

function classify(
  item: InputItem,
  drafts: ReadonlyMap<string, Draft>,
  ids: ReadonlySet<string>,
  owners: ReadonlyMap<string, { id: string; n: number; count: number }>,
  ctx: Context,
): InputRef | undefined {
  const { at, issues } = ctx;
  const fail = (msg: string) => {
    issues.error(at.value(item.path), `${pathText(item.path)}: ${msg}`);
    return undefined;
  };
  const text = item.text;
  if (/^https?:\/\//i.test(text)) {
    if (!URL.canParse(text) || !new URL(text).hostname) return fail(`\`${text}\` is not a valid URL`);
    return { kind: 'url', url: text };
  }
  const ref = REF.exec(text);
  if (ref) {
    const [, id = '', index] = ref;
    if (!ids.has(id)) {
      const hint =
        didYouMean(id, ids, (s) => `\`@${s}\``) || '; use `@id` or `@id#n` with an id under `images`';
      return fail(`\`${text}\` names no entry${hint}`);
    }
    if (index === undefined) return { kind: 'ref', id };
    if (!/^[1-9]\d*$/.test(index))
      return fail(`\`${text}\`: the image number after \`#\` is a whole number from 1`);
    const n = Number(index);
    const upstream = drafts.get(id);
    if (upstream?.countKnown && n > upstream.count)
      return fail(
        `\`${text}\`: entry \`${id}\` makes ${plural(upstream.count, 'image')}; ${upstream.count === 1 ? `use \`@${id}\` or \`@${id}#1\`` : `use #1..#${upstream.count}`}`,
      );
    return { kind: 'ref', id, index: n };
  }
  const scheme = SCHEME.exec(text);
  if (scheme)
    return fail(
      `\`${scheme[1]}:\` is not supported; use an http(s) URL, a path relative to the manifest's folder, or \`@id\``,
    );
  const syntax = badPathSyntax(text);
  if (syntax) return fail(`\`${text}\` ${syntax}`);

  const abs = path.resolve(ctx.dir, text);
  const problem = pathProblem(abs, ctx.ws);
  if (problem)
    return fail(
      `\`${text}\` ${problem.why}; ${problem.git ? 'input images must be files of the repository, not inside `.git`' : 'input images must be inside the workspace'}`,
    );
  const kind = kindOf(abs);
  if (kind !== 'file') {
    if (kind === 'directory') return fail(`\`${text}\` is a folder, not an image file`);
    if (kind === 'other') return fail(`\`${text}\` is not a regular file`);
    const owner = owners.get(toPosix(path.relative(ctx.ws.root, abs)));
    const hint = owner
      ? `; it is an output of entry \`${owner.id}\`: use \`@${owner.id}${owner.count > 1 ? `#${owner.n}` : ''}\``
      : '';
    return fail(`\`${text}\` does not exist (paths are relative to the manifest's folder)${hint}`);
  }
  const workspacePath = realWorkspacePath(abs, ctx.ws);
  if (workspacePath === undefined) return fail(`\`${text}\` cannot be resolved`);
  return { kind: 'file', path: path.posix.normalize(text), abs, workspacePath };
}

/**
 * Reports every reference that lies on a cycle, naming one cycle through it. For each referenced
 * entry a breadth-first walk finds what it (transitively) uses; an edge u → v is cyclic when u is
 * among them. Quadratic in the number of entries at worst, which manifests never approach.
 */
function reportCycles(edges: readonly Edge[], ctx: Context): void {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const walks = new Map<string, Map<string, string | null>>();
  const walkFrom = (start: string) => {
    const parent = new Map<string, string | null>([[start, null]]);
    const queue = [start];
    for (let i = 0; i < queue.length; i++)
      for (const to of next.get(queue[i]!) ?? [])
        if (!parent.has(to)) {
          parent.set(to, queue[i]!);
          queue.push(to);
        }
    return parent;
  };
  for (const e of edges) {
    const parent = walks.get(e.to) ?? walkFrom(e.to);
    walks.set(e.to, parent);
    if (!parent.has(e.from)) continue;
    const chain: string[] = [];
    for (let cur: string | null | undefined = e.from; cur != null; cur = parent.get(cur)) chain.unshift(cur);
    const cycle = [e.from, ...chain].join(' → ');
    ctx.issues.error(
      ctx.at.value(e.item.path),
      `${pathText(e.item.path)}: \`${e.item.text}\` makes a cycle: ${cycle}; an entry cannot use its own image, directly or through others`,
    );
  }
}
