/**
 * Every setting of a run, once: its default, and how each adapter names it — the action's input
 * (`poll-timeout`) and the CLI's flag or environment variable (`--poll-timeout`, `PIXAZO_API_KEY`).
 * action.yml's defaults, the CLI's help lines and the docs' tables are checked against this table
 * (test/docs/settings.test.ts); what a raw value means is read in ./read-settings.ts. Messages are
 * written once, naming a setting by its key here, and each adapter hands its own names to the code
 * that words them — one mapping, no rewriting of finished text.
 */

/** Requests in flight at once: `auto` adapts to the gateway (SPEC §5 Concurrency); a number fixes it. */
export type Concurrency = 'auto' | number;

/** The highest fixed `concurrency` accepted. */
export const MAX_FIXED_CONCURRENCY = 64;

/** One setting: what action.yml and the CLI say about it. */
interface SettingSpec {
  /** The default, written as action.yml writes it ('' : none, the description says what happens). */
  readonly default: string;
  /** The CLI's name for it: a flag, or the environment variable; absent: the action's only. */
  readonly cli?: string;
  /** The CLI's help line (also docs/cli.md's), without the default, which is appended. */
  readonly help?: string;
  /** The default as the CLI's help states it, where it differs from the action's. */
  readonly cliDefault?: string;
  /** Words every description of the setting must state (action.yml's and the CLI's help). */
  readonly facts?: readonly string[];
}

/**
 * Every input of action.yml, in its order (SPEC §6), with the CLI's flag where the CLI has one
 * (SPEC §8). A new input goes here first; the tests then ask for it in action.yml.
 */
export const SETTINGS = {
  config: {
    default: 'images.config.yaml',
    cli: '--config',
    help: 'manifest, relative to the current directory',
  },
  'api-key': { default: '', cli: 'PIXAZO_API_KEY' },
  publish: { default: 'commit' },
  'dry-run': {
    default: 'false',
    cli: '--dry-run',
    help: 'plan and estimate only: no gateway call, no file written',
  },
  'max-cost': {
    default: '',
    cli: '--max-cost',
    help: 'refuse, before any submission, a plan that would cost more than this',
  },
  concurrency: {
    default: 'auto',
    cli: '--concurrency',
    help: `requests in flight at once: auto starts at 4 and adapts to the gateway (never above 32), a number (1 to ${MAX_FIXED_CONCURRENCY}) fixes it`,
    facts: ['auto', 'starts at 4', 'never above 32', `1 to ${MAX_FIXED_CONCURRENCY}`],
  },
  'poll-interval': { default: '2s..10s' },
  'poll-timeout': {
    default: '15m',
    cli: '--poll-timeout',
    help: 'longest wait for one request; it stays pending for the next run',
  },
  force: {
    default: '',
    cli: '--force',
    help: "ids or globs to regenerate regardless (comma separated, or 'all')",
  },
  only: { default: '', cli: '--only', help: 'ids or globs to restrict the run to' },
  shard: {
    default: '',
    cli: '--shard',
    help: 'this run handles a deterministic share of the entries (1/4 … 4/4)',
  },
  prune: {
    default: 'false',
    cli: '--prune',
    help: 'delete the files of entries that left the manifest (only files still as generated)',
  },
  lockfile: { default: '' },
  cache: { default: 'true' },
  'cache-key-prefix': { default: 'pixazo-images-v1' },
  'commit-message': { default: '' },
  'sign-commits': { default: 'false' },
  'commit-author': {
    default: 'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>',
  },
  'artifact-name': { default: 'generated-images' },
  'artifact-retention-days': { default: '', facts: ['1 to 90'] },
  comment: { default: 'true' },
  commands: { default: 'true' },
  'github-token': { default: '${{ github.token }}' },
  'gateway-url': {
    default: 'https://gateway.pixazo.ai',
    cli: '--gateway-url',
    help: 'Pixazo gateway',
    cliDefault: '$PIXAZO_GATEWAY_URL, else https://gateway.pixazo.ai',
  },
  'fail-on-error': { default: 'true' },
  'webhook-url': {
    default: '',
    cli: '--webhook-url',
    help: 'sent to the gateway as X-Webhook-URL on every submit',
    facts: ['X-Webhook-URL'],
  },
  'retry-unknown-submits': {
    default: 'false',
    cli: '--retry-unknown-submits',
    help: 'resubmit entries whose earlier submit lost its answer (may pay twice)',
    facts: ['pay twice'],
  },
  'max-image-bytes': {
    default: '50MiB',
    cli: '--max-image-bytes',
    help: 'largest image accepted from the gateway',
  },
  'input-url-template': {
    default: '',
    cli: '--input-url-template',
    help: 'URL of local reference images: {server} {owner} {repo} {sha} {path}',
    cliDefault: "from the 'origin' remote",
    facts: ['{server}', '{owner}', '{repo}', '{sha}', '{path}'],
  },
} as const satisfies Record<string, SettingSpec>;

/** An input of action.yml. */
export type InputName = keyof typeof SETTINGS;

/** Every setting a message may point at: those both adapters have, by the action's input name. */
export type Setting = {
  [K in InputName]: (typeof SETTINGS)[K] extends { cli: string } ? K : never;
}[InputName];

/** A setting as a message names it: `the \`api-key\` input`, `PIXAZO_API_KEY`, `--poll-timeout`. */
export type SettingNames = (setting: Setting) => string;

/** The settings both adapters have, in action.yml's order. */
export const SHARED_SETTINGS = (Object.keys(SETTINGS) as InputName[]).filter(
  (k): k is Setting => 'cli' in SETTINGS[k],
);

/** The CLI's flag or environment variable for a setting, as the user types it. */
export function cliName(setting: Setting): string {
  return SETTINGS[setting].cli;
}

/** The action's names: its inputs (the key is also a repository secret, named in the workflow). */
export const ACTION_NAMES: SettingNames = (s) => `the \`${s}\` input`;

/** The CLI's names: a flag, or the environment variable that holds the key. */
export const CLI_NAMES: SettingNames = (s) => `\`${cliName(s)}\``;

/** A setting's default as the action reads it (`''` when it has none). */
export function defaultOf(name: InputName): string {
  return SETTINGS[name].default;
}

/**
 * A flag's help line: its meaning, then its default (a switch's `false` goes without saying).
 * `--help` and docs/cli.md print this.
 */
export function flagHelp(setting: Setting): string {
  const spec: SettingSpec = SETTINGS[setting];
  const shown = spec.cliDefault ?? (spec.default === 'false' ? '' : spec.default);
  return `${spec.help ?? ''}${shown ? ` (default: ${shown})` : ''}`;
}

/**
 * Reads a `concurrency` setting, the one parser both adapters use: `auto` (any case, surrounding
 * spaces ignored) or a whole number from 1 to 64. Returns the problem as text when it is neither.
 */
export function parseConcurrency(raw: string): Concurrency | { problem: string } {
  const text = raw.trim();
  if (text.toLowerCase() === 'auto') return 'auto';
  const n = Number(text);
  if (text !== '' && Number.isInteger(n) && n >= 1 && n <= MAX_FIXED_CONCURRENCY) return n;
  return {
    problem: `must be \`auto\` or a whole number from 1 to ${MAX_FIXED_CONCURRENCY}, got "${raw}"`,
  };
}
