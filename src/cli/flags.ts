/**
 * The flags' values as the engine and the gateway client take them, read with the same parsers as
 * the action's inputs. Every bad flag is reported together, in one ConfigError (exit 2), before
 * anything is read or sent.
 */
import { ConfigError } from '../engine/errors.js';
import type { RunOptions } from '../engine/types.js';
import type { PixazoClientOptions } from '../gateway/options.js';
import { DURATION_HINT, parseDuration } from '../manifest/duration.js';
import { idMatcher, parseShard, splitList } from '../plan/select.js';
import { parseBytes } from '../shared/bytes.js';
import { secrets } from '../shared/redact.js';
import { checkWebhookUrl, keyProblem } from '../shared/secret-input.js';
import { type Concurrency, parseConcurrency } from '../shared/settings.js';
import type { CommandLine } from './args.js';

const DEFAULT_GATEWAY = 'https://gateway.pixazo.ai';

/** The run's options, less what the session provides (manifest, lockfile, dry run, signal). */
export type RunFlags = Omit<RunOptions, 'manifest' | 'lockfilePath' | 'dryRun' | 'signal'>;

/** What generate hands the gateway client, less the key and the logger. */
export type ClientFlags = Pick<
  PixazoClientOptions,
  'baseUrl' | 'retryUnknownSubmits' | 'maxImageBytes' | 'webhookUrl'
>;

export function readFlags(
  v: CommandLine['values'],
  env: NodeJS.ProcessEnv,
): { run: RunFlags; client: ClientFlags } {
  // Registered before anything is printed, also for commands that never send it.
  secrets.addKey(env.PIXAZO_API_KEY?.trim() ?? '');
  const problems: string[] = [];
  const bad = (flag: string, msg: string): undefined => {
    problems.push(`--${flag} ${msg}`);
    return undefined;
  };

  let concurrency: Concurrency = 'auto';
  if (v.concurrency !== undefined) {
    const c = parseConcurrency(v.concurrency);
    if (typeof c === 'object') bad('concurrency', c.problem);
    else concurrency = c;
  }
  let maxCost: number | undefined;
  if (v['max-cost'] !== undefined) {
    const text = v['max-cost'].trim().replace(/^\$/, '');
    const n = Number(text);
    if (text !== '' && Number.isFinite(n) && n >= 0) maxCost = n;
    else bad('max-cost', `must be a number of USD, got "${v['max-cost']}"`);
  }
  let shard: RunFlags['shard'];
  if (v.shard !== undefined) {
    const s = parseShard(v.shard);
    if (typeof s === 'string') problems.push(`--${s}`);
    else shard = s;
  }
  let pollTimeoutMs = 15 * 60_000;
  if (v['poll-timeout'] !== undefined)
    pollTimeoutMs =
      parseDuration(v['poll-timeout']) ??
      bad('poll-timeout', `must be ${DURATION_HINT}; got "${v['poll-timeout']}"`) ??
      pollTimeoutMs;
  let maxImageBytes: number | undefined;
  if (v['max-image-bytes'] !== undefined)
    maxImageBytes =
      parseBytes(v['max-image-bytes']) ??
      bad('max-image-bytes', `must be a size like 50MiB or 20000000, got "${v['max-image-bytes']}"`);
  // Often a secret itself (chat webhooks carry their token): redacted everywhere, named, never repeated.
  let webhookUrl: string | undefined;
  const webhookRaw = v['webhook-url']?.trim();
  if (webhookRaw !== undefined) {
    secrets.addWebhook(webhookRaw);
    const hook = checkWebhookUrl(webhookRaw);
    if ('bad' in hook) bad('webhook-url', `has ${hook.bad} inside; remove it`);
    else if ('notUrl' in hook) bad('webhook-url', 'must be an http(s) URL, starting with https://');
    else webhookUrl = hook.url;
  }
  const baseUrl = (v['gateway-url'] ?? env.PIXAZO_GATEWAY_URL ?? DEFAULT_GATEWAY).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(baseUrl))
    problems.push(
      `${v['gateway-url'] === undefined ? 'PIXAZO_GATEWAY_URL' : '--gateway-url'} must be an http(s) URL, got "${baseUrl}"`,
    );
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));

  const force = idMatcher((v.force ?? []).flatMap(splitList));
  const only = idMatcher((v.only ?? []).flatMap(splitList));
  const retryUnknownSubmits = v['retry-unknown-submits'] === true;
  return {
    run: {
      concurrency,
      pollInterval: { min: 2000, max: 10_000 },
      pollTimeoutMs,
      prune: v.prune === true,
      retryUnknownSubmits,
      ...(maxCost !== undefined ? { maxCost } : {}),
      ...(force ? { force } : {}),
      ...(only ? { only } : {}),
      ...(shard ? { shard } : {}),
    },
    client: {
      baseUrl,
      retryUnknownSubmits,
      ...(maxImageBytes !== undefined ? { maxImageBytes } : {}),
      ...(webhookUrl !== undefined ? { webhookUrl } : {}),
    },
  };
}

/**
 * The key from PIXAZO_API_KEY, trimmed and registered with the redactor; a key with a character
 * outside printable ASCII is refused unread.
 */
export function apiKeyFrom(env: NodeJS.ProcessEnv): string {
  const key = env.PIXAZO_API_KEY?.trim() ?? '';
  secrets.addKey(key);
  const problem = keyProblem(key);
  if (problem) throw new ConfigError(`PIXAZO_API_KEY has ${problem} inside: set it again without it.`);
  return key;
}
