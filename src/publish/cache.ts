/**
 * The image cache over `@actions/cache`: generated images keyed by fingerprint, so a rerun, another
 * branch or a reverted manifest gets its images back without paying the gateway again.
 * Best effort throughout: a broken or missing cache service costs one warning, never the run.
 */
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { ImageCacheLike } from '../engine/cache.js';
import { FORMAT_EXT, formatOfExtension } from '../models/registry.js';
import { type CachedPending, cachedPendingSchema } from '../plan/lockfile.js';
import type { Logger } from '../shared/logger.js';
import { redact } from '../shared/redact.js';
import { Semaphore } from '../shared/semaphore.js';
import { plural } from '../shared/words.js';
import { probeService } from './cache-probe.js';

type CacheLib = Pick<typeof import('@actions/cache'), 'isFeatureAvailable' | 'restoreCache' | 'saveCache'>;

/** Options of {@link createActionsCache}. */
export interface ActionsCacheOptions {
  /** Input `cache-key-prefix`: keys are `{prefix}-{fingerprint}`. No commas (the library forbids them). */
  prefix: string;
  /** `RUNNER_TEMP`: images are staged under a fixed folder there (see {@link stagingDir}). */
  runnerTemp: string;
  logger: Logger;
  /** Run id (and attempt) that makes pending keys unique; `local` when absent. */
  runId?: string;
  /** How the library is loaded; tests may substitute it. Defaults to a lazy `import('@actions/cache')`. */
  load?: () => Promise<CacheLib>;
}

/** Library calls at once: the engine may look up every entry together, each lookup runs tar. */
const MAX_PARALLEL = 4;
/** GitHub rejects longer keys; leave room for `-pending-<hex>-<run id>-<time>`. */
const MAX_PREFIX = 300;

/** Where the images of one fingerprint are staged. Fixed, because the entry version hashes the exact paths. */
export function stagingDir(runnerTemp: string, fingerprint: string): string {
  return join(resolve(runnerTemp), 'pixazo-images-cache', fingerprintHex(fingerprint));
}

function fingerprintHex(fingerprint: string): string {
  const hex = /^sha256:([0-9a-f]{64})$/.exec(fingerprint)?.[1];
  if (!hex) throw new TypeError(`not a fingerprint: ${JSON.stringify(fingerprint)}`);
  return hex;
}

/** An image format's extensions stage as the one it writes (`jpeg` as `jpg`); anything odd becomes `img` (the name only has to be stable). */
function normalizeExt(ext: string): string {
  const e = ext.replace(/^\./, '').toLowerCase();
  const format = formatOfExtension(e);
  if (format) return FORMAT_EXT[format];
  return /^[a-z0-9]{1,10}$/.test(e) ? e : 'img';
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function allPresent(paths: readonly string[]): Promise<boolean> {
  const stats = await Promise.all(paths.map((p) => stat(p).catch(() => undefined)));
  return stats.every((s) => s?.isFile() && s.size > 0);
}

class ActionsImageCache implements Required<ImageCacheLike> {
  private readonly root: string;
  private readonly gate = new Semaphore(MAX_PARALLEL);
  /** Per-fingerprint queues: a save never overwrites staged files a restore is extracting. */
  private readonly tails = new Map<string, Promise<unknown>>();
  /** One lookup per staged path set per run: a second caller must not wipe files the first is copying. */
  private readonly restores = new Map<string, Promise<string[] | undefined>>();
  /** Fingerprints restored from the cache: their key exists, saving again would only be refused. */
  private readonly hits = new Set<string>();
  private lib: Promise<CacheLib | undefined> | undefined;
  private disabled = false;
  private seq = 0;

  constructor(private readonly opts: ActionsCacheOptions) {
    if (!opts.prefix || opts.prefix.includes(',') || opts.prefix.length > MAX_PREFIX) {
      throw new Error(`cache-key-prefix must be 1..${MAX_PREFIX} characters without commas: ${opts.prefix}`);
    }
    this.root = join(resolve(opts.runnerTemp), 'pixazo-images-cache');
  }

  async restore(fingerprint: string, count: number, ext: string): Promise<string[] | undefined> {
    const hex = fingerprintHex(fingerprint);
    if (!Number.isInteger(count) || count < 1)
      throw new TypeError(`image count must be at least 1: ${count}`);
    const e = normalizeExt(ext);
    const paths = Array.from({ length: count }, (_, i) => join(this.root, hex, `${i + 1}.${e}`));
    const memo = paths.join('\n');
    let lookup = this.restores.get(memo);
    if (!lookup) {
      lookup = this.serial(hex, () => this.restoreInto(`${this.opts.prefix}-${fingerprint}`, paths, hex));
      this.restores.set(memo, lookup);
    }
    return lookup.then((found) => found && [...found]);
  }

  async save(fingerprint: string, files: readonly string[]): Promise<void> {
    try {
      const hex = fingerprintHex(fingerprint);
      if (files.length === 0) return;
      const paths = files.map((f, i) => join(this.root, hex, `${i + 1}.${normalizeExt(extname(f))}`));
      await this.serial(hex, async () => {
        if (this.hits.has(hex) || !(await this.ready())) return;
        await mkdir(join(this.root, hex), { recursive: true });
        await Promise.all(files.map((f, i) => copyFile(f, paths[i])));
        await this.saveFrom(`${this.opts.prefix}-${fingerprint}`, paths, plural(files.length, 'image'));
      });
    } catch (err) {
      this.opts.logger.warning(`Could not cache the images of ${fingerprint}: ${messageOf(err)}`);
    }
  }

  async savePending(fingerprint: string, pending: CachedPending): Promise<void> {
    try {
      const hex = fingerprintHex(fingerprint);
      const file = join(this.root, hex, 'pending.json');
      // Keys are immutable, so every save gets a fresh one; restore takes the newest by prefix.
      const key = `${this.pendingPrefix(hex)}${this.opts.runId ?? 'local'}-${Date.now()}-${++this.seq}`;
      await this.serial(`pending:${hex}`, async () => {
        if (!(await this.ready())) return;
        await mkdir(join(this.root, hex), { recursive: true });
        await writeFile(file, redact(`${JSON.stringify(pending)}\n`));
        await this.saveFrom(key, [file], 'pending request');
      });
    } catch (err) {
      this.opts.logger.warning(`Could not cache the pending request of ${fingerprint}: ${messageOf(err)}`);
    }
  }

  async restorePending(fingerprint: string): Promise<CachedPending | undefined> {
    const hex = fingerprintHex(fingerprint);
    const file = join(this.root, hex, 'pending.json');
    const prefix = this.pendingPrefix(hex);
    return this.serial(`pending:${hex}`, async () => {
      // The prefix doubles as the primary key: no pending key equals it, so the restore key decides.
      if (!(await this.restoreInto(prefix, [file], undefined, [prefix]))) return undefined;
      try {
        const value: unknown = JSON.parse(await readFile(file, 'utf8'));
        return cachedPendingSchema.safeParse(value).data;
      } catch (err) {
        this.opts.logger.debug(`cached pending request of ${fingerprint} is unreadable: ${messageOf(err)}`);
        return undefined;
      }
    });
  }

  private pendingPrefix(hex: string): string {
    return `${this.opts.prefix}-pending-${hex}-`;
  }

  /** Restores `key` into exactly `paths`; returns them when every file arrived. */
  private async restoreInto(
    key: string,
    paths: string[],
    hex: string | undefined,
    restoreKeys: string[] = [],
  ): Promise<string[] | undefined> {
    const lib = await this.ready();
    if (!lib) return undefined;
    return this.gate.run(async () => {
      // Leftovers from an earlier attempt must not pass for restored files.
      await Promise.all(paths.map((p) => rm(p, { force: true })));
      if (this.disabled) return undefined;
      let matched: string | undefined;
      try {
        matched = await lib.restoreCache([...paths], key, restoreKeys);
      } catch (err) {
        this.disable(`restoring ${key} failed: ${messageOf(err)}`);
        return undefined;
      }
      if (!matched || !(await allPresent(paths))) {
        this.opts.logger.debug(
          matched ? `cache entry ${matched} lacked files: a miss` : `cache miss: ${key}`,
        );
        return undefined;
      }
      this.opts.logger.debug(`cache hit: ${matched}`);
      if (hex) this.hits.add(hex);
      return paths;
    });
  }

  private async saveFrom(key: string, paths: string[], what: string): Promise<void> {
    const lib = await this.ready();
    if (!lib) return;
    await this.gate.run(async () => {
      if (this.disabled) return;
      let id: number;
      try {
        id = await lib.saveCache([...paths], key);
      } catch (err) {
        this.disable(`saving ${key} failed: ${messageOf(err)}`);
        return;
      }
      // -1 covers "key already exists" (another run got there first) as well as soft failures the
      // library has already logged: neither is worth a second warning.
      if (id === -1) this.opts.logger.debug(`cache entry ${key} not saved (exists, or the library said why)`);
      else this.opts.logger.info(`Cached ${what} as ${key}`);
    });
  }

  /** Loads and checks the library once, on first use: a run that needs no cache never parses it. */
  private ready(): Promise<CacheLib | undefined> {
    this.lib ??= (async () => {
      try {
        // The library's own check reads only these variables: without either, do not parse it at all.
        if (!this.opts.load && !process.env.ACTIONS_RESULTS_URL && !process.env.ACTIONS_CACHE_URL) {
          this.disable(
            'this job has no Actions cache service (ACTIONS_RESULTS_URL / ACTIONS_CACHE_URL unset)',
          );
          return undefined;
        }
        const lib = await (this.opts.load ?? (() => import('@actions/cache')))();
        if (!lib.isFeatureAvailable()) {
          this.disable(
            'this job has no Actions cache service (ACTIONS_RESULTS_URL / ACTIONS_CACHE_URL unset)',
          );
          return undefined;
        }
        const problem = await probeService(this.opts.prefix);
        if (problem) {
          this.disable(problem);
          return undefined;
        }
        return lib;
      } catch (err) {
        this.disable(`@actions/cache could not be loaded: ${messageOf(err)}`);
        return undefined;
      }
    })();
    return this.lib.then((lib) => (this.disabled ? undefined : lib));
  }

  /** The one warning of the run; from then on every call is a miss or a no-op. */
  private disable(reason: string): void {
    if (this.disabled) return;
    this.disabled = true;
    this.opts.logger.warning(`Image cache unavailable, continuing without it: ${reason}`);
  }

  /** Runs `fn` after every earlier task with the same `id` has settled. */
  private serial<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.tails.get(id) ?? Promise.resolve()).then(fn);
    const tail = run.catch(() => undefined);
    this.tails.set(id, tail);
    void tail.then(() => {
      if (this.tails.get(id) === tail) this.tails.delete(id);
    });
    return run;
  }
}

/**
 * The image cache backed by the Actions cache service. `@actions/cache` is imported on first use.
 * Needs in the environment what the library needs: ACTIONS_CACHE_SERVICE_V2, ACTIONS_RESULTS_URL,
 * ACTIONS_RUNTIME_TOKEN, GITHUB_WORKSPACE (tar runs there), RUNNER_TEMP, and `tar` on PATH.
 * Throws only for an invalid `prefix`.
 */
export function createActionsCache(opts: ActionsCacheOptions): Required<ImageCacheLike> {
  return new ActionsImageCache(opts);
}
