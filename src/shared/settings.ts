/**
 * How each adapter names the settings a message may point at: the action has inputs
 * (`api-key`), the CLI has flags and environment variables (`--poll-timeout`, `PIXAZO_API_KEY`).
 * Messages are written once, naming a setting by its key here, and each adapter hands its own names
 * to the code that words them — one mapping, no rewriting of finished text.
 */

/** Every setting a message may point at, by the action's input name. */
export type Setting =
  | 'api-key'
  | 'config'
  | 'gateway-url'
  | 'max-cost'
  | 'poll-timeout'
  | 'max-image-bytes'
  | 'input-url-template'
  | 'retry-unknown-submits'
  | 'webhook-url'
  | 'only'
  | 'shard'
  | 'force';

/** A setting as a message names it: `the \`api-key\` input`, `PIXAZO_API_KEY`, `--poll-timeout`. */
export type SettingNames = (setting: Setting) => string;

/** The CLI's flag or environment variable for each setting. */
const CLI: Record<Setting, string> = {
  'api-key': 'PIXAZO_API_KEY',
  config: '--config',
  'gateway-url': '--gateway-url',
  'max-cost': '--max-cost',
  'poll-timeout': '--poll-timeout',
  'max-image-bytes': '--max-image-bytes',
  'input-url-template': '--input-url-template',
  'retry-unknown-submits': '--retry-unknown-submits',
  'webhook-url': '--webhook-url',
  only: '--only',
  shard: '--shard',
  force: '--force',
};

/** The action's names: its inputs (the key is also a repository secret, named in the workflow). */
export const ACTION_NAMES: SettingNames = (s) => `the \`${s}\` input`;

/** The CLI's names: a flag, or the environment variable that holds the key. */
export const CLI_NAMES: SettingNames = (s) => `\`${CLI[s]}\``;

/** Requests in flight at once: `auto` adapts to the gateway (SPEC §5 Concurrency); a number fixes it. */
export type Concurrency = 'auto' | number;

/** The highest fixed `concurrency` accepted. */
export const MAX_FIXED_CONCURRENCY = 64;

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
