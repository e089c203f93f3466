import * as core from '@actions/core';
import { ConfigError } from '../engine/errors.js';
import { inOrder, readApiKey, readSettings, type Shard } from '../shared/read-settings.js';
import { type Concurrency, defaultOf, type InputName } from '../shared/settings.js';
import { registerSecrets } from './sinks.js';

export type PublishMode = 'commit' | 'artifact' | 'none';

/** Every input of action.yml, typed. Their names and defaults are in src/shared/settings.ts. */
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
 * Turn the step's inputs into a typed object. The settings the CLI shares are read by
 * src/shared/read-settings.ts; this maps the inputs' names onto it and reads the action's own. Every
 * bad input is reported together, each naming the input and what it must be, in one ConfigError,
 * before any call. The API key is masked the moment it is read, and no message ever repeats it.
 */
export function readInputs(): ActionInputs {
  const get = (name: InputName): string => core.getInput(name);
  const key = readApiKey(get('api-key'));
  // Often a secret itself (chat webhooks carry their token): registered with the redactor at once too.
  const webhookRaw = get('webhook-url');
  registerSecrets(key.key, webhookRaw);
  // An empty input is one not given: action.yml's default, or none.
  const given = (name: InputName): string | undefined => get(name) || undefined;
  const { settings, problems } = readSettings({
    'max-cost': given('max-cost'),
    concurrency: given('concurrency'),
    'poll-interval': given('poll-interval'),
    'poll-timeout': given('poll-timeout'),
    'gateway-url': given('gateway-url'),
    'webhook-url': given('webhook-url'),
    'max-image-bytes': given('max-image-bytes'),
    shard: given('shard'),
    force: get('force'),
    only: get('only'),
  });
  const bad = (setting: InputName, problem: string): undefined => {
    problems.push({ setting, problem });
    return undefined;
  };
  if (key.problem) bad('api-key', key.problem);
  const str = (name: InputName): string => get(name) || defaultOf(name);
  const bool = (name: InputName): boolean => {
    const fallback = defaultOf(name) === 'true';
    if (get(name) === '') return fallback;
    try {
      return core.getBooleanInput(name);
    } catch {
      return bad(name, `must be true or false, got "${get(name)}"`) ?? fallback;
    }
  };

  const publishRaw = str('publish');
  const publish =
    (['commit', 'artifact', 'none'] as const).find((p) => p === publishRaw) ??
    bad('publish', `must be commit, artifact or none, got "${publishRaw}"`) ??
    'none';

  const authorOf = (raw: string) => /^\s*(.+?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(raw);
  const authorRaw = str('commit-author');
  const author =
    authorOf(authorRaw) ??
    bad('commit-author', `must look like "Name <email>", got "${authorRaw}"`) ??
    authorOf(defaultOf('commit-author'))!;

  const retentionRaw = get('artifact-retention-days');
  const retention = retentionRaw === '' ? undefined : Number(retentionRaw);
  if (retention !== undefined && !(Number.isInteger(retention) && retention >= 1 && retention <= 90))
    bad('artifact-retention-days', `must be a whole number from 1 to 90, got "${retentionRaw}"`);

  const inputs: ActionInputs = {
    config: str('config'),
    apiKey: key.key,
    publish,
    dryRun: bool('dry-run'),
    concurrency: settings.concurrency,
    pollInterval: settings.pollInterval,
    pollTimeoutMs: settings.pollTimeoutMs,
    force: settings.force,
    only: settings.only,
    prune: bool('prune'),
    cache: bool('cache'),
    cacheKeyPrefix: str('cache-key-prefix'),
    commitMessage: get('commit-message'),
    signCommits: bool('sign-commits'),
    commitAuthor: { name: author[1]!, email: author[2]! },
    artifactName: str('artifact-name'),
    comment: bool('comment'),
    commands: bool('commands'),
    githubToken: get('github-token'),
    gatewayUrl: settings.gatewayUrl,
    failOnError: bool('fail-on-error'),
    retryUnknownSubmits: bool('retry-unknown-submits'),
    maxImageBytes: settings.maxImageBytes,
  };
  if (settings.maxCost !== undefined) inputs.maxCost = settings.maxCost;
  if (retention !== undefined) inputs.artifactRetentionDays = retention;
  if (settings.shard) inputs.shard = settings.shard;
  const lockfile = get('lockfile');
  if (lockfile) inputs.lockfile = lockfile;
  if (settings.webhookUrl) inputs.webhookUrl = settings.webhookUrl;
  const template = get('input-url-template');
  if (template) inputs.inputUrlTemplate = template;
  if (problems.length > 0)
    throw new ConfigError(
      inOrder(problems)
        .map((p) => `input ${p.setting}: ${p.problem}`)
        .join('\n'),
    );
  return inputs;
}
