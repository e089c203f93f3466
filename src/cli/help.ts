import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS, type Command, OPTIONS, optionsOf } from './args.js';

/** What each command does and examples; its options are listed from args.ts, so only its own. */
const ABOUT: Record<Command, { usage: string; text: string; examples: string[] }> = {
  validate: {
    usage: 'pixazo-images validate [options]',
    text: `Checks the manifest without any network call and prints every problem as
file:line:col: message (paths relative to the current directory). Also says
which local reference images generate could not send (no URL for them, not
committed, not pushed). With --json, prints {"valid", "manifest", "entries",
"errors", "warnings"} on stdout.`,
    examples: [
      'pixazo-images validate',
      'pixazo-images validate --config site/images.config.yaml',
      "pixazo-images validate --json | jq '.errors[].message'",
    ],
  },
  plan: {
    usage: 'pixazo-images plan [options]',
    text: `Prints a table of every entry (id, action, reason, model, quality, images,
est. cost), the total estimate, and what generate would refuse. Makes no
gateway call, writes nothing, needs no API key. Exits 0 with a plan (entries
refused in an earlier run are listed, not a failure), 1 when the plan is over
--max-cost, 2 when the manifest or the arguments are invalid.`,
    examples: [
      'pixazo-images plan',
      "pixazo-images plan --force 'hero*' --max-cost 0.50",
      "pixazo-images plan --json | jq '.estimatedCost'",
    ],
  },
  pick: {
    usage: 'pixazo-images pick <id> <k> [options]',
    text: `Candidate k of the entry's set awaiting a pick (bought by a pull request run,
or by generate --candidates) becomes the entry's image: copied to its out path
through the image verifier, recorded in the lockfile under the entry's
fingerprint, and the set's files removed. No gateway call, no API key. Commit
the result; the run on the base branch after the merge is then a no-op.`,
    examples: ['pixazo-images pick hero 2', 'pixazo-images pick hero 1 --config site/images.config.yaml'],
  },
  generate: {
    usage: 'pixazo-images generate [options]',
    text: `Generates what changed, polls it to completion, verifies and writes the
images, and updates the lockfile (after every accepted submission and every
finished image). Ctrl-C stops submitting and records running requests, so the
next run resumes them without paying again. Entries that left the manifest
keep their files unless --prune; a record whose files are all gone is dropped.`,
    examples: [
      'PIXAZO_API_KEY=… pixazo-images generate',
      'PIXAZO_API_KEY=… pixazo-images generate --max-cost 1.50 --concurrency 8',
      'PIXAZO_API_KEY=… pixazo-images generate --shard 1/2 --prune',
    ],
  },
  gallery: {
    usage: 'pixazo-images gallery [options]',
    text: `Writes DIR/gallery.html, a self-contained page of every entry: its images, id,
alt text, prompt, model, quality, size, cost and date; entries that are
outdated, pending or failed are marked, and the page filters by status and
model. No network, no key; open it from disk (image paths are relative to the
page). DIR defaults to the manifest's folder, where the page reaches the images
by their \`out\` paths (add gallery.html to .gitignore there); it may not be
inside .git.`,
    examples: [
      'pixazo-images gallery',
      'pixazo-images gallery --out /tmp/review --config docs/images.config.yaml',
    ],
  },
  schema: {
    usage: 'pixazo-images schema',
    text: `Prints the JSON Schema (draft-07) of images.config.yaml, for editors. The
npm package also ships it as schema/images.config.schema.json.`,
    examples: ['pixazo-images schema > images.config.schema.json'],
  },
};

/** The environment variables the CLI reads, and which commands read them (undefined: all that print). */
const ENVIRONMENT: { name: string; help: string; used: (c: Command) => boolean }[] = [
  {
    name: 'PIXAZO_API_KEY',
    help: 'the Pixazo subscription key (never printed)',
    used: (c) => c === 'generate',
  },
  {
    name: 'PIXAZO_GATEWAY_URL',
    help: 'default for --gateway-url',
    used: (c) => optionsOf(c).includes('gateway-url'),
  },
  { name: 'NO_COLOR', help: 'no colors', used: (c) => c !== 'schema' },
  {
    name: 'FORCE_COLOR',
    help: '1: colors even when the output is not a terminal; 0: none',
    used: (c) => c !== 'schema',
  },
];

/** The closing lines: the environment a command reads (every variable in the overview), workspace, exit codes. */
function footer(command: Command | undefined): string {
  const vars = ENVIRONMENT.filter((e) => command === undefined || e.used(command));
  const width = Math.max(...vars.map((e) => e.name.length));
  const env = vars.length
    ? `Environment:\n${vars.map((e) => `  ${e.name.padEnd(width)}   ${e.help}${command === undefined && e.name === 'PIXAZO_API_KEY' ? ' (generate)' : ''}`).join('\n')}\n\n`
    : '';
  return `${env}The workspace is the git repository that holds the manifest (else the
manifest's folder), wherever the command runs: every path in the manifest must
stay inside it.
Exit codes: 0 success, 1 an entry failed or the budget was exceeded, 2 the
manifest or the arguments are invalid.
`;
}

/** Help fits a terminal of this many columns. */
const WIDTH = 80;

/** `  -c, --config FILE   manifest, …` for each option, aligned. */
function optionLines(names: readonly (keyof typeof OPTIONS)[]): string {
  const rows = names.map((n) => {
    const o: { short?: string; value?: string; help: string } = OPTIONS[n];
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${n}${o.value ? ` ${o.value}` : ''}`;
    return [flag, o.help] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length));
  const indent = ' '.repeat(width + 5);
  return rows
    .map(([f, h]) => {
      // Descriptions wrap under themselves, so the flags stay a clean column.
      const lines: string[] = [];
      let line = '';
      for (const word of h.split(' ')) {
        if (line && indent.length + line.length + 1 + word.length > WIDTH) {
          lines.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      lines.push(line);
      return `  ${f.padEnd(width)}   ${lines.join(`\n${indent}`)}`;
    })
    .join('\n');
}

/** The help of one command, or the overview when `command` is undefined. */
export function helpText(command: Command | undefined): string {
  if (command) {
    const a = ABOUT[command];
    const examples = a.examples.map((e) => `  ${e}`).join('\n');
    return `Usage: ${a.usage}\n\n${a.text}\n\nExample${a.examples.length > 1 ? 's' : ''}:\n${examples}\n\nOptions:\n${optionLines(optionsOf(command).filter((o) => o !== 'version'))}\n\n${footer(command)}`;
  }
  const names = Object.keys(COMMANDS) as Command[];
  const width = Math.max(...names.map((n) => n.length));
  return `pixazo-images — keep generated illustrations in sync with images.config.yaml

Usage: pixazo-images <command> [options]
       pixazo-images help <command>

Commands:
${names.map((n) => `  ${n.padEnd(width)}   ${COMMANDS[n].summary}`).join('\n')}

Examples:
  pixazo-images validate
  pixazo-images plan --config docs/images.config.yaml
  PIXAZO_API_KEY=… pixazo-images generate --max-cost 2 --only 'hero*'

Global options:
${optionLines(['help', 'version'])}

${footer(undefined)}`;
}

/** An argument problem, and where the usage is. */
export function usageError(message: string, command?: Command): string {
  return `error: ${message}\nRun 'pixazo-images ${command ? `${command} ` : ''}--help' for usage.\n`;
}

/**
 * The package's version, read from its package.json: two folders up from both src/cli/ (tsx) and
 * dist/cli/ (the bundle, also inside the published package). The path is built at run time so
 * that the bundler leaves the file where it is.
 */
export function version(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const file = ['package', 'json'].join('.');
  try {
    const pkg = JSON.parse(readFileSync(path.resolve(here, '..', '..', file), 'utf8')) as {
      name?: string;
      version?: string;
    };
    if (pkg.name === 'pixazo-images' && pkg.version) return pkg.version;
  } catch {
    // Fall through: a bundle copied elsewhere has no package.json beside it.
  }
  return 'unknown';
}
