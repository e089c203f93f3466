/**
 * The top-level `index:` key: where the image index for site generators goes. Its path follows the
 * rules of `out` (relative to the manifest's folder, inside the workspace, outside `.git`), must not
 * be a file the run writes for another purpose, and with it every entry should carry alt text.
 */
import path from 'node:path';
import type { Context, Draft } from './draft.js';
import { badPathSyntax, kindOf, pathProblem, toPosix } from './paths.js';
import type { IndexTarget } from './types.js';

const AT = ['index'] as const;

/**
 * Checks `index:` (the value as written; the schema has already refused anything but non-empty
 * text) and returns where the index goes. With an index, an entry without `alt` gets a warning:
 * sites render the index's images, and an image without alt text is unusable with a screen reader.
 */
export function checkIndex(
  raw: unknown,
  manifestAbs: string,
  drafts: ReadonlyMap<string, Draft>,
  ctx: Context,
): IndexTarget | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  const { at, issues, ws } = ctx;
  const pos = at.value(AT);
  const error = (why: string) => issues.error(pos, `index: \`${raw}\` ${why}`);
  for (const d of drafts.values())
    if (d.alt === undefined)
      issues.warning(
        at.key(['images', d.id]),
        `images.${d.id}: no \`alt\`, and \`index:\` hands this image to your site: add \`alt:\` describing it ` +
          '(screen readers read it out), or `alt: ""` for a purely decorative image',
      );

  const syntax = badPathSyntax(raw);
  if (syntax) return void error(syntax);
  if (!/\.json$/i.test(raw))
    return void error('must end in `.json`: the index is JSON, e.g. `src/data/images.json`');
  const abs = path.resolve(ctx.dir, raw);
  const problem = pathProblem(abs, ws);
  if (problem) {
    const fix = problem.git
      ? "; `.git` is git's own folder: write the index elsewhere"
      : '; the index must stay inside the workspace';
    return void error(`${problem.why}${fix}`);
  }
  if (kindOf(abs) === 'directory')
    return void error('is a folder; `index` must name a file, e.g. `data/images.json`');
  const workspacePath = toPosix(path.relative(ws.root, abs));
  // Case aside: on macOS and Windows checkouts the two names are one file.
  const same = (other: string) => other.toLowerCase() === abs.toLowerCase();
  if (same(manifestAbs)) return void error('is the manifest itself; name another file');
  const writer = [...drafts.values()].find((d) =>
    d.outWorkspace.some((p) => p.toLowerCase() === workspacePath.toLowerCase()),
  );
  if (writer) return void error(`is also the output of entry \`${writer.id}\`; name another file`);
  return { abs, workspacePath };
}
