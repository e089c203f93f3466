/**
 * The command line: every option once (name, value, help line), which command takes which, and a
 * parser that answers a typo with a did-you-mean instead of Node's raw parseArgs message.
 */
import { parseArgs } from 'node:util';
import { closest } from '../manifest/suggest.js';
import { flagHelp } from '../shared/settings.js';

interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** The value's placeholder in help (`FILE`, `USD`); string options only. */
  readonly value?: string;
  readonly help: string;
}

/**
 * Every option of every command. Which command takes which is in {@link COMMANDS}; the meaning and
 * default of an option the action also has (its input) are in src/shared/settings.ts.
 */
export const OPTIONS = {
  config: { type: 'string', short: 'c', value: 'FILE', help: flagHelp('config') },
  'gateway-url': { type: 'string', value: 'URL', help: flagHelp('gateway-url') },
  concurrency: { type: 'string', value: 'N', help: flagHelp('concurrency') },
  'max-cost': { type: 'string', value: 'USD', help: flagHelp('max-cost') },
  force: { type: 'string', multiple: true, value: 'IDS', help: flagHelp('force') },
  only: { type: 'string', multiple: true, value: 'IDS', help: flagHelp('only') },
  shard: { type: 'string', value: 'i/n', help: flagHelp('shard') },
  prune: { type: 'boolean', help: flagHelp('prune') },
  'dry-run': { type: 'boolean', help: flagHelp('dry-run') },
  'poll-timeout': { type: 'string', value: 'D', help: flagHelp('poll-timeout') },
  'retry-unknown-submits': { type: 'boolean', help: flagHelp('retry-unknown-submits') },
  'max-image-bytes': { type: 'string', value: 'B', help: flagHelp('max-image-bytes') },
  'webhook-url': { type: 'string', value: 'URL', help: flagHelp('webhook-url') },
  'input-url-template': { type: 'string', value: 'T', help: flagHelp('input-url-template') },
  // The CLI's own options: no action input has them.
  json: {
    type: 'boolean',
    help: 'print the result as JSON on stdout (for scripts); progress stays on stderr',
  },
  report: { type: 'string', value: 'FILE', help: 'also write the JSON report to FILE' },
  out: {
    type: 'string',
    value: 'DIR',
    help: "where gallery.html goes (default: the manifest's folder; never inside .git)",
  },
  wide: { type: 'boolean', help: 'the full table, whatever the width of the terminal' },
  candidates: {
    type: 'boolean',
    help: 'act as a pull request run: buy candidate sets, keep sets awaiting a pick',
  },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  version: { type: 'boolean', short: 'V', help: 'print the version' },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

const RUN: readonly OptionName[] = ['config', 'max-cost', 'force', 'only', 'shard', 'retry-unknown-submits'];

/** The commands, in help order, with a one-line summary and the options each takes. */
export const COMMANDS = {
  validate: {
    summary: 'check the manifest; every problem as file:line:col (no network)',
    options: ['config', 'input-url-template', 'json'],
  },
  plan: {
    summary: 'what would be generated, why, and the estimated cost (no network)',
    options: [...RUN, 'input-url-template', 'json', 'report', 'wide', 'candidates'],
  },
  generate: {
    summary: 'generate what changed, write images and lockfile (needs a key)',
    options: [
      ...RUN,
      'prune',
      'dry-run',
      'gateway-url',
      'concurrency',
      'poll-timeout',
      'max-image-bytes',
      'webhook-url',
      'input-url-template',
      'json',
      'report',
      'wide',
      'candidates',
    ],
  },
  pick: {
    summary: "<id> <k>: candidate k becomes the entry's image (no network)",
    options: ['config', 'json', 'report', 'wide'],
  },
  gallery: {
    summary: 'a page of every image, to look at (no network)',
    options: ['config', 'out'],
  },
  schema: { summary: "print the manifest's JSON Schema (for editors)", options: [] },
} as const satisfies Record<string, { summary: string; options: readonly OptionName[] }>;

export type Command = keyof typeof COMMANDS;

/** Taken by every command. */
const GLOBAL: readonly OptionName[] = ['help', 'version'];

type Values = { [K in OptionName]?: (typeof OPTIONS)[K] extends { type: 'boolean' } ? boolean : string } & {
  force?: string[];
  only?: string[];
};

/** A command line that parsed: the command (absent: none given), and its options' values. */
export interface CommandLine {
  command?: Command;
  /** `--help`, `-h`, or `help <command>`. */
  help: boolean;
  values: Values;
  /** `pick`'s arguments: the id and the candidate number, as typed. */
  args?: readonly string[];
}

/** A command line that did not parse: one sentence, with a did-you-mean when there is one. */
export class UsageError extends Error {
  override name = 'UsageError';
  /** The command it is about, when known: its help is where to look. */
  readonly command: Command | undefined;
  constructor(message: string, command?: Command) {
    super(message);
    this.command = command;
  }
}

export function isCommand(s: string): s is Command {
  return Object.hasOwn(COMMANDS, s);
}

/** The options `command` takes, global ones included. */
export function optionsOf(command: Command | undefined): OptionName[] {
  return [...(command ? COMMANDS[command].options : []), ...GLOBAL];
}

/**
 * Parses the arguments. Throws a UsageError naming the first problem: an unknown command or option
 * (with the closest known name), an option the command does not take, a missing or stray value, or
 * an unexpected argument.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  // Lenient parsing, so that every problem can be explained here in our words.
  const { values, positionals, tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const helpWord = positionals[0] === 'help';
  const [name, ...extra] = helpWord ? positionals.slice(1) : positionals;
  if (name !== undefined && !isCommand(name)) {
    const c = closest(name, [...Object.keys(COMMANDS), 'help']);
    throw new UsageError(`unknown command '${name}'${c ? `; did you mean '${c}'?` : ''}`);
  }
  const command = name as Command | undefined;
  const allowed = optionsOf(command);
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const known = Object.hasOwn(OPTIONS, t.name) ? (t.name as OptionName) : undefined;
    if (!known) {
      const c = closest(
        t.rawName,
        allowed.map((o) => `--${o}`),
      );
      throw new UsageError(`unknown option '${t.rawName}'${c ? `; did you mean '${c}'?` : ''}`, command);
    }
    if (!allowed.includes(known)) {
      const takers = (Object.keys(COMMANDS) as Command[]).filter((c) =>
        (COMMANDS[c].options as readonly OptionName[]).includes(known),
      );
      throw new UsageError(
        command
          ? `'${command}' does not take --${known} (${takers.join(' and ')} ${takers.length === 1 ? 'does' : 'do'})`
          : `--${known} needs a command: ${takers.map((c) => `pixazo-images ${c} --${known}`).join(', or ')}`,
        command,
      );
    }
    const spec: OptionSpec = OPTIONS[known];
    if (spec.type === 'string' && t.value === undefined)
      throw new UsageError(`option '${t.rawName}' needs a value (${t.rawName} ${spec.value})`, command);
    if (spec.type === 'boolean' && t.inlineValue)
      throw new UsageError(`option '--${known}' takes no value (got '${t.rawName}=${t.value}')`, command);
  }
  // `pick <id> <k>` is the one command with arguments.
  const args = command === 'pick' && !helpWord ? extra.splice(0, 2) : [];
  if (
    command === 'pick' &&
    !helpWord &&
    values.help !== true &&
    (args.length < 2 || !/^[1-9][0-9]*$/.test(args[1]!))
  )
    throw new UsageError(
      'pick needs an entry id and a candidate number: pixazo-images pick <id> <k>',
      command,
    );
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`, command);
  return {
    ...(command ? { command } : {}),
    ...(args.length > 0 && { args }),
    help: helpWord || values.help === true,
    values: values as Values,
  };
}
