import * as core from '@actions/core';
import { ConfigError } from '../engine/errors.js';
import { parseDuration, parseDurationRange } from '../manifest/duration.js';
import { parseShard, type Shard, splitList } from '../plan/select.js';
import { parseBytes } from '../shared/bytes.js';
import { checkWebhookUrl, keyProblem } from '../shared/secret-input.js';
import { type Concurrency, parseConcurrency } from '../shared/settings.js';
import { registerSecrets } from './sinks.js';

export type PublishMode = 'commit' | 'artifact' | 'none';

/** Every input of action.yml, typed. Names are in this file only. */
export interface ActionInputs {
  /** Manifest path, relative to the workspace. */
  config: string;
  /** Pixazo subscription key; '' ⇒ plan only. Masked as soon as it is read. */
  apiKey: string;
  /** Where results go. */
  publish: PublishMode;
  /** Plan and estimate only. */
  dryRun: boolean;
  /** USD ceiling for this run. */
  maxCost?: number;
  /** Requests in flight at once. */
  concurrency: Concurrency;
  /** Poll interval bounds in ms. */
  pollInterval: { min: number; max: number };
  /** Longest wait for one request, ms. */
  pollTimeoutMs: number;
  /** Ids/globs to regenerate regardless. */
  force: string[];
  /** Ids/globs to restrict the run to. */
  only: string[];
  /** This job's share of the entries. */
  shard?: Shard;
  /** Delete files of entries that left the manifest. */
  prune: boolean;
  /** Lockfile path override (workspace-relative). */
  lockfile?: string;
  /** Use the image cache. */
  cache: boolean;
  cacheKeyPrefix: string;
  /** Commit message template (`{count}`, `{generated}`, `{removed}`); '' ⇒ the automatic wording. */
  commitMessage: string;
  /** Commit through GitHub's API, which signs the commit, instead of git push. */
  signCommits: boolean;
  commitAuthor: { name: string; email: string };
  artifactName: string;
  artifactRetentionDays?: number;
  /** Sticky PR comment on pull_request events. */
  comment: boolean;
  /** On issue_comment events, act on `/pixazo pick` and `/pixazo reroll` in pull request comments. */
  commands: boolean;
  githubToken: string;
  gatewayUrl: string;
  failOnError: boolean;
  webhookUrl?: string;
  retryUnknownSubmits: boolean;
  maxImageBytes: number;
  /** Template for URLs of local reference images; undefined ⇒ by host. */
  inputUrlTemplate?: string;
}

/**
 * Turn the step's inputs into a typed object. Every bad input is reported together, each naming the
 * input and the fix, in one ConfigError, before any call. The API key is masked the moment it is
 * read, and no message ever repeats it.
 */
export function readInputs(): ActionInputs {
  const apiKey = core.getInput('api-key');
  // Often a secret itself (chat webhooks carry their token): registered with the redactor at once too.
  const webhookRaw = core.getInput('webhook-url');
  registerSecrets(apiKey, webhookRaw);
  const problems: string[] = [];
  const bad = (name: string, msg: string): undefined => {
    problems.push(`input ${name}: ${msg}`);
    return undefined;
  };
  const keyBad = keyProblem(apiKey);
  if (keyBad) bad('api-key', `the key has ${keyBad} inside; set the secret again without it`);
  const get = (name: string): string => core.getInput(name);
  const str = (name: string, fallback: string): string => get(name) || fallback;
  const bool = (name: string, fallback: boolean): boolean => {
    if (get(name) === '') return fallback;
    try {
      return core.getBooleanInput(name);
    } catch {
      return bad(name, `expected true or false, got "${get(name)}"`) ?? fallback;
    }
  };
  const num = (name: string, opts: { int?: boolean; min?: number; max?: number }): number | undefined => {
    const v = get(name);
    if (v === '') return undefined;
    const n = Number(v.replace(/^\$/, ''));
    if (!Number.isFinite(n) || (opts.int && !Number.isInteger(n)))
      return bad(name, `expected ${opts.int ? 'a whole number' : 'a number'}, got "${v}"`);
    if (opts.min !== undefined && n < opts.min) return bad(name, `must be at least ${opts.min}, got ${n}`);
    if (opts.max !== undefined && n > opts.max) return bad(name, `must be at most ${opts.max}, got ${n}`);
    return n;
  };

  const concurrency = (): Concurrency => {
    const c = parseConcurrency(str('concurrency', 'auto'));
    return typeof c === 'object' ? (bad('concurrency', c.problem) ?? 'auto') : c;
  };

  const publishRaw = str('publish', 'commit');
  const publish =
    (['commit', 'artifact', 'none'] as const).find((p) => p === publishRaw) ??
    bad('publish', `expected commit, artifact or none, got "${publishRaw}"`) ??
    'none';

  const pollRaw = str('poll-interval', '2s..10s');
  const range = parseDurationRange(pollRaw);
  const single = range ? undefined : parseDuration(pollRaw);
  const pollInterval = range ?? (single !== undefined ? { min: single, max: single } : undefined);
  if (!pollInterval) bad('poll-interval', `expected a duration or a range like 2s..10s, got "${pollRaw}"`);
  else if (pollInterval.min > pollInterval.max)
    bad('poll-interval', `the lower bound is above the upper bound in "${pollRaw}"`);

  const timeoutRaw = str('poll-timeout', '15m');
  const pollTimeoutMs =
    parseDuration(timeoutRaw) ?? bad('poll-timeout', `expected a duration like 15m, got "${timeoutRaw}"`);

  const shardRaw = get('shard');
  let shard: Shard | undefined;
  if (shardRaw) {
    const s = parseShard(shardRaw);
    if (typeof s === 'string') bad('shard', s);
    else shard = s;
  }

  const authorRaw = str(
    'commit-author',
    'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>',
  );
  const author = /^\s*(.+?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(authorRaw);
  if (!author) bad('commit-author', `expected "Name <email>", got "${authorRaw}"`);

  const bytesRaw = str('max-image-bytes', '50MiB');
  const maxImageBytes =
    parseBytes(bytesRaw) ??
    bad('max-image-bytes', `expected a size like 50MiB or 20000000, got "${bytesRaw}"`);

  const gatewayUrl = str('gateway-url', 'https://gateway.pixazo.ai').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(gatewayUrl))
    bad('gateway-url', `expected an http(s) URL, got "${gatewayUrl}"`);
  // Named, never repeated.
  let webhookUrl: string | undefined;
  if (webhookRaw) {
    const hook = checkWebhookUrl(webhookRaw);
    if ('bad' in hook) bad('webhook-url', `the URL has ${hook.bad} inside; remove it`);
    else if ('notUrl' in hook) bad('webhook-url', 'expected an http(s) URL, starting with https://');
    else webhookUrl = hook.url;
  }

  const inputs: ActionInputs = {
    config: str('config', 'images.config.yaml'),
    apiKey,
    publish,
    dryRun: bool('dry-run', false),
    concurrency: concurrency(),
    pollInterval: pollInterval ?? { min: 2000, max: 10000 },
    pollTimeoutMs: pollTimeoutMs ?? 900_000,
    force: splitList(get('force')),
    only: splitList(get('only')),
    prune: bool('prune', false),
    cache: bool('cache', true),
    cacheKeyPrefix: str('cache-key-prefix', 'pixazo-images-v1'),
    commitMessage: get('commit-message'),
    signCommits: bool('sign-commits', false),
    commitAuthor: author
      ? { name: author[1]!, email: author[2]! }
      : { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' },
    artifactName: str('artifact-name', 'generated-images'),
    comment: bool('comment', true),
    commands: bool('commands', true),
    githubToken: get('github-token'),
    gatewayUrl,
    failOnError: bool('fail-on-error', true),
    retryUnknownSubmits: bool('retry-unknown-submits', false),
    maxImageBytes: maxImageBytes ?? 50 * 1024 * 1024,
  };
  const maxCost = num('max-cost', { min: 0 });
  if (maxCost !== undefined) inputs.maxCost = maxCost;
  const retention = num('artifact-retention-days', { int: true, min: 1, max: 90 });
  if (retention !== undefined) inputs.artifactRetentionDays = retention;
  if (shard) inputs.shard = shard;
  const lockfile = get('lockfile');
  if (lockfile) inputs.lockfile = lockfile;
  if (webhookUrl) inputs.webhookUrl = webhookUrl;
  const template = get('input-url-template');
  if (template) inputs.inputUrlTemplate = template;
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  return inputs;
}
