/**
 * Keeps the generated parts of README.md and docs/*.md in step with their sources:
 *   - the inputs and outputs tables, from action.yml (whose defaults src/shared/settings.ts fixes);
 *   - the CLI's options table, from src/cli/args.ts (meanings of shared settings: src/shared/settings.ts);
 *   - the prices table, from the model registry (src/models/registry.ts);
 *   - each recipe block, from its file under examples/workflows/.
 *
 *   node --import tsx scripts/gen-docs.ts          rewrite the pages that are stale
 *   node --import tsx scripts/gen-docs.ts --check  exit 1 when a page is stale
 *
 * In a page a generated part sits between markers, which this script keeps:
 *   <!-- generated:inputs --> … <!-- /generated:inputs -->      (likewise outputs, prices, flags)
 *   <!-- example: examples/workflows/images-push.yml --> ```yaml … ``` <!-- /example -->
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { COMMANDS, type Command, OPTIONS, type OptionName, optionsOf } from '../src/cli/args.js';
import { MODELS } from '../src/models/registry.js';
import { formatUsd } from '../src/shared/format.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The pages that may hold generated parts, relative to the root: the README and docs/*.md. */
export function documents(root = ROOT): string[] {
  const docs = readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md'));
  return ['README.md', ...docs.sort().map((f) => `docs/${f}`)];
}

/** How users refer to the action (and its repository) in workflows and schema URLs. */
export const ACTION_REPO = 'pixazo/pixazo-images';
export const ACTION_REF = `${ACTION_REPO}@v1`;

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

export function readAction(root = ROOT): ActionYml {
  return parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as ActionYml;
}

/** A table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replaceAll('|', '\\|');
}

/** A default as shown in the table: code, or a dash for none (the description says what happens). */
function defaultCell(value: string | undefined): string {
  if (value === undefined || value === '') return '—';
  return value.includes('`') ? `<code>${cell(value)}</code>` : `\`${cell(value)}\``;
}

/** The inputs table: every input of action.yml, in its order, with its default. */
export function inputsTable(action: ActionYml = readAction()): string {
  const rows = Object.entries(action.inputs).map(
    ([name, spec]) => `| \`${name}\` | ${defaultCell(spec.default)} | ${cell(spec.description)} |`,
  );
  return ['| input | default | description |', '|---|---|---|', ...rows].join('\n');
}

/** The outputs table: every output of action.yml, in its order. */
export function outputsTable(action: ActionYml = readAction()): string {
  const rows = Object.entries(action.outputs).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  );
  return ['| output | description |', '|---|---|', ...rows].join('\n');
}

/**
 * The CLI's options: each with the commands that take it and its `--help` line, in the order of
 * src/cli/args.ts (`schema` takes none, so it has no column).
 */
export function flagsTable(): string {
  const commands = (Object.keys(COMMANDS) as Command[]).filter((c) => COMMANDS[c].options.length > 0);
  const rows = (Object.keys(OPTIONS) as OptionName[]).map((name) => {
    const o: { short?: string; value?: string; help: string } = OPTIONS[name];
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`;
    const takes = commands.map((c) => (optionsOf(c).includes(name) ? '✓' : ''));
    return `| \`${flag}\` | ${takes.join(' | ')} | ${cell(o.help)} |`;
  });
  return [
    `| option | ${commands.join(' | ')} | meaning |`,
    `|---|${commands.map(() => ':---:|').join('')}---|`,
    ...rows,
  ].join('\n');
}

/** USD per image by quality, per model: the prices the plan estimates with. */
export function pricesTable(): string {
  const qualities = Object.keys(Object.values(MODELS).find((m) => m.prices)?.prices ?? {});
  const rows = Object.values(MODELS).map(
    (m) => `| \`${m.id}\` | ${qualities.map((q) => formatUsd(m.prices?.[q] ?? null)).join(' | ')} |`,
  );
  return [
    `| model | ${qualities.join(' | ')} |`,
    `|---|${qualities.map(() => '---|').join('')}`,
    ...rows,
  ].join('\n');
}

const GENERATED = /(<!-- generated:(inputs|outputs|prices|flags) -->)[\s\S]*?(<!-- \/generated:\2 -->)/g;
const EXAMPLE = /(<!-- example: (\S+) -->)[\s\S]*?(<!-- \/example -->)/g;

/** The example files a page refers to, in order of appearance. */
export function exampleRefs(page: string): string[] {
  return [...page.matchAll(EXAMPLE)].map((m) => m[2]!);
}

/** A page with every generated part rewritten from its source. */
export function renderPage(page: string, root = ROOT): string {
  const action = readAction(root);
  return page
    .replace(GENERATED, (_all, open: string, which: string, close: string) => {
      const tables: Record<string, () => string> = {
        inputs: () => inputsTable(action),
        outputs: () => outputsTable(action),
        prices: pricesTable,
        flags: flagsTable,
      };
      const table = tables[which]!();
      return `${open}\n${table}\n${close}`;
    })
    .replace(EXAMPLE, (_all, open: string, file: string, close: string) => {
      const text = readFileSync(path.join(root, file), 'utf8');
      return `${open}\n\`\`\`yaml\n${text.endsWith('\n') ? text : `${text}\n`}\`\`\`\n${close}`;
    });
}

/**
 * Markdown as the project's formatter writes it (`npm run lint` checks the pages too): biome
 * formats tables and code blocks, so the generated parts go through it as well.
 */
export function formatMarkdown(text: string, root = ROOT): string {
  return execFileSync(path.join(root, 'node_modules/.bin/biome'), ['format', '--stdin-file-path=README.md'], {
    cwd: root,
    input: text,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** A page as it should be: generated parts rewritten, then formatted. */
export function freshPage(page: string, root = ROOT): string {
  return formatMarkdown(renderPage(page, root), root);
}

function main(): number {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const file of documents()) {
    const current = readFileSync(path.join(ROOT, file), 'utf8');
    const fresh = freshPage(current);
    if (fresh === current) continue;
    stale++;
    if (check) console.error(`${file} is stale: run node --import tsx scripts/gen-docs.ts`);
    else {
      writeFileSync(path.join(ROOT, file), fresh);
      console.log(`wrote ${file}`);
    }
  }
  if (!check && stale === 0) console.log('the docs are up to date');
  return check && stale > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main();
