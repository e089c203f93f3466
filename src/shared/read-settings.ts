/**
 * Raw setting values, as the user typed them, turned into a run's options: the one reading both
 * adapters use (the action's inputs, the CLI's flags). A setting not given takes its default from
 * ./settings.ts; a bad one is a problem that names the setting by its key and says what it must be,
 * and each adapter puts its own name in front (`input poll-timeout: …`, `--poll-timeout …`).
 * Secret values (the key, a webhook URL) are described, never repeated (SPEC §9).
 */

import { parseBytes } from './bytes.js';
import { type DurationRange, parseDuration, parseDurationRange } from './duration.js';
import { checkWebhookUrl, keyProblem } from './secret-input.js';
import { type Concurrency, defaultOf, type InputName, parseConcurrency, SETTINGS } from './settings.js';

/** Which share of the entries this run handles: shard `index` of `total`, 1-based. */
export interface Shard {
  readonly index: number;
  readonly total: number;
}

/** The settings whose values both adapters read as text; absent: not given (the default applies). */
export interface RawSettings {
  readonly 'max-cost'?: string | undefined;
  readonly concurrency?: string | undefined;
  readonly 'poll-interval'?: string | undefined;
  readonly 'poll-timeout'?: string | undefined;
  readonly 'gateway-url'?: string | undefined;
  readonly 'webhook-url'?: string | undefined;
  readonly 'max-image-bytes'?: string | undefined;
  readonly shard?: string | undefined;
  /** Each item a list itself, newline or comma separated. */
  readonly force?: string | readonly string[] | undefined;
  readonly only?: string | readonly string[] | undefined;
}

/** The run's options the raw settings give. */
export interface RunSettings {
  maxCost?: number;
  concurrency: Concurrency;
  /** Poll interval bounds in ms. */
  pollInterval: DurationRange;
  /** Longest wait for one request, ms. */
  pollTimeoutMs: number;
  /** The gateway's origin and path prefix, without a trailing slash. */
  gatewayUrl: string;
  /** Forwarded as X-Webhook-URL; the host in punycode. */
  webhookUrl?: string;
  maxImageBytes: number;
  shard?: Shard;
  /** Ids or globs, one each. */
  force: string[];
  only: string[];
}

/** What is wrong with one setting: `problem` completes a sentence that starts with its name. */
export interface SettingProblem {
  readonly setting: InputName;
  readonly problem: string;
}

/** The raw settings read: the options (defaults where a value was bad), and every problem. */
export interface ReadSettings {
  settings: RunSettings;
  problems: SettingProblem[];
}

/** A list setting's items: split on newlines and commas, trimmed, empty ones dropped. */
export function splitList(raw: string | readonly string[] | undefined): string[] {
  const items = typeof raw === 'string' ? [raw] : (raw ?? []);
  return items
    .flatMap((s) => s.split(/[\n,]/))
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Reads `i/n` (1-based). Returns the problem when it is not a shard. */
export function parseShard(raw: string): Shard | { problem: string } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  if (!m) return { problem: `must look like i/n (for example 1/4), got "${raw}"` };
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || index < 1 || index > total)
    return { problem: `must be i/n with i between 1 and n, got "${raw}"` };
  return { index, total };
}

/** An amount of USD (a leading `$` allowed), 0 or more. */
function parseUsd(raw: string): number | { problem: string } {
  const text = raw.trim().replace(/^\$/, '');
  const n = Number(text);
  if (text === '' || !Number.isFinite(n)) return { problem: `must be a number of USD, got "${raw}"` };
  if (n < 0) return { problem: `must be at least 0, got "${raw}"` };
  return n;
}

/** Lowest and highest poll interval: a range `2s..10s`, or one duration for both. */
function parsePollInterval(raw: string): DurationRange | { problem: string } {
  const text = raw.trim();
  const one = parseDuration(text);
  const range = one !== undefined ? { min: one, max: one } : parseDurationRange(text);
  if (range) return range;
  const [low = '', high = ''] = text.split('..');
  if ((parseDuration(low) ?? 0) > (parseDuration(high) ?? Infinity))
    return { problem: `must name the lower bound first, got "${raw}"` };
  return { problem: `must be a duration or a range like 2s..10s, got "${raw}"` };
}

/** A gateway's base URL, without trailing slashes: http(s) with a host. */
function parseGatewayUrl(raw: string): string | { problem: string } {
  const url = raw.trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) return { problem: `must be an http(s) URL, got "${url}"` };
  return url;
}

/** A webhook URL, checked by the rule of the secret inputs; its value is never repeated. */
function parseWebhookUrl(raw: string): string | { problem: string } {
  const hook = checkWebhookUrl(raw.trim());
  if ('bad' in hook) return { problem: `has ${hook.bad} inside; remove it` };
  if ('notUrl' in hook) return { problem: 'must be an http(s) URL, starting with https://' };
  return hook.url;
}

/**
 * The API key, trimmed, or what is wrong with it: a character outside printable ASCII would make
 * every request fail, so it is refused before any call. The key is described, never repeated.
 */
export function readApiKey(raw: string | undefined): { key: string; problem?: string } {
  const key = raw?.trim() ?? '';
  const problem = keyProblem(key);
  return problem ? { key, problem } : { key };
}

/**
 * Reads every raw setting. An absent value takes the setting's default; a bad one is a problem (and
 * the default stands in). Every problem is collected, in action.yml's order; none is thrown.
 */
export function readSettings(raw: RawSettings): ReadSettings {
  const problems: SettingProblem[] = [];
  /** The setting's value read by `parse`; its default when absent or bad (undefined: it has none). */
  const read = <T>(name: keyof RawSettings & InputName, parse: (text: string) => T | { problem: string }) => {
    const given = raw[name];
    if (typeof given === 'string') {
      const value = parse(given);
      if (!isProblem(value)) return value;
      problems.push({ setting: name, problem: value.problem });
    }
    const fallback = defaultOf(name);
    if (fallback === '') return undefined;
    const value = parse(fallback);
    if (isProblem(value)) throw new Error(`the default of ${name} does not read: ${value.problem}`);
    return value;
  };
  const settings: RunSettings = {
    concurrency: read('concurrency', parseConcurrency)!,
    pollInterval: read('poll-interval', parsePollInterval)!,
    pollTimeoutMs: read('poll-timeout', (t) =>
      orProblem(
        parseDuration(t.trim()),
        `must be a duration like 15m: a positive number and a unit (ms, s, m, h, d, w); got "${t}"`,
      ),
    )!,
    gatewayUrl: read('gateway-url', parseGatewayUrl)!,
    maxImageBytes: read('max-image-bytes', (t) =>
      orProblem(parseBytes(t), `must be a size like 50MiB or 20000000, got "${t}"`),
    )!,
    force: splitList(raw.force),
    only: splitList(raw.only),
  };
  const maxCost = read('max-cost', parseUsd);
  if (maxCost !== undefined) settings.maxCost = maxCost;
  const webhookUrl = read('webhook-url', parseWebhookUrl);
  if (webhookUrl !== undefined) settings.webhookUrl = webhookUrl;
  const shard = read('shard', parseShard);
  if (shard !== undefined) settings.shard = shard;
  return { settings, problems: inOrder(problems) };
}

function isProblem(v: unknown): v is { problem: string } {
  return typeof v === 'object' && v !== null && 'problem' in v;
}

function orProblem<T>(value: T | undefined, problem: string): T | { problem: string } {
  return value === undefined ? { problem } : value;
}

/** Problems in action.yml's order of the settings, so that both adapters list them alike. */
export function inOrder<P extends { setting: InputName }>(problems: readonly P[]): P[] {
  const order = Object.keys(SETTINGS);
  return [...problems].sort((a, b) => order.indexOf(a.setting) - order.indexOf(b.setting));
}
