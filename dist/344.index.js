export const id = 344;
export const ids = [344];
export const modules = {

/***/ 48344:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createActionsCache: () => (/* binding */ createActionsCache)
});

// UNUSED EXPORTS: stagingDir

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/models/registry.ts
var registry = __webpack_require__(46635);
// EXTERNAL MODULE: ./src/plan/lockfile.ts + 1 modules
var lockfile = __webpack_require__(59054);
// EXTERNAL MODULE: ./src/shared/redact.ts
var redact = __webpack_require__(48932);
// EXTERNAL MODULE: ./src/shared/semaphore.ts
var semaphore = __webpack_require__(25627);
// EXTERNAL MODULE: ./src/shared/words.ts
var words = __webpack_require__(60152);
;// CONCATENATED MODULE: ./src/publish/cache-probe.ts
/** Whether the Actions cache service answers, asked once before the cache library is used. */
const PROBE_TIMEOUT_MS = 20_000;
const CACHE_SERVICE = 'github.actions.results.api.v1.CacheService';
/**
 * Asks the v2 cache service one read-only question before the library is used. The library turns
 * every failure into a log line of its own and a plain miss, and retries 5xx for ~25 s per call, so
 * without this an outage would print a warning per entry and stall every lookup. Returns why the
 * service is unusable, or undefined when it answered.
 */
async function probeService(prefix) {
    const base = process.env.ACTIONS_RESULTS_URL;
    // GHES speaks v1 (the library ignores the v2 flag there): its own checks are all we have.
    const host = new URL(process.env.GITHUB_SERVER_URL || 'https://github.com').hostname.toLowerCase();
    const ghes = host !== 'github.com' && !host.endsWith('.ghe.com') && !host.endsWith('.localhost');
    if (!process.env.ACTIONS_CACHE_SERVICE_V2 || !base || ghes)
        return undefined;
    const token = process.env.ACTIONS_RUNTIME_TOKEN;
    if (!token)
        return 'ACTIONS_RUNTIME_TOKEN is not set';
    const { request, EnvHttpProxyAgent } = await __webpack_require__.e(/* import() */ 752).then(__webpack_require__.t.bind(__webpack_require__, 24371, 19));
    // Honour HTTP(S)_PROXY / NO_PROXY like the library's own client does on self-hosted runners.
    const dispatcher = new EnvHttpProxyAgent();
    try {
        const res = await request(new URL(`/twirp/${CACHE_SERVICE}/GetCacheEntryDownloadURL`, base), {
            method: 'POST',
            dispatcher,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ key: `${prefix}-probe`, version: '0'.repeat(64) }),
            signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
        });
        const text = await res.body.text();
        if (res.statusCode >= 200 && res.statusCode < 300)
            return undefined;
        const msg = /"msg"\s*:\s*"([^"]*)"/.exec(text)?.[1];
        return `the cache service answered ${res.statusCode}${msg ? ` (${msg})` : ''}`;
    }
    catch (err) {
        return `the cache service is unreachable: ${err instanceof Error ? err.message : String(err)}`;
    }
    finally {
        await dispatcher.close();
    }
}

;// CONCATENATED MODULE: ./src/publish/cache.ts
/**
 * The image cache over `@actions/cache`: generated images keyed by fingerprint, so a rerun, another
 * branch or a reverted manifest gets its images back without paying the gateway again.
 * Best effort throughout: a broken or missing cache service costs one warning, never the run.
 */








/** Library calls at once: the engine may look up every entry together, each lookup runs tar. */
const MAX_PARALLEL = 4;
/** GitHub rejects longer keys; leave room for `-pending-<hex>-<run id>-<time>`. */
const MAX_PREFIX = 300;
/** Where the images of one fingerprint are staged. Fixed, because the entry version hashes the exact paths. */
function stagingDir(runnerTemp, fingerprint) {
    return join(resolve(runnerTemp), 'pixazo-images-cache', fingerprintHex(fingerprint));
}
function fingerprintHex(fingerprint) {
    const hex = /^sha256:([0-9a-f]{64})$/.exec(fingerprint)?.[1];
    if (!hex)
        throw new TypeError(`not a fingerprint: ${JSON.stringify(fingerprint)}`);
    return hex;
}
/** An image format's extensions stage as the one it writes (`jpeg` as `jpg`); anything odd becomes `img` (the name only has to be stable). */
function normalizeExt(ext) {
    const e = ext.replace(/^\./, '').toLowerCase();
    const format = (0,registry/* formatOfExtension */.qQ)(e);
    if (format)
        return registry/* FORMAT_EXT */.QU[format];
    return /^[a-z0-9]{1,10}$/.test(e) ? e : 'img';
}
const messageOf = (err) => (err instanceof Error ? err.message : String(err));
async function allPresent(paths) {
    const stats = await Promise.all(paths.map((p) => (0,promises_.stat)(p).catch(() => undefined)));
    return stats.every((s) => s?.isFile() && s.size > 0);
}
class ActionsImageCache {
    opts;
    root;
    gate = new semaphore/* Semaphore */.j(MAX_PARALLEL);
    /** Per-fingerprint queues: a save never overwrites staged files a restore is extracting. */
    tails = new Map();
    /** One lookup per staged path set per run: a second caller must not wipe files the first is copying. */
    restores = new Map();
    /** Fingerprints restored from the cache: their key exists, saving again would only be refused. */
    hits = new Set();
    lib;
    disabled = false;
    seq = 0;
    constructor(opts) {
        this.opts = opts;
        if (!opts.prefix || opts.prefix.includes(',') || opts.prefix.length > MAX_PREFIX) {
            throw new Error(`cache-key-prefix must be 1..${MAX_PREFIX} characters without commas: ${opts.prefix}`);
        }
        this.root = (0,external_node_path_.join)((0,external_node_path_.resolve)(opts.runnerTemp), 'pixazo-images-cache');
    }
    async restore(fingerprint, count, ext) {
        const hex = fingerprintHex(fingerprint);
        if (!Number.isInteger(count) || count < 1)
            throw new TypeError(`image count must be at least 1: ${count}`);
        const e = normalizeExt(ext);
        const paths = Array.from({ length: count }, (_, i) => (0,external_node_path_.join)(this.root, hex, `${i + 1}.${e}`));
        const memo = paths.join('\n');
        let lookup = this.restores.get(memo);
        if (!lookup) {
            lookup = this.serial(hex, () => this.restoreInto(`${this.opts.prefix}-${fingerprint}`, paths, hex));
            this.restores.set(memo, lookup);
        }
        return lookup.then((found) => found && [...found]);
    }
    async save(fingerprint, files) {
        try {
            const hex = fingerprintHex(fingerprint);
            if (files.length === 0)
                return;
            const paths = files.map((f, i) => (0,external_node_path_.join)(this.root, hex, `${i + 1}.${normalizeExt((0,external_node_path_.extname)(f))}`));
            await this.serial(hex, async () => {
                if (this.hits.has(hex) || !(await this.ready()))
                    return;
                await (0,promises_.mkdir)((0,external_node_path_.join)(this.root, hex), { recursive: true });
                await Promise.all(files.map((f, i) => (0,promises_.copyFile)(f, paths[i])));
                await this.saveFrom(`${this.opts.prefix}-${fingerprint}`, paths, (0,words/* plural */.L)(files.length, 'image'));
            });
        }
        catch (err) {
            this.opts.logger.warning(`Could not cache the images of ${fingerprint}: ${messageOf(err)}`);
        }
    }
    async savePending(fingerprint, pending) {
        try {
            const hex = fingerprintHex(fingerprint);
            const file = (0,external_node_path_.join)(this.root, hex, 'pending.json');
            // Keys are immutable, so every save gets a fresh one; restore takes the newest by prefix.
            const key = `${this.pendingPrefix(hex)}${this.opts.runId ?? 'local'}-${Date.now()}-${++this.seq}`;
            await this.serial(`pending:${hex}`, async () => {
                if (!(await this.ready()))
                    return;
                await (0,promises_.mkdir)((0,external_node_path_.join)(this.root, hex), { recursive: true });
                await (0,promises_.writeFile)(file, (0,redact/* redact */.E$)(`${JSON.stringify(pending)}\n`));
                await this.saveFrom(key, [file], 'pending request');
            });
        }
        catch (err) {
            this.opts.logger.warning(`Could not cache the pending request of ${fingerprint}: ${messageOf(err)}`);
        }
    }
    async restorePending(fingerprint) {
        const hex = fingerprintHex(fingerprint);
        const file = (0,external_node_path_.join)(this.root, hex, 'pending.json');
        const prefix = this.pendingPrefix(hex);
        return this.serial(`pending:${hex}`, async () => {
            // The prefix doubles as the primary key: no pending key equals it, so the restore key decides.
            if (!(await this.restoreInto(prefix, [file], undefined, [prefix])))
                return undefined;
            try {
                const value = JSON.parse(await (0,promises_.readFile)(file, 'utf8'));
                return lockfile/* cachedPendingSchema */.rP.safeParse(value).data;
            }
            catch (err) {
                this.opts.logger.debug(`cached pending request of ${fingerprint} is unreadable: ${messageOf(err)}`);
                return undefined;
            }
        });
    }
    pendingPrefix(hex) {
        return `${this.opts.prefix}-pending-${hex}-`;
    }
    /** Restores `key` into exactly `paths`; returns them when every file arrived. */
    async restoreInto(key, paths, hex, restoreKeys = []) {
        const lib = await this.ready();
        if (!lib)
            return undefined;
        return this.gate.run(async () => {
            // Leftovers from an earlier attempt must not pass for restored files.
            await Promise.all(paths.map((p) => (0,promises_.rm)(p, { force: true })));
            if (this.disabled)
                return undefined;
            let matched;
            try {
                matched = await lib.restoreCache([...paths], key, restoreKeys);
            }
            catch (err) {
                this.disable(`restoring ${key} failed: ${messageOf(err)}`);
                return undefined;
            }
            if (!matched || !(await allPresent(paths))) {
                this.opts.logger.debug(matched ? `cache entry ${matched} lacked files: a miss` : `cache miss: ${key}`);
                return undefined;
            }
            this.opts.logger.debug(`cache hit: ${matched}`);
            if (hex)
                this.hits.add(hex);
            return paths;
        });
    }
    async saveFrom(key, paths, what) {
        const lib = await this.ready();
        if (!lib)
            return;
        await this.gate.run(async () => {
            if (this.disabled)
                return;
            let id;
            try {
                id = await lib.saveCache([...paths], key);
            }
            catch (err) {
                this.disable(`saving ${key} failed: ${messageOf(err)}`);
                return;
            }
            // -1 covers "key already exists" (another run got there first) as well as soft failures the
            // library has already logged: neither is worth a second warning.
            if (id === -1)
                this.opts.logger.debug(`cache entry ${key} not saved (exists, or the library said why)`);
            else
                this.opts.logger.info(`Cached ${what} as ${key}`);
        });
    }
    /** Loads and checks the library once, on first use: a run that needs no cache never parses it. */
    ready() {
        this.lib ??= (async () => {
            try {
                // The library's own check reads only these variables: without either, do not parse it at all.
                if (!this.opts.load && !process.env.ACTIONS_RESULTS_URL && !process.env.ACTIONS_CACHE_URL) {
                    this.disable('this job has no Actions cache service (ACTIONS_RESULTS_URL / ACTIONS_CACHE_URL unset)');
                    return undefined;
                }
                const lib = await (this.opts.load ?? (() => Promise.all(/* import() */[__webpack_require__.e(110), __webpack_require__.e(91)]).then(__webpack_require__.bind(__webpack_require__, 18091))))();
                if (!lib.isFeatureAvailable()) {
                    this.disable('this job has no Actions cache service (ACTIONS_RESULTS_URL / ACTIONS_CACHE_URL unset)');
                    return undefined;
                }
                const problem = await probeService(this.opts.prefix);
                if (problem) {
                    this.disable(problem);
                    return undefined;
                }
                return lib;
            }
            catch (err) {
                this.disable(`@actions/cache could not be loaded: ${messageOf(err)}`);
                return undefined;
            }
        })();
        return this.lib.then((lib) => (this.disabled ? undefined : lib));
    }
    /** The one warning of the run; from then on every call is a miss or a no-op. */
    disable(reason) {
        if (this.disabled)
            return;
        this.disabled = true;
        this.opts.logger.warning(`Image cache unavailable, continuing without it: ${reason}`);
    }
    /** Runs `fn` after every earlier task with the same `id` has settled. */
    serial(id, fn) {
        const run = (this.tails.get(id) ?? Promise.resolve()).then(fn);
        const tail = run.catch(() => undefined);
        this.tails.set(id, tail);
        void tail.then(() => {
            if (this.tails.get(id) === tail)
                this.tails.delete(id);
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
function createActionsCache(opts) {
    return new ActionsImageCache(opts);
}


/***/ })

};
