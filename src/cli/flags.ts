/**
 * The flags' values as the engine and the gateway client take them, read by the same module as the
 * action's inputs (src/shared/read-settings.ts), with the same defaults. Every bad flag is reported
 * together, in one ConfigError (exit 2), before anything is read or sent.
 */
import { ConfigError } from '../engine/errors.js';
import type { RunOptions } from '../engine/types.js';
import type { PixazoClientOptions } from '../gateway/options.js';
import { idMatcher } from '../plan/select.js';
import { readApiKey, readSettings } from '../shared/read-settings.js';
import { secrets } from '../shared/redact.js';
import { cliName, type InputName, SETTINGS } from '../shared/settings.js';
import type { CommandLine } from './args.js';

/** The run's options, less what the session provides (manifest, lockfile, dry run, signal). */
export type RunFlags = Omit<RunOptions, 'manifest' | 'lockfilePath' | 'dryRun' | 'signal'>;

/** What generate hands the gateway client, less the key and the logger. */
export type ClientFlags = Pick<
  PixazoClientOptions,
  'baseUrl' | 'retryUnknownSubmits' | 'maxImageBytes' | 'webhookUrl'
>;

/**
 * Reads the flags, mapping each onto its setting (`--poll-timeout` ↔ `poll-timeout`). The gateway's
 * URL falls back on PIXAZO_GATEWAY_URL, which a message then names.
 */
export function readFlags(
  v: CommandLine['values'],
  env: NodeJS.ProcessEnv,
): { run: RunFlags; client: ClientFlags } {
  // Registered before anything is printed, also for commands that never send it.
  secrets.addKey(readApiKey(env.PIXAZO_API_KEY).key);
  // Often a secret itself (chat webhooks carry their token): redacted everywhere, named, never repeated.
  if (v['webhook-url'] !== undefined) secrets.addWebhook(v['webhook-url'].trim());
  const { settings, problems } = readSettings({
    'max-cost': v['max-cost'],
    concurrency: v.concurrency,
    'poll-timeout': v['poll-timeout'],
    'gateway-url': v['gateway-url'] ?? env.PIXAZO_GATEWAY_URL,
    'webhook-url': v['webhook-url'],
    'max-image-bytes': v['max-image-bytes'],
    shard: v.shard,
    force: v.force,
    only: v.only,
  });
  // Each problem names the flag; an unusable gateway URL may have come from the environment.
  const name = (setting: InputName): string =>
    setting === 'gateway-url' && v['gateway-url'] === undefined
      ? 'PIXAZO_GATEWAY_URL'
      : ((SETTINGS[setting] as { cli?: string }).cli ?? setting);
  if (problems.length > 0)
    throw new ConfigError(problems.map((p) => `${name(p.setting)} ${p.problem}`).join('\n'));

  const force = idMatcher(settings.force);
  const only = idMatcher(settings.only);
  const retryUnknownSubmits = v['retry-unknown-submits'] === true;
  return {
    run: {
      concurrency: settings.concurrency,
      pollInterval: settings.pollInterval,
      pollTimeoutMs: settings.pollTimeoutMs,
      prune: v.prune === true,
      retryUnknownSubmits,
      ...(settings.maxCost !== undefined ? { maxCost: settings.maxCost } : {}),
      ...(force ? { force } : {}),
      ...(only ? { only } : {}),
      ...(settings.shard ? { shard: settings.shard } : {}),
    },
    client: {
      baseUrl: settings.gatewayUrl,
      retryUnknownSubmits,
      maxImageBytes: settings.maxImageBytes,
      ...(settings.webhookUrl !== undefined ? { webhookUrl: settings.webhookUrl } : {}),
    },
  };
}

/**
 * The key from PIXAZO_API_KEY, trimmed and registered with the redactor; a key with a character
 * outside printable ASCII is refused unread.
 */
export function apiKeyFrom(env: NodeJS.ProcessEnv): string {
  const { key, problem } = readApiKey(env.PIXAZO_API_KEY);
  secrets.addKey(key);
  if (problem) throw new ConfigError(`${cliName('api-key')} ${problem}`);
  return key;
}
