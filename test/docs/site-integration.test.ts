/**
 * docs/site-integration.md against real output: the manifest it shows makes the index it shows (same
 * shape, a valid index), and each site generator's snippet reads only properties that exist in the
 * index a real run writes with that section's `index:` and `out:`. The property paths are parsed out
 * of the snippets (JavaScript member chains, Hugo's `index` calls), never listed here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { imageIndexSchema } from '../../src/site/index-schema.js';
import { emulatorAndWorkspace } from '../helpers/setup.js';
import { runOn } from '../helpers/workspace.js';

const DOC = readFileSync(path.resolve(import.meta.dirname, '../../docs/site-integration.md'), 'utf8');

/** `*` is any id of the map (every one must have the rest of the path). */
type Seg = string | number;

interface Section {
  title: string;
  yaml: string;
  code: { lang: string; text: string }[];
}

const sections: Section[] = DOC.split(/^## /m)
  .slice(1)
  .map((s) => {
    const blocks = [...s.matchAll(/^```(\S+)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]! }));
    return {
      title: s.slice(0, s.indexOf('\n')),
      yaml: blocks.find((b) => b.lang === 'yaml')?.text ?? '',
      code: blocks.filter((b) => !['yaml', 'json', 'sh'].includes(b.lang)),
    };
  });
/** The sections that set up a site generator: an `index:` excerpt and code reading it. */
const frameworks = sections.filter((s) => /^index:/m.test(s.yaml) && !/^images:/m.test(s.yaml));

/** `.name` → name, `[0]` → 0, `[anything else]` → any id. */
function segments(chain: string): Seg[] {
  return [...chain.matchAll(/\.([A-Za-z_$][\w$]*)|\[([^\]]+)\]/g)].map((m) =>
    m[1] !== undefined ? m[1] : /^\d+$/.test(m[2]!) ? Number(m[2]) : '*',
  );
}

/** Member chains on the imported index and on the variables assigned from it. */
function jsPaths(code: string, indexFile: string): Seg[][] {
  const vars = new Map<string, Seg[]>();
  for (const m of code.matchAll(/import\s+(\w+)\s+from\s+'([^']+\.json)'/g)) {
    expect(m[2]!.replace(/^@site\//, ''), 'the import names the index file').toMatch(
      new RegExp(`(^|/)${indexFile.replaceAll('.', '\\.')}$`),
    );
    vars.set(m[1]!, []);
  }
  const paths: Seg[][] = [];
  for (const line of code.split('\n')) {
    for (const m of line.matchAll(/\b([A-Za-z_$][\w$]*)((?:\.[A-Za-z_$][\w$]*|\[[^\]]+\])+)/g)) {
      const base = vars.get(m[1]!);
      if (base) paths.push([...base, ...segments(m[2]!)]);
    }
    const assign = /^\s*const\s+(\w+)\s*=\s*([A-Za-z_$][\w$]*)((?:\.[\w$]+|\[[^\]]+\])*);/.exec(line);
    if (assign && vars.has(assign[2]!))
      vars.set(assign[1]!, [...vars.get(assign[2]!)!, ...segments(assign[3]!)]);
  }
  return paths;
}

/** Hugo: `hugo.Data.<file>` chains, `$x := index <chain> <keys…>`, and `$x.field` chains. */
function hugoPaths(code: string, indexFile: string): Seg[][] {
  const vars = new Map<string, Seg[]>();
  const resolve = (chain: string): Seg[] | undefined => {
    const data = /^hugo\.Data\.(\w+)((?:\.\w+)*)$/.exec(chain);
    if (data) {
      expect(`data/${data[1]}.json`, 'hugo.Data names the index file').toBe(indexFile);
      return segments(data[2]!);
    }
    const v = /^(\$\w+)((?:\.\w+)*)$/.exec(chain);
    return v && vars.has(v[1]!) ? [...vars.get(v[1]!)!, ...segments(v[2]!)] : undefined;
  };
  const paths: Seg[][] = [];
  for (const line of code.split('\n')) {
    for (const m of line.matchAll(/(?:hugo\.Data|\$\w+)(?:\.\w+)+/g)) {
      const p = resolve(m[0]);
      if (p) paths.push(p);
    }
    const assign = /\{\{\s*(\$\w+)\s*:=\s*index\s+(\S+)\s+(.+?)\s*\}\}/.exec(line);
    if (!assign) continue;
    const base = resolve(assign[2]!);
    const keys = [...assign[3]!.matchAll(/\([^)]*\)|"[^"]*"|\d+/g)].map((k) =>
      /^\d+$/.test(k[0]) ? Number(k[0]) : k[0].startsWith('"') ? k[0].slice(1, -1) : '*',
    );
    if (base) {
      vars.set(assign[1]!, [...base, ...keys]);
      paths.push([...base, ...keys]);
    }
  }
  return paths;
}

/** Whether `path` leads to a value in `value`; `*` must hold for every id, of which there is one at least. */
function exists(value: unknown, p: readonly Seg[]): boolean {
  if (p.length === 0) return value !== undefined;
  const [head, ...rest] = p;
  if (value === null || typeof value !== 'object') return false;
  if (head === '*') {
    const all = Object.values(value);
    return all.length > 0 && all.every((v) => exists(v, rest));
  }
  return Object.hasOwn(value, head!) && exists((value as Record<Seg, unknown>)[head!], rest);
}

/** Every key path of a JSON value, with array positions and ids kept. */
function shape(value: unknown, at = ''): string[] {
  if (value === null || typeof value !== 'object') return [at];
  return Object.entries(value).flatMap(([k, v]) => shape(v, `${at}/${k}`));
}

const t = emulatorAndWorkspace({}, { latency: 10, imageScale: 0.125 });

async function indexFor(manifest: string): Promise<unknown> {
  await t.ws.write('images.config.yaml', manifest);
  const { report } = await runOn(t.ws, t.emu);
  expect(report.totals.failed).toBe(0);
  return JSON.parse((await t.ws.read(report.index!.file)).toString('utf8'));
}

describe('docs/site-integration.md', () => {
  it('shows the index its manifest makes: a valid index of the same shape', async () => {
    const full = sections[0]!;
    const shown = JSON.parse(/^```json\n([\s\S]*?)^```$/m.exec(DOC)![1]!);
    expect(imageIndexSchema.safeParse(shown).success).toBe(true);
    const real = await indexFor(full.yaml);
    expect(shape(shown)).toEqual(shape(real));
  });

  it('has a section for each site generator the issue names', () => {
    expect(frameworks.map((s) => s.title)).toEqual(['Astro', 'Next.js', 'Docusaurus (MDX)', 'Hugo']);
  });

  it.each(frameworks.map((s) => [s.title, s] as const))(
    '%s: every property its snippet reads exists in a real index',
    async (_title, section) => {
      const excerpt = parse(section.yaml) as { index: string; defaults: { out: string } };
      const out = excerpt.defaults.out;
      const manifest = [
        'version: 1',
        `index: ${excerpt.index}`,
        'defaults:',
        `  out: ${out}`,
        '  quality: low',
        'images:',
        '  hero:',
        '    prompt: A lighthouse',
        '    alt: A lighthouse',
        '  team:',
        '    prompt: Developers',
        '    alt: Developers',
        '    number_of_images: 2',
        `    out: ${out.replace('{id}', '{id}-{n}')}`,
        '',
      ].join('\n');
      const index = await indexFor(manifest);
      const paths = section.code.flatMap((c) =>
        c.lang === 'go-html-template' ? hugoPaths(c.text, excerpt.index) : jsPaths(c.text, excerpt.index),
      );
      // Each snippet reads the alt text, and the path and pixel size of a file.
      const leaves = new Set(paths.map((p) => p.at(-1)));
      for (const field of ['alt', 'path', 'width', 'height']) expect(leaves).toContain(field);
      for (const p of paths) expect(exists(index, p), p.join('.')).toBe(true);
    },
  );

  it('the path checker can fail', () => {
    const index = { images: { a: { files: [{ path: 'x' }] } } };
    expect(exists(index, ['images', '*', 'files', 0, 'path'])).toBe(true);
    expect(exists(index, ['images', '*', 'files', 1, 'path'])).toBe(false);
    expect(exists(index, ['images', '*', 'src'])).toBe(false);
    expect(jsPaths("import i from '../x.json';\nconst a = i.images[id];\na.nope", 'x.json')).toEqual([
      ['images', '*'],
      ['images', '*', 'nope'],
    ]);
  });
});
