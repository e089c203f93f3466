export const id = 76;
export const ids = [76];
export const modules = {

/***/ 9076:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cli: () => (/* binding */ cli)
});

// UNUSED EXPORTS: EXIT

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/engine/errors.ts
/** The plan costs more than `max-cost`, or holds unpriced images while `max-cost` is set. */
class BudgetError extends Error {
    report;
    name = 'BudgetError';
    constructor(message, 
    /** The plan that was refused (nothing was submitted). */
    report) {
        super(message);
        this.report = report;
    }
}
/** A problem with how the run is configured (inputs, flags, environment): exit code 2. */
class ConfigError extends Error {
    name = 'ConfigError';
}

;// CONCATENATED MODULE: ./src/plan/types.ts
/**
 * Whether an action spends: it buys a generation (`generate`) or collects one bought before
 * (`resume`), so the entry's price counts in the estimate and its image is made in this run.
 */
function spends(action) {
    return action === 'generate' || action === 'resume';
}

// EXTERNAL MODULE: ./src/shared/settings.ts
var shared_settings = __webpack_require__(7564);
;// CONCATENATED MODULE: ./src/engine/inputs.ts



/**
 * The URLs the gateway fetches an entry's input images from: remote URLs as written, local files
 * through `inputUrl`, and `@id` upstreams as the fresh media URLs of this run (after waiting for
 * the upstream) or as their committed files' URLs. A string is the reason the entry is blocked.
 */
async function inputUrlsFor(entry, entries, deps, resultOf) {
    const blocked = await blockedBy(entry, resultOf);
    if (blocked)
        return blocked;
    const urls = [];
    for (const input of entry.inputs) {
        if (input.kind === 'url')
            urls.push(input.url);
        else if (input.kind === 'file')
            urls.push(deps.inputUrl(input));
        else {
            const done = await resultOf(input.id);
            const all = done?.mediaUrls ?? upstreamFiles(entries, input.id).map((f) => deps.inputUrl(f));
            urls.push(...(input.index !== undefined ? [all[input.index - 1]] : all));
        }
    }
    return urls;
}
/** Why an entry cannot be made in this run: an `@id` upstream failed in it (the first named). */
async function blockedBy(entry, resultOf) {
    for (const input of entry.inputs) {
        if (input.kind !== 'ref')
            continue;
        const done = await resultOf(input.id);
        if (done && !done.ok)
            return `blocked by ${input.id}: it failed in this run`;
    }
    return undefined;
}
/** An upstream's committed files, as local inputs. */
function upstreamFiles(entries, id) {
    const up = entries.find((e) => e.id === id);
    return (up?.outWorkspace ?? []).map((w, i) => ({
        kind: 'file',
        path: up.out[i],
        abs: '',
        workspacePath: w,
    }));
}
/**
 * What a run would refuse before spending, one `id: why` line per problem: local inputs (and
 * unchanged upstreams' files) the gateway could not fetch. The CLI's validate and plan show these;
 * a run stops on them ({@link preflightInputs}).
 */
async function inputProblems(planned, entries, deps, names = shared_settings/* ACTION_NAMES */.G) {
    const toSubmit = planned.filter((p) => spends(p.action));
    // Entries made in this run hand fresh media URLs to their dependants (a copy passes on its
    // leader's); only the others' committed files need a URL of their own.
    const regenerated = new Set(planned.filter((p) => p.action === 'copy').map((p) => p.entry.id));
    for (const p of toSubmit)
        regenerated.add(p.entry.id);
    const problems = [];
    for (const p of toSubmit) {
        for (const input of p.entry.inputs) {
            const files = input.kind === 'file'
                ? [input]
                : input.kind === 'ref' && !regenerated.has(input.id)
                    ? upstreamFiles(entries, input.id)
                    : [];
            for (const file of files) {
                if (!deps.inputUrl) {
                    problems.push(`${p.entry.id}: the local input ${file.workspacePath} needs a public URL for the gateway to fetch — set ${names('input-url-template')}`);
                    continue;
                }
                const problem = await deps.checkInput?.(file);
                if (problem)
                    problems.push(`${p.entry.id}: ${problem}`);
            }
        }
    }
    return [...new Set(problems)];
}
/** Before spending: local inputs (and unchanged upstreams' files) must be reachable by the gateway. */
async function preflightInputs(planned, entries, deps, names) {
    const problems = await inputProblems(planned, entries, deps, names);
    if (problems.length > 0)
        throw new ConfigError(`Nothing was submitted:\n${problems.join('\n')}`);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
;// CONCATENATED MODULE: ./src/shared/git.ts




/** A git command that failed. `command` and `stderr` never contain the token. */
class GitError extends Error {
    command;
    stderr;
    exitCode;
    name = 'GitError';
    constructor(
    /** `git <args>` as run, token-free. */
    command, 
    /** git's stderr (masked), trimmed. */
    stderr, 
    /** Exit code, or null when git could not be started or was killed. */
    exitCode) {
        super(`${command} failed${exitCode === null ? '' : ` (exit ${exitCode})`}${stderr ? `: ${stderr}` : ''}`);
        this.command = command;
        this.stderr = stderr;
        this.exitCode = exitCode;
    }
}
// Git objects we read (lockfiles, command output) are small, but the 1 MiB default is too tight to be safe.
const MAX_BUFFER = 256 * 1024 * 1024;
/**
 * The git CLI in one directory: `execFile` (no shell), stdout returned, failures thrown as {@link GitError}.
 * Messages are forced to English (`LC_ALL=C`) because callers classify push failures by stderr text,
 * and prompts are disabled so a missing credential fails instead of hanging the job.
 */
class GitCli {
    cwd;
    options;
    #secrets;
    #authHeader;
    constructor(
    /** Directory the commands run in. */
    cwd, options = {}) {
        this.cwd = cwd;
        this.options = options;
        const { token } = options;
        this.#authHeader = token
            ? `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`
            : undefined;
        this.#secrets = token ? [token, Buffer.from(`x-access-token:${token}`).toString('base64')] : [];
    }
    /** The same repository with more environment (for example a temporary `GIT_INDEX_FILE`). */
    withEnv(env) {
        return new GitCli(this.cwd, { ...this.options, env: { ...this.options.env, ...env } });
    }
    /** Run `git <args>` and return its stdout. */
    exec(args, opts = {}) {
        return this.#run(args, opts, 'utf8');
    }
    /** The bytes of blob `id` (images are binary: never through a string). */
    readBlob(id) {
        return this.#run(['cat-file', 'blob', id], {}, 'buffer');
    }
    #run(args, opts, encoding) {
        const env = {
            ...process.env,
            GIT_TERMINAL_PROMPT: '0',
            LC_ALL: 'C',
            ...this.options.env,
            ...opts.env,
        };
        if (opts.auth && this.#authHeader)
            addConfigEnv(env, 'http.extraheader', this.#authHeader);
        for (const [k, v] of Object.entries(env))
            if (v === undefined)
                delete env[k];
        const command = `git ${args.join(' ')}`;
        return new Promise((resolve, reject) => {
            const child = (0,external_node_child_process_.execFile)('git', args, { cwd: this.cwd, env, maxBuffer: MAX_BUFFER, encoding }, (err, stdout, stderr) => {
                if (!err)
                    return resolve(stdout);
                const code = typeof err.code === 'number' ? err.code : null;
                const detail = (String(stderr) || (code === null ? err.message : '')).trim();
                reject(new GitError(this.#mask(command), this.#mask(detail), code));
            });
            // A command that does not read stdin may close it before we write: ignore EPIPE there.
            child.stdin?.on('error', () => { });
            child.stdin?.end(opts.input ?? '');
        });
    }
    /**
     * The blob ids git gives the files at `paths` (relative to `cwd`), their `.gitattributes` filters
     * applied (a Git LFS pointer's id under LFS): what `git add` would put in the index. One process
     * for all of them; nothing is written to the object database.
     */
    async hashFiles(paths) {
        if (paths.length === 0)
            return [];
        const out = await this.exec(['hash-object', '--stdin-paths'], { input: `${paths.join('\n')}\n` });
        const ids = out.split('\n').filter(Boolean);
        if (ids.length !== paths.length)
            throw new GitError('git hash-object --stdin-paths', `${ids.length} ids for ${paths.length} files`, null);
        return ids;
    }
    /** Commit id of `rev`, or null when it does not name a commit (unborn branch, unknown ref). */
    async revParse(rev) {
        const out = await unlessExit1(this.exec(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]), '');
        return out.trim() || null;
    }
    /** Tree id of a commit. */
    async treeOf(commit) {
        return (await this.exec(['rev-parse', '--verify', `${commit}^{tree}`])).trim();
    }
    /** The checked-out branch's short name, or null when HEAD is detached. */
    async currentBranch() {
        return (await unlessExit1(this.exec(['symbolic-ref', '--quiet', '--short', 'HEAD']), '')).trim() || null;
    }
    /** The work tree's top directory and the path of `cwd` inside it (`''` or `sub/dir/`). */
    async locate() {
        const [top = '', prefix = ''] = (await this.exec(['rev-parse', '--show-toplevel', '--show-prefix'])).split('\n');
        return { top, prefix };
    }
    /**
     * Fetch `branch` from `remote` and return the remote head's commit id (null when the branch is absent).
     * When actions/checkout persisted its own URL-specific header, git prefers that one over ours, so the
     * token only matters where checkout was told not to persist credentials: no duplicate header is sent.
     */
    async fetchRemoteHead(remote, branch) {
        try {
            await this.exec(['fetch', '--quiet', '--no-tags', remote, `refs/heads/${branch}`], { auth: true });
        }
        catch (err) {
            if (err instanceof GitError && /couldn't find remote ref/i.test(err.stderr))
                return null;
            throw err;
        }
        return this.revParse('FETCH_HEAD');
    }
    /** Push `src` (a commit id or ref) to `refs/heads/<branch>` on `remote`. */
    async push(remote, src, branch) {
        await this.exec(['push', remote, `${src}:refs/heads/${branch}`], { auth: true });
    }
    /** Text of `file` (repository-relative, `/`-separated) in commit `rev`, or null when absent. */
    async showFile(rev, file) {
        const blob = await unlessExit1(this.exec(['rev-parse', '--verify', '--quiet', `${rev}:${file}`]), null);
        return blob === null ? null : this.exec(['cat-file', 'blob', blob.trim()]);
    }
    /**
     * Store `text` as a blob and return its id. With `path`, that path's `.gitattributes` filters apply,
     * so the blob is what `git add` of a file with this text would store.
     */
    async hashObject(text, path) {
        const args = ['hash-object', '-w', '--stdin', ...(path ? [`--path=${path}`] : [])];
        return (await this.exec(args, { input: text })).trim();
    }
    /** Create a commit of `tree` on `parent` (none: a root commit) with this identity as author and committer. */
    async commitTree(tree, parent, message, who) {
        const args = ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'];
        const env = {
            GIT_AUTHOR_NAME: who.name,
            GIT_AUTHOR_EMAIL: who.email,
            GIT_COMMITTER_NAME: who.name,
            GIT_COMMITTER_EMAIL: who.email,
        };
        return (await this.exec(args, { input: message, env })).trim();
    }
    /**
     * Run `fn` against a throwaway index (`GIT_INDEX_FILE` in a temp dir), so building a commit never
     * touches the real index and whatever other steps staged there.
     */
    async withTempIndex(fn) {
        const dir = await (0,promises_.mkdtemp)(external_node_path_default().join((0,external_node_os_.tmpdir)(), 'git-index-'));
        try {
            return await fn(this.withEnv({ GIT_INDEX_FILE: external_node_path_default().join(dir, 'index') }));
        }
        finally {
            await (0,promises_.rm)(dir, { recursive: true, force: true });
        }
    }
    /** Stage files as `git add` does (honouring `.gitattributes` filters such as Git LFS); paths go via stdin. */
    async add(paths, opts = {}) {
        if (!paths.length)
            return;
        const args = ['add', ...(opts.force ? ['--force'] : []), '--pathspec-from-file=-', '--pathspec-file-nul'];
        await this.exec(args, nulInput(paths));
    }
    /** Drop paths from the index (no-op for those not in it), whatever the work tree holds. */
    async removeFromIndex(paths) {
        if (paths.length)
            await this.exec(['update-index', '--force-remove', '-z', '--stdin'], nulInput(paths));
    }
    /** Put blob `blob` in the index at `file` as a regular file. */
    async addBlob(file, blob) {
        await this.exec(['update-index', '--add', '--cacheinfo', `100644,${blob},${file}`]);
    }
    /** Write the index as a tree; returns its id. */
    async writeTree() {
        return (await this.exec(['write-tree'])).trim();
    }
    /** Set the index entries of `paths` to their state in `rev` (removed where `rev` lacks them). */
    async resetPaths(rev, paths) {
        if (paths.length)
            await this.exec(['reset', '--quiet', rev, '--pathspec-from-file=-', '--pathspec-file-nul'], nulInput(paths));
    }
    /** Whether commit `a` is an ancestor of (or equal to) commit `b`. */
    isAncestor(a, b) {
        const yes = this.exec(['merge-base', '--is-ancestor', a, b]).then(() => true);
        return unlessExit1(yes, false);
    }
    /** Point `ref` at `value`, only if it is still at `expected` (null: only if it does not exist yet). */
    async updateRef(ref, value, expected, reason) {
        await this.exec(['update-ref', '-m', reason, ref, value, expected ?? '']);
    }
    #mask(text) {
        let out = text;
        for (const s of this.#secrets)
            out = out.split(s).join('***');
        return out;
    }
}
/**
 * `command`'s output, or `absent` when git exits 1: how `--verify --quiet`, `symbolic-ref --quiet`
 * and `merge-base --is-ancestor` answer "no such thing". Any other failure is thrown.
 */
async function unlessExit1(command, absent) {
    try {
        return await command;
    }
    catch (err) {
        if (err instanceof GitError && err.exitCode === 1)
            return absent;
        throw err;
    }
}
function nulInput(paths) {
    return { input: paths.map((p) => `${p}\0`).join('') };
}
/**
 * Add `key=value` as command-line configuration through the environment (`GIT_CONFIG_COUNT`, git ≥ 2.31),
 * which git treats exactly like `-c key=value` but which keeps the header out of the process's argv, where
 * any user on the runner could read it, and out of every logged command line.
 */
function addConfigEnv(env, key, value) {
    const n = Number.parseInt(env['GIT_CONFIG_COUNT'] ?? '0', 10) || 0;
    env[`GIT_CONFIG_KEY_${n}`] = key;
    env[`GIT_CONFIG_VALUE_${n}`] = value;
    env['GIT_CONFIG_COUNT'] = String(n + 1);
}

;// CONCATENATED MODULE: ./src/shared/paths.ts

/** A relative path with `/` separators, as the lockfile, reports and git write them on every OS. */
function toPosix(p, flavour = (external_node_path_default())) {
    return p.split(flavour.sep).join('/');
}
/**
 * Whether the absolute path `p` lies strictly inside the absolute folder `root`. On Windows
 * `relative` compares case-insensitively (`C:\Work` holds `c:\work\a`) and answers an absolute path
 * for another drive or share, which is never inside.
 */
function isInside(root, p, flavour = (external_node_path_default())) {
    const rel = flavour.relative(root, p);
    return rel !== '' && rel !== '..' && !rel.startsWith(`..${flavour.sep}`) && !flavour.isAbsolute(rel);
}
/** Whether the absolute path `p` is the folder `root` itself or lies inside it. */
function isWithin(root, p, flavour = path) {
    return flavour.relative(root, p) === '' || isInside(root, p, flavour);
}
/**
 * `p` relative to `root` with `/` separators when it lies strictly inside `root`
 * (see {@link isInside}), `undefined` otherwise.
 */
function relativeInside(root, p, flavour = (external_node_path_default())) {
    return isInside(root, p, flavour) ? toPosix(flavour.relative(root, p), flavour) : undefined;
}
/**
 * A `.git` folder in any spelling a checkout might resolve to it, as git itself refuses them:
 * case-insensitive file systems (`.GIT`), Windows dropping trailing dots and spaces (`.git.`),
 * NTFS's short name (`GIT~1`) and its stream suffix (`.git::$INDEX_ALLOCATION`).
 */
function entersGit(rel) {
    return rel.split(/[\\/]/).some((seg) => {
        const name = seg
            .toLowerCase()
            .replace(/:.*$/, '')
            .replace(/[. ]+$/, '');
        return name === '.git' || name === 'git~1';
    });
}

// EXTERNAL MODULE: ./src/shared/semaphore.ts
var semaphore = __webpack_require__(5627);
;// CONCATENATED MODULE: ./src/plan/files.ts






/**
 * Files read at once: the planner and the fingerprints hash thousands of files together, and each
 * open stream holds a descriptor and a read buffer.
 */
const reads = new semaphore/* Semaphore */.j(8);
/** Streams a file once, computing both hashes; throws when the file changed size while being read. */
function hashFileBoth(file) {
    return streamHashes(file, true);
}
/**
 * Streams a file once for its sha256 alone: a fingerprint's local input needs no git blob id, and
 * sha1 beside it would cost as much again.
 */
async function hashFileSha256(file) {
    return (await streamHashes(file, false)).sha256;
}
async function streamHashes(file, withBlob) {
    return reads.run(async () => {
        const fh = await (0,promises_.open)(file, 'r');
        try {
            const { size } = await fh.stat();
            const sha = (0,external_node_crypto_.createHash)('sha256');
            const blob = withBlob ? (0,external_node_crypto_.createHash)('sha1').update(`blob ${size}\0`) : undefined;
            let bytes = 0;
            for await (const chunk of fh.createReadStream({ autoClose: false })) {
                sha.update(chunk);
                blob?.update(chunk);
                bytes += chunk.length;
            }
            if (bytes !== size)
                throw new Error(`${file} changed while being read`);
            return { sha256: sha.digest('hex'), bytes, ...(blob && { blob: blob.digest('hex') }) };
        }
        finally {
            await fh.close();
        }
    });
}
/**
 * Answers "is this recorded file still there with the recorded content?".
 * In a git workspace it asks git once for the whole index (blob ids) and for the paths whose
 * working copy differs from the index by stat data, then answers from memory: no image bytes are
 * read for files git knows to be clean. Anything git cannot vouch for is hashed.
 */
class FileVerifier {
    workspace;
    useGit;
    snapshot;
    loaded = null;
    constructor(workspace, useGit = true) {
        this.workspace = workspace;
        this.useGit = useGit;
    }
    /** Start asking git now (it runs while the caller reads the lockfile and fingerprints). */
    prefetch() {
        if (this.useGit)
            void this.gitSnapshot();
    }
    /** Resolves once `known` can answer from git (or never will: not a git workspace). */
    async ready() {
        if (this.useGit)
            await this.gitSnapshot();
    }
    /**
     * The answer git gives from memory, once `ready` has resolved: `undefined` when the file has to
     * be looked at (not a git workspace, untracked, or its stat data differs from the index).
     */
    known(abs, expected) {
        // A lockfile path that leaves the workspace is never ours: treat it as absent, never read it.
        if (!isInside(this.workspace, abs))
            return 'missing';
        const rel = external_node_path_default().relative(this.workspace, abs);
        const snap = this.loaded;
        if (!snap)
            return undefined;
        const key = toPosix(rel);
        const blob = snap.index.get(key);
        if (blob === undefined || snap.dirty.has(key))
            return undefined;
        // A different id is looked at, not taken for an edit: a lockfile written before blobs were
        // recorded with `.gitattributes` filters applied holds the raw id of a file git stores filtered.
        return blob === expected.blob ? 'same' : undefined;
    }
    async verify(abs, expected) {
        await this.ready();
        const answer = this.known(abs, expected);
        if (answer)
            return answer;
        let st;
        try {
            st = await (0,promises_.stat)(abs);
        }
        catch {
            return 'missing';
        }
        if (!st.isFile())
            return 'differs';
        if (st.size !== expected.bytes)
            return 'differs';
        const h = await hashFileBoth(abs);
        return h.sha256 === expected.sha256 ? 'same' : 'differs';
    }
    gitSnapshot() {
        this.snapshot ??= loadGitSnapshot(this.workspace).then((snap) => {
            this.loaded = snap;
            return snap;
        });
        return this.snapshot;
    }
}
async function loadGitSnapshot(cwd) {
    try {
        // Both answer for the workspace's folder only, in paths relative to it (a workspace may be a
        // subfolder of the repository), so no third call is needed to locate the repository's root.
        const git = new GitCli(cwd);
        const [ls, diff] = await Promise.all([
            git.exec(['ls-files', '-s', '-z']),
            git.exec(['diff-files', '--name-only', '--relative', '-z']),
        ]);
        const index = new Map();
        for (const line of ls.split('\0')) {
            if (!line)
                continue;
            const tab = line.indexOf('\t');
            const [, blob, stage] = line.slice(0, tab).split(' ');
            if (stage === '0' && blob)
                index.set(line.slice(tab + 1), blob);
        }
        const dirty = new Set(diff.split('\0').filter(Boolean));
        return { index, dirty };
    }
    catch {
        return null;
    }
}
/**
 * Blob ids as git computes them for files of one workspace, with its `.gitattributes` filters
 * applied (SPEC §4 rule 7: under Git LFS the index holds the pointer's id, so that is what the
 * lockfile records; the unchanged check then compares like with like). Files asked for together
 * (one entry's images, entries finishing at once) share one `git hash-object` process. Outside a
 * git workspace, or when git cannot answer, the answer is `undefined`: the raw blob id stands.
 */
class GitBlobIds {
    workspace;
    queue = [];
    repo;
    constructor(workspace) {
        this.workspace = workspace;
    }
    of(abs) {
        const rel = toPosix(external_node_path_default().relative(this.workspace, abs));
        // `--stdin-paths` reads one path a line and unquotes a leading `"`: such names keep the raw id.
        if (!isInside(this.workspace, abs) || /[\n\r]/.test(rel) || rel.startsWith('"'))
            return Promise.resolve(undefined);
        return new Promise((done) => {
            if (this.queue.push({ rel, done }) === 1)
                setImmediate(() => void this.flush());
        });
    }
    async flush() {
        const batch = this.queue;
        this.queue = [];
        const git = new GitCli(this.workspace);
        // Not a git workspace: there is no index to compare with, and no attributes to apply.
        this.repo ??= hasGitFolder(this.workspace).then((found) => found
            ? git.exec(['rev-parse', '--is-inside-work-tree']).then((out) => out.trim() === 'true', () => false)
            : false);
        const ids = (await this.repo)
            ? await git.hashFiles(batch.map((b) => b.rel)).catch(() => undefined)
            : undefined;
        for (const [i, b] of batch.entries())
            b.done(ids?.[i]);
    }
}
/** Whether `dir` or a folder above it holds a `.git`: no git process is started for a plain folder. */
async function hasGitFolder(dir) {
    for (let at = dir;; at = external_node_path_default().dirname(at)) {
        if (await (0,promises_.stat)(external_node_path_default().join(at, '.git')).then(() => true, () => false))
            return true;
        if (external_node_path_default().dirname(at) === at)
            return false;
    }
}
const blobIds = new Map();
/**
 * The hashes a lockfile records for a file this run wrote in `workspace`: sha256 of its bytes, and
 * the blob id git gives it at that path (filters applied; the raw blob id outside a git workspace).
 */
async function hashForRecord(workspace, file, known) {
    const blob = await gitBlobFor(workspace, file);
    // Hashed while it was downloaded: git's id (filters applied) is all that is missing.
    if (known && blob)
        return { ...known, blob };
    const h = await hashFileBoth(file);
    return blob ? { ...h, blob } : h;
}
/** The blob id git gives `file` at its path, `.gitattributes` filters applied; undefined outside git. */
function gitBlobFor(workspace, file) {
    let ids = blobIds.get(workspace);
    if (!ids) {
        ids = new GitBlobIds(workspace);
        blobIds.set(workspace, ids);
    }
    return ids.of(file);
}

;// CONCATENATED MODULE: ./src/plan/fingerprint.ts


/** Bump when what the fingerprint covers changes: every image regenerates once. */
const FINGERPRINT_VERSION = 1;
/**
 * Canonical JSON: object keys sorted (as strings) at every level, no whitespace, `undefined` object
 * members left out (an `undefined` array item writes nothing). Every recorded fingerprint was computed
 * with exactly this: a change here would regenerate, and bill, every image.
 */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    if (value && typeof value === 'object') {
        const members = [];
        for (const k of Object.keys(value).sort()) {
            const v = value[k];
            if (v !== undefined)
                members.push(`${JSON.stringify(k)}:${canonicalJson(v)}`);
        }
        return `{${members.join(',')}}`;
    }
    return JSON.stringify(value);
}
const tagOf = (json) => `sha256:${(0,external_node_crypto_.createHash)('sha256').update(json).digest('hex')}`;
/**
 * The fingerprint of one entry, once `upstream` gives the fingerprints of the entries it references
 * with `@id` and `fileSha` the sha256 of its local inputs. Excludes out, max_age, alt, the id, pricing
 * and formatting: none of them changes the image.
 */
function fingerprintOf(entry, upstream, fileSha) {
    const inputs = entry.inputs.map((input) => input.kind === 'url'
        ? { url: input.url }
        : input.kind === 'file'
            ? { file_sha256: fileSha.get(input.abs) }
            : { ref: upstream(input.id), index: input.index });
    const prompt = { v: FINGERPRINT_VERSION, prompt: entry.prompt };
    const params = {
        v: FINGERPRINT_VERSION,
        model: entry.model,
        mode: entry.mode,
        params: entry.params,
        variant: entry.variant,
    };
    const inputsPart = { v: FINGERPRINT_VERSION, inputs };
    return {
        value: tagOf(canonicalJson({ prompt, params, inputs: inputsPart })),
        parts: {
            prompt: tagOf(canonicalJson(prompt)),
            params: tagOf(canonicalJson(params)),
            inputs: tagOf(canonicalJson(inputsPart)),
        },
    };
}
/**
 * Entries in dependency order (upstreams first), stable with respect to manifest order.
 * The manifest loader has already rejected unknown ids and cycles.
 */
function dependencyOrder(entries) {
    const byId = new Map(entries.map((e) => [e.id, e]));
    const done = new Set();
    const out = [];
    const visit = (e, stack) => {
        if (done.has(e.id) || stack.has(e.id))
            return;
        stack.add(e.id);
        for (const input of e.inputs) {
            if (input.kind === 'ref') {
                const up = byId.get(input.id);
                if (up)
                    visit(up, stack);
            }
        }
        stack.delete(e.id);
        done.add(e.id);
        out.push(e);
    };
    for (const e of entries)
        visit(e, new Set());
    return out;
}
/** Fingerprints of all entries, by id. Each local input file is read once, however many entries use it. */
async function fingerprintAll(entries) {
    const files = new Set(entries.flatMap((e) => e.inputs.flatMap((i) => (i.kind === 'file' ? [i.abs] : []))));
    const fileSha = new Map(await Promise.all([...files].map(async (f) => [f, await hashFileSha256(f)])));
    const result = new Map();
    const upstream = (id) => result.get(id)?.value ?? `missing:${id}`;
    for (const e of dependencyOrder(entries))
        result.set(e.id, fingerprintOf(e, upstream, fileSha));
    return result;
}

;// CONCATENATED MODULE: ./src/plan/housekeeping.ts
/** Why an intent left by a run that stopped (killed, out of memory, runner lost) is an unknown outcome. */
const STOPPED_BEFORE_ANSWER = 'the run that sent it stopped before its answer was recorded';
/** How long a paid request no entry asks for is kept (from its `submitted_at`) for its entry to come back. */
const UNCLAIMED_PENDING_MS = 7 * 86_400_000;
/** How long an unknown outcome no entry asks for is kept (from its `at`), so a reverted change does not pay again. */
const UNCLAIMED_UNKNOWN_MS = 30 * 86_400_000;
/**
 * Planning rule 1a: an intent in `submitting` at plan time was written by a run that sent the
 * submit and stopped before its answer was recorded (this run has written none yet). It may have
 * been accepted and charged: it moves to `unknown`, dated from the intent. Returns the fingerprints
 * moved.
 */
function moveStaleIntents(lock) {
    const moved = Object.keys(lock.submitting);
    for (const [fp, s] of Object.entries(lock.submitting)) {
        delete lock.pending[fp];
        delete lock.failed[fp];
        lock.unknown[fp] = { id: s.id, reason: STOPPED_BEFORE_ANSWER, at: s.at };
    }
    lock.submitting = {};
    return moved;
}
/**
 * Records of fingerprints no entry of the whole manifest wants (an entry removed or changed;
 * entries left out by `only`/`shard`/dry-run still want theirs). Paid requests follow their
 * fingerprint: a pending request is kept for 7 days after its submit (its entry, added back or
 * renamed, collects it at no charge), an unknown outcome for 30 days (a reverted change does not
 * pay again; reported once, marked `reported` in the lockfile so later runs stay quiet); refusals
 * are dropped at once (they say nothing about the new prompt).
 */
function tidyLockfile(lock, wanted, now) {
    const unclaimed = [];
    const droppedPending = [];
    const unmatchedUnknown = [];
    let changed = false;
    for (const [fp, p] of Object.entries(lock.pending)) {
        if (wanted.has(fp))
            continue;
        const submitted = Date.parse(p.submitted_at);
        const dropAt = (Number.isNaN(submitted) ? now : submitted) + UNCLAIMED_PENDING_MS;
        const record = { ...p, fingerprint: fp, dropAfter: new Date(dropAt).toISOString().slice(0, 10) };
        if (now < dropAt) {
            unclaimed.push(record);
            continue;
        }
        droppedPending.push(record);
        delete lock.pending[fp];
        changed = true;
    }
    for (const [fp, u] of Object.entries(lock.unknown)) {
        if (wanted.has(fp)) {
            // Matched again (a reverted change): a later change is reported again.
            if (u.reported) {
                delete u.reported;
                changed = true;
            }
            continue;
        }
        const at = Date.parse(u.at);
        if (!Number.isNaN(at) && now - at < UNCLAIMED_UNKNOWN_MS) {
            // Reported once, in the run that first finds no entry matching it; the mark says so.
            if (u.reported)
                continue;
            u.reported = true;
            changed = true;
            const dropAfter = new Date(at + UNCLAIMED_UNKNOWN_MS).toISOString().slice(0, 10);
            unmatchedUnknown.push({ fingerprint: fp, id: u.id, at: u.at, dropAfter });
            continue;
        }
        delete lock.unknown[fp];
        changed = true;
    }
    for (const fp of Object.keys(lock.failed)) {
        if (wanted.has(fp))
            continue;
        delete lock.failed[fp];
        changed = true;
    }
    return { unclaimed, droppedPending, unmatchedUnknown, changed };
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 7 modules
var schemas = __webpack_require__(2311);
;// CONCATENATED MODULE: ./src/plan/lockfile-text.ts
/**
 * Where things are in a lockfile's text. The lockfile is JSON that `JSON.parse` has already accepted;
 * this one linear pass adds what `JSON.parse` does not say: keys that appear twice in one object (a
 * textual merge that kept both sides, which `JSON.parse` resolves as "last one wins") and the line a
 * value is on. The `yaml` package reads JSON too, but is quadratic on large flow collections (about
 * 13 s for a 10,000-entry lockfile against 30 ms here), so it is not used for the lockfile.
 */
/**
 * Visits every key of valid JSON text: `visit(path, key, line)` with the path of the object that holds
 * it. Returning true stops the walk. Only valid JSON is walked (call after `JSON.parse` succeeded).
 */
function walkKeys(text, visit) {
    const stack = [];
    const path = [];
    let line = 1;
    let expectKey = false;
    // The path entry of the container currently open, pushed when it opens and popped when it closes.
    const enter = () => {
        const top = stack.at(-1);
        if (top)
            path.push(top.kind === 'object' ? (top.key ?? '') : top.index);
    };
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10)
            line++;
        else if (c === 34) {
            const j = closingQuote(text, i);
            const top = stack.at(-1);
            if (expectKey && top?.kind === 'object') {
                const raw = text.slice(i + 1, j);
                const key = raw.includes('\\') ? JSON.parse(`"${raw}"`) : raw;
                top.key = key;
                if (visit(path, key, line, top))
                    return;
                expectKey = false;
            }
            i = j;
        }
        else if (c === 123) {
            enter();
            stack.push({ kind: 'object', keys: undefined, key: undefined });
            expectKey = true;
        }
        else if (c === 91) {
            enter();
            stack.push({ kind: 'array', index: 0 });
        }
        else if (c === 125 || c === 93) {
            stack.pop();
            if (stack.length > 0)
                path.pop();
            expectKey = false;
        }
        else if (c === 44) {
            const top = stack.at(-1);
            if (top?.kind === 'array')
                top.index++;
            else
                expectKey = true;
        }
    }
}
/** The index of the quote closing the string opened at `open`: one preceded by an even run of backslashes. */
function closingQuote(text, open) {
    let j = text.indexOf('"', open + 1);
    for (;;) {
        let slashes = 0;
        while (text.charCodeAt(j - 1 - slashes) === 92)
            slashes++;
        if (slashes % 2 === 0)
            return j;
        j = text.indexOf('"', j + 1);
    }
}
/** Every key that appears twice in one object, in text order. */
function duplicateKeys(text) {
    const found = [];
    walkKeys(text, (path, key, line, frame) => {
        if (frame.kind !== 'object')
            return false;
        frame.keys ??= new Set();
        if (frame.keys.has(key))
            found.push({ path: [...path], key, line });
        else
            frame.keys.add(key);
        return false;
    });
    return found;
}
/**
 * The line of the deepest key of `target` present in the text: a missing key points at its parent's
 * key, an array index at the array's key or the element's first key. Undefined for the root.
 */
function lineOf(text, target) {
    let best;
    let bestDepth = -1;
    walkKeys(text, (path, key, line) => {
        const depth = path.length;
        if (depth >= target.length || depth < bestDepth || String(target[depth]) !== key)
            return false;
        for (let k = 0; k < depth; k++)
            if (String(path[k]) !== String(target[k]))
                return false;
        best = line;
        bestDepth = depth;
        return depth === target.length - 1;
    });
    return best;
}
/** 1-based line of a character offset. */
function lineAt(text, offset) {
    let line = 1;
    for (let i = 0; i < offset && i < text.length; i++)
        if (text.charCodeAt(i) === 10)
            line++;
    return line;
}

;// CONCATENATED MODULE: ./src/plan/lockfile.ts



const lockfile_text = schemas/* string */.YjP().min(1);
/** One image file recorded for an entry; `path` is relative to the manifest's folder, `/`-separated. */
const recordedFile = schemas/* strictObject */.rej({
    path: lockfile_text,
    /** Hex sha256 of the bytes. */
    sha256: schemas/* string */.YjP(),
    /** Git blob id of the bytes (`git hash-object`), so git can answer "unchanged" without reading. */
    blob: schemas/* string */.YjP(),
    bytes: schemas/* number */.aig().int().nonnegative(),
    /** Pixel size from the image header, so the image index needs no image read (absent in older lockfiles). */
    width: schemas/* number */.aig().int().positive().optional(),
    height: schemas/* number */.aig().int().positive().optional(),
    /**
     * Whether the bytes carry C2PA content credentials as delivered (PNG `caBX`, JPEG APP11 JUMBF,
     * RIFF `C2PA`); presence only, signatures are not validated. Absent in older lockfiles: unknown.
     */
    content_credentials: schemas/* boolean */.zMY().optional(),
});
const lockRecord = schemas/* strictObject */.rej({
    fingerprint: lockfile_text,
    parts: schemas/* strictObject */.rej({ prompt: schemas/* string */.YjP(), params: schemas/* string */.YjP(), inputs: schemas/* string */.YjP() }),
    model: schemas/* string */.YjP(),
    files: schemas/* array */.YOg(recordedFile),
    request_id: schemas/* string */.YjP().nullable().default(null),
    cost_usd: schemas/* number */.aig().nullable().default(null),
    generated_at: schemas/* string */.YjP(),
    duration_s: schemas/* number */.aig().nullable().default(null),
    /** Quality the image was made at (for learning latency per model and quality). */
    quality: schemas/* string */.YjP().optional(),
});
/**
 * A write-ahead intent: on disk before its submit is sent, so a run killed before the answer was
 * recorded leaves a trace (the next run moves it to `unknown`).
 */
const submittingRecord = schemas/* strictObject */.rej({ id: schemas/* string */.YjP(), at: schemas/* string */.YjP() });
/** A request the gateway accepted whose images this repository does not have yet. */
const pendingRecord = schemas/* strictObject */.rej({
    id: schemas/* string */.YjP(),
    request_id: schemas/* string */.YjP(),
    submitted_at: schemas/* string */.YjP(),
    model: schemas/* string */.YjP().optional(),
    /** Runs that got the request COMPLETED but could not download or verify its images. */
    download_attempts: schemas/* number */.aig().int().nonnegative().optional(),
    /** A candidate set's request (§10): how many candidates it buys. */
    candidates: schemas/* number */.aig().int().positive().optional(),
});
/** A paid candidate set awaiting a pick (§10); `files` are `<candidates-dir>/<id>/<k>.<ext>`, k = 1…N. */
const candidatesRecord = schemas/* strictObject */.rej({
    id: schemas/* string */.YjP(),
    request_id: schemas/* string */.YjP().nullable().default(null),
    files: schemas/* array */.YOg(recordedFile),
    cost_usd: schemas/* number */.aig().nullable().default(null),
    created_at: schemas/* string */.YjP(),
    /** The pull request the set was bought for, when known. */
    pr: schemas/* number */.aig().int().positive().optional(),
});
/** A fingerprint refused, or paid for in vain: skipped until it changes or is forced. */
const failedRecord = schemas/* strictObject */.rej({
    id: schemas/* string */.YjP(),
    status: schemas/* string */.YjP(),
    error: schemas/* string */.YjP(),
    at: schemas/* string */.YjP(),
});
/** A submit whose outcome is unknown (possibly accepted and charged, no request id). */
const unknownRecord = schemas/* strictObject */.rej({
    id: schemas/* string */.YjP(),
    reason: schemas/* string */.YjP(),
    at: schemas/* string */.YjP(),
    /** Set once no entry matches it any more and a run has said so: reported once (SPEC §4). */
    reported: schemas/* literal */.euz(true).optional(),
});
/** The lockfile's one definition: what may be read (with defaults for older files) and its types. */
const lockSchema = schemas/* object */.Ikc({
    version: schemas/* literal */.euz(1),
    spent_usd: schemas/* number */.aig().nonnegative().default(0),
    images: schemas/* record */.g1P(schemas/* string */.YjP(), lockRecord).default({}),
    submitting: schemas/* record */.g1P(schemas/* string */.YjP(), submittingRecord).default({}),
    pending: schemas/* record */.g1P(schemas/* string */.YjP(), pendingRecord).default({}),
    candidates: schemas/* record */.g1P(schemas/* string */.YjP(), candidatesRecord).default({}),
    failed: schemas/* record */.g1P(schemas/* string */.YjP(), failedRecord).default({}),
    unknown: schemas/* record */.g1P(schemas/* string */.YjP(), unknownRecord).default({}),
});
/**
 * What the image cache keeps of a pending request: enough to collect it from another branch's run.
 * Read back from a cache entry written by any version, so keys beyond these are dropped, not refused.
 */
const cachedPendingSchema = schemas/* object */.Ikc(pendingRecord.shape)
    .pick({ id: true, request_id: true, submitted_at: true });
/** A lockfile that exists but cannot be used. Never silently discarded, never rewritten. */
class LockfileError extends Error {
    file;
    name = 'LockfileError';
    /** 1-based line of the problem, when known. */
    line;
    constructor(file, detail, opts = {}) {
        const where = opts.line ? `${file}:${opts.line}` : file;
        super(opts.newer
            ? `${where}: the lockfile was written by a newer pixazo-images (${detail}); upgrade pixazo-images to use it. It was left as it is.`
            : `${where}: the lockfile is unreadable (${detail}). Fix or restore it from git (git checkout -- ${file}); ` +
                'delete it only if you accept regenerating every image.');
        this.file = file;
        this.line = opts.line;
    }
}
function emptyLockfile() {
    return {
        version: 1,
        spent_usd: 0,
        images: {},
        submitting: {},
        pending: {},
        candidates: {},
        failed: {},
        unknown: {},
    };
}
/**
 * The lockfile path for a manifest: beside it, dropping `.yaml`/`.yml` and a trailing `.config`,
 * adding `.lock.json` (`images.config.yaml` → `images.lock.json`).
 */
function lockfilePathFor(manifestPath) {
    const dir = external_node_path_default().dirname(manifestPath);
    const base = external_node_path_default().basename(manifestPath)
        .replace(/\.ya?ml$/i, '')
        .replace(/\.config$/i, '');
    return external_node_path_default().join(dir, `${base}.lock.json`);
}
/**
 * Parse lockfile text strictly; `file` names it in errors. It must be JSON (it is written as JSON:
 * YAML-only syntax such as comments or unquoted strings is refused), no object may hold a key twice
 * (a textual merge that kept both sides; `JSON.parse` alone would keep the last one), and a lockfile
 * of a newer version of the tool (a `version` above 1, or top-level keys this one does not know) is
 * refused with the advice to upgrade: reading it would drop what this version does not know.
 */
function parseLockfile(text, file) {
    let raw;
    try {
        raw = JSON.parse(text);
    }
    catch (err) {
        throw invalidJson(text, file, err);
    }
    const [dup] = duplicateKeys(text);
    if (dup)
        throw new LockfileError(file, `key "${dup.key}" appears twice${dup.path.length ? ` in ${dup.path.join('.')}` : ''} — a merge kept both sides`, { line: dup.line });
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
        const { version } = raw;
        if (typeof version === 'number' && Number.isInteger(version) && version > 1)
            throw new LockfileError(file, `version ${version}; this one reads version 1`, {
                newer: true,
                line: lineOf(text, ['version']),
            });
        const known = new Set(Object.keys(lockSchema.shape));
        const unknown = Object.keys(raw).filter((k) => !known.has(k));
        if (version === 1 && unknown.length > 0)
            throw new LockfileError(file, `keys this version does not know: ${unknown.map((k) => `"${k}"`).join(', ')}`, {
                newer: true,
                line: lineOf(text, [unknown[0]]),
            });
    }
    const parsed = lockSchema.safeParse(raw);
    if (!parsed.success) {
        // Records are read strictly too: a key inside one that this version does not know would be
        // dropped on rewrite, so it means a newer tool wrote the file — refused, never rewritten.
        const issues = parsed.error.issues;
        const newer = issues.find((i) => i.code === 'unrecognized_keys');
        if (newer) {
            const keys = newer.keys;
            const at = newer.path.join('.');
            throw new LockfileError(file, `keys this version does not know in ${at}: ${keys.map((k) => `"${k}"`).join(', ')}`, { newer: true, line: lineOf(text, [...newer.path, keys[0]]) });
        }
        const first = issues[0];
        throw new LockfileError(file, `${first.path.join('.') || '(root)'}: ${first.message}`, {
            line: lineOf(text, first.path),
        });
    }
    return parsed.data;
}
/** Not JSON: located at the offending character; a merge's conflict markers say so. */
function invalidJson(text, file, err) {
    const marker = /^(<{7}|={7}|>{7})(?: |$)/m.exec(text);
    if (marker)
        return new LockfileError(file, 'merge conflict markers: a merge left both sides in it', {
            line: lineAt(text, marker.index),
        });
    const at = /at position (\d+)/.exec(err.message);
    const line = at ? lineAt(text, Number(at[1])) : undefined;
    return new LockfileError(file, `invalid JSON: ${err.message.replace(/ in JSON at position \d+.*$/, '')}`, {
        line,
    });
}
/** Deterministic JSON: keys sorted at every level, two-space indent, trailing newline. */
function stableStringify(value) {
    return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}
function sortKeys(value) {
    if (Array.isArray(value))
        return value.map(sortKeys);
    if (value && typeof value === 'object') {
        const out = {};
        for (const key of Object.keys(value).sort()) {
            const v = value[key];
            if (v !== undefined)
                out[key] = sortKeys(v);
        }
        return out;
    }
    return value;
}

;// CONCATENATED MODULE: ./src/manifest/paths.ts
/**
 * Workspace containment for paths the run reads or writes (the manifest, its lockfile, `out`,
 * local `input_images`). A path must stay inside the workspace and outside `.git` both as written
 * and after following symlinks, so that neither `../` nor a planted link can make the action read,
 * write or upload a file outside the repository's files.
 */




/** Resolves the workspace root once; a missing root keeps its lexical form (nothing is inside it anyway). */
function workspaceOf(root) {
    const abs = external_node_path_default().resolve(root);
    return { root: abs, real: safeRealpath(abs) ?? abs };
}
function safeRealpath(p) {
    try {
        return (0,external_node_fs_.realpathSync)(p);
    }
    catch {
        return undefined;
    }
}
/** Whether something (a file, a folder or a link, even a broken one) is at `p`. */
function present(p) {
    try {
        (0,external_node_fs_.lstatSync)(p);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * Why `abs` is not a place inside the workspace and outside `.git`, or `undefined` when it is.
 * The deepest existing ancestor is resolved with realpath (the file itself when it exists), so a
 * symlink that points elsewhere is caught before anything is read or written through it.
 */
function pathProblem(abs, ws) {
    // `relative`, not `===`: on Windows `C:\Work` and `c:\work` are one folder.
    if (external_node_path_default().relative(ws.root, abs) === '')
        return { why: 'is the workspace folder itself, not a file in it', git: false };
    if (!isInside(ws.root, abs))
        return { why: 'is outside the workspace', git: false };
    if (entersGit(external_node_path_default().relative(ws.root, abs)))
        return { why: 'is inside `.git`', git: true };
    let probe = abs;
    while (!present(probe) && external_node_path_default().dirname(probe) !== probe)
        probe = external_node_path_default().dirname(probe);
    // Nothing of the workspace exists yet (a fresh temp dir in tests): the lexical check is all there is.
    if (probe !== ws.root && !isInside(ws.root, probe))
        return undefined;
    const real = safeRealpath(probe);
    if (real === undefined)
        return { why: 'cannot be resolved (broken or looping symlink)', git: false };
    // The workspace root itself is a legitimate ancestor of a file still to be written.
    if (external_node_path_default().relative(ws.real, real) === '')
        return undefined;
    if (!isInside(ws.real, real))
        return { why: 'leads outside the workspace through a symlink', git: false };
    if (entersGit(external_node_path_default().relative(ws.real, real)))
        return { why: 'leads into `.git` through a symlink', git: true };
    return undefined;
}
/** Control characters and the Unicode line/paragraph separators: they fake lines in logs and outputs. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** Characters an artifact upload refuses, and a Windows checkout cannot create (`\` is the separator rule). */
const NOT_PORTABLE = /[":<>|*?]/;
/** Names Windows reserves for devices, with any extension (`nul.png` too). */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;
/**
 * `text` with control characters shown as escapes (`\n`, `\u{2028}`): a message quoting a hostile
 * path stays one line, and shows what is there.
 */
function visible(text) {
    return text.replace(/[\p{Cc}\u2028\u2029]/gu, (ch) => ch === '\n'
        ? '\\n'
        : ch === '\r'
            ? '\\r'
            : ch === '\t'
                ? '\\t'
                : `\\u{${ch.codePointAt(0).toString(16)}}`);
}
/**
 * A manifest path is written relative, with `/`, and portable: no control characters (they would
 * fake lines in the log and in the `files` output), none of `" : < > | * ?` (an artifact upload
 * refuses them, a Windows checkout cannot create them), no name ending in a dot or a space (Windows
 * drops it) and no reserved device name (`CON`, `NUL`, `COM1` …). Returns why `p` is not, with a
 * did-you-mean where a fix is obvious, or `undefined`.
 */
function badPathSyntax(p) {
    if (CONTROL.test(p)) {
        const fix = p.replace(/[\p{Cc}\u2028\u2029]+/gu, '');
        return `must not contain control characters (a line break, tab or the like)${fix ? `; did you mean \`${fix}\`?` : ''}`;
    }
    // `C:img/x.png` is relative to drive C's current folder on Windows: not relative to the manifest.
    if (external_node_path_default().posix.isAbsolute(p) || external_node_path_default().win32.isAbsolute(p) || /^[A-Za-z]:/.test(p))
        return 'must be a relative path (relative to the manifest’s folder)';
    if (p.includes('\\'))
        return 'must use `/` as the folder separator';
    const odd = NOT_PORTABLE.exec(p);
    if (odd)
        return `must not contain \`${odd[0]}\` (nor any of \`" : < > | * ?\`): an artifact upload refuses it and a Windows checkout cannot create it; did you mean \`${p.replace(/[":<>|*?]/g, '-')}\`?`;
    for (const seg of p.split('/')) {
        if (seg === '.' || seg === '..' || seg === '')
            continue;
        // `.git.` is `.git` on Windows: the `.git` rule names that better.
        if (/[. ]$/.test(seg) && !entersGit(seg))
            return `has a name ending in a dot or a space (\`${seg}\`), which Windows drops; remove it`;
        // A placeholder may still expand to a reserved name: the expanded path is checked too.
        if (RESERVED.test(seg))
            return `uses \`${seg}\`, a device name Windows reserves (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with any extension); rename it`;
    }
    return undefined;
}
/** What kind of thing is at `abs` (following symlinks). */
function kindOf(abs) {
    try {
        const st = (0,external_node_fs_.statSync)(abs);
        return st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other';
    }
    catch {
        return 'missing';
    }
}
/** The realpath of an existing file, relative to the workspace's realpath, `/`-separated. */
function realWorkspacePath(abs, ws) {
    const real = safeRealpath(abs);
    return real === undefined ? undefined : toPosix(external_node_path_default().relative(ws.real, real));
}

;// CONCATENATED MODULE: ./src/manifest/candidates-key.ts
/**
 * The `candidates` entry key and the top-level `candidates-dir` (§10): how many candidates a pull
 * request run buys for an entry, and where the sets awaiting a pick are written. `candidates` is
 * not hashed; an entry with `number_of_images` above 1 cannot also have it (a located error), and
 * a `defaults.candidates` is ignored for such an entry.
 */


/** Where candidate sets go when the manifest does not say. */
const DEFAULT_CANDIDATES_DIR = '.pixazo/candidates';
const isCount = (v) => Number.isInteger(v) && v >= 2 && v <= 8;
/**
 * Each entry's candidate count (only entries that have one), from the entry or `defaults`; the
 * schema has already refused values outside 2..8.
 */
function checkCandidateCounts(images, defaults, drafts, ctx) {
    const fromDefaults = defaults?.candidates;
    const counts = new Map();
    for (const d of drafts.values()) {
        const own = images[d.id]?.candidates;
        if (own !== undefined) {
            if (!isCount(own))
                continue;
            if (d.count > 1) {
                ctx.issues.error(ctx.at.value(['images', d.id, 'candidates']), `images.${d.id}.candidates: an entry with number_of_images ${d.count} cannot also have candidates; remove one of the two`);
                continue;
            }
            counts.set(d.id, own);
        }
        else if (isCount(fromDefaults) && d.count === 1)
            counts.set(d.id, fromDefaults);
    }
    return counts;
}
/** Checks `candidates-dir` (the path rules of `out`) and returns where candidate sets go. */
function checkCandidatesDir(raw, ctx) {
    const text = typeof raw === 'string' && raw !== '' ? raw : DEFAULT_CANDIDATES_DIR;
    const pos = ctx.at.value(['candidates-dir']);
    const error = (why) => ctx.issues.error(pos, `candidates-dir: \`${text}\` ${why}`);
    const syntax = badPathSyntax(text);
    if (syntax)
        return void error(syntax);
    const abs = external_node_path_default().resolve(ctx.dir, text);
    const problem = pathProblem(abs, ctx.ws);
    if (problem)
        return void error(`${problem.why}${problem.git ? "; `.git` is git's own folder: choose another folder" : '; it must stay inside the workspace'}`);
    return {
        abs,
        rel: toPosix(external_node_path_default().relative(ctx.dir, abs)),
        workspacePath: toPosix(external_node_path_default().relative(ctx.ws.root, abs)),
    };
}

// EXTERNAL MODULE: ./src/models/registry.ts
var registry = __webpack_require__(6635);
// EXTERNAL MODULE: ./src/shared/words.ts
var words = __webpack_require__(152);
;// CONCATENATED MODULE: ./src/plan/candidates.ts
/**
 * Candidates (§10) in the plan: rule 1c (a fingerprint with a paid set awaiting a pick), the set an
 * entry buys on a pull request run, and entries whose `@id` input awaits a pick. The candidate set
 * of an entry is planned as an entry of its own shape — N images in one request, written to
 * `<candidates-dir>/<id>/<k>.<ext>` — so the estimate, `max-cost`, write-ahead, pending and resume
 * apply to it exactly as to any other request.
 */






/** The manifest's `candidates-dir`, or the default beside the manifest. */
function candidatesDirOf(manifest) {
    if (manifest.candidatesDir)
        return manifest.candidatesDir;
    const abs = external_node_path_default().resolve(manifest.dir, DEFAULT_CANDIDATES_DIR);
    return {
        abs,
        rel: toPosix(external_node_path_default().relative(manifest.dir, abs)),
        workspacePath: toPosix(external_node_path_default().relative(manifest.workspace, abs)),
    };
}
/**
 * The entry as a candidate set: N images in one request (`number_of_images`/`num_images` = N, so
 * the price counts all N), written to `<candidates-dir>/<id>/<k>.<ext>`. Same id and prompt.
 */
function candidateSetEntry(entry, n, manifest) {
    const dir = candidatesDirOf(manifest);
    const ext = registry/* FORMAT_EXT */.QU[entry.format];
    const names = Array.from({ length: n }, (_, i) => `${entry.id}/${i + 1}.${ext}`);
    return {
        ...entry,
        count: n,
        params: { ...entry.params, number_of_images: n },
        out: names.map((f) => external_node_path_default().posix.join(dir.rel, f)),
        outWorkspace: names.map((f) => external_node_path_default().posix.join(dir.workspacePath, f)),
    };
}
/** The image cache key of a fingerprint's candidate set (a fingerprint-shaped key of its own). */
function candidateCacheKey(fingerprint) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(`candidates\0${fingerprint}`).digest('hex')}`;
}
/** "awaiting a pick (4 candidates)". */
function awaitingReason(id, record) {
    return `awaiting a pick (${(0,words/* plural */.L)(record.files.length, 'candidate')}): /pixazo pick ${id} <k>`;
}
/** The record a used candidate k lands with: the set's provenance, candidate k's file. */
function candidateSource(fp, entry, record, k) {
    const file = record.files[k - 1];
    return {
        // Not the entry's id: the candidate files are removed as a set, not as a moved file.
        id: '',
        files: [file],
        record: {
            fingerprint: fp.value,
            parts: { ...fp.parts },
            model: entry.model,
            files: [file],
            request_id: record.request_id,
            cost_usd: record.cost_usd,
            generated_at: record.created_at,
            duration_s: null,
        },
    };
}
/**
 * Rule 1c: the fingerprint has a paid candidate set. On a candidates run (a pull request, or
 * `generate --candidates`) the entry awaits a pick — or, forced, buys a new set; elsewhere it uses
 * candidate 1 (or the candidate `pick` names). Undefined when the rule does not apply.
 */
function candidateRule(base, lock, opts) {
    const record = lock.candidates[base.fp.value];
    if (!record)
        return undefined;
    const picked = opts.pick?.id === base.entry.id ? opts.pick.k : undefined;
    if (picked === undefined && opts.candidates) {
        if (opts.forced && base.entry.candidates !== undefined)
            return { ...base, action: 'generate', reason: 'forced: a new set of candidates', bypassCache: true };
        // Only an entry with `candidates:` buys a set. One that shares this set (an identical entry)
        // waits for its pick even when forced: a lone image bought now would replace the paid set.
        const forced = opts.forced
            ? ` (forced, but only an entry with \`candidates:\` buys a new set: reroll ${record.id})`
            : '';
        return {
            ...base,
            action: 'await',
            reason: `${awaitingReason(base.entry.id, record)}${forced}`,
            awaiting: record,
        };
    }
    const k = picked ?? 1;
    const n = record.files.length;
    return {
        ...base,
        action: 'move',
        reason: picked
            ? `picked candidate ${k} of ${n}`
            : `no pick in the pull request: used candidate 1 of ${n}`,
        source: candidateSource(base.fp, base.entry, record, k),
        fromCandidates: { record, k },
    };
}
/**
 * After the rules: on a candidates run, an entry with `candidates: N` that generates buys a set
 * instead, and a request paid for as a set is collected as one; an entry whose `@id` input awaits a
 * pick (or is being bought as a set) waits too, instead of being made from an image nobody chose.
 */
function applyCandidates(planned, lock, manifest, candidatesRun) {
    const out = planned.map((p) => {
        const pendingSet = p.action === 'resume' ? p.pending?.candidates : undefined;
        const buys = p.action === 'generate' && candidatesRun && p.entry.candidates !== undefined && !isRepair(p);
        if (!pendingSet && !buys)
            return p;
        const n = pendingSet ?? p.entry.candidates;
        const reason = buys ? `${p.reason}: buying ${(0,words/* plural */.L)(n, 'candidate')} to pick from` : p.reason;
        return { ...p, entry: candidateSetEntry(p.entry, n, manifest), reason, candidateSet: { n } };
    });
    shareChosenCandidate(out);
    followAwaitedSets(out, lock, manifest);
    const byId = new Map(out.map((p) => [p.entry.id, p]));
    const waits = (p) => p !== undefined && (p.action === 'await' || p.candidateSet !== undefined);
    for (let changed = true; changed;) {
        changed = false;
        for (const [i, p] of out.entries()) {
            if (['await', 'unchanged', 'kept', 'skip', 'resume'].includes(p.action))
                continue;
            if (p.candidateSet)
                continue;
            // An identical entry copies the image of its leader: a leader buying or awaiting a set has none yet.
            const leader = p.copyOf !== undefined && waits(byId.get(p.copyOf)) ? p.copyOf : undefined;
            const upstream = p.entry.inputs.find((r) => r.kind === 'ref' && waits(byId.get(r.id)));
            if (leader === undefined && upstream?.kind !== 'ref')
                continue;
            const reason = leader !== undefined
                ? `same as ${leader}, which awaits a pick`
                : `input ${upstream.id} awaits a pick`;
            const { source: _moved, copyOf: _copied, ...rest } = p;
            const waiting = { ...rest, action: 'await', reason };
            out[i] = waiting;
            byId.set(p.entry.id, waiting);
            changed = true;
        }
    }
    return out;
}
/**
 * An entry whose recorded image has this very fingerprint, generated only because its files are gone
 * (not forced, not stale): the choice for this fingerprint was made (picked, or candidate 1 used), so
 * the image is repaired like any other — from the image cache first, else one image — and no new set
 * is bought. A set would show reviewers a choice already made, pay N for one lost file, and leave the
 * record naming the missing file until a pick (candidates are keyed by fingerprint, §10).
 */
function isRepair(p) {
    return !p.bypassCache && p.previous !== undefined && p.previous.fingerprint === p.fp.value;
}
/**
 * A paid set follows its fingerprint, like a pending request (§4): an entry that awaits a set
 * recorded under another id (it was renamed, or the identical entry that bought it changed) takes
 * the set into its own folder, `<candidates-dir>/<id>/<k>`, so a new set bought under the old id
 * never lands on it. The first such entry carries it; identical entries show it where it went. The
 * set stays where it is while the id it is recorded under still has its fingerprint, or when its new
 * place holds another set that an entry awaits.
 */
function followAwaitedSets(out, lock, manifest) {
    const holders = new Set(out.map((p) => `${p.entry.id}\0${p.fp.value}`));
    const awaited = new Set(out.flatMap((p) => (p.action === 'await' && p.awaiting ? [p.fp.value] : [])));
    const carried = new Map();
    for (const [i, p] of out.entries()) {
        const set = p.awaiting;
        if (p.action !== 'await' || !set || set.id === p.entry.id)
            continue;
        if (holders.has(`${set.id}\0${p.fp.value}`))
            continue;
        const already = carried.get(p.fp.value);
        const to = already ?? candidateSetEntry(p.entry, set.files.length, manifest);
        if (!already && setsAt(lock, to.out, p.fp.value).some((fp) => awaited.has(fp)))
            continue;
        carried.set(p.fp.value, to);
        out[i] = { ...p, setMove: { out: to.out, outWorkspace: to.outWorkspace, carries: !already } };
    }
}
/**
 * The fingerprints of the sets, other than `fp`'s, recorded with a file at one of `paths`
 * (manifest-relative): a set written there replaces them (their images stay in the image cache).
 */
function setsAt(lock, paths, fp) {
    const at = new Set(paths);
    return Object.entries(lock.candidates).flatMap(([other, set]) => other !== fp && set.files.some((f) => at.has(f.path)) ? [other] : []);
}
/**
 * Identical entries (one fingerprint) share one set: the first that uses a candidate takes it (and
 * removes the set's files); the others copy its image, as identical entries always do.
 */
function shareChosenCandidate(out) {
    const first = new Map();
    for (const [i, p] of out.entries()) {
        if (!p.fromCandidates)
            continue;
        const leader = first.get(p.fp.value);
        if (!leader) {
            first.set(p.fp.value, p);
            continue;
        }
        const { fromCandidates: _chosen, source: _moved, ...rest } = p;
        out[i] = {
            ...rest,
            action: 'copy',
            copyOf: leader.entry.id,
            reason: `copied — same as ${leader.entry.id}`,
        };
    }
}

;// CONCATENATED MODULE: ./src/models/pricing.ts

/**
 * USD per image for a model and quality, or null when nobody publishes a price ("unpriced").
 * A manifest `pricing:` entry wins over the registry: the quality's own price, else its `default`.
 * An unset quality (gpt-image-1.5 sends none) is priced as `default`, else `auto`.
 */
function unitPrice(model, quality, overrides) {
    const own = overrides[model];
    if (own) {
        const p = (quality !== undefined ? own[quality] : undefined) ?? own.default ?? (quality ? undefined : own.auto);
        if (p !== undefined)
            return p;
    }
    const prices = (0,registry/* getModel */.E1)(model).prices;
    if (!prices)
        return null;
    return prices[quality ?? 'auto'] ?? null;
}
/** Price of a request: unit price × images, or null when unpriced. */
function requestPrice(model, quality, images, overrides) {
    const unit = unitPrice(model, quality, overrides);
    return unit === null ? null : roundCost(unit * images);
}
/** Money arithmetic in micro-dollars so sums of prices stay exact to the cent and beyond. */
function roundCost(n) {
    return Math.round(n * 1e6) / 1e6;
}
function addCost(a, b) {
    return roundCost(a + b);
}
/** Price of one request for an entry's effective params (quality as sent; unset → `default`). */
function entryPrice(entry, overrides) {
    const q = entry.params.quality;
    return requestPrice(entry.model, q === undefined ? undefined : String(q), entry.count, overrides);
}

;// CONCATENATED MODULE: ./src/shared/format.ts
/**
 * The one home of money and durations as a person (or a workflow) reads them: the CLI, the job
 * summary, the PR comment, the gallery, progress lines, messages and the action's outputs all
 * format through here. Each format is quoted by tests and docs: change one only on purpose.
 */

const USD = new Intl.NumberFormat('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 6 });
/**
 * The one money format of everything a person reads (CLI, job summary, PR comment, messages):
 * `$0.047`, `$0.120`, `$0.0125`, `$1,234.500`. Three decimals, as prices are quoted to a tenth of a
 * cent, and more only when the amount has them (up to the micro-dollars money is counted in), so a
 * price is never rounded away. `null` means nobody publishes a price: "unpriced", never `$0.000`.
 */
function formatUsd(amount) {
    if (amount === null)
        return 'unpriced';
    if (!Number.isFinite(amount))
        return 'n/a';
    const rounded = roundCost(amount);
    // Rounding must not turn a real (tiny) charge into "$0.000".
    if (rounded === 0 && amount > 0)
        return '<$0.000001';
    const sign = rounded < 0 ? '-' : '';
    return `${sign}$${USD.format(Math.abs(rounded))}`;
}
/** The money format of the action's `cost`/`estimated-cost` outputs: a decimal string rounded to 4 places. */
function formatCostOutput(n) {
    return (Math.round(n * 1e4) / 1e4).toFixed(4);
}
/** Seconds for a table cell or a wait about to happen: `41.2 s`, `2m 05s`; `—` when unknown. */
function formatDuration(seconds) {
    if (seconds === undefined || !Number.isFinite(seconds))
        return '—';
    if (seconds < 60)
        return `${seconds.toFixed(1)} s`;
    const total = Math.round(seconds);
    return `${Math.floor(total / 60)}m ${String(total % 60).padStart(2, '0')}s`;
}
/** Elapsed time as shown in progress lines: `+12.3s`. */
function formatElapsed(ms) {
    return `+${(ms / 1000).toFixed(1)}s`;
}
/** A duration spelled as the settings take it (`poll-timeout`), for messages: `250ms`, `1.5s`, `15m`. */
function formatSetting(ms) {
    if (ms >= 60_000 && ms % 60_000 === 0)
        return `${ms / 60_000}m`;
    if (ms >= 1000)
        return `${Math.round(ms / 100) / 10}s`;
    return `${ms}ms`;
}
/** Whole seconds, for how long something waited: `0 s`, `60 s`. */
function formatSeconds(ms) {
    return `${Math.max(0, Math.round(ms / 1000))} s`;
}
/** A long wait, for messages about it: whole seconds under a minute (`45 s`), else whole minutes (`30 min`). */
function formatMinutes(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    return s < 60 ? `${s} s` : `${Math.round(s / 60)} min`;
}
/** An age for a planning reason (`max_age`), as the manifest spells it: the largest whole unit (`2w`, `36h`). */
function formatAge(ms) {
    const units = [
        ['w', 604_800_000],
        ['d', 86_400_000],
        ['h', 3_600_000],
        ['m', 60_000],
        ['s', 1000],
    ];
    for (const [u, size] of units)
        if (ms >= size && ms % size === 0)
            return `${ms / size}${u}`;
    return `${ms}ms`;
}

;// CONCATENATED MODULE: ./src/plan/entry-rules.ts




/** Whether the rules asked so far left the entry undecided. */
function isUndecided(p) {
    return 'undecided' in p;
}
/** Rules 1–4, which need no file; otherwise what the later rules must look at. */
function firstRules(entry, opts) {
    const fp = opts.fingerprints.get(entry.id);
    const previous = opts.lock.images[entry.id];
    const base = { entry, fp, previous, bypassCache: false };
    // Rule 1b: a generation already bought is collected, forced or stale or renamed or not.
    const pending = opts.lock.pending[fp.value];
    if (pending) {
        const renamed = pending.id !== entry.id ? ` (paid for as "${pending.id}")` : '';
        return { ...base, action: 'resume', reason: `resuming ${pending.request_id}${renamed}`, pending };
    }
    // Rule 1c: a paid candidate set awaits a pick (or is used, outside pull requests).
    const fromSet = candidateRule(base, opts.lock, {
        forced: opts.force?.(entry.id) ?? false,
        ...(opts.candidates !== undefined && { candidates: opts.candidates }),
        ...(opts.pick && { pick: opts.pick }),
    });
    if (fromSet)
        return fromSet;
    if (opts.force?.(entry.id))
        return { ...base, action: 'generate', reason: 'forced', bypassCache: true };
    const failed = opts.lock.failed[fp.value];
    if (failed) {
        const why = failed.status === 'COMPLETED' ? failed.error : `refused before: ${failed.error}`;
        return { ...base, action: 'skip', reason: `${why} (change the entry or force it to try again)` };
    }
    const unknown = opts.lock.unknown[fp.value];
    if (unknown && !opts.retryUnknownSubmits)
        return {
            ...base,
            action: 'skip',
            reason: `outcome unknown since ${unknown.at}: check the Pixazo dashboard, then force it or set ${(opts.names ?? shared_settings/* ACTION_NAMES */.G)('retry-unknown-submits')}${unknown.reason === STOPPED_BEFORE_ANSWER ? ` (${unknown.reason})` : ''}`,
        };
    const samePaths = previous !== undefined &&
        previous.files.length === entry.out.length &&
        previous.files.every((f, i) => f.path === entry.out[i]);
    const own = previous && previous.fingerprint === fp.value && samePaths ? previous : undefined;
    return { undecided: true, entry, fp, previous, own };
}
/** Rules 5 (kept), 6 (stale) and 7 (unchanged), given the state of the entry's own files. */
function ownRules(p, files, opts) {
    const base = { entry: p.entry, fp: p.fp, previous: p.previous, bypassCache: false };
    const state = p.own ? files.state(p.own) : undefined;
    p.ownState = state;
    const stale = isStale(p.entry, p.previous, opts.now);
    if (state === 'differs') {
        const edited = p.own.files.filter((f) => files.of(f) === 'differs');
        const age = stale ? `; older than max_age ${formatAge(p.entry.maxAgeMs)}, but not regenerated` : '';
        return {
            ...base,
            action: 'kept',
            reason: `edited by hand${age} (force to regenerate)`,
            edited,
            ...(stale && { staleKept: true }),
        };
    }
    if (stale)
        return {
            ...base,
            action: 'generate',
            reason: `stale (older than ${formatAge(p.entry.maxAgeMs)})`,
            bypassCache: true,
        };
    if (state === 'same')
        return { ...base, action: 'unchanged', reason: 'unchanged' };
    return undefined;
}
function isStale(entry, previous, now) {
    if (!previous || entry.maxAgeMs === undefined)
        return false;
    return !(now - Date.parse(previous.generated_at) <= entry.maxAgeMs);
}
/** Rule 8 (move / copy), else rule 10 (generate); rule 9 (cache) is carried out by the engine. */
function laterRules(p, opts, byFingerprint, files, ids) {
    const { entry, fp, previous, ownState } = p;
    const base = { entry, fp, previous, bypassCache: false };
    for (const candidate of byFingerprint.get(fp.value) ?? []) {
        if (candidate.id === entry.id && ownState === 'missing')
            continue;
        if (files.state(candidate.record) !== 'same')
            continue;
        const reason = candidate.id === entry.id
            ? `moved from ${candidate.record.files.map((f) => f.path).join(', ')}`
            : !ids.has(candidate.id)
                ? `renamed from ${candidate.id}`
                : `copied — same as ${candidate.id}`;
        return {
            ...base,
            action: 'move',
            reason,
            source: { id: candidate.id, files: candidate.record.files, record: candidate.record },
        };
    }
    return { ...base, action: 'generate', reason: changeReason(entry, fp, previous, ownState, opts) };
}
/** Why an entry generates: new, or which fingerprint parts changed against its record. */
function changeReason(entry, fp, previous, ownState, opts) {
    if (!previous)
        return 'new';
    if (previous.fingerprint === fp.value)
        return ownState === 'missing' ? 'file missing' : 'regenerate';
    const changed = [];
    if (previous.parts.prompt !== fp.parts.prompt)
        changed.push('prompt');
    if (previous.parts.params !== fp.parts.params)
        changed.push(previous.model !== entry.model ? 'model' : 'params');
    if (previous.parts.inputs !== fp.parts.inputs) {
        const refs = entry.inputs.flatMap((i) => (i.kind === 'ref' ? [i.id] : []));
        // An upstream whose fingerprint moved away from its record is what changed this entry's inputs.
        const refChanged = refs.filter((id) => opts.lock.images[id]?.fingerprint !== opts.fingerprints.get(id)?.value);
        changed.push(refChanged.length > 0 ? `input ${[...new Set(refChanged)].join(', ')}` : 'inputs');
    }
    return changed.length > 0 ? `${changed.join(', ')} changed` : 'changed';
}

;// CONCATENATED MODULE: ./src/plan/file-states.ts

/**
 * The recorded files' states, asked in batches: git's answer where it has one, else a look at the
 * file. The planner asks for every record a rule may look at before the rules run, so the files
 * are verified together and each rule reads a ready answer.
 */
class FileStates {
    dir;
    verifier;
    states = new Map();
    constructor(
    /** Manifest folder (absolute): recorded paths are relative to it. */
    dir, verifier) {
        this.dir = dir;
        this.verifier = verifier;
    }
    /** Looks at the files of `records` not asked about before. */
    async ask(records) {
        const asked = [];
        for (const record of records) {
            for (const file of record.files) {
                const key = this.key(file);
                if (this.states.has(key))
                    continue;
                const abs = external_node_path_default().resolve(this.dir, file.path);
                const known = this.verifier.known(abs, file);
                // Placeholder until the answer lands, so a file is looked at once.
                this.states.set(key, known ?? 'missing');
                if (!known)
                    asked.push(this.verifier.verify(abs, file).then((s) => this.states.set(key, s)));
            }
        }
        await Promise.all(asked);
    }
    /** A record's state (its files asked before): missing beats differs beats same. */
    state(record) {
        let state = 'same';
        for (const file of record.files) {
            const s = this.of(file);
            if (s === 'missing')
                return 'missing';
            if (s === 'differs')
                state = 'differs';
        }
        return state;
    }
    /** One file's state (asked before; a file never asked about counts as missing). */
    of(file) {
        return this.states.get(this.key(file)) ?? 'missing';
    }
    /** One answer per path and expected content (two records may claim one path with different bytes). */
    key(file) {
        return `${file.path}\0${file.sha256}`;
    }
}

;// CONCATENATED MODULE: ./src/plan/planner.ts





/**
 * Decide what to do with every entry. The rules and their numbers are SPEC §4's planning rules
 * (docs/how-a-run-decides.md numbers them alike) — the first rule that applies wins:
 *  1. (a) an intent left in `submitting` by a run that stopped → moved to `unknown` in `opts.lock`
 *     (then planned like any unknown record); (b) pending → resume (a generation already bought
 *     is collected by whichever entry has its fingerprint, forced or stale or renamed or not);
 *     (c) a paid candidate set → await a pick, or use candidate 1 (plan/candidates.ts)
 *  2. forced → generate           3. refused or paid in vain before → skip
 *  4. outcome unknown → skip      5. own files edited by hand → kept
 *  6. stale (max_age) → generate  7. own files as recorded → unchanged
 *  8. recorded elsewhere → move/copy
 *  9. the image cache has it → reuse: planned here as `generate` with `bypassCache` false, since
 *     only the run can look into the cache; the engine restores it (engine/entries.ts)
 * 10. otherwise → generate (new or changed).
 * Then an entry planned by rules 7–9 whose `@id` upstream makes a new image in this run is
 * generated too, and identical entries that generate share one image (the first, the rest copy).
 */
async function planEntries(opts) {
    moveStaleIntents(opts.lock);
    const files = new FileStates(opts.dir, opts.verifier);
    await opts.verifier.ready();
    const first = opts.entries.map((entry) => firstRules(entry, opts));
    await files.ask(first.flatMap((p) => (isUndecided(p) && p.own ? [p.own] : [])));
    const second = first.map((p) => (isUndecided(p) ? (ownRules(p, files, opts) ?? p) : p));
    const byFingerprint = new Map();
    for (const [id, record] of Object.entries(opts.lock.images)) {
        const list = byFingerprint.get(record.fingerprint) ?? [];
        list.push({ id, record });
        byFingerprint.set(record.fingerprint, list);
    }
    const rest = second.filter(isUndecided);
    await files.ask(rest.flatMap((p) => (byFingerprint.get(p.fp.value) ?? []).map((c) => c.record)));
    const ids = new Set(opts.allIds ?? opts.entries.map((e) => e.id));
    const planned = second.map((p) => (isUndecided(p) ? laterRules(p, opts, byFingerprint, files, ids) : p));
    regenerateDependants(planned);
    markCopies(planned);
    // Candidates (§10): sets bought or collected, and entries waiting for a pick of their input.
    return applyCandidates(planned, opts.lock, opts.manifest ?? { dir: opts.dir, workspace: opts.dir }, opts.candidates ?? false);
}
/**
 * An entry about to reuse recorded bytes (unchanged, moved, copied) whose `@id` upstream makes a
 * new image in this run (forced, stale, resumed) would keep an image made from the old input:
 * it is generated too, along the whole chain. (An upstream whose fingerprint changed changes its
 * dependants' fingerprints already.)
 */
function regenerateDependants(planned) {
    const byId = new Map(planned.map((p) => [p.entry.id, p]));
    const makesNew = (p) => p !== undefined && (p.action === 'resume' || (p.action === 'generate' && p.bypassCache));
    for (let changed = true; changed;) {
        changed = false;
        for (const p of planned) {
            const reuses = p.action === 'unchanged' || p.action === 'move';
            // A generate that the cache could answer (rule 9) would restore an image of the old input.
            if (!reuses && !(p.action === 'generate' && !p.bypassCache))
                continue;
            const upstream = p.entry.inputs.find((i) => i.kind === 'ref' && makesNew(byId.get(i.id)));
            if (upstream?.kind !== 'ref')
                continue;
            if (reuses) {
                p.action = 'generate';
                p.reason = `input ${upstream.id} regenerated`;
                delete p.source;
            }
            p.bypassCache = true;
            changed = true;
        }
    }
}
/** Identical entries planned to generate: the first (manifest order) generates, the rest copy it. */
function markCopies(planned) {
    const leader = new Map();
    for (const p of planned) {
        if (!spends(p.action))
            continue;
        const first = leader.get(p.fp.value);
        if (!first) {
            leader.set(p.fp.value, p);
            continue;
        }
        p.action = 'copy';
        p.copyOf = first.entry.id;
        p.reason = `copied — same as ${first.entry.id}`;
    }
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./src/manifest/suggest.ts
/**
 * "Did you mean …?" for unknown keys, values, ids and variables. A plain edit distance is enough
 * for the handful of candidates involved; it is small enough not to warrant a dependency.
 */
/**
 * Edit distance between two strings: insertions, deletions, substitutions, and swaps of two
 * neighbouring letters (`heor` → `hero`, the commonest slip at a keyboard) each count one.
 */
function editDistance(a, b) {
    if (a === b)
        return 0;
    let before = [];
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                cur[j] = Math.min(cur[j], before[j - 2] + 1);
        }
        before = prev;
        prev = cur;
    }
    return prev[b.length];
}
/** Case, `-` vs `_` and camelCase are the usual slips: compare without them first. */
function fold(s) {
    return s.toLowerCase().replace(/[-_\s]/g, '');
}
/**
 * The closest candidate to `word`, if one is close enough to be a plausible typo: equal after
 * folding case and separators, or within edit distance 2 (1 for words of up to 4 characters,
 * where 2 edits would turn almost anything into anything).
 */
function closest(word, candidates) {
    const limit = word.length <= 4 ? 1 : 2;
    let best;
    let bestDist = Number.POSITIVE_INFINITY;
    for (const c of candidates) {
        if (c === word)
            continue;
        const d = fold(c) === fold(word) ? 0 : editDistance(word.toLowerCase(), c.toLowerCase());
        if (d < bestDist) {
            best = c;
            bestDist = d;
        }
    }
    return bestDist <= limit ? best : undefined;
}
/** The words of a key: `image_size` → image, size; `outputFormat` → output, format. */
function tokens(s) {
    return s
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .toLowerCase()
        .split(/[-_\s.]+/)
        .filter(Boolean);
}
/**
 * Up to `max` plausible meanings of `word`, best first. Beyond the typos `closest` finds, a word
 * that is one part of a longer name (`size` → `image_size`, `format` → `output_format`) or that
 * shares a whole word with it counts: people remember a key by its last word. Ranked by kind
 * (typo, part, shared word), then by edit distance, then by the candidates' order.
 */
function suggestions(word, candidates, max = 3) {
    const w = fold(word);
    const wordTokens = tokens(word);
    const limit = word.length <= 4 ? 1 : 2;
    const ranked = [];
    let i = 0;
    for (const c of candidates) {
        i++;
        if (c === word)
            continue;
        const f = fold(c);
        const dist = f === w ? 0 : editDistance(word.toLowerCase(), c.toLowerCase());
        const ctoks = tokens(c);
        let rank;
        if (dist <= limit)
            rank = 0;
        else if (w.length >= 3 && containsRun(ctoks, wordTokens))
            rank = 1;
        else if (wordTokens.some((t) => t.length >= 3 && ctoks.some((c) => c === t || (t.length >= 4 && c.startsWith(t)))))
            rank = 2;
        if (rank !== undefined)
            ranked.push({ c, rank, dist, i });
    }
    ranked.sort((a, b) => a.rank - b.rank || a.dist - b.dist || a.i - b.i);
    // The same name in another case or separator is the answer, not one of several.
    if (ranked[0] && ranked[0].dist === 0)
        return [ranked[0].c];
    return ranked.slice(0, max).map((r) => r.c);
}
/** Whether `run` appears in `list` as consecutive items (`[size]` in `[image, size]`). */
function containsRun(list, run) {
    for (let i = 0; i + run.length <= list.length; i++)
        if (run.every((t, j) => list[i + j] === t))
            return true;
    return false;
}
/** `a`, `a or b`, `a, b or c`. */
function orList(items) {
    return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
/** `; did you mean `x`?` or an empty string, ready to append to a message. */
function didYouMean(word, candidates, wrap = (s) => `\`${s}\``) {
    const c = closest(word, candidates);
    return c === undefined ? '' : `; did you mean ${wrap(c)}?`;
}

;// CONCATENATED MODULE: ./src/plan/select.ts



/** Ids are matched as globs in which `*` also matches a leading dot. */
const GLOB = { dot: true };
function idMatcher(patterns) {
    if (patterns.length === 0)
        return undefined;
    if (patterns.some((p) => p === 'all'))
        return () => true;
    const isMatch = picomatch_default()([...patterns], GLOB);
    return (id) => isMatch(id);
}
/**
 * One warning per pattern that matches none of `ids` (a typo would otherwise silently do nothing),
 * naming the option as the user wrote it (`--only`, `input only`), with a did-you-mean when an id
 * is close. `all` is a keyword, not a pattern.
 */
function unmatchedPatternWarnings(option, patterns, ids) {
    const quote = (s) => `'${s}'`;
    return [...new Set(patterns)]
        .filter((p) => {
        if (p === 'all')
            return false;
        const isMatch = picomatch_default()(p, GLOB);
        return !ids.some((id) => isMatch(id));
    })
        .map((p) => `${option} ${quote(p)} matches no entry${didYouMean(p, ids, quote)}`);
}
/**
 * The entries this shard handles. Entries linked by `@id` references form one group that stays
 * in one shard (a dependant needs its upstream's fresh result); a group goes to the shard chosen
 * by a hash of its smallest id, so the split is deterministic across jobs and runs.
 */
function shardEntries(entries, shard) {
    if (shard.total === 1)
        return [...entries];
    const parent = new Map(entries.map((e) => [e.id, e.id]));
    const find = (id) => {
        let root = id;
        while (parent.get(root) !== root)
            root = parent.get(root);
        parent.set(id, root);
        return root;
    };
    for (const e of entries) {
        for (const input of e.inputs) {
            if (input.kind !== 'ref' || !parent.has(input.id))
                continue;
            const a = find(e.id);
            const b = find(input.id);
            // Keep the smallest id as the group's root.
            if (a !== b)
                a < b ? parent.set(b, a) : parent.set(a, b);
        }
    }
    return entries.filter((e) => shardOf(find(e.id), shard.total) === shard.index);
}
/** 1-based shard of a key. */
function shardOf(key, total) {
    const h = (0,external_node_crypto_.createHash)('sha256').update(key).digest();
    return (h.readUInt32BE(0) % total) + 1;
}

;// CONCATENATED MODULE: ./src/shared/guard.ts
/**
 * The one path guard (SPEC §9): every write, rename and delete the tool makes goes through it,
 * at the moment it happens. The real path of the target's folder is resolved then (symlinks
 * followed; for a folder still to be made, its nearest existing ancestor), and a target outside
 * the root's real path or inside any `.git` is refused. Checks made earlier (the manifest's
 * validation) are a courtesy; this one holds whatever changed on disk since.
 */




/** A write, rename or delete the guard refused: names the path and why. */
class PathRefusedError extends Error {
    op;
    shown;
    why;
    constructor(op, 
    /** The path as shown: relative to the root with `/`, or absolute when outside it. */
    shown, why) {
        super(`refusing to ${op} ${shown}: ${why}`);
        this.op = op;
        this.shown = shown;
        this.why = why;
        this.name = 'PathRefusedError';
    }
}
function code(err) {
    return err.code;
}
function show(root, abs) {
    return relativeInside(root, abs) ?? abs;
}
/**
 * The first symlink on the way from `root` to `abs` (the file itself included), relative to the
 * root with `/`, or `undefined` when every existing segment is a plain folder or file.
 */
async function symlinkOnPath(root, abs) {
    const rel = external_node_path_default().relative(root, abs);
    if (rel === '' || !isInside(root, abs))
        return undefined;
    let at = root;
    for (const seg of rel.split((external_node_path_default()).sep)) {
        at = external_node_path_default().join(at, seg);
        try {
            if ((await (0,promises_.lstat)(at)).isSymbolicLink())
                return toPosix(external_node_path_default().relative(root, at));
        }
        catch {
            return undefined; // the rest does not exist: no link further down
        }
    }
    return undefined;
}
/**
 * The real path `abs` stands for now: its nearest existing ancestor resolved (symlinks followed),
 * the missing rest appended. `folderOnly`: resolve from the parent, so a file that is itself a link
 * is taken as the link (rename and unlink act on the link, not on what it points to).
 */
async function realTarget(abs, folderOnly) {
    let probe = folderOnly ? external_node_path_default().dirname(abs) : abs;
    const rest = folderOnly ? [external_node_path_default().basename(abs)] : [];
    for (;;) {
        try {
            return external_node_path_default().join(await (0,promises_.realpath)(probe), ...rest.reverse());
        }
        catch (err) {
            const c = code(err);
            if (c === 'ELOOP')
                return { why: 'it cannot be resolved (a looping symlink)' };
            if (c !== 'ENOENT' && c !== 'ENOTDIR')
                return { why: `it cannot be resolved (${c ?? 'error'})` };
            // A link whose target is missing would be followed by mkdir: never write through one.
            const linked = await (0,promises_.lstat)(probe).then((s) => s.isSymbolicLink(), () => false);
            if (linked)
                return { why: 'it runs through a broken symlink' };
            const up = external_node_path_default().dirname(probe);
            if (up === probe)
                return { why: 'it cannot be resolved' };
            rest.push(external_node_path_default().basename(probe));
            probe = up;
        }
    }
}
/**
 * Why `abs` may not be written, renamed or deleted under `root`, or `undefined` when it may.
 * Both the path as written and its real path must be inside the root and outside any `.git`.
 */
async function pathRefusal(root, abs, folder = false) {
    const target = external_node_path_default().resolve(abs);
    if (external_node_path_default().relative(root, target) === '')
        return folder ? undefined : 'it is the root folder itself';
    // As written: a `.git` segment is refused even where a link would take it elsewhere. Whether it
    // is inside at all is the real path's question (the root may be spelled through a link).
    if (isInside(root, target) && entersGit(external_node_path_default().relative(root, target)))
        return 'it is inside .git';
    let realRoot;
    try {
        realRoot = await (0,promises_.realpath)(root);
    }
    catch {
        return `the folder ${root} does not exist`;
    }
    const real = await realTarget(target, !folder);
    if (typeof real !== 'string')
        return real.why;
    if (folder && external_node_path_default().relative(realRoot, real) === '')
        return undefined;
    const through = async () => {
        const link = await symlinkOnPath(root, target);
        return link === undefined ? '' : ` through the symlink ${link}`;
    };
    if (!isInside(realRoot, real))
        return isInside(root, target) || isInside(realRoot, target)
            ? `it resolves outside the workspace${await through()}`
            : 'it is outside the workspace';
    if (entersGit(external_node_path_default().relative(realRoot, real)))
        return `it resolves inside .git${await through()}`;
    return undefined;
}
/** Throws {@link PathRefusedError} unless `abs` may be the target of `op` under `root`. */
async function guardPath(root, abs, op) {
    const why = await pathRefusal(root, abs, op === 'create the folder');
    if (why !== undefined)
        throw new PathRefusedError(op, show(root, external_node_path_default().resolve(abs)), why);
}
/** A path for a temp file beside `target`, so the final rename stays on one filesystem. */
function tempBeside(target) {
    return external_node_path_default().join(external_node_path_default().dirname(target), `.${external_node_path_default().basename(target)}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`);
}
/** `mkdir -p` of `dir`, guarded. */
async function guardedMkdir(root, dir) {
    await guardPath(root, dir, 'create the folder');
    await (0,promises_.mkdir)(dir, { recursive: true });
}
/** Renames `from` to `to`, both guarded (the temp file and its final place). */
async function guardedRename(root, from, to) {
    await guardPath(root, from, 'rename');
    await guardPath(root, to, 'write');
    await (0,promises_.rename)(from, to);
}
/**
 * Opens `file` for writing, guarded; the caller closes it. `exclusive`: created only when it does
 * not exist yet (`wx`, e.g. a run's lock file), else created or truncated (`w`).
 */
async function guardedOpenForWrite(root, file, exclusive = false) {
    await guardPath(root, file, 'write');
    return (0,promises_.open)(file, exclusive ? 'wx' : 'w');
}
/** Deletes `file` (guarded); false when it was not there. A missing file is not an error. */
async function guardedUnlink(root, file) {
    await guardPath(root, file, 'delete');
    try {
        await (0,promises_.unlink)(file);
        return true;
    }
    catch (err) {
        if (code(err) === 'ENOENT')
            return false;
        throw err;
    }
}
/** Best-effort removal of a temp file this run made beside a target (guarded, errors ignored). */
async function removeTemp(root, file) {
    if ((await pathRefusal(root, file)) !== undefined)
        return;
    await (0,promises_.rm)(file, { force: true }).catch(() => undefined);
}
/** Writes `file` atomically (temp file beside it, then rename), its folder created; all guarded. */
async function guardedWriteFile(root, file, data, opts = {}) {
    await guardPath(root, file, 'write'); // named in the refusal, rather than a folder on its way
    await guardedMkdir(root, external_node_path_default().dirname(file));
    const tmp = tempBeside(file);
    try {
        const fh = await guardedOpenForWrite(root, tmp);
        try {
            await fh.writeFile(data);
            if (opts.flush)
                await fh.sync();
        }
        finally {
            await fh.close();
        }
        await guardedRename(root, tmp, file);
    }
    catch (err) {
        await removeTemp(root, tmp);
        throw err;
    }
}
/** Copies `src` to `dest` (guarded at `dest`): the copy lands at a checked place only. */
async function guardedCopyFile(root, src, dest) {
    await guardPath(root, dest, 'write');
    await (0,promises_.copyFile)(src, dest);
}

// EXTERNAL MODULE: ./src/shared/redact.ts
var redact = __webpack_require__(8932);
;// CONCATENATED MODULE: ./src/shared/fs.ts




/**
 * Writes `file` atomically (temp file beside it, then rename; its folder created): a reader never
 * sees half of it. `root` is the folder it must stay in (the workspace, or a staging folder): the
 * path guard checks every step against it. Text (the lockfile, the image index, the gallery …)
 * passes the one redactor first (SPEC §9). With `flush`, the temp file is flushed to disk before
 * the rename and the folder after it, so the new content survives a crash or power loss the moment
 * this resolves (write-ahead records).
 */
async function writeFileAtomic(file, data, root, opts = {}) {
    await guardedWriteFile(root, file, typeof data === 'string' ? (0,redact/* redact */.E$)(data) : data, opts);
    if (opts.flush)
        await flushFolder(external_node_path_default().dirname(file));
}
/** Flushes a folder's entries (the rename); platforms that cannot open a folder (Windows) skip it. */
async function flushFolder(dir) {
    let handle;
    try {
        handle = await (0,promises_.open)(dir, 'r');
    }
    catch {
        return;
    }
    try {
        await handle.sync();
    }
    catch (err) {
        const code = err.code;
        if (code !== 'EINVAL' && code !== 'EPERM' && code !== 'EISDIR')
            throw err;
    }
    finally {
        await handle.close();
    }
}
/** A file system error's cause in words: `ENOSPC: no space left on device, write` → `no space left on device`. */
function fsCause(err) {
    const message = err instanceof Error ? err.message : String(err);
    return message.replace(/^E[A-Z]+: /, '').replace(/, \w+(?: '[^']*'(?: -> '[^']*')?)?$/, '');
}
/**
 * A write that failed for a reason of the file system (a full disk, a read-only folder): names the
 * file as messages show it, and the cause in words.
 */
class WriteError extends Error {
    file;
    name = 'WriteError';
    constructor(file, cause) {
        super(`cannot write ${file}: ${fsCause(cause)}`, { cause });
        this.file = file;
    }
}
/** A text file's content, or undefined when it does not exist; any other failure is thrown. */
async function readTextIfExists(file) {
    try {
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return undefined;
        throw err;
    }
}

// EXTERNAL MODULE: ./src/images/verify.ts + 6 modules
var verify = __webpack_require__(5069);
;// CONCATENATED MODULE: ./src/site/image-file.ts
/**
 * Facts about an image file: its format by extension (the engine writes only extensions that agree
 * with the verified bytes), and its pixel size read from the header by the image verifier — a bounded
 * read of the file's start, never a decode. Sizes are read when an image is recorded, and for
 * lockfile records written before sizes were kept.
 */




/** The format an image path's extension names (case aside), or undefined for another extension. */
function formatOfPath(file) {
    return (0,registry/* formatOfExtension */.qQ)(external_node_path_default().extname(file).slice(1));
}
/** PNG and WebP say their size in the first bytes; a JPEG's frame header may follow large metadata. */
const LIMIT = 512 * 1024;
/** Files open at once when many legacy records are looked at together. */
const opens = new semaphore/* Semaphore */.j(8);
/**
 * The displayed size of the image in `file`, read by the image verifier's walk over its header
 * (EXIF orientations 5–8 swap the sides, as browsers do); undefined when it is missing or gives none.
 */
function readDimensions(file) {
    return opens.run(() => (0,verify/* readImageDimensions */.DQ)(file, LIMIT));
}

;// CONCATENATED MODULE: ./src/site/index-schema.ts
/**
 * The image index's one definition: what a run writes for site generators (see `image-index.ts`),
 * and, through `scripts/gen-schema.ts`, the committed JSON Schema that documents it.
 */


const indexedFile = schemas/* object */.Ikc({
    path: schemas/* string */.YjP().min(1).describe("The image file, relative to the index file's folder, `/`-separated."),
    width: schemas/* int */.Whr().positive().describe('Width in pixels, as browsers lay the image out.'),
    height: schemas/* int */.Whr().positive().describe('Height in pixels.'),
    format: schemas/* enum */.k5n(registry/* OUTPUT_FORMATS */.DS).describe('File format.'),
    bytes: schemas/* int */.Whr().nonnegative().describe('File size in bytes.'),
    sha256: schemas/* string */.YjP()
        .regex(/^[0-9a-f]{64}$/)
        .describe('Hex sha256 of the bytes: changes whenever the image does (cache busting).'),
    content_credentials: schemas/* boolean */.zMY()
        .optional()
        .describe('Whether the file carries C2PA content credentials as delivered by the gateway (a PNG `caBX` chunk, a JPEG APP11 JUMBF box, a RIFF `C2PA` chunk): the file says it was made by AI. Presence only: signatures are not validated. Absent when unknown (an image recorded by an older version).'),
})
    .describe('One image file of the entry, in the order of its `{n}`.');
const indexedImage = schemas/* object */.Ikc({
    alt: schemas/* string */.YjP()
        .optional()
        .describe('The entry’s `alt` text, as the manifest gives it. `""` marks a decorative image (the manifest says `alt: ""`); the key is absent when the manifest gives no alt, so a site can tell a forgotten alt from a decorative image.'),
    files: schemas/* array */.YOg(indexedFile).min(1),
    model: schemas/* string */.YjP().describe('The model that made the image.'),
    generated_at: schemas/* string */.YjP().describe('When the image was made (ISO 8601, UTC).'),
})
    .describe('An entry of the manifest that has its image.');
/** The index file: `{ version: 1, images: { <id>: … } }`. */
const imageIndexSchema = schemas/* object */.Ikc({
    version: schemas/* literal */.euz(1).describe('Index format version. Always 1.'),
    images: schemas/* record */.g1P(schemas/* string */.YjP(), indexedImage)
        .describe('Every entry of the manifest that has an image, by id. An entry never generated yet (or whose first generation failed or is still pending) is absent; one whose regeneration failed keeps its previous image.'),
})
    .describe('pixazo-images image index, for site generators.');
/**
 * An index file's text, when it is one: anything else (missing, hand-edited, half-merged) is
 * undefined, and the caller simply rebuilds it.
 */
function parseImageIndex(text) {
    if (text === undefined)
        return undefined;
    try {
        const parsed = imageIndexSchema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : undefined;
    }
    catch {
        return undefined;
    }
}
/** The JSON Schema (draft-07) committed as `schema/images.index.schema.json`. */
function indexJsonSchema() {
    return {
        ...z.toJSONSchema(imageIndexSchema, { target: 'draft-07', io: 'input' }),
        title: 'pixazo-images image index',
    };
}

;// CONCATENATED MODULE: ./src/site/image-index.ts
/**
 * The image index (`index:` in the manifest): what a site generator needs to place each image —
 * alt text, paths relative to the index, pixel sizes, format, bytes, sha256, content credentials,
 * model and date. Built from the lockfile's records and the manifest's alt texts, so no image is
 * read; only a record from before sizes were recorded has its size read from the file's header (or
 * taken from the index already on disk, when the bytes are the same).
 */







/**
 * Every manifest entry with a recorded image, keyed by id. `previous` (the index on disk) lends
 * sizes to records written before the lockfile kept them, matched by sha256.
 */
async function buildImageIndex(manifest, target, lock, previous) {
    const known = new Map();
    for (const image of Object.values(previous?.images ?? {}))
        for (const f of image.files)
            known.set(f.sha256, { width: f.width, height: f.height });
    const ws = workspaceOf(manifest.workspace);
    const from = external_node_path_default().dirname(target.abs);
    const unsized = [];
    const built = await Promise.all(manifest.entries.map(async (entry) => {
        const record = lock.images[entry.id];
        if (!record || record.files.length === 0)
            return undefined;
        const files = [];
        for (const f of record.files) {
            const abs = external_node_path_default().resolve(manifest.dir, f.path);
            const format = formatOfPath(f.path);
            const size = f.width && f.height
                ? { width: f.width, height: f.height }
                : (known.get(f.sha256) ??
                    // The lockfile is repository data: nothing outside the workspace is read through it.
                    (pathProblem(abs, ws) ? undefined : await readDimensions(abs)));
            if (!size || !format) {
                unsized.push(entry.id);
                return undefined;
            }
            const rel = toPosix(external_node_path_default().relative(from, abs));
            files.push({
                path: rel,
                ...size,
                format,
                bytes: f.bytes,
                sha256: f.sha256,
                // Unknown for records from before it was kept: absent, never a guessed false.
                ...(f.content_credentials !== undefined && { content_credentials: f.content_credentials }),
            });
        }
        return [
            entry.id,
            {
                // Absent, not "", when the manifest gives none: a site tells a forgotten alt from a
                // decorative image (`alt: ""`) by the key (the manifest's check warns of it).
                ...(entry.alt !== undefined && { alt: entry.alt }),
                files,
                model: record.model,
                generated_at: record.generated_at,
            },
        ];
    }));
    const images = Object.fromEntries(built.filter((e) => e !== undefined));
    return { index: { version: 1, images }, unsized };
}
/**
 * Brings the manifest's index file up to date with the lockfile: written atomically, in the
 * lockfile's format (sorted keys, two-space indent, trailing newline), only when its content changes.
 */
async function writeImageIndex(manifest, lock) {
    const target = manifest.index;
    if (!target)
        return { written: false, unsized: [] };
    const current = await readTextIfExists(target.abs);
    const { index, unsized } = await buildImageIndex(manifest, target, lock, parseImageIndex(current));
    const text = stableStringify(index);
    if (text === current)
        return { written: false, unsized };
    await writeFileAtomic(target.abs, text, manifest.workspace);
    return { written: true, unsized };
}

;// CONCATENATED MODULE: ./src/engine/store.ts




/**
 * A recorded (lockfile) path to read from, or undefined when it leads outside the workspace or
 * into `.git`, symlinks followed (the file itself included: a read goes where the link points):
 * the lockfile is data from the repository. The path guard's own rule, asked for a read.
 */
async function insideWorkspace(workspace, dir, rel) {
    const abs = external_node_path_default().resolve(dir, rel);
    if (external_node_path_default().relative(workspace, abs) === '')
        return undefined;
    return (await pathRefusal(workspace, abs, true)) === undefined ? abs : undefined;
}
/** The folders of a run's images, made once each: the file is checked first, so a refusal names it. */
class Folders {
    workspace;
    made = new Map();
    constructor(workspace) {
        this.workspace = workspace;
    }
    /** Make the folder of `file` (guarded), once per folder in the run. */
    ensure(file) {
        const dir = external_node_path_default().dirname(file);
        let p = this.made.get(dir);
        if (!p) {
            p = guardPath(this.workspace, file, 'write').then(() => guardedMkdir(this.workspace, dir));
            this.made.set(dir, p);
        }
        return p;
    }
}
/** Move a finished temp file into place: an output path never holds a partial file. Guarded. */
async function placeFile(root, tmp, target) {
    await guardPath(root, target, 'write');
    await guardedMkdir(root, external_node_path_default().dirname(target));
    await guardedRename(root, tmp, target);
}
/**
 * A lockfile write that failed: a WriteError (names the file and the cause), of its own class
 * because it stops the run's submits rather than failing one entry.
 */
class LockWriteError extends WriteError {
    name = 'LockWriteError';
}
/**
 * The lockfile on disk, saved after every change that matters (an intent to submit, an accepted
 * submit, a finished image), one write at a time, so a cancelled or killed run leaves a lockfile
 * that knows what was paid for. Every write is flushed (file and folder): a write-ahead intent
 * must be on disk before its submit is sent. Writes nothing when the content did not change (a
 * no-op run leaves the file alone). A failed write rejects with a LockWriteError naming the file.
 */
class LockStore {
    file;
    lock;
    root;
    display;
    chain = Promise.resolve();
    queued;
    written;
    constructor(file, lock, originalText, 
    /** The workspace: the path guard keeps the lockfile's writes inside it. */
    root, 
    /** The lockfile as messages name it (workspace-relative). */
    display = external_node_path_default().basename(file)) {
        this.file = file;
        this.lock = lock;
        this.root = root;
        this.display = display;
        this.written = originalText ?? '';
    }
    /** Whether the file on disk differs from what was read at the start. */
    changedFrom(originalText) {
        return this.written !== (originalText ?? '');
    }
    /**
     * Persist the current state. Calls made while a write is under way share one follow-up write
     * of the latest state, so a run finishing many images (or sending many submits) does not
     * serialize the file per image.
     */
    save() {
        if (!this.queued) {
            const next = this.chain.then(async () => {
                this.queued = undefined;
                const text = stableStringify(this.lock);
                if (text === this.written)
                    return;
                try {
                    await writeFileAtomic(this.file, text, this.root, { flush: true });
                }
                catch (err) {
                    throw new LockWriteError(this.display, err);
                }
                this.written = text;
            });
            this.queued = next;
            this.chain = next.catch(() => { });
        }
        return this.queued;
    }
}

;// CONCATENATED MODULE: ./src/engine/candidates.ts
/**
 * Candidates (§10) before any entry runs: awaited sets move where the plan put them. (A bought set is
 * recorded by the entry runner; a chosen candidate lands as a free image, see `free.ts`.)
 */



/**
 * Awaited sets move where the plan put them (rule 1c, `setMove`): each file into the carrying entry's
 * folder, before any entry runs, and the set recorded under its id. A file the checkout lacks stays
 * in the image cache (keyed by fingerprint), where a pick finds it.
 */
async function carryAwaitedSets(host, planned) {
    const { workspace, dir } = host.opts.manifest;
    for (const p of planned) {
        const set = p.awaiting;
        if (!set || !p.setMove?.carries)
            continue;
        const to = p.setMove.out;
        const files = [];
        for (const [i, f] of set.files.entries()) {
            const target = external_node_path_default().resolve(dir, to[i]);
            const from = await insideWorkspace(workspace, dir, f.path);
            if (from) {
                await guardedMkdir(workspace, external_node_path_default().dirname(target));
                await guardedRename(workspace, from, target).catch((err) => {
                    if (err.code !== 'ENOENT')
                        throw err;
                });
            }
            files.push({ ...f, path: to[i] });
        }
        await host.records.candidateSet(p.fp.value, { ...set, id: p.entry.id, files });
    }
}

;// CONCATENATED MODULE: ./src/engine/cache.ts
/** A best-effort lookup that a cancel cuts short: undefined (a miss) once `signal` aborts. */
function untilCancelled(lookup, signal) {
    if (!signal)
        return lookup;
    if (signal.aborted)
        return Promise.resolve(undefined);
    const { promise: cancelled, resolve } = Promise.withResolvers();
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    return Promise.race([lookup, cancelled]).finally(() => signal.removeEventListener('abort', onAbort));
}

;// CONCATENATED MODULE: ./src/engine/landing.ts
/**
 * Images that land from somewhere other than a download — restored from the image cache, moved or
 * copied from a record — pass the one image verifier on their way in, exactly as downloads do: each
 * is copied to a temp file beside its target, the copy is verified (a complete image of the entry's
 * format, equal to the sha256 recorded for it where one is), and only when every image of the entry
 * passed are they renamed into place. What lands is what was verified; nothing of a failed set lands.
 */







/**
 * Lands `images` through the verifier. A verification failure is a result, not a throw (the caller
 * warns and falls through to the next rule); a write the file system refuses (a full disk) throws a
 * WriteError naming the target. Temp files are removed either way.
 */
async function landVerified(root, images, format) {
    const temps = [];
    try {
        const landed = [];
        for (const [i, img] of images.entries()) {
            const tmp = tempBeside(img.to);
            await writing(root, img.to, async () => {
                await guardedMkdir(root, external_node_path_default().dirname(img.to));
                temps.push(tmp);
                await guardedCopyFile(root, img.from, tmp);
            });
            const name = images.length > 1 ? `image ${i + 1} ` : '';
            let dimensions;
            let contentCredentials;
            try {
                ({ dimensions, contentCredentials } = await (0,verify/* verifyImageFile */.j6)(tmp, format));
            }
            catch (err) {
                if (!(err instanceof verify/* ImageVerifyError */.BH))
                    throw err;
                return { ok: false, problem: `${name}${err.message}` };
            }
            const hashes = await hashFileBoth(tmp);
            if (img.sha256 !== undefined && hashes.sha256 !== img.sha256)
                return {
                    ok: false,
                    problem: `${name}is not the recorded image (sha256 ${hashes.sha256.slice(0, 12)}…, recorded ${img.sha256.slice(0, 12)}…)`,
                };
            landed.push({ ...hashes, ...dimensions, contentCredentials });
        }
        for (const [i, img] of images.entries())
            await writing(root, img.to, () => guardedRename(root, temps[i], img.to));
        temps.length = 0;
        return { ok: true, images: landed };
    }
    finally {
        await Promise.all(temps.map((t) => removeTemp(root, t)));
    }
}
/** Runs a write of `target`; a file-system failure becomes a WriteError naming the target. */
async function writing(root, target, write) {
    try {
        await write();
    }
    catch (err) {
        if (!err.code)
            throw err;
        throw new WriteError(toPosix(external_node_path_default().relative(root, target)), err);
    }
}
/**
 * An entry's files in place, ready for the lockfile: what was learnt on the way in (landed through
 * the verifier, or streamed as downloaded) completed with git's blob id (filters applied); nothing is
 * read twice, and only what was not learnt (a pixel size) is read from the file.
 */
function recordedFacts(workspace, files, known) {
    return Promise.all(files.map(async (f, i) => {
        if ('landed' in known) {
            const k = known.landed[i];
            return { ...k, blob: (await gitBlobFor(workspace, f)) ?? k.blob };
        }
        const learnt = known.facts[i] ?? (await readDimensions(f));
        return { ...(await hashForRecord(workspace, f, known.hashes[i])), ...learnt };
    }));
}

;// CONCATENATED MODULE: ./src/engine/prune.ts





/**
 * Delete a file this tool recorded, but only when it is still exactly what was recorded: inside
 * the workspace and outside `.git` (the path guard, on the real path at this moment), reached
 * through no symlink, and with the recorded bytes. A file someone replaced or edited, or a path a
 * bad lockfile merge points elsewhere, is kept; the reason says why.
 */
async function deleteRecorded(workspace, dir, file) {
    const abs = external_node_path_default().resolve(dir, file.path);
    const refused = await pathRefusal(workspace, abs);
    if (refused !== undefined)
        return { kept: refused };
    const link = await symlinkOnPath(workspace, abs);
    if (link !== undefined)
        return {
            kept: link === toPosix(external_node_path_default().relative(workspace, abs))
                ? 'it is a symlink'
                : `it runs through the symlink ${link}`,
        };
    let sha256;
    try {
        sha256 = (await hashFileBoth(abs)).sha256;
    }
    catch {
        return undefined; // already gone
    }
    if (sha256 !== file.sha256)
        return { kept: 'its content is not what this tool wrote (edited or replaced)' };
    return (await guardedUnlink(workspace, abs)) ? { deleted: abs } : undefined;
}
/**
 * Whether a recorded file is gone: it, or its folder, no longer exists. A path outside the workspace
 * (a bad lockfile merge) is never looked at and never counts as gone.
 */
async function recordedFileGone(workspace, dir, rel) {
    const abs = external_node_path_default().resolve(dir, rel);
    if (!isInside(workspace, abs))
        return false;
    try {
        await (0,promises_.lstat)(abs);
        return false;
    }
    catch (err) {
        const code = err.code;
        return code === 'ENOENT' || code === 'ENOTDIR';
    }
}

;// CONCATENATED MODULE: ./src/engine/free.ts
/**
 * An entry's image from what is already paid for, with no call: a chosen candidate (§10; from the
 * checkout, else the image cache), the recorded bytes of its fingerprint (rule 8, moved or copied),
 * the image a twin made in this run, or the image cache (rule 9). Each source is staged as files to
 * land, and every one lands through the one verifier (`landVerified`); what did not verify is said
 * and the next source is tried. Nothing is recorded here: the entry runner records what landed, once.
 */









/**
 * The image landed from the first source that has it (an image to record), the reason the entry
 * fails (a pick whose candidate is gone, a twin that failed), or nothing free: then it is bought
 * (`unplanned`: the plan counted no cost for it, its recorded image did not verify).
 */
async function freeImage(run, p, report, targets) {
    const { workspace, dir } = run.opts.manifest;
    let unplanned = false;
    let problem = 'missing';
    for (const source of sourcesOf(p)) {
        const staged = await stage(run, p, source);
        if (staged === undefined)
            continue;
        if (typeof staged === 'string')
            return { kind: 'failed', error: staged, status: 'failed' };
        // A candidate is one image (the entry's first path); every other source has all of them.
        const files = targets.slice(0, staged.from.length);
        const landed = await landVerified(workspace, files.map((to, i) => ({ from: staged.from[i], to, sha256: staged.sha256[i] })), p.entry.format);
        if (!landed.ok) {
            problem = landed.problem;
            if (source === 'twin')
                return {
                    kind: 'failed',
                    error: `the image of ${p.copyOf} did not verify: ${problem}`,
                    status: 'failed',
                };
            if (source === 'record') {
                // Recorded bytes that are not a complete image (recorded before images were verified): the
                // next rules — the image cache, then a new generation — get a good one.
                unplanned = true;
                run.feed.warn(`${p.entry.id}: the recorded image did not verify: ${p.source.files.map((f) => f.path).join(', ')} ${problem}`, p.entry.id);
            }
            if (source === 'cache')
                run.feed.warn(`${p.entry.id}: the cached image did not verify: ${problem} — not used; generating it instead`, p.entry.id);
            continue;
        }
        // Moved: the files it came from go (a candidate set's, or this entry's own old paths).
        const leftovers = source.startsWith('candidate')
            ? p.fromCandidates.record.files
            : source === 'record' && p.source.id === p.entry.id
                ? p.source.files.filter((f) => !run.claimed.has(f.path))
                : [];
        for (const f of leftovers) {
            const done = await deleteRecorded(workspace, dir, f);
            if (done && 'deleted' in done)
                run.deleted.push(toPosix(external_node_path_default().relative(workspace, done.deleted)));
        }
        if (source === 'cache') {
            report.reason = `${report.reason}; restored from cache`;
            run.feed.event(p.entry.id, 'reused', 'from cache');
        }
        else if (source !== 'twin')
            run.feed.event(p.entry.id, 'moved', p.reason);
        if (!source.startsWith('candidate'))
            report.status = 'reused';
        return {
            kind: 'image',
            files,
            known: { landed: landed.images },
            details: staged.details,
            chosen: source.startsWith('candidate'),
            ...(staged.mediaUrls && { mediaUrls: staged.mediaUrls }),
        };
    }
    if (p.fromCandidates) {
        const { k } = p.fromCandidates;
        return {
            kind: 'failed',
            error: `candidate ${k} of ${p.entry.id} is neither in the checkout nor in the image cache (${problem}): the candidates expired; reroll them with /pixazo reroll ${p.entry.id}`,
            status: 'failed',
        };
    }
    return { kind: 'none', unplanned };
}
/** The sources an entry's plan allows, in order. The image cache never stands in for a forced entry or a set. */
function sourcesOf(p) {
    const cache = p.bypassCache || p.candidateSet ? [] : ['cache'];
    if (p.fromCandidates)
        return ['candidate', 'candidate-cache'];
    if (p.action === 'move')
        return ['record', ...cache];
    if (p.action === 'copy')
        return ['twin'];
    return p.action === 'generate' ? cache : [];
}
/**
 * A source's files, staged: undefined when it does not have them (a cache miss), a string when the
 * entry fails on it. Paths read from the lockfile stay inside the workspace.
 */
async function stage(run, p, source) {
    const { workspace, dir } = run.opts.manifest;
    const ext = registry/* FORMAT_EXT */.QU[p.entry.format];
    switch (source) {
        case 'candidate':
        case 'candidate-cache': {
            const { record, k } = p.fromCandidates;
            const file = record.files[k - 1];
            if (!file)
                return `there is no candidate ${k} of ${p.entry.id} (${record.files.length} were bought)`;
            const details = {
                request_id: record.request_id,
                cost_usd: record.cost_usd,
                generated_at: record.created_at,
                duration_s: null,
            };
            if (source === 'candidate-cache') {
                const staged = await run.cache?.restore(candidateCacheKey(p.fp.value), record.files.length, ext);
                const from = staged?.[k - 1];
                return from ? { from: [from], sha256: [file.sha256], details } : undefined;
            }
            // The lockfile is data from the repository: nothing outside the workspace is read through it.
            const from = await insideWorkspace(workspace, dir, file.path);
            if (!from)
                return `candidate file ${file.path} is outside the workspace`;
            // Not in this checkout: the image cache may have it.
            return (await recordedFileGone(workspace, dir, file.path))
                ? undefined
                : { from: [from], sha256: [file.sha256], details };
        }
        case 'record': {
            const src = p.source;
            const from = [];
            for (const f of src.files) {
                const abs = await insideWorkspace(workspace, dir, f.path);
                if (!abs)
                    return `recorded file ${f.path} is outside the workspace`;
                from.push(abs);
            }
            const { request_id, cost_usd, generated_at, duration_s } = src.record;
            return {
                from,
                sha256: src.files.map((f) => f.sha256),
                details: { request_id, cost_usd, generated_at, duration_s },
            };
        }
        case 'twin': {
            const twin = await run.resultOf(p.copyOf);
            if (!twin.ok)
                return `blocked: ${p.copyOf} failed`;
            const recorded = run.images()[p.copyOf];
            return {
                from: twin.files,
                sha256: twin.files.map((_, i) => recorded?.files[i]?.sha256),
                details: {
                    request_id: recorded?.request_id ?? null,
                    cost_usd: 0,
                    duration_s: null,
                    generated_at: run.nowIso(),
                },
                ...(twin.mediaUrls && { mediaUrls: twin.mediaUrls }),
            };
        }
        case 'cache': {
            if (!run.cache || run.opts.signal?.aborted)
                return undefined;
            // An entry blocked by a failed upstream is not made, from the cache or otherwise.
            const blocked = await blockedBy(p.entry, run.resultOf);
            if (blocked)
                return blocked;
            const staged = await untilCancelled(run.cache.restore(p.fp.value, p.entry.count, ext), run.opts.signal);
            if (!staged || staged.length !== p.entry.count)
                return undefined;
            // The cache is data anyone with write access to it could have put there: where a record has
            // this fingerprint, its images are the ones to land. A restore never erases what it knows.
            const recorded = recordOf(run.images(), p.entry.id, p.fp.value);
            const details = recorded
                ? {
                    request_id: recorded.request_id,
                    cost_usd: recorded.cost_usd,
                    generated_at: recorded.generated_at,
                    duration_s: recorded.duration_s,
                }
                : { request_id: null, cost_usd: 0, duration_s: null, generated_at: run.nowIso() };
            return { from: staged, sha256: staged.map((_, i) => recorded?.files[i]?.sha256), details };
        }
    }
}
/** The record of this fingerprint: this entry's own first, else any id's (a rename, a twin). */
function recordOf(images, id, fingerprint) {
    const own = Object.hasOwn(images, id) ? images[id] : undefined;
    if (own?.fingerprint === fingerprint)
        return own;
    return Object.values(images).find((r) => r.fingerprint === fingerprint);
}

// EXTERNAL MODULE: ./src/gateway/types.ts
var types = __webpack_require__(6479);
;// CONCATENATED MODULE: ./src/engine/submit.ts
/**
 * A request submitted under the run's in-flight limit (SPEC §5 Concurrency), behind its write-ahead
 * intent. With `auto`, a 429 is handed over by
 * the client instead of retried there: the limiter lowers its limit and pauses every submit, and
 * this submit waits for its turn again. A fixed limit leaves 429s to the client's own retries.
 */




/**
 * Submit anew: nothing is submitted before every pending request was polled once, nor once the run
 * stopped submitting, nor before its intent is on disk. Resolves with the request in flight, or how
 * it ended before it was.
 */
async function startRequest(ctx, entry, submission, records) {
    await ctx.poller.resumesPolled();
    const early = ctx.gate.stopReason();
    if (early)
        return { kind: 'failed', error: `not submitted: ${early}`, notSubmitted: true };
    const slot = await ctx.limiter.acquire('submit', ctx.signal);
    // The wait for a place may outlast a stop (a key refused meanwhile, a cancel).
    const stop = ctx.gate.stopReason();
    if (stop || !slot) {
        slot?.release();
        return { kind: 'failed', error: `not submitted: ${stop ?? 'the run was cancelled'}`, notSubmitted: true };
    }
    // Write-ahead: if the intent cannot be on disk, nothing is sent.
    try {
        await records.intend();
    }
    catch (err) {
        slot.release();
        return { kind: 'failed', error: `${err.message} — nothing was sent`, notSubmitted: true };
    }
    ctx.ledger.sending();
    let sent;
    try {
        sent = await submitInFlight(ctx, slot, submission.path, submission.body);
    }
    catch (err) {
        const outcome = submitFailed(ctx, entry, err);
        // Surely not accepted: the intent goes (an unknown outcome moves it to `unknown` instead).
        if (outcome.kind !== 'unknown')
            await recordOrStop(ctx, records.withdraw());
        return outcome;
    }
    const { requestId, lostAnswers } = sent.result;
    ctx.ledger.accepted(sent.result);
    if (lostAnswers)
        ctx.feed.warn(`${entry.id}: a submit's answer was lost after sending and it was submitted again (${(ctx.opts.names ?? shared_settings/* ACTION_NAMES */.G)('retry-unknown-submits')}): the gateway may have charged it twice`, entry.id);
    const submittedAt = ctx.clock.now();
    const impossible = await recordOrStop(ctx, records.accepted(requestId, submittedAt));
    if (impossible) {
        sent.slot.release();
        return { kind: 'unknown', error: impossible, recorded: true };
    }
    ctx.feed.event(entry.id, 'submitted', requestId);
    return { requestId, submittedAt, held: sent.slot };
}
/**
 * A lockfile write that moves an answered intent. When it fails (a full disk), the run stops
 * starting submits — each would need a write-ahead intent — and keeps polling what it holds; the
 * memory state stays right, so a later write (at the end of the run) may still save it.
 */
async function recordOrStop(ctx, write) {
    try {
        return await write;
    }
    catch (err) {
        if (!(err instanceof LockWriteError))
            throw err;
        ctx.gate.stop(`the lockfile could not be written (${err.message})`);
        return undefined;
    }
}
/**
 * Sends `body` to `path` in `slot`, sending it again after each 429 once the limiter lets it (for at
 * most `poll-timeout` of refusals). Resolves with the slot the accepted request holds; throws the
 * client's GatewayError otherwise, with the attempts and lost answers of every try.
 */
async function submitInFlight(ctx, slot, path, body) {
    const { signal } = ctx;
    const auto = ctx.opts.concurrency === 'auto';
    let current = slot;
    let attempts = 0;
    let lost = 0;
    let refusedSince;
    for (;;) {
        try {
            const res = await ctx.gateway.submit(path, body, {
                signal,
                graceMs: ctx.opts.cancelGraceMs,
                handOverRateLimits: auto,
                onRateLimit: () => ctx.ledger.rateLimited(),
            });
            current.accepted();
            const lostAnswers = lost + (res.lostAnswers ?? 0);
            return {
                result: {
                    requestId: res.requestId,
                    attempts: attempts + res.attempts,
                    ...(lostAnswers > 0 && { lostAnswers }),
                },
                slot: current,
            };
        }
        catch (err) {
            if (!(err instanceof types/* RateLimitedError */.T)) {
                current.release();
                throw err instanceof types/* GatewayError */.F && (attempts > 0 || lost > 0)
                    ? new types/* GatewayError */.F(err.kind, err.message, err.httpStatus, attempts + err.attempts, lost + err.lostAnswers)
                    : err;
            }
            current.refused(err.retryAfterMs);
            attempts += err.attempts;
            lost += err.lostAnswers;
            const now = ctx.clock.now();
            refusedSince ??= now;
            if (now - refusedSince >= ctx.opts.pollTimeoutMs)
                throw new types/* GatewayError */.F('transient', `${err.message} (refused with 429 for ${formatSeconds(now - refusedSince)}, the poll-timeout; gave up after ${attempts} attempts)`, 429, attempts, lost);
            const next = await ctx.limiter.acquire('submit', signal);
            if (!next)
                throw new types/* GatewayError */.F('aborted', `${err.message}; then cancelled`, undefined, attempts, lost);
            current = next;
        }
    }
}
/** How a submit that was not accepted ends the entry; every attempt and lost answer is counted. */
function submitFailed(ctx, entry, err) {
    if (!(err instanceof types/* GatewayError */.F))
        throw err;
    // Every attempt, and every sent submit whose answer was lost (it may have been accepted and
    // charged), is counted, always.
    ctx.ledger.notAccepted(err);
    if (err.lostAnswers > 0 && err.kind !== 'outcome-unknown')
        ctx.feed.warn(`${entry.id}: an earlier submit's answer was lost after sending (${(ctx.opts.names ?? shared_settings/* ACTION_NAMES */.G)('retry-unknown-submits')} resubmitted it): the gateway may have charged it`, entry.id);
    switch (err.kind) {
        case 'model-unavailable':
            // The model may have gone after an attempt whose answer was lost was accepted.
            if (err.lostAnswers > 0)
                break;
            return { kind: 'refused', status: '400', error: err.message, remember: false, charged: false };
        case 'bad-request':
            // The same body is refused the same way: an attempt whose answer was lost was refused too.
            return { kind: 'refused', status: '400', error: err.message, remember: true, charged: false };
        case 'outcome-unknown':
            return { kind: 'unknown', error: `outcome unknown — not resubmitted (${err.message})` };
        case 'auth':
        case 'balance':
            ctx.gate.stop(err.message);
    }
    // An attempt whose answer was lost may have been accepted (and charged), whatever ended the
    // submit after it: its outcome is unknown, and the lockfile says so (never resubmitted by itself).
    if (err.lostAnswers > 0)
        return {
            kind: 'unknown',
            error: err.kind === 'aborted'
                ? `outcome unknown — cancelled while resubmitting a submit whose answer was lost (${err.message})`
                : `outcome unknown — a submit whose answer was lost was resubmitted, then: ${err.message}`,
        };
    // Cancelled before it was accepted: not submitted (the ledger takes the attempt back when
    // nothing was sent; after a refused attempt — a 429 while waiting to retry — it was attempted).
    if (err.kind === 'aborted')
        return { kind: 'failed', error: 'not submitted: the run was cancelled', notSubmitted: true };
    return { kind: 'failed', error: err.message };
}

;// CONCATENATED MODULE: ./src/engine/generate.ts





/**
 * Collect the entry's pending request (an earlier run paid for it) or submit anew, poll it to a final
 * state and download every image into place. A place in the run's in-flight limit is held from the
 * submit (or the resume) until the request's images are in place. A collected request that ended
 * ERROR — the gateway's own fault, not charged — is the one case that is submitted anew.
 */
async function generate(ctx, entry, submission, records) {
    let resume = records.pending;
    for (;;) {
        const request = resume
            ? await ctx.poller.collect(resume)
            : await startRequest(ctx, entry, submission, records);
        if ('kind' in request)
            return request;
        const { requestId, submittedAt } = request;
        // In flight until its images are in place (a download is short next to a generation).
        try {
            const polled = await ctx.poller.poll(entry, requestId, submittedAt, request.first);
            if (polled.kind === 'status')
                return await finish(ctx, entry, polled.status, submittedAt);
            if (polled.kind !== 'errored')
                return polled;
            await records.errored();
            if (!resume)
                return {
                    kind: 'failed',
                    error: `request ${requestId} ended ${polled.why} (not charged; the next run submits it again)`,
                };
            ctx.feed.event(entry.id, 'retry', `pending request ${requestId} ended ${polled.why}: submitting anew`);
            resume = undefined;
        }
        finally {
            request.held?.release();
        }
    }
}
/** Download every media URL into place (temp file beside the target, then rename). */
async function finish(ctx, entry, status, submittedAt) {
    const durationS = Math.round((ctx.clock.now() - submittedAt) / 100) / 10;
    ctx.feed.event(entry.id, 'completed', `${durationS}s`);
    const urls = status.mediaUrls;
    if (urls.length < entry.count)
        return {
            kind: 'undelivered',
            requestId: status.requestId,
            error: `the gateway returned ${urls.length} of ${(0,words/* plural */.L)(entry.count, 'image')}`,
        };
    const targets = entry.out.map((rel) => external_node_path_default().resolve(ctx.opts.manifest.dir, rel));
    const temps = [];
    const facts = [];
    const hashes = [];
    const root = ctx.opts.manifest.workspace;
    try {
        for (let i = 0; i < entry.count; i++) {
            const tmp = tempBeside(targets[i]);
            temps.push(tmp);
            await ctx.folders.ensure(targets[i]);
            await guardPath(root, tmp, 'write');
            const got = await ctx.gateway.download(urls[i], tmp, entry.format, ctx.signal);
            facts.push({ ...got.dimensions, contentCredentials: got.contentCredentials });
            hashes.push({ sha256: got.sha256, bytes: got.bytes });
        }
        for (let i = 0; i < entry.count; i++)
            await placeFile(root, temps[i], targets[i]);
    }
    catch (err) {
        await Promise.all(temps.map((t) => removeTemp(root, t)));
        // Paid and completed: it stays pending, so the next run downloads it without paying again.
        if (ctx.signal?.aborted)
            return {
                kind: 'pending',
                requestId: status.requestId,
                error: 'cancelled while downloading — the next run downloads it with no new charge',
            };
        return { kind: 'undelivered', requestId: status.requestId, error: err.message };
    }
    ctx.feed.event(entry.id, 'downloaded', targets.map((t) => external_node_path_default().relative(ctx.opts.manifest.workspace, t)).join(', '));
    return {
        kind: 'completed',
        requestId: status.requestId,
        files: targets,
        mediaUrls: [...urls],
        durationS,
        facts,
        hashes,
    };
}

;// CONCATENATED MODULE: ./src/engine/ledger.ts
/** Submission counts of a run that submitted nothing (yet). */
function noSubmissions() {
    return {
        attempted: 0,
        accepted: 0,
        refused: 0,
        outcomeUnknown: 0,
        notSubmitted: 0,
        retries: 0,
        rateLimited: 0,
    };
}
/** Counted as things happen; read once, for the report. */
class Ledger {
    tally = noSubmissions();
    /** FAILED requests' prices by entry id (possibly charged, not in cost); null when unpriced. */
    charged = new Map();
    /** The counts so far (a copy). */
    get counts() {
        return { ...this.tally };
    }
    /** A submit is about to be sent (its intent is on disk): the entry is attempted. */
    sending() {
        this.tally.attempted++;
    }
    /** The gateway accepted a submit: its retries, and the lost answers of resubmits, count too. */
    accepted(result) {
        this.tally.accepted++;
        this.tally.retries += result.attempts - 1;
        this.tally.outcomeUnknown += result.lostAnswers ?? 0;
    }
    /**
     * A submit that ended without being accepted: every attempt and every lost answer counts (each
     * lost answer may have been accepted and charged). A cancel before the first attempt sent
     * nothing, so the entry was not attempted after all.
     */
    notAccepted(err) {
        this.tally.retries += Math.max(0, err.attempts - 1);
        this.tally.outcomeUnknown += err.lostAnswers;
        if (['bad-request', 'model-unavailable', 'auth', 'balance'].includes(err.kind))
            this.tally.refused++;
        if (err.kind === 'aborted' && err.lostAnswers === 0 && err.attempts === 0)
            this.tally.attempted--;
    }
    /** The gateway answered a submit with 429 (each refusal counts). */
    rateLimited() {
        this.tally.rateLimited++;
    }
    /** An entry that was to be submitted never was (stopped, cancelled, over max-cost, no intent). */
    notSubmitted() {
        this.tally.notSubmitted++;
    }
    /** A FAILED request of `id` may have been charged `price` (null: unpriced); returns its total so far. */
    possiblyCharged(id, price) {
        const prev = this.charged.get(id);
        const total = price === null || prev === null ? null : (prev ?? 0) + price;
        this.charged.set(id, total);
        return total;
    }
}

;// CONCATENATED MODULE: ./src/engine/plan-report.ts









/** An entry's report as planned; the run updates it as the entry progresses. */
function entryReport(p, opts) {
    const e = p.entry;
    const { manifest } = opts;
    const r = {
        id: e.id,
        action: p.action,
        reason: p.reason,
        status: statusBefore(p.action),
        model: e.model,
        quality: (0,registry/* pricingQuality */.wM)(e.params),
        images: e.count,
        estimatedCost: spends(p.action) ? entryPrice(e, manifest.pricing) : 0,
        cost: 0,
        files: [...e.outWorkspace],
        prompt: e.prompt,
    };
    if (p.previous)
        r.previousFiles = p.previous.files.map((f, i) => f.path === e.out[i]
            ? e.outWorkspace[i]
            : toPosix(external_node_path_default().relative(manifest.workspace, external_node_path_default().resolve(manifest.dir, f.path))));
    // An image that stays as it is keeps what its record knows of its content credentials.
    if ((p.action === 'unchanged' || p.action === 'kept') && p.previous) {
        const flags = p.previous.files.map((f) => f.content_credentials);
        if (flags.every((f) => f !== undefined))
            r.contentCredentials = flags;
    }
    if (e.alt !== undefined)
        r.alt = e.alt;
    const deps = e.inputs.flatMap((i) => (i.kind === 'ref' ? [i.id] : []));
    if (deps.length > 0)
        r.dependsOn = [...new Set(deps)];
    if (p.action === 'skip')
        r.error = p.reason;
    // Candidates (§10): the set bought in this run, or the one awaiting a pick.
    if (p.candidateSet)
        r.candidates = { files: [...e.outWorkspace], cost: r.estimatedCost };
    if (p.awaiting)
        r.candidates = {
            files: p.setMove
                ? [...p.setMove.outWorkspace]
                : p.awaiting.files.map((f) => toPosix(external_node_path_default().relative(manifest.workspace, external_node_path_default().resolve(manifest.dir, f.path)))),
            cost: p.awaiting.cost_usd,
        };
    return r;
}
function statusBefore(action) {
    if (action === 'unchanged')
        return 'unchanged';
    if (action === 'kept')
        return 'kept';
    // Awaiting a pick (§10): nothing to do in this run, like an unchanged entry.
    if (action === 'await')
        return 'unchanged';
    if (action === 'skip')
        return 'failed';
    return 'planned';
}
/**
 * The one budget rule: the estimates of every entry that spends must be known and their total
 * within `max-cost`. Used before any submission (the plan) and before a submit the plan did not
 * count (a recorded image that did not verify, generated anew).
 */
function budgetProblem(opts, entries) {
    if (opts.maxCost === undefined)
        return undefined;
    const unpriced = entries.filter((e) => spends(e.action) && e.estimatedCost === null);
    if (unpriced.length > 0)
        return { kind: 'unpriced', entries: unpriced };
    const total = entries.reduce((sum, e) => addCost(sum, e.estimatedCost ?? 0), 0);
    return total > opts.maxCost ? { kind: 'over', total, maxCost: opts.maxCost } : undefined;
}
/**
 * A submit the plan did not count (rule 8's recorded image did not verify, so the entry is generated
 * after all): its price joins the run's estimate only if the budget rule still holds with it.
 * Returns why it may not be submitted (its estimate left at 0), or undefined (counted).
 */
function claimUnplanned(opts, entries, entry, price) {
    const before = entry.estimatedCost;
    entry.estimatedCost = price;
    const problem = budgetProblem(opts, entries);
    if (!problem)
        return undefined;
    entry.estimatedCost = before;
    const n = opts.names ?? shared_settings/* ACTION_NAMES */.G;
    return problem.kind === 'unpriced'
        ? `not submitted: over ${n('max-cost')}: ${entry.model} has no known price, and the plan counted no cost for this entry (its recorded image did not verify)`
        : `not submitted: over ${n('max-cost')}: its recorded image did not verify, and generating it anew would bring the run to ${formatUsd(problem.total)}, over ${n('max-cost')} ${formatUsd(problem.maxCost)}`;
}
/** Before any submission: the plan must fit `max-cost`, and be priced when a ceiling is set. */
function checkBudget(opts, entries, report) {
    const problem = budgetProblem(opts, entries);
    if (!problem)
        return;
    const n = opts.names ?? shared_settings/* ACTION_NAMES */.G;
    if (problem.kind === 'unpriced') {
        const unpriced = problem.entries;
        throw new BudgetError(`${n('max-cost')} is set but ${unpriced.map((e) => e.id).join(', ')} ${unpriced.length === 1 ? 'has' : 'have'} no known price (${[...new Set(unpriced.map((e) => e.model))].join(', ')}). Add a pricing: entry to the manifest, e.g.\npricing:\n  ${unpriced[0].model}: { default: 0.04 }`, report());
    }
    throw new BudgetError(`The plan would cost ${formatUsd(problem.total)}, over ${n('max-cost')} ${formatUsd(problem.maxCost)}: nothing was submitted. Raise it, or narrow the run with ${n('only')} or ${n('shard')}.`, report());
}
/** The run report from the entries' reports: totals, cost, estimate. */
function buildReport(parts) {
    const { opts, entries } = parts;
    const count = (...s) => entries.filter((e) => s.includes(e.status)).length;
    const sum = (f) => entries.reduce((a, e) => addCost(a, f(e) ?? 0), 0);
    // Restored from the image cache (rule 9, status `reused`): planned to spend, but nothing was bought.
    const spending = entries.filter((e) => e.status === 'generated' || (e.status !== 'reused' && spends(e.action)));
    return {
        manifest: opts.manifest.displayPath,
        lockfile: parts.lockfile,
        dryRun: opts.dryRun,
        planOnly: parts.planOnly,
        cancelled: opts.signal?.aborted ?? false,
        startedAt: new Date(parts.startedAt).toISOString(),
        durationS: Math.round(parts.elapsedMs / 100) / 10,
        totals: {
            generated: count('generated'),
            reused: count('reused'),
            unchanged: count('unchanged', 'kept'),
            failed: count('failed', 'pending'),
        },
        cost: sum((e) => (e.status === 'generated' ? e.cost : 0)),
        estimatedCost: sum((e) => e.estimatedCost),
        unpriced: spending
            .filter((e) => (e.status === 'generated' ? e.cost === null : e.estimatedCost === null))
            .reduce((a, e) => a + e.images, 0),
        possiblyCharged: sum((e) => e.possiblyCharged),
        spentTotal: parts.spentTotal,
        entries: [...entries],
        orphans: parts.orphans,
        submissions: { ...(parts.submissions ?? noSubmissions()) },
        ...(parts.concurrency && (parts.concurrency.peak > 0 || parts.concurrency.refusals > 0)
            ? { concurrency: parts.concurrency }
            : {}),
        filesWritten: parts.filesWritten ?? [],
        filesDeleted: parts.filesDeleted ?? [],
        lockfileChanged: parts.lockfileChanged ?? false,
    };
}

;// CONCATENATED MODULE: ./src/engine/request-records.ts
/**
 * The records of an entry's request. `collect`: the pending request to collect — the lockfile's,
 * or one `found` elsewhere (another branch's run, through the image cache), adopted first so a
 * timeout or a cancel leaves it pending in this lockfile too. `candidates`: it buys a set of n.
 */
async function requestRecords(records, fp, entry, candidates, collect) {
    const pending = collect && 'found' in collect
        ? await records.adoptPending(fp, entry.id, collect.found)
        : collect?.recorded;
    return {
        pending,
        intend: () => records.intend(fp, entry.id),
        withdraw: () => records.withdraw(fp),
        accepted: (requestId, at) => records.pending(fp, entry, requestId, at, candidates),
        errored: () => records.dropPending(fp),
        refused: (status, error) => records.failed(fp, entry.id, status, error),
        unknown: (error) => records.unknown(fp, entry.id, error),
        undelivered: (error) => records.downloadFailed(fp, entry.id, error),
    };
}

;// CONCATENATED MODULE: ./src/engine/produce.ts
/**
 * An entry's image bought (rules 1b and 10): the request a previous run left pending — or another
 * branch's run cached — collected, else a new one submitted within max-cost; how the request ended
 * recorded through its own records; what it made handed back for the entry runner to record.
 */








/**
 * Collect the entry's pending request (the lockfile's, else one the image cache holds, adopted) or
 * submit anew; `unplanned`: the plan counted no cost for it (rule 8's recorded image did not
 * verify), so it must fit max-cost first.
 */
async function buy(run, p, report, unplanned) {
    const inputs = await inputUrlsFor(p.entry, run.opts.manifest.entries, run.deps, run.resultOf);
    if (typeof inputs === 'string')
        return { kind: 'failed', error: inputs, status: 'failed' };
    const price = entryPrice(p.entry, run.opts.manifest.pricing);
    const model = (0,registry/* getModel */.E1)(p.entry.model);
    const submission = {
        path: model.endpoints[p.entry.mode],
        body: (0,registry/* wireBody */.Yp)(model, p.entry.prompt, p.entry.params, inputs),
    };
    const cache = run.deps.cache;
    // A pending request another branch's run left in the cache (the lockfile does not have it):
    // collected first, forced or not, like one the lockfile names. A set is never collected this way.
    const found = !p.pending && !p.candidateSet && cache?.restorePending
        ? await untilCancelled(cache.restorePending(p.fp.value), run.ctx.signal)
        : undefined;
    const refused = unplanned && !p.pending && !found
        ? claimUnplanned(run.opts, [...run.reports.values()], report, price)
        : undefined;
    if (refused) {
        run.ctx.ledger.notSubmitted();
        return { kind: 'failed', error: refused, status: 'failed' };
    }
    // Adopted into this lockfile, so a timeout or a cancel leaves it pending here too.
    const collect = p.pending ? { recorded: p.pending } : found && { found };
    const request = await requestRecords(run.records, p.fp.value, p.entry, p.candidateSet?.n, collect);
    // generate holds a place in the run's in-flight limit while a request is submitted and polled.
    const outcome = await generate(run.ctx, p.entry, submission, request);
    return ended(run, p, report, outcome, price, request);
}
/** How the request ended, in the entry's report; the lockfile learns it through `request`. */
async function ended(run, p, r, outcome, price, request) {
    const failed = (error, status = 'failed') => ({
        kind: 'failed',
        error,
        status,
    });
    if ('requestId' in outcome)
        r.requestId = outcome.requestId;
    switch (outcome.kind) {
        case 'completed': {
            r.status = 'generated';
            r.cost = price;
            r.durationS = outcome.durationS;
            r.mediaUrls = outcome.mediaUrls;
            run.ctx.feed.event(p.entry.id, 'written', r.files.join(', '));
            const details = {
                request_id: outcome.requestId,
                cost_usd: price,
                duration_s: outcome.durationS,
                generated_at: new Date(run.ctx.clock.now()).toISOString(),
            };
            const known = { facts: outcome.facts, hashes: outcome.hashes };
            const made = { files: outcome.files, known, details, mediaUrls: outcome.mediaUrls };
            // Candidates (§10): a bought set is recorded as a set awaiting a pick, not as the image.
            return p.candidateSet
                ? { kind: 'set', ...made }
                : { kind: 'image', ...made, chosen: false, bought: true };
        }
        case 'refused':
            if (outcome.charged)
                r.possiblyCharged = run.ctx.ledger.possiblyCharged(p.entry.id, price);
            if (outcome.remember)
                await request.refused(outcome.status, outcome.error);
            return failed(`${outcome.status === '400' ? 'refused' : 'FAILED'}: ${outcome.error}`);
        case 'unknown':
            if (!outcome.recorded)
                await request.unknown(outcome.error);
            return failed(outcome.error);
        case 'pending':
            return failed(outcome.error, 'pending');
        case 'undelivered':
            return (await request.undelivered(outcome.error))
                ? failed(`download failed: ${outcome.error} — kept pending: the next run downloads it with no new charge ` +
                    `(if it keeps failing: raise ${(run.opts.names ?? shared_settings/* ACTION_NAMES */.G)('max-image-bytes')} for a large image)`, 'pending')
                : failed(`paid, but the image did not verify: ${outcome.error} (force the entry to submit anew)`);
        case 'failed':
            if (outcome.notSubmitted)
                run.ctx.ledger.notSubmitted();
            return failed(outcome.error);
    }
}

;// CONCATENATED MODULE: ./src/engine/entries.ts











/**
 * Carries out the plan, one entry at a time per call, in one line of steps: what needs nothing is
 * done at once; otherwise an image already paid for lands (`freeImage`: a chosen candidate, the
 * recorded bytes, a twin's image, the image cache), else one is bought (`buy`: a pending request
 * collected, or a new submit); then what was obtained is recorded, once (`conclude`). Every change
 * to the lockfile goes through `records`; every outcome lands in the entry's report.
 */
class EntryRunner {
    opts;
    deps;
    ctx;
    records;
    reports;
    /** Workspace-relative image files written and deleted in this run. */
    written = [];
    deleted = [];
    results;
    /** Every output path the manifest claims (manifest-relative): never deleted as a leftover. */
    claimed;
    feed;
    cache;
    constructor(opts, deps, ctx, records, reports, planned) {
        this.opts = opts;
        this.deps = deps;
        this.ctx = ctx;
        this.records = records;
        this.reports = reports;
        // Each entry's result exists before any entry starts, so a dependant or a copy can wait for
        // an entry that comes later in the manifest.
        this.results = new Map(planned.map((p) => [p.entry.id, Promise.withResolvers()]));
        this.claimed = new Set(opts.manifest.entries.flatMap((e) => e.out));
        this.feed = ctx.feed;
        this.cache = deps.cache;
    }
    resultOf = (id) => this.results.get(id)?.promise;
    images = () => this.records.lock.images;
    nowIso = () => new Date(this.ctx.clock.now()).toISOString();
    /** Run every entry; an entry that crashed blocks its dependants instead of leaving them waiting. */
    async runAll(planned) {
        await carryAwaitedSets(this, planned);
        const settled = await Promise.allSettled(planned.map(async (p) => {
            const result = this.results.get(p.entry.id);
            try {
                result.resolve(await this.run(p));
            }
            catch (err) {
                result.resolve({ ok: false, files: [] });
                throw err;
            }
        }));
        const crash = settled.find((s) => s.status === 'rejected');
        if (crash)
            throw crash.reason;
    }
    /** One entry; a write the file system or the path guard refused fails this entry, named, not the run. */
    async run(p) {
        try {
            return await this.carryOut(p);
        }
        catch (err) {
            const entryWrite = err instanceof WriteError && !(err instanceof LockWriteError);
            if (entryWrite || err instanceof PathRefusedError)
                return this.conclude(p, this.reports.get(p.entry.id), {
                    kind: 'failed',
                    error: err.message,
                    status: 'failed',
                });
            throw err;
        }
    }
    async carryOut(p) {
        const report = this.reports.get(p.entry.id);
        const targets = p.entry.out.map((rel) => external_node_path_default().resolve(this.opts.manifest.dir, rel));
        switch (p.action) {
            case 'unchanged':
            case 'kept':
                return { ok: true, files: targets };
            case 'skip':
                return this.conclude(p, report, { kind: 'failed', error: p.reason, status: 'failed' });
            case 'await':
                // A candidate set awaits a pick (§10): nothing to do, nothing for dependants to use.
                return { ok: false, files: [] };
        }
        const free = await freeImage(this, p, report, targets);
        const got = free.kind === 'none' ? await buy(this, p, report, free.unplanned) : free;
        return this.conclude(p, report, got);
    }
    /**
     * What was obtained, recorded once: an image (its facts completed, the lockfile told, bought ones
     * cached), a bought candidate set (recorded as a set awaiting a pick, cached under its own key), or
     * why not, in the entry's report and the feed.
     */
    async conclude(p, r, got) {
        if (got.kind === 'failed') {
            r.status = got.status;
            r.error = got.error;
            this.feed.event(p.entry.id, got.status, got.error);
            return { ok: false, files: [] };
        }
        const { workspace, dir } = this.opts.manifest;
        const fp = p.fp.value;
        const facts = await recordedFacts(workspace, got.files, got.known);
        this.written.push(...got.files.map((f) => toPosix(external_node_path_default().relative(workspace, f))));
        // A new set for an entry whose recorded image file is gone (forced, or changed): that record
        // names nothing on disk now, and goes; the pick (or candidate 1) records the image anew.
        let goneImage;
        for (const f of got.kind === 'set' ? (this.records.lock.images[p.entry.id]?.files ?? []) : [])
            if (await recordedFileGone(workspace, dir, f.path))
                goneImage = p.entry.id;
        if (got.kind === 'set' || got.bought)
            this.records.spend(got.details.cost_usd);
        if (got.kind === 'image') {
            const flags = facts.map((h) => h.contentCredentials);
            if (flags.every((f) => f !== undefined))
                r.contentCredentials = flags;
            await this.records.image(p.entry, p.fp, facts, got.details, got.chosen);
        }
        else
            await this.records.boughtSet(p.entry, fp, facts, got.details, this.opts.pullRequest, goneImage);
        // What was bought is cached (a set under its own key, for `pick`); what landed free came from somewhere.
        if (this.cache && (got.kind === 'set' || got.bought))
            this.records.cacheSaves.push(this.cache.save(got.kind === 'set' ? candidateCacheKey(fp) : fp, got.files));
        return { ok: true, files: got.files, ...(got.mediaUrls && { mediaUrls: got.mediaUrls }) };
    }
}

;// CONCATENATED MODULE: ./src/engine/feed.ts
/** Entry events and warnings, timed from the run's start on its clock. */
class EntryFeed {
    emit;
    clock;
    started;
    constructor(emit, clock, started) {
        this.emit = emit;
        this.clock = clock;
        this.started = started;
    }
    event(id, state, detail) {
        this.emit({
            type: 'entry',
            id,
            state,
            elapsedMs: this.clock.now() - this.started,
            ...(detail ? { detail } : {}),
        });
    }
    warn(message, id) {
        this.emit({ type: 'warning', message, ...(id !== undefined ? { id } : {}) });
    }
}
/** Whether the run still starts submits: stopped once, for the rest of the run, with the reason. */
class SubmitGate {
    feed;
    signal;
    stopped;
    constructor(feed, signal) {
        this.feed = feed;
        this.signal = signal;
    }
    /** Stop new submissions for the rest of the run (key or balance problem, a full disk). */
    stop(reason) {
        if (this.stopped)
            return;
        this.stopped = reason;
        this.feed.warn(`No new submissions for the rest of this run: ${reason}`);
    }
    /** Why no submit may start now, if it may not. */
    stopReason() {
        if (this.signal?.aborted)
            return 'the run was cancelled';
        return this.stopped;
    }
}

// EXTERNAL MODULE: ./src/shared/backoff.ts
var backoff = __webpack_require__(9393);
;// CONCATENATED MODULE: ./src/engine/limiter.ts
/**
 * How many requests are in flight at once (SPEC §5 Concurrency). A request is in flight from the
 * moment its submit is sent until the run has seen it finish; a request a previous run left
 * pending is in flight while it is collected. A number fixes the limit. `auto` starts at 4, grows
 * by one per accepted submit until the run's first 429, then follows what the gateway shows: the
 * cap it refused at (the requests held, plus those sent before the refused submit whose 202 was
 * still on its way), a halving for a rate limit (a 429 with the limit not in use), a probe one
 * higher after a quiet minute. Every wait goes through the injected clock, so tests drive it
 * without timers.
 */

/** Where `auto` starts, and the most it ever allows. */
const AUTO_START = 4;
const AUTO_MAX = 32;
/** Quiet time before the first probe one higher; each refused probe doubles it up to the cap. */
const PROBE_WAIT_MS = 60_000;
const PROBE_WAIT_MAX_MS = 16 * 60_000;
/** Jitter added to a pause: a random share of it (at least this floor), so waiters leave apart. */
const JITTER_SHARE = 0.5;
const JITTER_FLOOR_MS = 200;
/** The in-flight limit of one run. */
class Limiter {
    clock;
    limit;
    auto;
    active = 0;
    held = 0;
    peak = 0;
    refusals = 0;
    statusRefusals = 0;
    /** The run has had a 429 on a submit: growth stops, the limit follows the gateway. */
    learned = false;
    cause = 'start';
    /** Bumped on every change of the limit: a refusal of a submit sent before it is the same event. */
    epoch = 0;
    pausedUntil = 0;
    pauseMs = 0;
    consecutive = 0;
    quietSince;
    probeWaitMs = PROBE_WAIT_MS;
    probing = false;
    /** The limit was reached since it last changed: a probe is only worth it when it is used. */
    filled = false;
    waiters = [];
    /** Order of sending: a submit sent before a refused one was likely taken by the gateway before it. */
    sentCount = 0;
    /** Submits sent and still awaiting their answer, by their place in the sending order. */
    unanswered = new Map();
    /** The cap being learned: the requests the gateway was holding when it refused (see `onRefused`). */
    capCount = 0;
    constructor(setting, clock) {
        this.clock = clock;
        this.auto = setting === 'auto';
        this.limit = setting === 'auto' ? AUTO_START : Math.max(1, setting);
        this.quietSince = clock.now();
    }
    /**
     * Waits for a place in flight. `submit` also waits out a pause after a 429 (each waiter with its
     * own jitter); `resume` (a request already accepted, collected) only waits for room and counts as
     * held at once. Undefined when `signal` aborts first.
     */
    async acquire(kind, signal) {
        for (;;) {
            if (signal?.aborted)
                return undefined;
            const left = kind === 'submit' ? this.pausedUntil - this.clock.now() : 0;
            if (left > 0) {
                const jitter = Math.round(this.clock.random() * Math.max(JITTER_FLOOR_MS, this.pauseMs * JITTER_SHARE));
                try {
                    await this.clock.sleep(left + jitter, signal);
                }
                catch {
                    return undefined;
                }
                // Past the pause and this waiter's jitter; a newer 429 may have extended it: look again.
                continue;
            }
            if (this.tryTake())
                return this.slot(kind);
            if (!(await this.waitForRoom(signal)))
                return undefined;
        }
    }
    /** A 429 on a status request: counted; the request itself waits its Retry-After (the client does). */
    statusRefused() {
        this.statusRefusals++;
    }
    /** Where the limit settled and why. `submitRefusals`: every submit 429 of the run (a fixed limit leaves them to the client). */
    report(submitRefusals = this.refusals) {
        return {
            mode: this.auto ? 'auto' : 'fixed',
            limit: this.limit,
            peak: this.peak,
            refusals: submitRefusals,
            statusRefusals: this.statusRefusals,
            summary: this.summary(),
        };
    }
    /** The limit now (tests, progress). */
    get current() {
        return this.limit;
    }
    summary() {
        if (!this.auto)
            return `in flight: up to ${this.limit} (fixed by \`concurrency\`)`;
        const refused = this.refusals === 1 ? '1 refusal (429)' : `${this.refusals} refusals (429)`;
        switch (this.cause) {
            case 'cap':
            case 'probe-refused':
                return `in flight: up to ${this.limit}; the gateway refused the ${ordinal(this.limit + 1)} (${refused}, never charged)`;
            case 'rate':
                return `in flight: up to ${this.limit}; the gateway limits the rate of submits (${refused}, never charged)`;
            case 'probe':
                return `in flight: up to ${this.limit}; probing higher after the gateway's last refusal (${refused}, never charged)`;
            default:
                return this.peak >= AUTO_MAX
                    ? `in flight: up to ${AUTO_MAX} (the most \`auto\` allows); the gateway refused none`
                    : `in flight: up to ${this.peak}; the gateway refused none (that was all the run needed)`;
        }
    }
    tryTake() {
        this.maybeProbe();
        if (this.active >= this.limit)
            return false;
        this.active++;
        this.peak = Math.max(this.peak, this.active);
        if (this.active >= this.limit)
            this.filled = true;
        return true;
    }
    waitForRoom(signal) {
        if (signal?.aborted)
            return Promise.resolve(false);
        return new Promise((resolve) => {
            const onAbort = () => {
                this.waiters = this.waiters.filter((w) => w !== wake);
                resolve(false);
            };
            const wake = () => {
                signal?.removeEventListener('abort', onAbort);
                resolve(true);
            };
            signal?.addEventListener('abort', onAbort, { once: true });
            this.waiters.push(wake);
        });
    }
    /** Every waiter checks again (room, pause): cheap at these numbers, and never starves one. */
    wakeAll() {
        const waiting = this.waiters;
        this.waiters = [];
        for (const w of waiting)
            w();
    }
    slot(kind) {
        const sentIn = this.epoch;
        const order = ++this.sentCount;
        const awaiting = {};
        let state = 'sent';
        if (kind === 'submit')
            this.unanswered.set(order, awaiting);
        const free = () => {
            if (state === 'done')
                return;
            if (state === 'held')
                this.held--;
            state = 'done';
            this.unanswered.delete(order);
            this.active--;
            this.wakeAll();
        };
        const slot = {
            accepted: () => {
                if (state !== 'sent')
                    return;
                state = 'held';
                this.unanswered.delete(order);
                this.held++;
                this.consecutive = 0;
                if (kind === 'submit')
                    this.onAccepted(awaiting.countsIn);
            },
            refused: (retryAfterMs) => {
                if (state !== 'sent')
                    return;
                free();
                this.onRefused(retryAfterMs, sentIn, order);
            },
            release: free,
        };
        if (kind === 'resume')
            slot.accepted();
        return slot;
    }
    onAccepted(countsIn) {
        if (!this.auto)
            return;
        if (countsIn !== undefined && countsIn === this.epoch) {
            // Sent before the refused submit, answered after its 429: the gateway was holding it too.
            this.capCount++;
            this.limit = Math.max(1, this.capCount);
            this.filled = this.active >= this.limit;
            this.wakeAll();
        }
        if (!this.learned && this.limit < AUTO_MAX)
            this.change(this.limit + 1, 'start');
        if (this.probing && this.held >= this.limit) {
            // The probe held: the gateway takes this many. Probe on from here after another quiet spell.
            this.probing = false;
            this.quietSince = this.clock.now();
        }
        if (this.held >= this.limit)
            this.filled = true;
    }
    onRefused(retryAfterMs, sentIn, order) {
        this.refusals++;
        const now = this.clock.now();
        const wait = (0,backoff/* retryDelay */.a2)(this.consecutive++, retryAfterMs, this.clock, backoff/* DEFAULT_RETRY_POLICY */.cO);
        if (now + wait > this.pausedUntil) {
            this.pausedUntil = now + wait;
            this.pauseMs = wait;
        }
        this.quietSince = now;
        if (this.auto && sentIn === this.epoch) {
            // In flight when this submit was sent: the requests held, and the submits sent before it
            // whose answer has not come yet. Those may have been taken by the gateway before it refused
            // this one (their 202 is still on its way): each counts toward the cap when it is accepted.
            const before = [...this.unanswered].filter(([o]) => o < order);
            const full = this.held + before.length + 1 >= this.limit;
            if (!this.learned) {
                // The run's first 429: the gateway showed its cap, the requests it was holding for us.
                this.learned = true;
                this.learnCap(before, 'cap');
            }
            else if (this.probing && full) {
                // The probe was refused: back to the cap, and wait twice as long before the next.
                this.probeWaitMs = Math.min(PROBE_WAIT_MAX_MS, this.probeWaitMs * 2);
                this.learnCap(before, 'probe-refused');
            }
            else if (full) {
                // Refused with the limit in use: the cap is lower now.
                this.learnCap(before, 'cap');
            }
            else {
                // Fewer in flight than the limit: not a cap, a rate. Half as many in flight.
                this.change(Math.max(1, Math.floor(this.limit / 2)), 'rate');
            }
        }
        this.wakeAll();
    }
    /**
     * The limit becomes the requests the gateway was holding for us when it refused: those held now,
     * and then each of `before` (sent earlier, unanswered) as its 202 arrives. At least 1.
     */
    learnCap(before, cause) {
        this.capCount = this.held;
        this.change(Math.max(1, this.held), cause);
        for (const [, awaiting] of before)
            awaiting.countsIn = this.epoch;
    }
    /** After a quiet spell with the limit in use, one more is tried (auto, after the first 429). */
    maybeProbe() {
        if (!this.auto || !this.learned || this.probing || !this.filled || this.limit >= AUTO_MAX)
            return;
        if (this.clock.now() < this.pausedUntil)
            return;
        if (this.clock.now() - this.quietSince < this.probeWaitMs)
            return;
        this.change(this.limit + 1, 'probe');
        this.probing = true;
    }
    change(limit, cause) {
        if (cause !== 'start')
            this.epoch++;
        if (cause !== 'probe')
            this.probing = false;
        if (cause !== 'start') {
            this.quietSince = this.clock.now();
            // Lowered to what is already in flight: in use from the start.
            this.filled = this.active >= limit;
        }
        this.limit = limit;
        this.cause = cause;
        this.wakeAll();
    }
}
/** 17 → "17th", 2 → "2nd". */
function ordinal(n) {
    const tens = n % 100;
    if (tens >= 11 && tens <= 13)
        return `${n}th`;
    return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

;// CONCATENATED MODULE: ./src/engine/orphans.ts
/**
 * Records whose id left the manifest (SPEC §4): one decision of which are gone — taken by every run
 * that tidies orphans, a plan and a dry run included, so that `plan` shows what `generate` does —
 * and the pruning that a run that writes carries out.
 */



/**
 * Orphans are tidied only by a run over the whole manifest: a run restricted by `only`, or a shard
 * other than the first, cannot tell an orphan from an entry it did not look at.
 */
function tidiesOrphans(opts) {
    return !opts.only && (!opts.shard || opts.shard.index === 1);
}
/**
 * Records whose id left the manifest. In a run that tidies orphans, those none of whose files is
 * left (each missing, or claimed by an entry of the manifest) are `filesGone`: a run that writes
 * drops their records, `prune` or not, and a plan says it would.
 */
async function findOrphans(lock, opts) {
    const { workspace, dir, entries } = opts.manifest;
    const ids = new Set(entries.map((e) => e.id));
    const claimed = new Set(entries.flatMap((e) => e.out));
    const orphans = [];
    for (const [id, record] of Object.entries(lock.images)) {
        if (ids.has(id))
            continue;
        const o = {
            id,
            files: record.files.map((f) => toPosix(external_node_path_default().relative(workspace, external_node_path_default().resolve(dir, f.path)))),
            pruned: false,
        };
        if (tidiesOrphans(opts)) {
            const left = await Promise.all(record.files.map(async (f) => !claimed.has(f.path) && !(await recordedFileGone(workspace, dir, f.path))));
            if (!left.includes(true))
                o.filesGone = true;
        }
        orphans.push(o);
    }
    return orphans;
}
/**
 * With `prune`, orphans' files are deleted only when they are still exactly what this tool wrote
 * (see deleteRecorded); a file kept gets a warning. The record goes once none of its files is left,
 * and, with or without `prune`, when none was left before the run (`filesGone`).
 */
async function pruneOrphans(orphans, lock, opts, deleted, emit) {
    const { workspace, dir } = opts.manifest;
    const claimed = new Set(opts.manifest.entries.flatMap((e) => e.out));
    for (const o of orphans) {
        const record = lock.images[o.id];
        if (!record)
            continue;
        if (!opts.prune) {
            if (!o.filesGone)
                continue;
            delete lock.images[o.id];
            o.pruned = true;
            emit({
                type: 'notice',
                message: `Dropped the record of "${o.id}": it left the manifest and its files are gone.`,
            });
            continue;
        }
        let kept = 0;
        for (const f of record.files) {
            if (claimed.has(f.path))
                continue;
            const done = await deleteRecorded(workspace, dir, f);
            if (!done)
                continue;
            const file = toPosix(external_node_path_default().relative(workspace, external_node_path_default().resolve(dir, f.path)));
            if ('deleted' in done) {
                deleted.push(file);
                emit({ type: 'notice', message: `Pruned ${file} (entry "${o.id}" left the manifest).` });
            }
            else {
                kept++;
                emit({
                    type: 'warning',
                    message: `Not pruning ${file} of "${o.id}": ${done.kept}. Delete it by hand if it is no longer needed.`,
                    id: o.id,
                    file,
                });
            }
        }
        if (kept > 0)
            continue;
        delete lock.images[o.id];
        o.pruned = true;
    }
}

;// CONCATENATED MODULE: ./src/engine/schedule.ts
/**
 * Where the expected completion's neighbourhood starts, as a share of the expected latency: early
 * enough for the faster requests of a model and quality, and for recorded durations that include
 * the detection delay of the run that recorded them.
 */
const ZONE_START = 0.7;
/** Past this share of the expected latency the request is late: polls back off again. */
const LATE = 1.3;
/** In the neighbourhood, a wait is this share of the time elapsed: the detection delay stays a few percent. */
const NEAR_SHARE = 0.06;
const LATE_SHARE = 0.12;
/**
 * When to poll. Every wait stays within `[min, max]`, with jitter so that many requests do not poll
 * in lockstep.
 *
 * Without a hint the wait starts at `min` and grows by `factor` toward `max`.
 *
 * With an expected latency (learned from the lockfile's recorded durations for the same model and
 * quality) the engine first gets to 70 % of it in as few calls as the cap allows, spread evenly;
 * from there each wait is 6 % of the time elapsed (12 % once the request runs 30 % late), so a
 * completion is noticed within a few percent of its latency with a handful of calls: about
 * `expected / max` calls to get near, and five or so around the expected completion.
 */
function pollSchedule(bounds, random, expectedMs, factor = 1.5) {
    let step = bounds.min;
    const clamp = (ms) => Math.min(bounds.max, Math.max(bounds.min, ms));
    const jitter = (ms, spread = 0.1) => clamp(ms * (1 - spread + 2 * spread * random()));
    return {
        next(elapsedMs) {
            if (expectedMs !== undefined && expectedMs > 0) {
                const ahead = expectedMs * ZONE_START - elapsedMs;
                if (ahead > bounds.min)
                    return jitter(ahead / Math.ceil(ahead / bounds.max), 0.05);
                const share = elapsedMs > expectedMs * LATE ? LATE_SHARE : NEAR_SHARE;
                return jitter(share * elapsedMs, 0.05);
            }
            const wait = jitter(step);
            step = Math.min(bounds.max, step * factor);
            return wait;
        },
    };
}
/** Median of a list, or undefined when empty. */
function median(values) {
    if (values.length === 0)
        return undefined;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

;// CONCATENATED MODULE: ./src/engine/unclaimed.ts
/**
 * Paid requests no entry asks for (SPEC §4) are kept for their entry to come back, but not past
 * the gateway's memory: the 24-hour `404` rule of §5 applies to them as to any pending request.
 * So a run with a gateway asks for each one's status once — a free call: no download, no charge
 * (they are paid already). A `404` more than a day after the submit drops it with a warning; any
 * other answer (COMPLETED included: the entry may come back and collect it) keeps it pending.
 */

/** A pending request the gateway no longer knows more than this long after its submit is gone. */
const FORGOTTEN_AFTER_MS = 24 * 3_600_000;
/** How long the one status check of an unclaimed request may take, its retries included. */
const CHECK_MS = 30_000;
/**
 * Asks the gateway about each unclaimed request once; removes from `lock.pending` those it no longer
 * knows more than a day after their submit, and returns them (the caller warns and saves).
 */
async function checkUnclaimed(unclaimed, lock, gateway, now, signal) {
    const forgotten = [];
    for (const p of unclaimed) {
        if (signal?.aborted)
            break;
        const submitted = Date.parse(p.submitted_at);
        const known = await gateway.status(p.request_id, { signal, deadline: now() + CHECK_MS }).then(() => true, 
        // Only "not found" says anything; other failures leave it for the next run to ask again.
        (err) => !(err instanceof types/* GatewayError */.F && err.kind === 'not-found'));
        if (known || Number.isNaN(submitted) || now() - submitted <= FORGOTTEN_AFTER_MS)
            continue;
        delete lock.pending[p.fingerprint];
        forgotten.push(p);
    }
    return forgotten;
}
/**
 * Paid requests no entry asks for are reported every run (kept so their entry can come back and
 * collect them at no charge), and dropped with a warning a week after their submit.
 */
function reportUnclaimed(tidied, emit) {
    for (const p of tidied.unclaimed)
        emit({
            type: 'warning',
            message: `paid request of removed entry ${p.id}: add it back to collect the image at no charge; dropped after ${p.dropAfter} (request ${p.request_id})`,
            id: p.id,
        });
    for (const p of tidied.droppedPending)
        emit({
            type: 'warning',
            message: `Dropped the paid request ${p.request_id} of removed entry ${p.id}: no entry asked for it for 7 days after its submit (it may have been charged).`,
            id: p.id,
        });
    for (const u of tidied.unmatchedUnknown)
        emit({
            type: 'warning',
            message: `${u.id}: no entry matches the submit whose outcome is unknown since ${u.at} any more (the entry changed or was removed); it may have been charged — check the Pixazo dashboard. Kept until ${u.dropAfter}, so reverting the change by then does not pay again.`,
            id: u.id,
        });
    for (const p of tidied.forgotten ?? [])
        emit({
            type: 'warning',
            message: `Dropped the paid request ${p.request_id} of removed entry ${p.id}: the gateway no longer knows it (404 more than a day after its submit; it may have been charged).`,
            id: p.id,
        });
}

;// CONCATENATED MODULE: ./src/engine/poller.ts
/**
 * The run's status poller: the first look at every request a previous run left pending (asked before
 * any submit), and the polling of each request to its end, timed from the latency the lockfile
 * recorded for its model and quality.
 */







class StatusPoller {
    gateway;
    clock;
    signal;
    settings;
    limiter;
    feed;
    gate;
    lock;
    latency = new Map();
    /** First status answers of the requests a previous run left pending (see `prepoll`). */
    firstLooks = new Map();
    prepolled = Promise.resolve();
    constructor(gateway, clock, signal, settings, limiter, feed, gate, 
    /** The lockfile as it is now: the durations it records time the first status call. */
    lock) {
        this.gateway = gateway;
        this.clock = clock;
        this.signal = signal;
        this.settings = settings;
        this.limiter = limiter;
        this.feed = feed;
        this.gate = gate;
        this.lock = lock;
    }
    /**
     * Resume before spending: poll every request a previous run left pending once, right
     * away and before any submission — a request that completed meanwhile is downloaded with no new
     * charge, and a key refused by the status endpoint stops the run before it pays for anything.
     * Bounded by the in-flight limit as the run starts; independent of the entries' slots, so submits can wait for it.
     */
    prepoll(requestIds) {
        const slots = new semaphore/* Semaphore */.j(this.limiter.current);
        for (const id of new Set(requestIds)) {
            const answer = slots.acquire().then(async (release) => {
                try {
                    const a = await this.askStatus(id);
                    if ('error' in a && a.error instanceof types/* GatewayError */.F && a.error.kind === 'auth')
                        this.gate.stop(a.error.message);
                    return a;
                }
                finally {
                    release();
                }
            });
            this.firstLooks.set(id, answer);
        }
        this.prepolled = Promise.all(this.firstLooks.values());
    }
    /** The answer `prepoll` got for this request (handed out once), if it asked. */
    firstLook(requestId) {
        const answer = this.firstLooks.get(requestId);
        this.firstLooks.delete(requestId);
        return answer;
    }
    /**
     * Collect a request an earlier run paid for: in flight at the gateway, it holds a place in the
     * in-flight limit while it runs and lands; its first look (`prepoll`) is read before any wait.
     */
    async collect(pending) {
        const first = this.firstLook(pending.request_id);
        const held = await this.limiter.acquire('resume', this.signal);
        return { requestId: pending.request_id, submittedAt: Date.parse(pending.submitted_at), held, first };
    }
    /** Resolves once every pending request has had its first poll: new submits wait for it. */
    resumesPolled() {
        return this.prepolled;
    }
    /**
     * Poll until COMPLETED/FAILED/ERROR, the poll timeout, or cancellation. `first` is an answer
     * already asked for (resume): it is used before the first wait. A 404 is transient — the gateway
     * may not know the request yet, or be failing over — unless the request is over a day old.
     */
    async poll(entry, requestId, submittedAt, first) {
        const expected = this.expectedLatency(entry);
        const schedule = pollSchedule(this.settings.pollInterval, () => this.clock.random(), expected);
        const deadline = this.clock.now() + this.settings.pollTimeoutMs;
        const cancelled = {
            kind: 'pending',
            requestId,
            error: 'cancelled while running — the next run collects it',
        };
        let last = '';
        let unknownToGateway = false;
        let next = first;
        for (;;) {
            if (!next) {
                const wait = schedule.next(this.clock.now() - submittedAt);
                if (this.clock.now() + wait > deadline) {
                    const why = unknownToGateway ? 'the gateway does not know it yet (404)' : 'still running';
                    return {
                        kind: 'pending',
                        requestId,
                        error: `${why} after ${formatSetting(this.settings.pollTimeoutMs)} (${(this.settings.names ?? shared_settings/* ACTION_NAMES */.G)('poll-timeout')}) — the next run collects it with no new charge`,
                    };
                }
                try {
                    await this.clock.sleep(wait, this.signal);
                }
                catch {
                    return cancelled;
                }
                next = this.askStatus(requestId, deadline);
            }
            const answer = await next;
            next = undefined;
            if (this.signal?.aborted)
                return cancelled;
            if ('error' in answer) {
                const err = answer.error;
                if (err instanceof types/* GatewayError */.F && err.kind === 'not-found') {
                    if (this.clock.now() - submittedAt > FORGOTTEN_AFTER_MS)
                        return {
                            kind: 'unknown',
                            error: `request ${requestId} is unknown to the gateway more than a day after its submit: whether it was charged is unknown`,
                        };
                    unknownToGateway = true;
                    this.feed.event(entry.id, 'retry', `request ${requestId} is not known to the gateway yet (404): polling on`);
                    continue;
                }
                if (err instanceof types/* GatewayError */.F && err.kind === 'auth') {
                    // The request was accepted: keep it, so the next run (with a working key) collects it.
                    this.gate.stop(err.message);
                    return { kind: 'pending', requestId, error: `${err.message} — the next run collects it` };
                }
                // Transient errors were retried inside the client; keep waiting within poll-timeout.
                this.feed.event(entry.id, 'retry', `status check failed: ${err.message}`);
                continue;
            }
            const status = answer.status;
            unknownToGateway = false;
            if (status.status !== last) {
                last = status.status;
                if (status.status === 'QUEUED')
                    this.feed.event(entry.id, 'queued');
                if (status.status === 'PROCESSING')
                    this.feed.event(entry.id, 'processing');
            }
            if (status.status === 'COMPLETED')
                return { kind: 'status', status };
            if (status.status === 'FAILED')
                return {
                    kind: 'refused',
                    status: 'FAILED',
                    error: status.error ?? 'failed',
                    remember: true,
                    charged: true,
                };
            if (status.status === 'ERROR')
                return { kind: 'errored', why: `ERROR (${status.error ?? 'gateway error'})` };
        }
    }
    /** Ask for a request's status once (retrying transient errors until `deadline`); never rejects. */
    askStatus(requestId, deadline) {
        const onRateLimit = () => this.limiter.statusRefused();
        return this.gateway.status(requestId, { signal: this.signal, deadline, onRateLimit }).then((status) => ({ status }), (error) => ({ error }));
    }
    /**
     * The typical latency (ms) for this model and quality, from the durations the lockfile
     * recorded, used to time the first status call.
     */
    expectedLatency(entry) {
        const quality = (0,registry/* pricingQuality */.wM)(entry.params);
        const key = `${entry.model}\0${quality}`;
        // An unknown latency is not remembered: images finished earlier in this run record their
        // durations, so a cold run learns as it goes.
        if (this.latency.get(key) === undefined) {
            const durations = Object.values(this.lock().images)
                .filter((r) => r.model === entry.model && (r.quality ?? 'auto') === quality && r.duration_s !== null)
                .map((r) => r.duration_s * 1000);
            this.latency.set(key, median(durations));
        }
        return this.latency.get(key);
    }
}

;// CONCATENATED MODULE: ./src/engine/records.ts




/** Runs a COMPLETED request may fail to deliver verified images before it is given up as paid in vain. */
const MAX_DOWNLOAD_RUNS = 3;
/**
 * Every change this run makes to the lockfile goes through here, and each one that matters (an
 * accepted submit, a finished image, a refusal, an unknown outcome) is saved at once: a cancelled
 * or killed run leaves a lockfile that knows what was paid for.
 */
class LockRecords {
    store;
    now;
    cache;
    /** Best-effort cache saves under way (images and pending requests): settled at the end of the run. */
    cacheSaves = [];
    /** Puts back what each intent moved out of `failed`/`unknown`, until its submit is answered. */
    displaced = new Map();
    constructor(store, now, cache) {
        this.store = store;
        this.now = now;
        this.cache = cache;
    }
    get lock() {
        return this.store.lock;
    }
    save() {
        return this.store.save();
    }
    /** Whether the lockfile on disk now differs from `originalText`. */
    changedFrom(originalText) {
        return this.store.changedFrom(originalText);
    }
    /**
     * The entry's files are in place: record them (with their pixel size, when the header gave one),
     * and forget whatever was pending or refused for it. `chosen`: the image is a candidate of the
     * fingerprint's set (picked, or candidate 1), so the set goes; otherwise a set stays until it is.
     */
    image(entry, fp, files, details, chosen = false) {
        this.lock.images[entry.id] = {
            ...details,
            fingerprint: fp.value,
            parts: { ...fp.parts },
            model: entry.model,
            quality: (0,registry/* pricingQuality */.wM)(entry.params),
            files: files.map((h, i) => ({
                ...fileRecord(entry.out[i], h),
                // Unknown (a file recorded without the verifier's word) stays absent, never false.
                ...(h.contentCredentials !== undefined && { content_credentials: h.contentCredentials }),
            })),
        };
        this.forget(fp.value);
        if (chosen)
            delete this.lock.candidates[fp.value];
        return this.save();
    }
    /**
     * Write-ahead: the intent to submit is on disk (flushed) before the submit is sent. Moves the
     * fingerprint out of `failed`/`unknown` (forced or retried), and keeps what it moved until the
     * submit is answered: when the write fails, or the submit is surely not accepted (`withdraw`), it
     * is put back — a refusal still stands, and an earlier submit that may have been charged is still
     * named. A failed write throws the LockWriteError (naming the file): nothing may be sent then.
     */
    async intend(fp, id) {
        const { failed, unknown } = { failed: this.lock.failed[fp], unknown: this.lock.unknown[fp] };
        this.forget(fp);
        this.displaced.set(fp, () => {
            if (failed)
                this.lock.failed[fp] = failed;
            if (unknown)
                this.lock.unknown[fp] = unknown;
        });
        this.lock.submitting[fp] = { id, at: this.iso(this.now()) };
        try {
            await this.save();
        }
        catch (err) {
            this.putBack(fp);
            throw err;
        }
    }
    /** The submit was surely not accepted (refused, cancelled before sending): its intent goes. */
    withdraw(fp) {
        if (!this.lock.submitting[fp])
            return Promise.resolve();
        this.putBack(fp);
        return this.save();
    }
    /** The intent goes, and what it moved out of `failed`/`unknown` comes back. */
    putBack(fp) {
        const restore = this.displaced.get(fp);
        this.forget(fp);
        restore?.();
    }
    /**
     * An accepted submit: the intent becomes `pending`, recorded before anything else happens, so no
     * later failure can lose it. A request id already recorded for another fingerprint is an
     * impossible gateway answer: the entry goes to `unknown` instead and the reason is returned
     * (nothing is recorded twice, no entry collects another's image).
     */
    async pending(fp, entry, requestId, submittedAt, candidates) {
        const holder = this.holderOf(requestId, fp);
        if (holder) {
            const reason = `impossible gateway answer: request id ${requestId} is already recorded for ${holder} — outcome unknown, not collected`;
            await this.unknown(fp, entry.id, reason);
            return reason;
        }
        const record = {
            id: entry.id,
            request_id: requestId,
            submitted_at: this.iso(submittedAt),
            model: entry.model,
            ...(candidates !== undefined && { candidates }),
        };
        this.forget(fp);
        this.lock.pending[fp] = record;
        if (this.cache?.savePending)
            this.cacheSaves.push(this.cache.savePending(fp, record));
        await this.save();
        return undefined;
    }
    /**
     * A paid candidate set is in place (§10): recorded under `candidates` by fingerprint, awaiting a
     * pick; whatever was pending for the fingerprint moves here. A set recorded before at its paths
     * (an earlier prompt's, or one moved away) is replaced: its files hold this set now. `goneImage`:
     * the id whose image record names files no longer on disk; it goes too.
     */
    candidateSet(fp, record, goneImage) {
        this.forget(fp);
        if (goneImage !== undefined)
            delete this.lock.images[goneImage];
        const paths = record.files.map((f) => f.path);
        for (const other of setsAt(this.lock, paths, fp))
            delete this.lock.candidates[other];
        this.lock.candidates[fp] = record;
        return this.save();
    }
    /** A bought set is in place (§10): its files (hashes, pixel sizes) recorded as a set awaiting a pick. */
    boughtSet(entry, fp, files, details, pr, goneImage) {
        const record = {
            id: entry.id,
            request_id: details.request_id,
            files: files.map((h, i) => fileRecord(entry.out[i], h)),
            cost_usd: details.cost_usd,
            created_at: details.generated_at,
            ...(pr !== undefined && { pr }),
        };
        return this.candidateSet(fp, record, goneImage);
    }
    /** Which record (of another fingerprint) already holds `requestId`, in words; undefined if none. */
    holderOf(requestId, fp) {
        for (const [id, r] of Object.entries(this.lock.images))
            if (r.request_id === requestId && r.fingerprint !== fp)
                return `the image of "${id}"`;
        for (const [other, p] of Object.entries(this.lock.pending))
            if (p.request_id === requestId && other !== fp)
                return `the pending request of "${p.id}"`;
        for (const [other, c] of Object.entries(this.lock.candidates))
            if (c.request_id === requestId && other !== fp)
                return `the candidates of "${c.id}"`;
        return undefined;
    }
    /**
     * Intents still here when the run ends were sent and never answered in a way this run could
     * record (a crash between send and answer): whether they were accepted is unknown.
     */
    async settleIntents() {
        const left = Object.entries(this.lock.submitting);
        if (left.length === 0)
            return;
        for (const [fp, s] of left)
            this.lock.unknown[fp] = { id: s.id, reason: STOPPED_BEFORE_ANSWER, at: s.at };
        this.lock.submitting = {};
        await this.save();
    }
    /** A pending request found elsewhere (another branch's run, through the image cache), recorded here. */
    async adoptPending(fp, id, found) {
        const record = { id, request_id: found.request_id, submitted_at: found.submitted_at };
        this.lock.pending[fp] = record;
        await this.save();
        return record;
    }
    /** A pending request that ended ERROR (not charged): submitted anew. */
    dropPending(fp) {
        delete this.lock.pending[fp];
        return this.save();
    }
    /** Refused, or paid in vain: skipped until the fingerprint changes or the entry is forced. */
    failed(fp, id, status, error) {
        this.forget(fp);
        this.lock.failed[fp] = { id, status, error, at: this.iso(this.now()) };
        return this.save();
    }
    /** A submit that may have been accepted but left no request id: never resubmitted by itself. */
    unknown(fp, id, reason) {
        this.forget(fp);
        this.lock.unknown[fp] = { id, reason, at: this.iso(this.now()) };
        return this.save();
    }
    /**
     * A COMPLETED request whose images did not arrive verified in this run: it stays pending for the
     * next run, until MAX_DOWNLOAD_RUNS runs have tried; then it is remembered as paid in vain.
     * Returns whether it is still pending.
     */
    async downloadFailed(fp, id, error) {
        const pending = this.lock.pending[fp];
        const attempts = (pending?.download_attempts ?? 0) + 1;
        if (pending && attempts < MAX_DOWNLOAD_RUNS) {
            pending.download_attempts = attempts;
            await this.save();
            return true;
        }
        await this.failed(fp, id, 'COMPLETED', `paid, but the image did not verify: ${error}`);
        return false;
    }
    spend(cost) {
        if (cost !== null)
            this.lock.spent_usd = addCost(this.lock.spent_usd, cost);
    }
    forget(fp) {
        this.displaced.delete(fp);
        delete this.lock.submitting[fp];
        delete this.lock.pending[fp];
        delete this.lock.failed[fp];
        delete this.lock.unknown[fp];
    }
    iso(ms) {
        return new Date(ms).toISOString();
    }
}
/** A file as the lockfile records it: its path, hashes, size and (when its header gave one) pixel size. */
function fileRecord(path, h) {
    return {
        path,
        sha256: h.sha256,
        blob: h.blob,
        bytes: h.bytes,
        ...(h.width && h.height && { width: h.width, height: h.height }),
    };
}

;// CONCATENATED MODULE: ./src/engine/run.ts























const DEFAULT_GRACE_MS = 5000;
/**
 * One run: plan every selected entry, check the budget, then (unless dry-run or plan-only)
 * carry out the plan with bounded concurrency, writing files atomically and the lockfile as
 * results arrive. Returns the report; throws ManifestError/LockfileError/ConfigError before any
 * spend, BudgetError with the refused plan.
 */
async function runEngine(opts, deps) {
    const { manifest } = opts;
    const clock = deps.clock;
    const started = clock.now();
    const emit = deps.events ?? (() => { });
    const lockDisplay = toPosix(external_node_path_default().relative(manifest.workspace, opts.lockfilePath));
    if (manifest.index &&
        external_node_path_default().resolve(manifest.index.abs).toLowerCase() === external_node_path_default().resolve(opts.lockfilePath).toLowerCase())
        throw new ConfigError(`index: ${manifest.index.workspacePath} is the lockfile; name another file for the index`);
    const verifier = new FileVerifier(manifest.workspace);
    verifier.prefetch();
    const lockText = await readTextIfExists(opts.lockfilePath);
    const lock = lockText === undefined ? emptyLockfile() : parseLockfile(lockText, lockDisplay);
    emit({
        type: 'phase',
        phase: 'plan',
        message: `Planning ${(0,words/* plural */.L)(manifest.entries.length, 'entry', 'entries')} of ${manifest.displayPath}`,
    });
    let selected = manifest.entries.filter((e) => !opts.only || opts.only(e.id));
    if (opts.shard)
        selected = shardEntries(selected, opts.shard);
    const fingerprints = await fingerprintAll(manifest.entries);
    // Rule 1a (the planner's, done here too so the run knows the lockfile changed).
    const staleIntents = moveStaleIntents(lock);
    const planned = await planEntries({
        entries: selected,
        fingerprints,
        lock,
        dir: manifest.dir,
        verifier,
        ...(opts.force ? { force: opts.force } : {}),
        retryUnknownSubmits: opts.retryUnknownSubmits ?? false,
        names: opts.names,
        now: clock.now(),
        allIds: manifest.entries.map((e) => e.id),
        manifest,
        ...(opts.candidates !== undefined && { candidates: opts.candidates }),
        ...(opts.pick && { pick: opts.pick }),
    });
    const reports = new Map(planned.map((p) => [p.entry.id, entryReport(p, opts)]));
    const orphans = await findOrphans(lock, opts);
    const parts = (more = {}) => ({
        opts,
        lockfile: lockDisplay,
        entries: [...reports.values()],
        orphans,
        startedAt: started,
        elapsedMs: clock.now() - started,
        spentTotal: lock.spent_usd,
        planOnly: !deps.gateway,
        ...more,
    });
    announcePlan(planned, opts, emit);
    checkBudget(opts, [...reports.values()], () => buildReport(parts()));
    const wanted = new Set([...fingerprints.values()].map((f) => f.value));
    let tidied = tidyLockfile(lock, wanted, clock.now());
    if (!opts.dryRun && deps.gateway && tidied.unclaimed.length > 0) {
        const gateway = deps.gateway;
        const forgotten = await checkUnclaimed(tidied.unclaimed, lock, gateway, () => clock.now(), opts.signal);
        if (forgotten.length > 0)
            tidied = {
                ...tidied,
                unclaimed: tidied.unclaimed.filter((p) => !forgotten.includes(p)),
                forgotten,
                changed: true,
            };
    }
    reportUnclaimed(tidied, emit);
    if (opts.dryRun || !deps.gateway)
        return withIndex(buildReport(parts()), opts, false);
    // A no-op touches nothing: the lockfile is left byte for byte as it was, and so is a correct index.
    if (nothingToDo(planned, tidied, staleIntents.length > 0, opts, orphans))
        return withIndex(buildReport(parts()), opts, await updateIndex(opts, lock, emit));
    await preflightInputs(planned, manifest.entries, deps, opts.names);
    const records = new LockRecords(new LockStore(opts.lockfilePath, lock, lockText, opts.manifest.workspace, lockDisplay), () => clock.now(), deps.cache);
    const ctx = carrying(opts, deps.gateway, clock, records, emit, started);
    ctx.poller.prepoll(planned.flatMap((p) => (p.pending ? [p.pending.request_id] : [])));
    const runner = new EntryRunner(opts, deps, ctx, records, reports, planned);
    emit({ type: 'phase', phase: 'generate', message: 'Generating' });
    let crash;
    await runner.runAll(planned).catch((err) => {
        crash = err;
    });
    // Every intent was moved by its answer; one left means its submit's fate is unknown.
    // A final write that fails (a full disk) does not stop the finish; the run fails with it at the end.
    let saveError;
    const saveFinal = (write) => write.then(() => {
        saveError = undefined;
    }, (err) => {
        saveError = err;
    });
    await saveFinal(records.settleIntents());
    await saveFinal(records.save());
    emit({ type: 'phase', phase: 'finish', message: 'Finishing' });
    if (tidiesOrphans(opts) && !opts.signal?.aborted)
        await pruneOrphans(orphans, records.lock, opts, runner.deleted, emit);
    await saveFinal(records.save());
    const index = await updateIndex(opts, records.lock, emit);
    await settleCacheSaves(records.cacheSaves, opts);
    if (crash)
        throw crash;
    if (saveError)
        throw saveError;
    const report = buildReport(parts({
        submissions: ctx.ledger.counts,
        concurrency: ctx.limiter.report(ctx.ledger.counts.rateLimited),
        spentTotal: lock.spent_usd,
        filesWritten: runner.written,
        filesDeleted: runner.deleted,
        lockfileChanged: records.changedFrom(lockText),
    }));
    return withIndex(report, opts, index);
}
/**
 * Brings the image index (`index:`) up to date with the lockfile; returns whether this run wrote it.
 * The images are already written and recorded, so a failure here is a warning: the next run writes
 * the index.
 */
async function updateIndex(opts, lock, emit) {
    const target = opts.manifest.index;
    if (!target)
        return false;
    try {
        const { written, unsized } = await writeImageIndex(opts.manifest, lock);
        for (const id of unsized.sort())
            emit({
                type: 'warning',
                message: `${id}: left out of the image index ${target.workspacePath}: a recorded image file is missing or unreadable, so its size is unknown.`,
                id,
            });
        if (written)
            emit({ type: 'notice', message: `Wrote the image index ${target.workspacePath}.` });
        return written;
    }
    catch (err) {
        emit({
            type: 'warning',
            message: `Could not write the image index ${target.workspacePath} (${err.message}); the images and the lockfile are written, and the next run writes the index.`,
            file: target.workspacePath,
        });
        return false;
    }
}
function withIndex(report, opts, changed) {
    const target = opts.manifest.index;
    if (target)
        report.index = { file: target.workspacePath, changed };
    return report;
}
/** One event per entry as planned; a hand-edited file also gets a warning on the file itself. */
function announcePlan(planned, opts, emit) {
    for (const p of planned) {
        emit({
            type: 'entry',
            id: p.entry.id,
            state: 'planned',
            action: p.action,
            elapsedMs: 0,
            detail: p.reason === p.action ? p.action : `${p.action}: ${p.reason}`,
        });
        for (const f of p.edited ?? []) {
            const file = toPosix(external_node_path_default().relative(opts.manifest.workspace, external_node_path_default().resolve(opts.manifest.dir, f.path)));
            emit({
                type: 'warning',
                message: `${p.entry.id}: ${file} was edited by hand, so it is kept as it is${p.staleKept ? ' although it is older than max_age' : ''}; force the entry to regenerate it.`,
                id: p.entry.id,
                file,
            });
        }
    }
}
function nothingToDo(planned, tidied, movedIntents, opts, orphans) {
    if (!planned.every((p) => p.action === 'unchanged' || p.action === 'kept' || p.action === 'await'))
        return false;
    if ((opts.prune && orphans.length > 0) || orphans.some((o) => o.filesGone))
        return false;
    // An awaited set the plan moves (rule 1c) is shown where it goes: it must get there.
    if (planned.some((p) => p.setMove?.carries))
        return false;
    // A lockfile with intents left by a stopped run (moved to unknown when planning) is rewritten.
    return !tidied.changed && !movedIntents;
}
/** The cache is best effort: after a cancel it gets what is left of the grace period, no more. */
async function settleCacheSaves(saves, opts) {
    const all = Promise.allSettled(saves);
    if (!opts.signal?.aborted) {
        await all;
        return;
    }
    let timer;
    const grace = new Promise((resolve) => {
        timer = setTimeout(resolve, opts.cancelGraceMs ?? DEFAULT_GRACE_MS);
    });
    await Promise.race([all, grace]);
    clearTimeout(timer);
}
/**
 * What carrying out the plan uses, each part in its own place: the in-flight limit, the ledger of
 * submissions and charges, the status poller, the events, the stop of new submits, the folders made.
 */
function carrying(opts, gateway, clock, records, emit, started) {
    const feed = new EntryFeed(emit, clock, started);
    const gate = new SubmitGate(feed, opts.signal);
    const limiter = new Limiter(opts.concurrency, clock);
    const poller = new StatusPoller(gateway, clock, opts.signal, opts, limiter, feed, gate, () => records.lock);
    return {
        gateway,
        clock,
        signal: opts.signal,
        limiter,
        ledger: new Ledger(),
        poller,
        feed,
        gate,
        folders: new Folders(opts.manifest.workspace),
        opts,
    };
}

;// CONCATENATED MODULE: ./src/manifest/index-key.ts
/**
 * The top-level `index:` key: where the image index for site generators goes. Its path follows the
 * rules of `out` (relative to the manifest's folder, inside the workspace, outside `.git`), must not
 * be a file the run writes for another purpose, and with it every entry should carry alt text.
 */


const AT = ['index'];
/**
 * Checks `index:` (the value as written; the schema has already refused anything but non-empty
 * text) and returns where the index goes. With an index, an entry without `alt` gets a warning:
 * sites render the index's images, and an image without alt text is unusable with a screen reader.
 */
function checkIndex(raw, manifestAbs, drafts, ctx) {
    if (typeof raw !== 'string' || raw === '')
        return undefined;
    const { at, issues, ws } = ctx;
    const pos = at.value(AT);
    const error = (why) => issues.error(pos, `index: \`${raw}\` ${why}`);
    for (const d of drafts.values())
        if (d.alt === undefined)
            issues.warning(at.key(['images', d.id]), `images.${d.id}: no \`alt\`, and \`index:\` hands this image to your site: add \`alt:\` describing it ` +
                '(screen readers read it out), or `alt: ""` for a purely decorative image');
    const syntax = badPathSyntax(raw);
    if (syntax)
        return void error(syntax);
    if (!/\.json$/i.test(raw))
        return void error('must end in `.json`: the index is JSON, e.g. `src/data/images.json`');
    const abs = external_node_path_default().resolve(ctx.dir, raw);
    const problem = pathProblem(abs, ws);
    if (problem) {
        const fix = problem.git
            ? "; `.git` is git's own folder: write the index elsewhere"
            : '; the index must stay inside the workspace';
        return void error(`${problem.why}${fix}`);
    }
    if (kindOf(abs) === 'directory')
        return void error('is a folder; `index` must name a file, e.g. `data/images.json`');
    const workspacePath = toPosix(external_node_path_default().relative(ws.root, abs));
    // Case aside: on macOS and Windows checkouts the two names are one file.
    const same = (other) => other.toLowerCase() === abs.toLowerCase();
    if (same(manifestAbs))
        return void error('is the manifest itself; name another file');
    const writer = [...drafts.values()].find((d) => d.outWorkspace.some((p) => p.toLowerCase() === workspacePath.toLowerCase()));
    if (writer)
        return void error(`is also the output of entry \`${writer.id}\`; name another file`);
    return { abs, workspacePath };
}

// EXTERNAL MODULE: ./node_modules/zod/v4/core/json-schema-processors.js
var json_schema_processors = __webpack_require__(8439);
;// CONCATENATED MODULE: ./src/shared/duration.ts
/**
 * Durations as the manifest and the inputs spell them: a positive number and a unit
 * (`250ms`, `1.5s`, `90m`, `12h`, `30d`, `8w`), and ranges of two joined by `..` (`2s..15s`).
 */
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/**
 * The accepted spelling, as a JSON-Schema-compatible pattern. The lookahead demands a non-zero
 * digit so that `0s` / `0.0m` fail the schema itself (a duration must be positive) and the user
 * gets one message, not a pattern error plus a separate "must be positive".
 */
const DURATION_PATTERN = '^(?=[^1-9]*[1-9])\\d+(\\.\\d+)?(ms|s|m|h|d|w)$';
const DURATION_RE = new RegExp(DURATION_PATTERN);
/** Human hint used in messages wherever a duration is expected. */
const DURATION_HINT = 'a positive number and a unit (ms, s, m, h, d, w), e.g. `90m`, `12h`, `30d`';
/**
 * Parses a duration into milliseconds.
 * @returns the length in ms, or `undefined` when the text is not a positive duration.
 */
function parseDuration(text) {
    if (!DURATION_RE.test(text))
        return undefined;
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(text);
    const ms = Number(m[1]) * UNIT_MS[m[2]];
    // Absurdly long digit strings overflow to Infinity; those are not usable durations.
    return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
/**
 * Parses `<duration>..<duration>` (e.g. `2s..15s`).
 * @returns both bounds in ms, or `undefined` when either side is invalid or `min > max`.
 */
function parseDurationRange(text) {
    const parts = text.split('..');
    if (parts.length !== 2)
        return undefined;
    const min = parseDuration(parts[0]);
    const max = parseDuration(parts[1]);
    if (min === undefined || max === undefined || min > max)
        return undefined;
    return { min, max };
}

;// CONCATENATED MODULE: ./src/manifest/schema.ts
/**
 * The zod schema of `images.config.yaml` — the single source of truth for its shape. The loader
 * validates with it and `scripts/gen-schema.ts` turns it into the committed JSON Schema that
 * editors use. Value sets are the union over all models in the registry: which model takes which
 * value is checked later, per entry, where the model is known (see `resolve.ts`).
 */



/** Entry ids: safe in file names, URLs, globs and messages. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Variable names as written inside `{{…}}`. */
const VAR_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Every key an entry may have, in the order the manifest reference lists them. */
const ENTRY_KEYS = [
    'prompt',
    'model',
    'input_images',
    ...registry/* PARAM_KEYS */.rw,
    'out',
    'max_age',
    'alt',
    'variant',
    'candidates',
];
/** Top-level keys of the manifest. */
const TOP_KEYS = [
    'version',
    'index',
    'candidates-dir',
    'defaults',
    'vars',
    'pricing',
    'images',
];
/** Allowed string values of a parameter across all models (union of the registry's rows). */
function valuesAcrossModels(key) {
    const all = new Set();
    for (const m of Object.values(registry/* MODELS */.L6)) {
        const allowed = m.params[key]?.allowed;
        if (Array.isArray(allowed))
            for (const v of allowed)
                all.add(v);
    }
    return [...all];
}
/** Integer range of a parameter across all models, or undefined for string-valued parameters. */
function rangeAcrossModels(key) {
    let range;
    for (const m of Object.values(registry/* MODELS */.L6)) {
        const allowed = m.params[key]?.allowed;
        if (!allowed || Array.isArray(allowed))
            continue;
        const { min, max } = allowed;
        range = range ? { min: Math.min(range.min, min), max: Math.max(range.max, max) } : { min, max };
    }
    return range;
}
/** Which models take a key, for descriptions and "use model …" hints. */
function modelsTaking(key) {
    return registry/* MODEL_IDS */.$g.filter((id) => key === 'input_images' ? registry/* MODELS */.L6[id].acceptsInputImages : registry/* MODELS */.L6[id].params[key] !== undefined);
}
const PARAM_TEXT = {
    quality: 'Rendering quality.',
    background: '`transparent` requires output_format png or webp.',
    moderation: 'Content moderation strictness.',
    aspect_ratio: 'Image shape. Models that take a pixel size get the matching image_size. Set this or image_size, not both.',
    image_size: 'Pixel size. Set this or aspect_ratio, not both.',
    output_format: 'File format; decides the `{ext}` of `out` (png, jpg, webp).',
    number_of_images: 'Images per request. Above 1, `out` must contain `{n}`.',
    output_compression: 'Compression level for jpeg/webp (ignored for png).',
};
function paramSchema(key) {
    const only = modelsTaking(key);
    const scope = only.length === registry/* MODEL_IDS */.$g.length ? '' : ` Only for ${only.join(', ')}.`;
    const range = rangeAcrossModels(key);
    // Values only some models take are named in the description, since the enum is the union.
    const notes = range
        ? []
        : valuesAcrossModels(key)
            .map((v) => [
            v,
            registry/* MODEL_IDS */.$g.filter((id) => registry/* MODELS */.L6[id].params[key]?.allowed?.includes(v)),
        ])
            .filter(([, ids]) => ids.length < only.length)
            .map(([v, ids]) => ` \`${v}\`: ${ids.join(', ')} only.`);
    const base = range
        ? schemas/* int */.Whr().min(range.min).max(range.max)
        : schemas/* enum */.k5n(valuesAcrossModels(key));
    return base.optional().describe(PARAM_TEXT[key] + scope + notes.join(''));
}
const params = Object.fromEntries(registry/* PARAM_KEYS */.rw.map((k) => [k, paramSchema(k)]));
/** Keys shared by entries and `defaults` (everything except `prompt`). */
const commonFields = {
    model: schemas/* enum */.k5n(registry/* MODEL_IDS */.$g)
        .optional()
        .describe(`Gateway model. Default ${registry/* DEFAULT_MODEL */.UB}.`),
    input_images: schemas/* array */.YOg(schemas/* string */.YjP().min(1))
        .min(1)
        .max(16)
        .optional()
        .describe(`Reference images (1..16; models: ${modelsTaking('input_images').join(', ')}): an http(s) URL, a path relative to the manifest's folder, \`@id\` (all images of that entry) or \`@id#n\` (its n-th image). Present ⇒ image-to-image.`),
    ...params,
    out: schemas/* string */.YjP()
        .min(1)
        .optional()
        .describe("Output path relative to the manifest's folder, inside the workspace. Placeholders: {id}, {n} (1-based image number), {ext} (png, jpg, webp). Default `{id}.{ext}`."),
    max_age: schemas/* string */.YjP()
        .regex(new RegExp(DURATION_PATTERN), `must be ${DURATION_HINT}`)
        .optional()
        .describe('Regenerate when the recorded image is older than this, e.g. 90m, 12h, 30d, 8w.'),
    alt: schemas/* string */.YjP().optional().describe('Alt text for previews, the summary and the report. Not hashed.'),
    variant: schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* int */.Whr()])
        .optional()
        .describe('Asks for a distinct image where another entry has identical parameters. Hashed only.'),
    candidates: schemas/* int */.Whr()
        .min(2)
        .max(8)
        .optional()
        .describe('On pull request runs, buy this many candidates (2..8, one request) for a reviewer to pick from with `/pixazo pick <id> <k>`. Not hashed. Not with number_of_images above 1.'),
};
/** One entry under `images:`. */
const EntrySchema = schemas/* strictObject */.rej({
    prompt: schemas/* string */.YjP()
        .regex(/\S/, 'must not be empty')
        .describe('What to draw. `{{name}}` is replaced by `vars.name`.'),
    ...commonFields,
})
    .describe('An image entry; its key is the id.');
/** `defaults:` — any entry key except `prompt`; entries override. */
const DefaultsSchema = schemas/* strictObject */.rej(commonFields)
    .describe('Values for every entry (except prompt). Keys a model does not take are ignored for that model.');
/** How ids are spelled, for messages. */
const ID_HINT = 'ids start with a letter or digit and use only letters, digits, `.`, `_` and `-`';
/** The whole manifest. */
const ManifestSchema = schemas/* strictObject */.rej({
    version: schemas/* literal */.euz(1).describe('Manifest format version. Always 1.'),
    index: schemas/* string */.YjP()
        .min(1)
        .optional()
        .describe("A JSON image index for site generators, written by every run that changes anything: per id its alt text, files (path relative to the index, width, height, format, bytes, sha256), model and generated_at. A path relative to the manifest's folder ending in .json, inside the workspace, e.g. src/data/images.json."),
    'candidates-dir': schemas/* string */.YjP()
        .min(1)
        .optional()
        .describe("Where candidate sets awaiting a pick are written: `<candidates-dir>/<id>/<k>.<ext>`. A folder relative to the manifest's folder, inside the workspace. Default `.pixazo/candidates`."),
    defaults: DefaultsSchema.optional(),
    vars: schemas/* record */.g1P(schemas/* string */.YjP()
        .regex(VAR_NAME_PATTERN, 'variable names start with a letter or `_` and use letters, digits, `_`, `-`'), schemas/* string */.YjP())
        .optional()
        .describe('Text snippets: `{{name}}` in a prompt is replaced by the value. An unknown name is an error.'),
    pricing: schemas/* partialRecord */.jgl(schemas/* enum */.k5n(registry/* MODEL_IDS */.$g), schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* number */.aig().nonnegative())
        .describe('Quality name (or `default`) → USD per image.'))
        .optional()
        .describe('USD-per-image overrides per model and quality; fills in unpriced models.'),
    images: schemas/* record */.g1P(schemas/* string */.YjP().regex(ID_PATTERN, `invalid id; ${ID_HINT}`), EntrySchema)
        .describe('The images to generate; each key is the entry id.'),
})
    .describe('pixazo-images manifest (images.config.yaml).');
/** Field schemas by key, for validating `defaults` one key at a time (see `validDefaults` in `sections.ts`). */
const FIELD_SCHEMAS = { ...EntrySchema.shape };
/**
 * The JSON Schema (draft-07) of the manifest, as committed in `schema/images.config.schema.json`.
 * `io: 'input'` describes what a user writes (optional keys not required).
 */
function manifestJsonSchema() {
    return {
        ...json_schema_processors/* toJSONSchema */.bl(ManifestSchema, { target: 'draft-07', io: 'input' }),
        title: 'pixazo-images manifest',
    };
}

;// CONCATENATED MODULE: ./src/manifest/issues.ts




/** An ordered, de-duplicated list of problems in one manifest file. */
class IssueList {
    file;
    list = [];
    seen = new Set();
    constructor(file) {
        this.file = file;
    }
    /** Records an error (the manifest cannot be used). */
    error(pos, message) {
        this.add(pos, message, 'error');
    }
    /** Records a warning (reported, but the run goes on). */
    warning(pos, message) {
        this.add(pos, message, 'warning');
    }
    /** Whether any error (not just warnings) was recorded. */
    get hasErrors() {
        return this.list.some((i) => i.severity === 'error');
    }
    /** All problems in source order (line, then column), errors before warnings at one spot. */
    all() {
        return [...this.list].sort((a, b) => a.line - b.line || a.col - b.col || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    }
    add(pos, raw, severity) {
        // A message quotes ids, paths and values as written: control characters in them are shown as
        // escapes, so a message stays one line and cannot fake another (`\n::error …`).
        const message = visible(raw);
        // A problem of `defaults` surfaces once per entry that uses it; say it once.
        const key = `${severity}:${pos.line}:${pos.col}:${message}`;
        if (this.seen.has(key))
            return;
        this.seen.add(key);
        this.list.push({ file: this.file, line: pos.line, col: pos.col, message, severity });
    }
}
/** `images.hero.input_images[2]` — how a path is named in messages. */
function pathText(path) {
    let out = '';
    for (const seg of path)
        out += typeof seg === 'number' ? `[${seg}]` : `${out ? '.' : ''}${String(seg)}`;
    return out || 'the manifest';
}
/** A value as quoted in a message. */
function issues_show(v) {
    if (v === null || v === undefined)
        return 'an empty value';
    if (Array.isArray(v))
        return 'a list';
    if (typeof v === 'object')
        return 'a map';
    if (typeof v === 'string')
        return `\`${v}\``;
    return String(v);
}
const EXPECTED = {
    string: 'text',
    number: 'a number',
    int: 'an integer',
    object: 'a map (`key: value` lines)',
    record: 'a map (`key: value` lines)',
    array: 'a list',
    boolean: 'true or false',
};
/** Keys a map at `path` may hold, for did-you-mean and "allowed keys" lists. */
function knownKeys(path) {
    if (path.length === 0)
        return TOP_KEYS;
    if (path.length === 1 && path[0] === 'defaults')
        return ENTRY_KEYS.filter((k) => k !== 'prompt');
    if (path.length === 2 && path[0] === 'images')
        return ENTRY_KEYS;
    if (path.length === 1 && path[0] === 'pricing')
        return registry/* MODEL_IDS */.$g;
    return [];
}
function getIn(root, path) {
    let cur = root;
    for (const seg of path) {
        if (typeof cur !== 'object' || cur === null || !Object.hasOwn(cur, seg))
            return { found: false, value: undefined };
        cur = cur[seg];
    }
    return { found: true, value: cur };
}
function unknownKeyMessage(parent, key) {
    const where = pathText(parent);
    if (key === '<<')
        return `${where}: YAML merge keys (\`<<\`) are not supported; put shared values under \`defaults\``;
    if (parent.length === 1 && parent[0] === 'defaults' && key === 'prompt')
        return 'defaults: `prompt` cannot have a default; give each entry its own prompt (put shared text in `vars` and use `{{name}}`)';
    const known = knownKeys(parent);
    if (parent.length === 1 && parent[0] === 'pricing')
        return `pricing: unknown model \`${key}\`; known models: ${known.join(', ')}${didYouMean(key, known)}`;
    const best = suggestions(key, known);
    if (best.length > 0)
        return `${where}: unknown key \`${key}\`; did you mean ${orList(best.map(keyWithModels))}?`;
    // The full list of an entry's keys is long; the reference has it, with what each one does.
    const docs = parent[0] === 'defaults' || parent[0] === 'images' ? ' (every key is in docs/manifest.md)' : '';
    return `${where}: unknown key \`${key}\`; remove it${known.length && !docs ? `; allowed keys: ${known.join(', ')}` : docs}`;
}
/** `image_size` (gpt-image-1.5 only) — a suggested key, with the models that take it when not all do. */
function keyWithModels(key) {
    const param = registry/* PARAM_KEYS */.rw.includes(key) || key === 'input_images';
    const models = param ? modelsTaking(key) : registry/* MODEL_IDS */.$g;
    return models.length < registry/* MODEL_IDS */.$g.length ? `\`${key}\` (${models.join(', ')} only)` : `\`${key}\``;
}
/** Range text for integer parameters, from the registry (union over models). */
function paramRange(path) {
    const last = path.at(-1);
    return typeof last === 'string' && registry/* PARAM_KEYS */.rw.includes(last)
        ? rangeAcrossModels(last)
        : undefined;
}
/** A model id as written, if it names one (`undefined` for a misspelt or non-text value). */
function knownModel(v) {
    return typeof v === 'string' && registry/* MODEL_IDS */.$g.includes(v) ? v : undefined;
}
/**
 * The values an entry's own model allows for a parameter at `path` (`images.<id>.<param>`), so a
 * gpt-image-2 entry is not offered a value only gpt-image-1.5 takes. `undefined` where the model
 * is not known (it is misspelt) or the path is not an entry's parameter: the schema's union applies.
 */
function modelValues(raw, path) {
    if (path.length !== 3 || path[0] !== 'images')
        return undefined;
    const key = String(path[2]);
    if (!registry/* PARAM_KEYS */.rw.includes(key))
        return undefined;
    const entry = getIn(raw, path.slice(0, 2));
    const defaults = getIn(raw, ['defaults', 'model']);
    const own = entry.value !== null && typeof entry.value === 'object' && Object.hasOwn(entry.value, 'model');
    const model = own
        ? knownModel(entry.value.model)
        : defaults.found
            ? knownModel(defaults.value)
            : registry/* DEFAULT_MODEL */.UB;
    const allowed = model === undefined ? undefined : registry/* MODELS */.L6[model].params[key]?.allowed;
    return model !== undefined && Array.isArray(allowed) ? { model, values: [...allowed] } : undefined;
}
/**
 * Adds one located problem per zod issue (one per key for `unrecognized_keys`).
 * @param raw the data that was validated, to tell a missing key from a wrong value.
 */
function addZodIssues(issues, raw, at, out) {
    for (const issue of issues) {
        const path = issue.path;
        const where = pathText(path);
        const { found, value } = getIn(raw, path);
        const range = paramRange(path);
        switch (issue.code) {
            case 'unrecognized_keys':
                for (const key of issue.keys)
                    out.error(at.key([...path, key]), unknownKeyMessage(path, key));
                break;
            case 'invalid_key': {
                const key = String(path.at(-1));
                const inner = issue.issues[0]?.message ?? 'invalid key';
                out.error(at.key(path), `${pathText(path.slice(0, -1))}: \`${key}\`: ${inner}`);
                break;
            }
            case 'invalid_type':
            case 'invalid_value':
                if (!found) {
                    const parent = path.slice(0, -1);
                    const hint = path.length === 1 && path[0] === 'version' ? '; add `version: 1` at the top' : '';
                    out.error(at.value(parent), `${pathText(parent)}: missing required key \`${String(path.at(-1))}\`${hint}`);
                }
                else if (range) {
                    out.error(at.value(path), `${where} must be an integer from ${range.min} to ${range.max} (got ${issues_show(value)})${unquote(value)}`);
                }
                else if (issue.code === 'invalid_value') {
                    const union = issue.values.map(String);
                    const byModel = modelValues(raw, path);
                    // Named only where the model's values are not those of every model.
                    const own = byModel && byModel.values.length < union.length ? byModel : undefined;
                    const allowed = own?.values ?? union;
                    const forModel = own ? ` for ${own.model}` : '';
                    const text = typeof value === 'string' ? didYouMean(value, allowed) : '';
                    const msg = allowed.length === 1
                        ? `${where} must be ${allowed[0]}${forModel} (got ${issues_show(value)})${unquote(value)}`
                        : `${where} must be one of ${allowed.join(', ')}${forModel} (got ${issues_show(value)})${text}`;
                    out.error(at.value(path), msg);
                }
                else if (misindented(raw, path)) {
                    out.error(at.key(path), misindentedMessage(raw, path, at));
                }
                else {
                    const expected = EXPECTED[issue.expected] ?? issue.expected;
                    const quote = issue.expected === 'string' && value !== null && typeof value !== 'object' ? '; quote it' : '';
                    out.error(at.value(path), `${where} must be ${expected} (got ${issues_show(value)})${quote}`);
                }
                break;
            case 'too_small':
            case 'too_big':
                if (range)
                    out.error(at.value(path), `${where} must be an integer from ${range.min} to ${range.max} (got ${issues_show(value)})${unquote(value)}`);
                else if (issue.origin === 'array')
                    out.error(at.value(path), `${where} needs ${listBounds(path)} (got ${value.length})`);
                else if (issue.origin === 'string')
                    out.error(at.value(path), `${where} must not be empty`);
                else
                    out.error(at.value(path), `${where} must be ${issue.code === 'too_small' ? '≥' : '≤'} ${issue.code === 'too_small' ? issue.minimum : issue.maximum} (got ${issues_show(value)})`);
                break;
            case 'invalid_union':
                out.error(at.value(path), `${where} must be text or an integer (got ${issues_show(value)})`);
                break;
            default: {
                // An empty or blank string speaks for itself; quoting it back adds nothing.
                const got = typeof value === 'string' && !value.trim() ? '' : ` (got ${issues_show(value)})`;
                out.error(at.value(path), `${where} ${issue.message}${got}`);
            }
        }
    }
}
/**
 * `images.prompt` that is not a map: an entry key written beside the ids instead of under one —
 * the entry above lost it by one level of indentation. Taken for an id, it would be reported as
 * "must be a map", which points the wrong way.
 */
function misindented(raw, path) {
    if (path.length !== 2 || path[0] !== 'images' || typeof path[1] !== 'string')
        return false;
    const { value } = getIn(raw, path);
    const keys = Object.keys(getIn(raw, ['images']).value);
    return (ENTRY_KEYS.includes(path[1]) &&
        (value === null || typeof value !== 'object' || Array.isArray(value)) &&
        keys.indexOf(path[1]) > 0);
}
function misindentedMessage(raw, path, at) {
    const key = String(path[1]);
    const keys = Object.keys(getIn(raw, ['images']).value);
    const above = keys[keys.indexOf(key) - 1];
    const idCol = at.key(['images', above]).col;
    const value = getIn(raw, path).value;
    const shown = typeof value === 'string' ? ` ${value.length > 30 ? `${value.slice(0, 29)}…` : value}` : ' …';
    return `images: \`${key}\` looks like a key of the entry \`${above}\` above, indented one level too little; indent it under \`${above}\`: \`${' '.repeat(idCol + 1)}${key}:${shown}\``;
}
/** A number written in quotes is text to YAML: say so, since the message would otherwise look absurd. */
function unquote(value) {
    return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())
        ? '; write the number without quotes'
        : '';
}
function listBounds(path) {
    return path.at(-1) === 'input_images' ? '1 to 16 items' : 'at least one item';
}

;// CONCATENATED MODULE: ./src/manifest/refs.ts
/**
 * `input_images` across entries: classifies each item (URL, `@id[#n]`, local file), checks that
 * references name existing entries and images, that local files exist inside the workspace, and
 * that no entry depends on its own output, directly or through others.
 */





/**
 * Resolves the inputs of every draft.
 * @param ids every id in the manifest, including entries that failed validation (so a reference
 *   to a broken entry is not also reported as unknown).
 */
function resolveInputs(drafts, ids, ctx) {
    const owners = new Map();
    for (const d of drafts.values())
        d.outWorkspace.forEach((p, i) => {
            owners.set(p, { id: d.id, n: i + 1, count: d.count });
        });
    const result = new Map();
    const edges = [];
    for (const d of drafts.values()) {
        const refs = [];
        for (const item of d.inputs) {
            const ref = classify(item, drafts, ids, owners, ctx);
            if (!ref)
                continue;
            refs.push(ref);
            if (ref.kind === 'ref')
                edges.push({ from: d.id, to: ref.id, item });
        }
        result.set(d.id, refs);
    }
    reportCycles(edges, ctx);
    return result;
}
const REF = /^@([^#]*)(?:#(.*))?$/s;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]+):/;
function classify(item, drafts, ids, owners, ctx) {
    const { at, issues } = ctx;
    const fail = (msg) => {
        issues.error(at.value(item.path), `${pathText(item.path)}: ${msg}`);
        return undefined;
    };
    const text = item.text;
    if (/^https?:\/\//i.test(text)) {
        if (!URL.canParse(text) || !new URL(text).hostname)
            return fail(`\`${text}\` is not a valid URL`);
        return { kind: 'url', url: text };
    }
    const ref = REF.exec(text);
    if (ref) {
        const [, id = '', index] = ref;
        if (!ids.has(id)) {
            const hint = didYouMean(id, ids, (s) => `\`@${s}\``) || '; use `@id` or `@id#n` with an id under `images`';
            return fail(`\`${text}\` names no entry${hint}`);
        }
        if (index === undefined)
            return { kind: 'ref', id };
        if (!/^[1-9]\d*$/.test(index))
            return fail(`\`${text}\`: the image number after \`#\` is a whole number from 1`);
        const n = Number(index);
        const upstream = drafts.get(id);
        if (upstream?.countKnown && n > upstream.count)
            return fail(`\`${text}\`: entry \`${id}\` makes ${(0,words/* plural */.L)(upstream.count, 'image')}; ${upstream.count === 1 ? `use \`@${id}\` or \`@${id}#1\`` : `use #1..#${upstream.count}`}`);
        return { kind: 'ref', id, index: n };
    }
    const scheme = SCHEME.exec(text);
    if (scheme)
        return fail(`\`${scheme[1]}:\` is not supported; use an http(s) URL, a path relative to the manifest's folder, or \`@id\``);
    const syntax = badPathSyntax(text);
    if (syntax)
        return fail(`\`${text}\` ${syntax}`);
    const abs = external_node_path_default().resolve(ctx.dir, text);
    const problem = pathProblem(abs, ctx.ws);
    if (problem)
        return fail(`\`${text}\` ${problem.why}; ${problem.git ? 'input images must be files of the repository, not inside `.git`' : 'input images must be inside the workspace'}`);
    const kind = kindOf(abs);
    if (kind !== 'file') {
        if (kind === 'directory')
            return fail(`\`${text}\` is a folder, not an image file`);
        if (kind === 'other')
            return fail(`\`${text}\` is not a regular file`);
        const owner = owners.get(toPosix(external_node_path_default().relative(ctx.ws.root, abs)));
        const hint = owner
            ? `; it is an output of entry \`${owner.id}\`: use \`@${owner.id}${owner.count > 1 ? `#${owner.n}` : ''}\``
            : '';
        return fail(`\`${text}\` does not exist (paths are relative to the manifest's folder)${hint}`);
    }
    const workspacePath = realWorkspacePath(abs, ctx.ws);
    if (workspacePath === undefined)
        return fail(`\`${text}\` cannot be resolved`);
    return { kind: 'file', path: external_node_path_default().posix.normalize(text), abs, workspacePath };
}
/**
 * Reports every reference that lies on a cycle, naming one cycle through it. For each referenced
 * entry a breadth-first walk finds what it (transitively) uses; an edge u → v is cyclic when u is
 * among them. Quadratic in the number of entries at worst, which manifests never approach.
 */
function reportCycles(edges, ctx) {
    const next = new Map();
    for (const e of edges)
        next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    const walks = new Map();
    const walkFrom = (start) => {
        const parent = new Map([[start, null]]);
        const queue = [start];
        for (let i = 0; i < queue.length; i++)
            for (const to of next.get(queue[i]) ?? [])
                if (!parent.has(to)) {
                    parent.set(to, queue[i]);
                    queue.push(to);
                }
        return parent;
    };
    for (const e of edges) {
        const parent = walks.get(e.to) ?? walkFrom(e.to);
        walks.set(e.to, parent);
        if (!parent.has(e.from))
            continue;
        const chain = [];
        for (let cur = e.from; cur != null; cur = parent.get(cur))
            chain.unshift(cur);
        const cycle = [e.from, ...chain].join(' → ');
        ctx.issues.error(ctx.at.value(e.item.path), `${pathText(e.item.path)}: \`${e.item.text}\` makes a cycle: ${cycle}; an entry cannot use its own image, directly or through others`);
    }
}

;// CONCATENATED MODULE: ./src/manifest/out.ts
/**
 * The `out` template: placeholders, file extension and expansion into one path per image.
 * Pure string work; workspace containment is checked by the caller (see `paths.ts`).
 */


/** `out` when neither the entry nor `defaults` sets it. */
const DEFAULT_OUT = '{id}.{ext}';
const PLACEHOLDERS = new Set(['id', 'n', 'ext']);
/** Unknown placeholders and stray braces — problems whatever the entry. */
function templateProblems(tpl) {
    const problems = [];
    const rest = tpl.replace(/\{([^{}]*)\}/g, (whole, name) => {
        if (!PLACEHOLDERS.has(name))
            problems.push({
                needle: whole,
                message: `unknown placeholder \`${whole}\`; use \`{id}\`, \`{n}\` or \`{ext}\``,
            });
        return '';
    });
    const stray = /[{}]/.exec(rest);
    if (stray)
        problems.push({
            needle: stray[0],
            message: `stray \`${stray[0]}\`; placeholders are \`{id}\`, \`{n}\`, \`{ext}\``,
        });
    return problems;
}
/** Whether the template distinguishes the images of one entry. */
function hasImageNumber(tpl) {
    return tpl.includes('{n}');
}
/** The template with `{n}` added before the file extension, for "e.g." hints. */
function withImageNumber(tpl) {
    const slash = tpl.lastIndexOf('/');
    const dot = tpl.lastIndexOf('.');
    return dot > slash + 1 ? `${tpl.slice(0, dot)}-{n}${tpl.slice(dot)}` : `${tpl}-{n}`;
}
/**
 * Expands the template for one entry: one path per image (`{n}` is 1-based), normalized and
 * `/`-separated, still relative to the manifest's folder.
 */
function expandOut(tpl, id, count, format) {
    const paths = [];
    for (let n = 1; n <= count; n++) {
        const p = tpl.replaceAll('{id}', id).replaceAll('{n}', String(n)).replaceAll('{ext}', registry/* FORMAT_EXT */.QU[format]);
        paths.push(external_node_path_default().posix.normalize(p));
    }
    return paths;
}
/**
 * Why the expanded path's extension disagrees with the format, or `undefined`. A template ending
 * in `.{ext}` always agrees; otherwise the literal extension must be one the format is known by
 * (png → .png, jpeg → .jpg/.jpeg, webp → .webp), case aside.
 */
function extMismatch(tpl, expanded, format) {
    if (tpl.endsWith('.{ext}'))
        return undefined;
    const ext = external_node_path_default().posix.extname(expanded).slice(1);
    const ok = registry/* FORMAT_EXTENSIONS */.Vc[format];
    if (ok.includes(ext.toLowerCase()))
        return undefined;
    const fix = `end it with \`.{ext}\` or \`.${ok[0]}\``;
    return ext ? `ends in \`.${ext}\` but output_format is ${format}; ${fix}` : `has no file extension; ${fix}`;
}

;// CONCATENATED MODULE: ./src/manifest/outputs.ts
/**
 * One entry's `out`: the template's problems, `{n}` and the extension against the entry, and each
 * expanded path against the workspace (outside it, through a symlink, inside `.git`, a folder).
 */




/**
 * Checks the `out` template for this entry and expands it; nothing is expanded from a broken
 * template. `outWorkspace` leaves out paths whose `{ext}` is only a guess, so that no other entry
 * is told it clashes with them.
 */
function expandOutputs(a) {
    const { at, issues } = a.ctx;
    const where = pathText(a.outPath);
    const none = { out: [], outWorkspace: [] };
    const problems = templateProblems(a.tpl);
    for (const p of problems)
        issues.error(at.inside(a.outPath, p.needle), `${where}: ${p.message}`);
    const syntax = badPathSyntax(a.tpl);
    if (syntax)
        issues.error(at.value(a.outPath), `${where}: \`${a.tpl}\` ${syntax}`);
    if (problems.length || syntax)
        return none;
    if (a.count > 1 && !hasImageNumber(a.tpl)) {
        const b = a.blame('out', 'number_of_images');
        issues.error(b.pos, `${b.where}: number_of_images is ${a.count} but \`out\` (\`${a.tpl}\`) has no \`{n}\`; add it, e.g. \`${withImageNumber(a.tpl)}\``);
    }
    const out = expandOut(a.tpl, a.id, a.count, a.format);
    const ext = a.formatKnown ? extMismatch(a.tpl, out[0], a.format) : undefined;
    if (ext) {
        const b = a.blame('out', 'output_format');
        issues.error(b.pos, `${b.where}: \`out\` (\`${a.tpl}\`) ${ext}`);
    }
    const outWorkspace = [];
    // The built-in `{id}.{ext}` has no node of its own: point at the entry's id then.
    const pos = a.outPath[0] === 'images' && a.outPath.length === 2 ? at.key(a.outPath) : at.value(a.outPath);
    for (const rel of out) {
        const abs = external_node_path_default().resolve(a.ctx.dir, rel);
        const problem = pathProblem(abs, a.ctx.ws);
        // The template passed; its expansion may still make a name Windows refuses (`{id}` = `con`).
        const expanded = badPathSyntax(rel);
        if (expanded)
            issues.error(pos, `${where}: \`${rel}\` ${expanded}`);
        else if (problem) {
            const fix = problem.git
                ? "; `.git` is git's own folder, not the repository's files: write outputs elsewhere, e.g. `img/{id}.{ext}`"
                : '; outputs must stay inside the workspace';
            issues.error(pos, `${where}: \`${rel}\` ${problem.why}${fix}`);
        }
        else if (kindOf(abs) === 'directory')
            issues.error(pos, `${where}: \`${rel}\` is a folder; \`out\` must name a file`);
        if (a.formatKnown || !a.tpl.includes('{ext}'))
            outWorkspace.push(toPosix(external_node_path_default().relative(a.ctx.ws.root, abs)));
    }
    return { out, outWorkspace };
}

;// CONCATENATED MODULE: ./src/manifest/vars.ts
/** `{{name}}` in prompts: replaced by `vars.name`; an unknown name is a located error. */


const VAR_REF = /\{\{\s*([^{}]*?)\s*\}\}/g;
/**
 * Replaces `{{name}}` with `vars.name` (one pass: a var's own text is not expanded again).
 * Spaces inside the braces are allowed (`{{ style }}`); there is no escape for a literal `{{`.
 * A prompt that comes out empty is an error: the gateway would refuse it, after a charge.
 */
function substituteVars(prompt, where, ctx) {
    const used = new Set();
    const result = prompt.replace(VAR_REF, (whole, name) => {
        // hasOwn: a prompt saying {{constructor}} must not reach Object.prototype.
        if (Object.hasOwn(ctx.vars, name)) {
            used.add(name);
            return ctx.vars[name];
        }
        if (!ctx.varNames.has(name)) {
            const hint = didYouMean(name, ctx.varNames, (s) => `\`{{${s}}}\``);
            const fix = hint
                ? ''
                : ctx.varNames.size
                    ? '; define it under `vars:`'
                    : '; define it under a top-level `vars:` map';
            ctx.issues.error(ctx.at.inside(where, whole), `${pathText(where)}: unknown variable \`${whole}\`${hint}${fix}`);
        }
        return whole;
    });
    if (prompt.trim() !== '' && result.trim() === '') {
        const names = [...used].map((n) => `\`vars.${n}\``).join(', ');
        ctx.issues.error(ctx.at.value(where), `${pathText(where)} is empty after variable substitution (${names} ${used.size > 1 ? 'are' : 'is'} empty); give ${used.size > 1 ? 'them' : 'it'} text or write the prompt out`);
    }
    return result;
}

;// CONCATENATED MODULE: ./src/manifest/resolve.ts
/**
 * Resolves one entry on its own: picks its model, applies `defaults` where the model takes them,
 * checks the rules that need the model (taken keys, allowed values, combinations), substitutes vars
 * (vars.ts), expands `out` (outputs.ts) and reads `max_age`; its `input_images` are collected as
 * text, not yet classified. The cross-entry rules run once every entry is resolved (check.ts):
 * references and local inputs in `refs.ts`, duplicate outputs in `sections.ts`.
 */







const SOURCED = [...registry/* PARAM_KEYS */.rw, 'input_images', 'out', 'max_age', 'alt', 'variant'];
/**
 * Resolves entry `id` as far as its valid keys allow. `broken` names the keys whose value the
 * schema refused (on the entry, or inherited from `defaults`); the rules that would read them are
 * skipped, every other rule still runs, so one pass reports everything. Problems go to `ctx.issues`.
 */
function resolveEntry(id, checkable, ctx) {
    const { entry, broken } = checkable;
    const { at, issues } = ctx;
    const base = ['images', id];
    const model = entry.model ?? ctx.defaults.model ?? registry/* DEFAULT_MODEL */.UB;
    // A model the schema refused: the rules that depend on the model are skipped.
    const spec = broken.has('model') ? undefined : registry/* MODELS */.L6[model];
    const own = (key) => entry[key] !== undefined;
    const sources = resolve_sourcesOf(entry, spec, broken, base, ctx);
    const unknown = new Set(broken);
    const set = spec ? modelParams(spec, sources, own, unknown, base, ctx) : looseParams(sources);
    const params = spec ? (0,registry/* effectiveParams */.K6)(spec, set) : set;
    const format = (0,registry/* outputFormat */.B$)(params);
    const count = (0,registry/* imageCount */.XJ)(params);
    /** Where a clash between keys is reported: the first the entry sets itself, else the first from defaults. */
    const blame = (...keys) => {
        const hit = keys.find((k) => sources.has(k) && own(k)) ?? keys.find((k) => sources.has(k));
        const p = hit ? sources.get(hit).path : base;
        return { pos: hit ? at.value(p) : at.key(base), where: pathText(p) };
    };
    if (params.background === 'transparent' && format !== 'png' && format !== 'webp') {
        const b = blame('background', 'output_format');
        issues.error(b.pos, `${b.where}: \`background: transparent\` needs output_format png or webp, not ${format}`);
    }
    const compression = sources.get('output_compression');
    // Only warn where the png choice and the compression meet on purpose: a compression in defaults
    // meant for the webp entries says nothing wrong about one entry that chose png.
    if (spec && compression && format === 'png' && (own('output_compression') || !own('output_format'))) {
        issues.warning(at.value(compression.path), `${pathText(compression.path)}: output_compression has no effect on png output; remove it or use jpeg/webp`);
    }
    const prompt = substituteVars(entry.prompt, [...base, 'prompt'], ctx);
    const outSrc = sources.get('out');
    const tpl = outSrc?.value ?? DEFAULT_OUT;
    const outPath = outSrc?.path ?? base;
    // A refused `out` (here or in defaults) is no template to check, and no path another entry clashes with.
    const outs = unknown.has('out')
        ? { out: [], outWorkspace: [] }
        : expandOutputs({
            id,
            tpl,
            outPath,
            count,
            format,
            formatKnown: !unknown.has('output_format'),
            blame,
            ctx,
        });
    // Two entries writing one file: each is told at its own `out`, or at its id when `out` is inherited.
    const outPos = outSrc && own('out') ? at.value(outSrc.path) : at.key(base);
    const maxAge = sources.get('max_age');
    let maxAgeMs;
    if (maxAge) {
        maxAgeMs = parseDuration(maxAge.value);
        if (maxAgeMs === undefined)
            issues.error(at.value(maxAge.path), `${pathText(maxAge.path)}: duration is too long`);
    }
    const inputSrc = sources.get('input_images');
    const inputs = (inputSrc?.value ?? []).map((text, i) => ({
        text,
        path: [...inputSrc.path, i],
    }));
    // A refused list (too long, an empty item) still has items worth checking one by one.
    if (broken.has('input_images') && (spec?.acceptsInputImages ?? true))
        for (const { text, index } of checkable.inputs)
            inputs.push({ text, path: [...base, 'input_images', index] });
    return {
        id,
        model,
        prompt,
        params,
        format,
        count,
        countKnown: !unknown.has('number_of_images'),
        out: outs.out,
        outWorkspace: outs.outWorkspace,
        outPos,
        inputs,
        ...(maxAgeMs !== undefined && { maxAgeMs }),
        ...(sources.has('alt') && { alt: sources.get('alt').value }),
        ...(sources.has('variant') && { variant: sources.get('variant').value }),
    };
}
/**
 * Each key's source. With a known model, a key it does not take is an error on the entry, but
 * silently skipped from defaults: defaults serve entries of every model.
 */
function resolve_sourcesOf(entry, spec, broken, base, ctx) {
    const takes = (key) => !spec ||
        (key === 'input_images'
            ? spec.acceptsInputImages
            : !registry/* PARAM_KEYS */.rw.includes(key) || spec.params[key] !== undefined);
    if (spec)
        for (const key of [...registry/* PARAM_KEYS */.rw, 'input_images']) {
            if (entry[key] === undefined || takes(key))
                continue;
            const others = modelsTaking(key);
            const fix = others.length ? `remove it or use model ${others.join(' or ')}` : 'remove it';
            ctx.issues.error(ctx.at.key([...base, key]), `${pathText(base)}: \`${key}\` is not taken by ${spec.id}; ${fix}`);
        }
    const sources = new Map();
    for (const key of SOURCED) {
        // A refused value is not replaced by the default: the rules reading the key are skipped.
        if (!takes(key) || broken.has(key))
            continue;
        if (entry[key] !== undefined)
            sources.set(key, { value: entry[key], path: [...base, key] });
        else if (ctx.defaults[key] !== undefined)
            sources.set(key, { value: ctx.defaults[key], path: ['defaults', key] });
    }
    return sources;
}
/**
 * The parameter values the model allows, reporting the others (which join `unknown`). Also the
 * rule between aspect_ratio and image_size, which only models taking both have.
 */
function modelParams(spec, sources, own, unknown, base, ctx) {
    const { at, issues } = ctx;
    // aspect_ratio and image_size say the same thing. The entry's own choice of either wins over a
    // default of the other, so `defaults: {aspect_ratio: 3:2}` does not clash with an entry's
    // `image_size`. Both on the entry is an error; both in defaults is reported by the loader.
    if (spec.params.image_size && spec.params.aspect_ratio) {
        if (own('aspect_ratio') && own('image_size'))
            issues.error(at.key([...base, 'image_size']), `${pathText(base)}: set \`image_size\` or \`aspect_ratio\`, not both (aspect_ratio ${String(sources.get('aspect_ratio').value)} is sent as an image_size)`);
        else if (own('aspect_ratio'))
            sources.delete('image_size');
        else if (own('image_size'))
            sources.delete('aspect_ratio');
    }
    const set = {};
    for (const key of registry/* PARAM_KEYS */.rw) {
        const src = sources.get(key);
        if (!src)
            continue;
        const problem = disallowed(spec, key, src.value);
        if (problem === undefined)
            set[key] = src.value;
        else {
            unknown.add(key);
            // Worded without the entry id so that one bad default is reported once per model, not per entry.
            const whose = own(key) ? '' : `; entries using ${spec.id} inherit it from defaults`;
            issues.error(at.value(src.path), `${pathText(src.path)}: ${problem}${whose}`);
        }
    }
    return set;
}
/** The parameters as written, for an entry whose model is unknown (nothing to check them against). */
function looseParams(sources) {
    const set = {};
    for (const key of registry/* PARAM_KEYS */.rw) {
        const src = sources.get(key);
        if (src)
            set[key] = src.value;
    }
    return set;
}
/** Why `value` is not allowed for `key` on this model, or `undefined`. */
function disallowed(spec, key, value) {
    const allowed = spec.params[key].allowed;
    if (Array.isArray(allowed)) {
        if (allowed.includes(String(value)))
            return undefined;
        const elsewhere = Object.values(registry/* MODELS */.L6)
            .filter((m) => m.params[key]?.allowed?.includes?.(String(value)))
            .map((m) => m.id);
        const hint = elsewhere.length ? ` (or use model ${elsewhere.join(' or ')})` : '';
        return `\`${String(value)}\` is not allowed for ${spec.id}; allowed: ${allowed.join(', ')}${hint}`;
    }
    const { min, max } = allowed;
    const n = Number(value);
    return n >= min && n <= max ? undefined : `must be from ${min} to ${max} for ${spec.id} (got ${n})`;
}

;// CONCATENATED MODULE: ./src/manifest/sections.ts
/**
 * Rules on whole sections of the manifest: what of `defaults` and of a broken entry can still be
 * checked, pricing names, and outputs shared between entries.
 */



/** A plain (non-array) object, as YAML maps become. */
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/**
 * The keys of `defaults` that pass the schema one by one, and the keys whose value it refuses (a
 * broken key is reported once, by the schema; entries that inherit it skip the rules reading it).
 */
function validDefaults(raw) {
    const out = {};
    const broken = new Set();
    if (!isObject(raw))
        return { defaults: out, broken };
    for (const [key, value] of Object.entries(raw)) {
        if (key === 'prompt')
            continue;
        const schema = Object.hasOwn(FIELD_SCHEMAS, key) ? FIELD_SCHEMAS[key] : undefined;
        const parsed = schema?.safeParse(value);
        if (parsed?.success) {
            if (parsed.data !== undefined)
                out[key] = parsed.data;
        }
        else if (schema)
            broken.add(key);
    }
    return { defaults: out, broken };
}
/** Two entries (or images) writing one file: an error on each. Case-only differences clash on macOS and Windows checkouts. */
function checkDuplicateOutputs(drafts, ctx) {
    const writers = new Map();
    for (const d of drafts.values())
        for (const p of new Set(d.outWorkspace)) {
            const key = p.toLowerCase();
            writers.set(key, [...(writers.get(key) ?? []), { id: d.id, path: p }]);
        }
    for (const list of writers.values()) {
        if (list.length < 2)
            continue;
        for (const w of list) {
            const others = list.filter((o) => o !== w);
            // Identical paths are "the same path"; only where the spelling differs is case the reason.
            const same = others.filter((o) => o.path === w.path);
            const cased = others.filter((o) => o.path !== w.path);
            const clauses = [
                ...(same.length ? [`${entriesWrite(same)} (the same path)`] : []),
                ...cased.map((o) => `entry \`${o.id}\` writes as \`${o.path}\` (the paths differ only in case: one file on macOS and Windows)`),
            ];
            ctx.issues.error(drafts.get(w.id).outPos, `images.${w.id}: writes \`${w.path}\`, which ${clauses.join(', and ')}; give each entry its own \`out\` (e.g. with \`{id}\`)`);
        }
    }
}
/** Quality names in `pricing` must be ones the model takes (or `default`): a typo would silently price nothing. */
function checkPricing(raw, ctx) {
    if (!isObject(raw))
        return;
    for (const [model, table] of Object.entries(raw)) {
        const spec = Object.hasOwn(registry/* MODELS */.L6, model) ? registry/* MODELS */.L6[model] : undefined;
        if (!spec || !isObject(table))
            continue;
        const allowed = spec.params.quality?.allowed;
        const names = ['default', ...(Array.isArray(allowed) ? allowed : [])];
        for (const quality of Object.keys(table)) {
            if (names.includes(quality))
                continue;
            const p = ['pricing', model, quality];
            ctx.issues.error(ctx.at.key(p), `pricing.${model}: \`${quality}\` is not a quality of ${model}; use ${names.join(', ')}${didYouMean(quality, names)}`);
        }
    }
}
/**
 * The entry to run the other rules on: every key the schema accepts, so that an entry's bad
 * `quality` does not hide its unknown `{{var}}` or its missing input file. `undefined` when the
 * entry is not a map at all.
 */
function checkableEntry(value) {
    if (!isObject(value))
        return undefined;
    const parsed = EntrySchema.safeParse(value);
    if (parsed.success)
        return { entry: parsed.data, broken: new Set(), inputs: [] };
    const drop = new Set();
    const broken = new Set();
    for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys')
            for (const k of issue.keys)
                drop.add(k);
        else if (issue.path.length > 0) {
            drop.add(String(issue.path[0]));
            broken.add(String(issue.path[0]));
        }
        else
            return undefined;
    }
    const rest = Object.fromEntries(Object.entries(value).filter(([k]) => !drop.has(k)));
    const again = EntrySchema.safeParse({ prompt: '-', ...rest });
    if (!again.success)
        return undefined;
    const list = broken.has('input_images') && Array.isArray(value.input_images) ? value.input_images : [];
    const inputs = list.flatMap((text, index) => typeof text === 'string' && text !== '' ? [{ text, index }] : []);
    // An empty prompt stands in for a refused one: it holds no {{var}} to check.
    return {
        entry: { ...again.data, prompt: typeof rest.prompt === 'string' ? rest.prompt : '' },
        broken,
        inputs,
    };
}
/** `entry `b` also writes` / `entries `b`, `c` also write`. */
function entriesWrite(list) {
    const ids = list.map((o) => `\`${o.id}\``);
    return ids.length > 1 ? `entries ${ids.join(', ')} also write` : `entry ${ids[0]} also writes`;
}

;// CONCATENATED MODULE: ./src/manifest/check.ts
/**
 * The checks every manifest goes through once its YAML is read: schema, per-entry resolution,
 * cross-entry checks.
 */










function whereOf(opts) {
    const abs = external_node_path_default().resolve(opts.path);
    const ws = workspaceOf(opts.workspace);
    return { abs, ws, file: displayName(abs, ws.root, opts.displayPath) };
}
/** Schema, per-entry resolution and cross-entry checks of the data; `undefined` when any error was found. */
function checkManifest(raw, at, issues, where) {
    const { abs, ws, file } = where;
    // jitless: validated once per run, so compiling zod's validator for each object shape costs
    // more than it saves.
    const parsed = ManifestSchema.safeParse(raw, { reportInput: true, jitless: true });
    if (!parsed.success)
        addZodIssues(parsed.error.issues, raw, at, issues);
    const top = isObject(raw) ? raw : {};
    const rawVars = isObject(top.vars) ? top.vars : {};
    const vars = Object.fromEntries(Object.entries(rawVars).filter(([k, v]) => typeof v === 'string' && VAR_NAME_PATTERN.test(k)));
    const defaults = validDefaults(top.defaults);
    const ctx = {
        at,
        issues,
        defaults: defaults.defaults,
        vars,
        varNames: new Set(Object.keys(rawVars)),
        dir: external_node_path_default().dirname(abs),
        ws,
    };
    if (ctx.defaults.aspect_ratio !== undefined && ctx.defaults.image_size !== undefined)
        issues.error(at.key(['defaults', 'image_size']), 'defaults: set `image_size` or `aspect_ratio`, not both');
    const images = isObject(top.images) ? top.images : {};
    const drafts = new Map();
    for (const [id, value] of Object.entries(images)) {
        if (!ID_PATTERN.test(id)) {
            // Same text as the schema's record-key issue (so it is reported once): zod skips a
            // `__proto__` key silently, this does not.
            issues.error(at.key(['images', id]), `images: \`${id}\`: invalid id; ${ID_HINT}`);
            continue;
        }
        const checkable = checkableEntry(value);
        if (!checkable)
            continue;
        // A refused value in `defaults` is unknown to every entry that inherits it.
        const broken = new Set(checkable.broken);
        for (const key of defaults.broken)
            if (checkable.entry[key] === undefined)
                broken.add(key);
        drafts.set(id, resolveEntry(id, { ...checkable, broken }, ctx));
    }
    const inputs = resolveInputs(drafts, new Set(Object.keys(images)), ctx);
    checkDuplicateOutputs(drafts, ctx);
    const index = checkIndex(top.index, abs, drafts, ctx);
    checkPricing(top.pricing, ctx);
    // Candidates (§10): counts per entry and the folder their sets go to.
    const candidateCounts = checkCandidateCounts(images, top.defaults, drafts, ctx);
    const candidatesDir = checkCandidatesDir(top['candidates-dir'], ctx);
    const pricing = parsed.success ? (parsed.data.pricing ?? {}) : {};
    if (issues.hasErrors)
        return undefined;
    const entries = [...drafts.values()].map((d) => {
        const refs = inputs.get(d.id) ?? [];
        const { countKnown: _countKnown, outPos: _outPos, inputs: _inputs, ...rest } = d;
        const n = candidateCounts.get(d.id);
        return {
            ...rest,
            mode: refs.length > 0 ? 'image-to-image' : 'text-to-image',
            inputs: refs,
            ...(n !== undefined && { candidates: n }),
        };
    });
    return {
        path: abs,
        displayPath: file,
        dir: ctx.dir,
        workspace: ws.root,
        entries,
        pricing: pricing,
        ...(index && { index }),
        ...(candidatesDir && { candidatesDir }),
        warnings: issues.all(),
    };
}
function displayName(abs, workspace, given) {
    if (given !== undefined)
        return given;
    return relativeInside(workspace, abs) ?? abs;
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/manifest/locator.ts
/**
 * Source positions from the YAML tree: walks a path (as zod reports it) through the AST to the
 * deepest node that exists and turns its offset into a 1-based line and column.
 */

/** Maps paths and offsets of one parsed document to positions. */
class Locator {
    doc;
    lines;
    source;
    /** Key → pair of each map looked into, so locating every entry of a large manifest stays O(n). */
    pairs = new WeakMap();
    constructor(doc, lines, source) {
        this.doc = doc;
        this.lines = lines;
        this.source = source;
    }
    /** 1-based position of a character offset in the source. */
    offset(offset) {
        const { line, col } = this.lines.linePos(offset);
        // linePos reports line 0 before the first newline is known; clamp so callers always get ≥ 1.
        return { line: Math.max(1, line), col: Math.max(1, col) };
    }
    /**
     * Where the value at `path` stands, or — when it does not exist — the deepest ancestor that
     * does (so a missing key points at the map that lacks it). An empty value (`key:` and nothing)
     * has no text of its own: its key is reported instead.
     */
    value(path) {
        const { node, pair } = this.find(path);
        const empty = (0,dist/* isScalar */.jn)(node) && node.range && node.range[0] === node.range[1];
        if ((node === null || empty) && pair && isNodeWithRange(pair.key))
            return this.offset(pair.key.range[0]);
        if (node?.range)
            return this.offset(node.range[0]);
        return { line: 1, col: 1 };
    }
    /** Where the key of the last segment of `path` stands (falls back to `value`). */
    key(path) {
        const found = this.find(path);
        if (found.depth === path.length && found.pair && isNodeWithRange(found.pair.key))
            return this.offset(found.pair.key.range[0]);
        return this.value(path);
    }
    /**
     * Where `needle` first appears in the source text of the value at `path` — to point inside a
     * prompt or an `out` template at the offending `{{var}}` or `{placeholder}`. Escapes and
     * folding can make the source differ from the value; then the value's own position is used.
     */
    inside(path, needle) {
        const { node, depth } = this.find(path);
        if (depth === path.length && node?.range) {
            const at = this.source.slice(node.range[0], node.range[1]).indexOf(needle);
            if (at >= 0)
                return this.offset(node.range[0] + at);
        }
        return this.value(path);
    }
    find(path) {
        let node = this.doc.contents ?? null;
        let pair;
        let depth = 0;
        for (const seg of path) {
            const target = (0,dist/* isAlias */.Vj)(node) ? (node.resolve(this.doc) ?? null) : node;
            let next;
            if ((0,dist/* isMap */.jh)(target)) {
                const p = this.pairOf(target, String(seg));
                if (p)
                    next = { node: p.value ?? null, pair: p };
            }
            else if ((0,dist/* isSeq */.oP)(target) && typeof seg === 'number' && seg < target.items.length) {
                next = { node: target.items[seg] ?? null, pair: undefined };
            }
            if (!next)
                break;
            ({ node, pair } = next);
            depth++;
        }
        return { node, pair, depth };
    }
    /** The pair of `map` with key `key`; the last one wins, as in toJS() (duplicates are reported separately). */
    pairOf(map, key) {
        let index = this.pairs.get(map);
        if (index?.size !== map.items.length) {
            const byKey = new Map();
            for (const item of map.items) {
                const k = keyText(item.key);
                if (k !== undefined)
                    byKey.set(k, item);
            }
            index = { size: map.items.length, byKey };
            this.pairs.set(map, index);
        }
        return index.byKey.get(key);
    }
}
/** The key of a pair as toJS() spells it in a plain object. */
function keyText(key) {
    if ((0,dist/* isScalar */.jn)(key))
        return key.value === null || key.value === undefined ? '' : String(key.value);
    if (key === null || key === undefined)
        return '';
    return undefined;
}
function isNodeWithRange(n) {
    return typeof n === 'object' && n !== null && Array.isArray(n.range);
}

;// CONCATENATED MODULE: ./src/manifest/yaml-hints.ts
/**
 * Fixes for the YAML syntax errors people actually make, added to the parser's own message,
 * which names the grammar rule rather than the slip.
 */
/** YAML's error code for `key: text: more` (a plain value holding `: `). */
const NESTED_IN_COMPACT = 'BLOCK_AS_IMPLICIT_KEY';
/**
 * The hint for a syntax error at `line` (the source line it points into), or an empty string.
 * A plain value with `: ` inside reads to YAML as a map in a map: quoting the value fixes it, and
 * the hint shows the line quoted, comment kept.
 */
function syntaxHint(code, line) {
    if (code !== NESTED_IN_COMPACT)
        return '';
    const m = /^(\s*(?:-\s+)?)([^\s:#'"][^:#]*?):\s+(.*?)\s*$/.exec(line);
    if (!m)
        return '';
    const [, indent, key, rest] = m;
    if (/^['"]/.test(rest) || !/:(\s|$)/.test(rest))
        return '';
    // A ` #` ends a plain value: what follows is a comment, kept after the quoted value.
    const hash = rest.search(/\s#/);
    const value = hash < 0 ? rest : rest.slice(0, hash).trimEnd();
    const comment = hash < 0 ? '' : ` ${rest.slice(hash).trimStart()}`;
    const what = key === 'prompt' ? 'the prompt' : 'the value';
    return `; a colon followed by a space inside a value starts a map: quote ${what}: \`${indent.trimStart()}${key}: ${quote(value)}${comment}\``;
}
/** A YAML double-quoted scalar (JSON's escapes are YAML's), or single quotes when that reads better. */
function quote(value) {
    if (!/["\\]/.test(value))
        return `"${value}"`;
    if (!value.includes("'"))
        return `'${value}'`;
    return JSON.stringify(value);
}

;// CONCATENATED MODULE: ./src/manifest/document.ts
/**
 * The YAML layer: parses with source positions, reports syntax errors and duplicate keys, and
 * turns the tree into data without letting the YAML library warn, stringify or throw.
 */



/** Parses `text`, adding every YAML-level problem to `issues`. */
function readYaml(text, issues) {
    // A BOM is invisible in editors; dropping it keeps columns on line 1 as the user sees them.
    const src = text.replace(/^\uFEFF/, '');
    const lines = new dist/* LineCounter */.HN();
    // Duplicate keys are found below in one pass per map: the library's own check compares each key
    // with every earlier one, quadratic in a manifest of thousands of entries.
    const doc = (0,dist/* parseDocument */.Tp)(src, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    const at = new Locator(doc, lines, src);
    const sourceLines = src.split(/\r?\n/);
    for (const e of doc.errors) {
        const pos = at.offset(e.pos[0]);
        const hint = syntaxHint(e.code, sourceLines[pos.line - 1] ?? '');
        issues.error(pos, `YAML syntax error: ${e.message}${hint}`);
    }
    for (const w of doc.warnings)
        issues.warning(at.offset(w.pos[0]), `YAML: ${w.message}`);
    const duplicates = (map) => {
        for (const d of document_duplicateKeys(map))
            issues.error(at.offset(d.offset), `duplicate key \`${d.key}\`; each key may appear once in a map (remove or rename one)`);
    };
    // After a syntax error the tree is a guess: checking it would add confusing follow-up errors.
    if (doc.errors.length > 0) {
        (0,dist/* visit */.YR)(doc, { Map: (_, map) => duplicates(map) });
        return { doc, at, raw: undefined };
    }
    const raw = toData(doc, at, issues, duplicates);
    if (raw === null || raw === undefined) {
        if (!issues.hasErrors)
            issues.error({ line: 1, col: 1 }, 'the manifest is empty; it needs `version: 1` and an `images:` map');
        return { doc, at, raw: undefined };
    }
    return { doc, at, raw };
}
/** Keys repeated within one map (scalars equal by value, as the library compares them), with offsets. */
function document_duplicateKeys(map) {
    const found = [];
    const seen = new Set();
    for (const pair of map.items) {
        if (!(0,dist/* isScalar */.jn)(pair.key) || Number.isNaN(pair.key.value))
            continue;
        const value = pair.key.value;
        if (seen.has(value))
            found.push({ key: String(value), offset: pair.key.range?.[0] ?? 0 });
        else
            seen.add(value);
    }
    return found;
}
/**
 * The document as data. Keys that are lists or maps cannot be expressed in a manifest; they are
 * reported here and dropped rather than letting the YAML library stringify them. An alias without
 * an anchor is reported and leaves no data: the library would throw on it.
 */
function toData(doc, at, issues, onMap) {
    // One walk of the tree: duplicate keys (onMap), then keys and aliases a manifest cannot hold.
    let unresolved = false;
    const walk = (node) => {
        if ((0,dist/* isMap */.jh)(node)) {
            onMap(node);
            for (let i = 0; i < node.items.length; i++) {
                const pair = node.items[i];
                if ((0,dist/* isCollection */.P3)(pair.key) || (0,dist/* isAlias */.Vj)(pair.key)) {
                    const start = pair.key.range?.[0] ?? 0;
                    issues.error(at.offset(start), 'keys must be plain text, not a list, map or alias');
                    node.items.splice(i--, 1);
                    continue;
                }
                walk(pair.value);
            }
        }
        else if ((0,dist/* isSeq */.oP)(node)) {
            for (const item of node.items)
                walk(item);
        }
        else if ((0,dist/* isPair */.tO)(node)) {
            walk(node.value);
        }
        else if ((0,dist/* isAlias */.Vj)(node) && !node.resolve(doc)) {
            unresolved = true;
            issues.error(at.offset(node.range?.[0] ?? 0), `alias \`*${node.source}\` has no anchor \`&${node.source}\` before it`);
        }
    };
    walk(doc.contents);
    if (unresolved)
        return undefined;
    try {
        return doc.toJS({ maxAliasCount: 1000 });
    }
    catch (err) {
        // e.g. an alias explosion ("billion laughs"): refuse the document rather than expand it.
        issues.error({ line: 1, col: 1 }, `cannot read the YAML: ${err.message}`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/manifest/types.ts
/** Thrown when the manifest cannot be used; carries every problem found. */
class ManifestError extends Error {
    issues;
    name = 'ManifestError';
    constructor(issues) {
        super(issues
            .filter((i) => i.severity === 'error')
            .map((i) => `${i.line ? `${i.file}:${i.line}:${i.col}` : i.file}: ${i.message}`)
            .join('\n') || 'invalid manifest');
        this.issues = issues;
    }
}

;// CONCATENATED MODULE: ./src/manifest/parse.ts
/**
 * Manifest text → `yaml` tree with positions → the checks of check.ts, so every problem is
 * reported at its line and column.
 */




/**
 * Validates manifest text as if read from `opts.path` (used for relative paths and messages).
 * Synchronous: it checks local files (`out` containment, `input_images`) with sync fs calls.
 * @throws ManifestError with every problem found; never anything else for bad input.
 */
function parseManifestText(text, opts) {
    const where = whereOf(opts);
    const issues = new IssueList(where.file);
    const { at, raw } = readYaml(text, issues);
    if (raw === undefined)
        throw new ManifestError(issues.all());
    const manifest = checkManifest(raw, at, issues, where);
    if (!manifest)
        throw new ManifestError(issues.all());
    return manifest;
}

;// CONCATENATED MODULE: ./src/manifest/load.ts
/**
 * Loading the manifest: YAML → schema → per-entry resolution → cross-entry checks. Every problem
 * found is collected and thrown together as one `ManifestError`, before anything touches the network.
 */






/**
 * Reads and validates the manifest.
 * @throws ManifestError with every problem (a missing or unreadable file included).
 */
async function loadManifest(opts) {
    const abs = external_node_path_default().resolve(opts.path);
    let text;
    try {
        text = await (0,promises_.readFile)(abs, 'utf8');
    }
    catch (err) {
        const code = err.code;
        const config = (opts.names ?? shared_settings/* ACTION_NAMES */.G)('config');
        const message = code === 'ENOENT'
            ? `no such file; create the manifest, or point ${config} at it`
            : code === 'EISDIR'
                ? `is a folder; point ${config} at the YAML file`
                : `cannot be read (${code ?? String(err)})`;
        const file = displayName(abs, external_node_path_default().resolve(opts.workspace), opts.displayPath);
        // Line 0: the file as a whole, not a place in it (there is no line 1 to point at).
        throw new ManifestError([{ file, line: 0, col: 0, message, severity: 'error' }]);
    }
    return parseManifestText(text, opts);
}

;// CONCATENATED MODULE: ./src/engine/session.ts





/**
 * Load the manifest and find its lockfile; both adapters start here. Both paths must resolve
 * inside the workspace and outside `.git`, symlinks followed, before either file is read: a
 * manifest read from elsewhere would show its lines in annotations.
 */
async function openManifest(opts) {
    const ws = workspaceOf(opts.workspace);
    const abs = external_node_path_default().resolve(ws.root, opts.config);
    refuseOutside(abs, ws, `config \`${opts.config}\``, 'the manifest');
    const lockfilePath = opts.lockfile ? external_node_path_default().resolve(ws.root, opts.lockfile) : lockfilePathFor(abs);
    refuseOutside(lockfilePath, ws, opts.lockfile
        ? `lockfile \`${opts.lockfile}\``
        : `lockfile ${toPosix(external_node_path_default().relative(ws.root, lockfilePath))}`, 'the lockfile');
    const display = toPosix(external_node_path_default().relative(ws.root, abs));
    const manifest = await loadManifest({
        path: abs,
        workspace: ws.root,
        displayPath: display,
        ...(opts.names && { names: opts.names }),
    });
    return { manifest, lockfilePath };
}
function refuseOutside(abs, ws, named, what) {
    const problem = pathProblem(abs, ws);
    if (problem)
        throw new ConfigError(`${named} ${problem.why}: ${what} must be inside the workspace (${ws.root}) and outside \`.git\`; use a path inside it`);
}
/** A cancel that came before any run's `cancellation` listened (see `listenForCancel`). */
let cancelledEarly;
const early = (name) => {
    cancelledEarly ??= name;
};
/**
 * Listen for SIGINT/SIGTERM from the process's first moment: a cancel while the inputs and the
 * manifest are read is then not Node's default (the process killed, no report, no outputs); the
 * next `cancellation` starts aborted, and the run ends cleanly before it submits anything.
 */
function listenForCancel() {
    process.on('SIGINT', early);
    process.on('SIGTERM', early);
}
/**
 * Cancellation as GitHub does it (SIGINT, then SIGTERM 7.5 s later): the first signal aborts,
 * so the engine stops submitting and records what is running; the process exits non-zero after.
 */
function cancellation(onSignal) {
    const controller = new AbortController();
    let got;
    const handler = (name) => {
        if (got)
            return;
        got = name;
        onSignal(name);
        controller.abort(new Error(`received ${name}`));
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    if (cancelledEarly)
        handler(cancelledEarly);
    return {
        signal: controller.signal,
        received: () => got,
        dispose: () => {
            process.off('SIGINT', handler);
            process.off('SIGTERM', handler);
        },
    };
}

;// CONCATENATED MODULE: ./src/gateway/lazy.ts
/**
 * A gateway loaded on first use: the HTTP client (and undici under it) is imported only when a run
 * actually calls the gateway, so a no-op run with an API key never parses it.
 */
function lazyGateway(load) {
    let gateway;
    const get = () => {
        gateway ??= load();
        return gateway;
    };
    return {
        async submit(path, body, opts) {
            return (await get()).submit(path, body, opts);
        },
        async status(requestId, opts) {
            return (await get()).status(requestId, opts);
        },
        async download(url, dest, expected, signal) {
            return (await get()).download(url, dest, expected, signal);
        },
    };
}

;// CONCATENATED MODULE: ./src/shared/process.ts

/**
 * Whether the holder (on this host) still runs: on Linux its pid must exist with the start time the
 * lock recorded (a reused pid is another process: a restarted container's node is often pid 1 again)
 * in the same boot; elsewhere, that the pid exists.
 */
function processAlive(h) {
    if (h.boot_id && bootId() && h.boot_id !== bootId())
        return false;
    const start = procStart(h.pid);
    if (start !== undefined)
        return h.proc_start === undefined || h.proc_start === start;
    if (process.platform === 'linux' && bootId() !== undefined)
        return false;
    try {
        process.kill(h.pid, 0);
        return true;
    }
    catch (err) {
        return err.code === 'EPERM';
    }
}
/** Field 22 of `/proc/<pid>/stat` (start time in clock ticks after boot); undefined without /proc. */
function procStart(pid) {
    try {
        const stat = (0,external_node_fs_.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        // Field 2 (the command) is in parentheses and may hold spaces: count from after its last ')'.
        return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    }
    catch {
        return undefined;
    }
}
function bootId() {
    try {
        return (0,external_node_fs_.readFileSync)('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/plan/run-lock.ts










/** How long a second run waits for the lock before it gives up (SPEC §4). */
const LOCK_WAIT_MS = 30 * 60_000;
/** How often a waiting run says who holds the lock. */
const LOCK_REPORT_MS = 10_000;
/** How often a waiting run looks at the lock file again. */
const LOCK_POLL_MS = 1000;
/** A lock file with no readable holder this old is a leftover (a holder writes it within ms). */
const UNREADABLE_AFTER_MS = 10_000;
/** The run lock could not be taken: another host holds it, the wait timed out, or it was cancelled. */
class RunLockError extends Error {
    file;
    name = 'RunLockError';
    constructor(message, 
    /** The lock file (workspace-relative when the caller gave a display root). */
    file) {
        super(message);
        this.file = file;
    }
}
/** The lock file of a lockfile: `<lockfile>.lock` beside it. */
function runLockPathFor(lockfilePath) {
    return `${lockfilePath}.lock`;
}
/**
 * Takes the exclusive lock of `lockfilePath` (SPEC §4 "One run per lockfile"): created with
 * O_EXCL, so of two runs exactly one gets it; the other waits, reporting every 10 s, up to 30 min.
 * A lock of a dead process on this host is taken over with a warning; another host's never is.
 */
async function acquireRunLock(lockfilePath, opts) {
    const file = runLockPathFor(lockfilePath);
    const shown = toPosix(opts.displayRoot ? external_node_path_default().relative(opts.displayRoot, file) : file);
    const { clock } = opts;
    const maxWait = opts.maxWaitMs ?? LOCK_WAIT_MS;
    const reportEvery = opts.reportEveryMs ?? LOCK_REPORT_MS;
    const began = clock.now();
    let nextReport = began;
    for (;;) {
        if (opts.signal?.aborted)
            throw cancelled(shown);
        // Since when: the time this run got the lock, not when it started waiting.
        const mine = `${JSON.stringify(ownHolder(clock, opts.run), null, 2)}\n`;
        if (await createExclusive(file, mine, shown, opts.displayRoot))
            return heldLock(file, mine);
        const seen = await readHolder(file);
        if (seen === 'gone')
            continue;
        let holder;
        if (seen === 'unreadable') {
            if (await olderThan(file, UNREADABLE_AFTER_MS))
                throw new RunLockError(`${shown}: the run lock holds no readable owner (a run stopped while taking it). If no other pixazo-images run is going on this lockfile, delete ${shown} and run again.`, shown);
        }
        else {
            holder = seen.holder;
            if (holder.host !== external_node_os_default().hostname())
                throw new RunLockError(`${shown}: the lockfile is locked by ${describe(holder)} on another host (${holder.host}), since ${holder.started_at}; a lock from another host is never taken over. If that run is over, delete ${shown} and run again.`, shown);
            if (!processAlive(holder)) {
                if (await takeOver(file, seen.raw))
                    opts.onWarning?.(`${shown}: took over the run lock of ${describe(holder)} (since ${holder.started_at}): that process no longer exists, so it stopped without releasing the lock.`);
                continue;
            }
        }
        const now = clock.now();
        const who = holder ? describe(holder) : 'a run that is taking it';
        if (now - began >= maxWait)
            throw new RunLockError(`${shown}: gave up waiting for the run lock after ${formatMinutes(maxWait)}: ${who} still holds it${holder ? ` (since ${holder.started_at})` : ''}; nothing was submitted. Run again when it has finished.`, shown);
        if (holder && now >= nextReport) {
            opts.onWait?.(`${shown}: waiting for the run lock: ${who} holds it since ${holder.started_at} (${formatMinutes(now - Date.parse(holder.started_at))} ago); waiting up to ${formatMinutes(maxWait)} in all.`);
            nextReport = now + reportEvery;
        }
        try {
            await clock.sleep(Math.max(0, Math.min(LOCK_POLL_MS, began + maxWait - clock.now())), opts.signal);
        }
        catch (err) {
            if (opts.signal?.aborted)
                throw cancelled(shown);
            throw err;
        }
    }
}
/** Runs `body` holding the lock of `lockfilePath`; released on every exit path, a throw included. */
async function withRunLock(lockfilePath, opts, body) {
    const lock = await acquireRunLock(lockfilePath, opts);
    try {
        return await body();
    }
    finally {
        await lock.release();
    }
}
function cancelled(shown) {
    return new RunLockError(`Cancelled while waiting for the run lock ${shown}: nothing was submitted.`, shown);
}
/** `pixazo-images generate (pid 123)`, or `pid 123` for a lock that does not say what it is. */
function describe(h) {
    return h.run ? `${h.run} (pid ${h.pid})` : `pid ${h.pid}`;
}
function ownHolder(clock, run) {
    const proc = procStart(process.pid);
    const boot = bootId();
    return {
        pid: process.pid,
        host: external_node_os_default().hostname(),
        started_at: new Date(clock.now()).toISOString(),
        ...(proc !== undefined ? { proc_start: proc } : {}),
        ...(boot !== undefined ? { boot_id: boot } : {}),
        ...(run ? { run } : {}),
    };
}
/**
 * Creates `file` exclusively with `content`; false when it exists. A missing folder is an error.
 * The content is written to a temp file first and hard-linked into place (link fails when the name
 * exists, like O_EXCL), so the lock never exists without its holder: a run killed while taking it
 * leaves at most its temp file, never an empty lock no later run could judge (and take over).
 */
async function createExclusive(file, content, shown, root) {
    const tmp = tempBeside(file);
    try {
        // The one path guard: the lock and its temp file stay inside the workspace, out of `.git`.
        if (root)
            await guardPath(root, file, 'write');
        await (0,promises_.writeFile)(tmp, content, { flag: 'wx' });
        await (0,promises_.link)(tmp, file);
        return true;
    }
    catch (err) {
        if (err.code === 'EEXIST')
            return false;
        // A full disk or a read-only folder: say which file, before anything is submitted.
        if (!err.code)
            throw err;
        throw new RunLockError(`cannot write ${shown}: ${fsCause(err)} — nothing was sent`, shown);
    }
    finally {
        await (0,promises_.rm)(tmp, { force: true });
    }
}
async function readHolder(file) {
    let raw;
    try {
        raw = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return 'gone';
        throw err;
    }
    try {
        const h = JSON.parse(raw);
        if (typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.started_at === 'string')
            return { holder: h, raw };
    }
    catch {
        // Being written (created, not yet filled) or garbled: the caller decides by its age.
    }
    return 'unreadable';
}
async function olderThan(file, ms) {
    try {
        return Date.now() - (await (0,promises_.stat)(file)).mtimeMs > ms;
    }
    catch {
        return false;
    }
}
/**
 * Removes a dead holder's lock only if it is still the one judged dead: it is moved aside first
 * (atomic), and put back if another waiter replaced it in between. True when it was removed.
 */
async function takeOver(file, raw) {
    const aside = external_node_path_default().join(external_node_path_default().dirname(file), `.${external_node_path_default().basename(file)}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.stale`);
    try {
        await (0,promises_.rename)(file, aside);
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return false;
        throw err;
    }
    try {
        if ((await (0,promises_.readFile)(aside, 'utf8')) === raw)
            return true;
        // Another waiter took it over first and this moved its fresh lock: put it back (never over a newer one).
        await (0,promises_.link)(aside, file).catch(() => { });
        return false;
    }
    finally {
        await (0,promises_.rm)(aside, { force: true });
    }
}
function heldLock(file, mine) {
    let held = true;
    // A process that exits without the `finally` (process.exit) still leaves no lock behind.
    const onExit = () => {
        if (!held)
            return;
        try {
            if ((0,external_node_fs_.readFileSync)(file, 'utf8') === mine)
                (0,external_node_fs_.unlinkSync)(file);
        }
        catch {
            // Gone already.
        }
    };
    process.once('exit', onExit);
    return {
        file,
        async release() {
            if (!held)
                return;
            held = false;
            process.off('exit', onExit);
            try {
                if ((await (0,promises_.readFile)(file, 'utf8')) === mine)
                    await (0,promises_.rm)(file, { force: true });
            }
            catch (err) {
                if (err.code !== 'ENOENT')
                    throw err;
            }
        },
    };
}

// EXTERNAL MODULE: ./src/shared/clock.ts
var clock = __webpack_require__(6103);
// EXTERNAL MODULE: ./src/shared/bytes.ts
var bytes = __webpack_require__(2250);
// EXTERNAL MODULE: ./src/shared/secret-input.ts
var secret_input = __webpack_require__(4624);
;// CONCATENATED MODULE: ./src/shared/read-settings.ts
/**
 * Raw setting values, as the user typed them, turned into a run's options: the one reading both
 * adapters use (the action's inputs, the CLI's flags). A setting not given takes its default from
 * ./settings.ts; a bad one is a problem that names the setting by its key and says what it must be,
 * and each adapter puts its own name in front (`input poll-timeout: …`, `--poll-timeout …`).
 * Secret values (the key, a webhook URL) are described, never repeated (SPEC §9).
 */




/** A list setting's items: split on newlines and commas, trimmed, empty ones dropped. */
function splitList(raw) {
    const items = typeof raw === 'string' ? [raw] : (raw ?? []);
    return items
        .flatMap((s) => s.split(/[\n,]/))
        .map((s) => s.trim())
        .filter(Boolean);
}
/** Reads `i/n` (1-based). Returns the problem when it is not a shard. */
function parseShard(raw) {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
    if (!m)
        return { problem: `must look like i/n (for example 1/4), got "${raw}"` };
    const index = Number(m[1]);
    const total = Number(m[2]);
    if (total < 1 || index < 1 || index > total)
        return { problem: `must be i/n with i between 1 and n, got "${raw}"` };
    return { index, total };
}
/** An amount of USD (a leading `$` allowed), 0 or more. */
function parseUsd(raw) {
    const text = raw.trim().replace(/^\$/, '');
    const n = Number(text);
    if (text === '' || !Number.isFinite(n))
        return { problem: `must be a number of USD, got "${raw}"` };
    if (n < 0)
        return { problem: `must be at least 0, got "${raw}"` };
    return n;
}
/** Lowest and highest poll interval: a range `2s..10s`, or one duration for both. */
function parsePollInterval(raw) {
    const text = raw.trim();
    const one = parseDuration(text);
    const range = one !== undefined ? { min: one, max: one } : parseDurationRange(text);
    if (range)
        return range;
    const [low = '', high = ''] = text.split('..');
    if ((parseDuration(low) ?? 0) > (parseDuration(high) ?? Infinity))
        return { problem: `must name the lower bound first, got "${raw}"` };
    return { problem: `must be a duration or a range like 2s..10s, got "${raw}"` };
}
/** A gateway's base URL, without trailing slashes: http(s) with a host. */
function parseGatewayUrl(raw) {
    const url = raw.trim().replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]+/.test(url))
        return { problem: `must be an http(s) URL, got "${url}"` };
    return url;
}
/** A webhook URL, checked by the rule of the secret inputs; its value is never repeated. */
function parseWebhookUrl(raw) {
    const hook = (0,secret_input/* checkWebhookUrl */.Lv)(raw.trim());
    if ('bad' in hook)
        return { problem: `has ${hook.bad} inside; remove it` };
    if ('notUrl' in hook)
        return { problem: 'must be an http(s) URL, starting with https://' };
    return hook.url;
}
/**
 * The API key, trimmed, or what is wrong with it: a character outside printable ASCII would make
 * every request fail, so it is refused before any call. The key is described, never repeated.
 */
function readApiKey(raw) {
    const key = raw?.trim() ?? '';
    const problem = (0,secret_input/* keyProblem */.dD)(key);
    return problem ? { key, problem } : { key };
}
/**
 * Reads every raw setting. An absent value takes the setting's default; a bad one is a problem (and
 * the default stands in). Every problem is collected, in action.yml's order; none is thrown.
 */
function readSettings(raw) {
    const problems = [];
    /** The setting's value read by `parse`; its default when absent or bad (undefined: it has none). */
    const read = (name, parse) => {
        const given = raw[name];
        if (typeof given === 'string') {
            const value = parse(given);
            if (!isProblem(value))
                return value;
            problems.push({ setting: name, problem: value.problem });
        }
        const fallback = (0,shared_settings/* defaultOf */.HA)(name);
        if (fallback === '')
            return undefined;
        const value = parse(fallback);
        if (isProblem(value))
            throw new Error(`the default of ${name} does not read: ${value.problem}`);
        return value;
    };
    const settings = {
        concurrency: read('concurrency', shared_settings/* parseConcurrency */.nY),
        pollInterval: read('poll-interval', parsePollInterval),
        pollTimeoutMs: read('poll-timeout', (t) => orProblem(parseDuration(t.trim()), `must be a duration like 15m: a positive number and a unit (ms, s, m, h, d, w); got "${t}"`)),
        gatewayUrl: read('gateway-url', parseGatewayUrl),
        maxImageBytes: read('max-image-bytes', (t) => orProblem((0,bytes/* parseBytes */.z)(t), `must be a size like 50MiB or 20000000, got "${t}"`)),
        force: splitList(raw.force),
        only: splitList(raw.only),
    };
    const maxCost = read('max-cost', parseUsd);
    if (maxCost !== undefined)
        settings.maxCost = maxCost;
    const webhookUrl = read('webhook-url', parseWebhookUrl);
    if (webhookUrl !== undefined)
        settings.webhookUrl = webhookUrl;
    const shard = read('shard', parseShard);
    if (shard !== undefined)
        settings.shard = shard;
    return { settings, problems: inOrder(problems) };
}
function isProblem(v) {
    return typeof v === 'object' && v !== null && 'problem' in v;
}
function orProblem(value, problem) {
    return value === undefined ? { problem } : value;
}
/** Problems in action.yml's order of the settings, so that both adapters list them alike. */
function inOrder(problems) {
    const order = Object.keys(shared_settings/* SETTINGS */.yy);
    return [...problems].sort((a, b) => order.indexOf(a.setting) - order.indexOf(b.setting));
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/cli/args.ts
/**
 * The command line: every option once (name, value, help line), which command takes which, and a
 * parser that answers a typo with a did-you-mean instead of Node's raw parseArgs message.
 */



/**
 * Every option of every command. Which command takes which is in {@link COMMANDS}; the meaning and
 * default of an option the action also has (its input) are in src/shared/settings.ts.
 */
const OPTIONS = {
    config: { type: 'string', short: 'c', value: 'FILE', help: (0,shared_settings/* flagHelp */.QR)('config') },
    'gateway-url': { type: 'string', value: 'URL', help: (0,shared_settings/* flagHelp */.QR)('gateway-url') },
    concurrency: { type: 'string', value: 'N', help: (0,shared_settings/* flagHelp */.QR)('concurrency') },
    'max-cost': { type: 'string', value: 'USD', help: (0,shared_settings/* flagHelp */.QR)('max-cost') },
    force: { type: 'string', multiple: true, value: 'IDS', help: (0,shared_settings/* flagHelp */.QR)('force') },
    only: { type: 'string', multiple: true, value: 'IDS', help: (0,shared_settings/* flagHelp */.QR)('only') },
    shard: { type: 'string', value: 'i/n', help: (0,shared_settings/* flagHelp */.QR)('shard') },
    prune: { type: 'boolean', help: (0,shared_settings/* flagHelp */.QR)('prune') },
    'dry-run': { type: 'boolean', help: (0,shared_settings/* flagHelp */.QR)('dry-run') },
    'poll-timeout': { type: 'string', value: 'D', help: (0,shared_settings/* flagHelp */.QR)('poll-timeout') },
    'retry-unknown-submits': { type: 'boolean', help: (0,shared_settings/* flagHelp */.QR)('retry-unknown-submits') },
    'max-image-bytes': { type: 'string', value: 'B', help: (0,shared_settings/* flagHelp */.QR)('max-image-bytes') },
    'webhook-url': { type: 'string', value: 'URL', help: (0,shared_settings/* flagHelp */.QR)('webhook-url') },
    'input-url-template': { type: 'string', value: 'T', help: (0,shared_settings/* flagHelp */.QR)('input-url-template') },
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
};
const RUN = ['config', 'max-cost', 'force', 'only', 'shard', 'retry-unknown-submits'];
/** The commands, in help order, with a one-line summary and the options each takes. */
const COMMANDS = {
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
};
/** Taken by every command. */
const GLOBAL = ['help', 'version'];
/** A command line that did not parse: one sentence, with a did-you-mean when there is one. */
class UsageError extends Error {
    name = 'UsageError';
    /** The command it is about, when known: its help is where to look. */
    command;
    constructor(message, command) {
        super(message);
        this.command = command;
    }
}
function isCommand(s) {
    return Object.hasOwn(COMMANDS, s);
}
/** The options `command` takes, global ones included. */
function optionsOf(command) {
    return [...(command ? COMMANDS[command].options : []), ...GLOBAL];
}
/**
 * Parses the arguments. Throws a UsageError naming the first problem: an unknown command or option
 * (with the closest known name), an option the command does not take, a missing or stray value, or
 * an unexpected argument.
 */
function parseCommandLine(argv) {
    // Lenient parsing, so that every problem can be explained here in our words.
    const { values, positionals, tokens } = (0,external_node_util_.parseArgs)({
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
    const command = name;
    const allowed = optionsOf(command);
    for (const t of tokens) {
        if (t.kind !== 'option')
            continue;
        const known = Object.hasOwn(OPTIONS, t.name) ? t.name : undefined;
        if (!known) {
            const c = closest(t.rawName, allowed.map((o) => `--${o}`));
            throw new UsageError(`unknown option '${t.rawName}'${c ? `; did you mean '${c}'?` : ''}`, command);
        }
        if (!allowed.includes(known)) {
            const takers = Object.keys(COMMANDS).filter((c) => COMMANDS[c].options.includes(known));
            throw new UsageError(command
                ? `'${command}' does not take --${known} (${takers.join(' and ')} ${takers.length === 1 ? 'does' : 'do'})`
                : `--${known} needs a command: ${takers.map((c) => `pixazo-images ${c} --${known}`).join(', or ')}`, command);
        }
        const spec = OPTIONS[known];
        if (spec.type === 'string' && t.value === undefined)
            throw new UsageError(`option '${t.rawName}' needs a value (${t.rawName} ${spec.value})`, command);
        if (spec.type === 'boolean' && t.inlineValue)
            throw new UsageError(`option '--${known}' takes no value (got '${t.rawName}=${t.value}')`, command);
    }
    // `pick <id> <k>` is the one command with arguments.
    const args = command === 'pick' && !helpWord ? extra.splice(0, 2) : [];
    if (command === 'pick' &&
        !helpWord &&
        values.help !== true &&
        (args.length < 2 || !/^[1-9][0-9]*$/.test(args[1])))
        throw new UsageError('pick needs an entry id and a candidate number: pixazo-images pick <id> <k>', command);
    if (extra.length > 0)
        throw new UsageError(`unexpected argument '${extra[0]}'`, command);
    return {
        ...(command ? { command } : {}),
        ...(args.length > 0 && { args }),
        help: helpWord || values.help === true,
        values: values,
    };
}

;// CONCATENATED MODULE: ./src/cli/color.ts
/**
 * Colors on a terminal, decided per stream (`plan | less` keeps colored errors, `2>log` keeps them
 * out of the log). FORCE_COLOR wins both ways (`0`/`false` off, anything else on, even in a pipe),
 * then NO_COLOR (https://no-color.org, any value) and TERM=dumb turn them off.
 */
function wantsColor(stream, env) {
    const force = env.FORCE_COLOR;
    if (force !== undefined)
        return !/^(0|false)$/i.test(force);
    return !!stream.isTTY && !('NO_COLOR' in env) && env.TERM !== 'dumb';
}
function paint(enabled) {
    const wrap = (open, close) => (s) => enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s;
    return {
        bold: wrap(1, 22),
        dim: wrap(2, 22),
        red: wrap(31, 39),
        green: wrap(32, 39),
        yellow: wrap(33, 39),
    };
}

;// CONCATENATED MODULE: ./src/cli/flags.ts
/**
 * The flags' values as the engine and the gateway client take them, read by the same module as the
 * action's inputs (src/shared/read-settings.ts), with the same defaults. Every bad flag is reported
 * together, in one ConfigError (exit 2), before anything is read or sent.
 */





/**
 * Reads the flags, mapping each onto its setting (`--poll-timeout` ↔ `poll-timeout`). The gateway's
 * URL falls back on PIXAZO_GATEWAY_URL, which a message then names.
 */
function readFlags(v, env) {
    // Registered before anything is printed, also for commands that never send it.
    redact/* secrets */.O3.addKey(readApiKey(env.PIXAZO_API_KEY).key);
    // Often a secret itself (chat webhooks carry their token): redacted everywhere, named, never repeated.
    if (v['webhook-url'] !== undefined)
        redact/* secrets */.O3.addWebhook(v['webhook-url'].trim());
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
    const name = (setting) => setting === 'gateway-url' && v['gateway-url'] === undefined
        ? 'PIXAZO_GATEWAY_URL'
        : (shared_settings/* SETTINGS */.yy[setting].cli ?? setting);
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
function apiKeyFrom(env) {
    const { key, problem } = readApiKey(env.PIXAZO_API_KEY);
    redact/* secrets */.O3.addKey(key);
    if (problem)
        throw new ConfigError(`${(0,shared_settings/* cliName */._t)('api-key')} ${problem}`);
    return key;
}

// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
;// CONCATENATED MODULE: ./src/site/gallery-data.ts
/**
 * What the gallery page shows for each entry, from a run's report (or a plan's) and the lockfile
 * after it: status, texts, and the recorded images with their sizes, cost and date.
 */



/** Status labels, in the order the filter lists them. */
const STATUS_LABELS = {
    generated: 'generated',
    reused: 'reused',
    current: 'up to date',
    edited: 'edited by hand',
    outdated: 'outdated',
    new: 'not generated yet',
    awaiting: 'awaiting a pick',
    pending: 'pending',
    failed: 'failed',
};
/** The gallery status of a report entry: what happened in the run, or what the plan would do. */
function galleryStatus(e, hasRecord) {
    // A candidate set (§10), bought in this run or before: shown side by side until one is picked.
    if (e.candidates && (e.action === 'await' || e.status === 'generated'))
        return 'awaiting';
    switch (e.status) {
        case 'generated':
        case 'reused':
        case 'failed':
        case 'pending':
            return e.status;
        case 'unchanged':
            return 'current';
        case 'kept':
            return 'edited';
        case 'planned':
            if (e.action === 'unchanged')
                return 'current';
            if (e.action === 'kept')
                return 'edited';
            if (e.action === 'resume')
                return 'pending';
            if (e.action === 'skip')
                return 'failed';
            return hasRecord ? 'outdated' : 'new';
    }
}
/**
 * The gallery's cards, in manifest order. `manifestDir` (absolute) and `workspace` turn the
 * lockfile's manifest-relative paths into workspace paths.
 */
function galleryItems(entries, lock, manifestDir, workspace) {
    return entries.map((e) => {
        const status = galleryStatus(e, lock.images[e.id] !== undefined);
        // Awaiting a pick: the set's candidates, side by side, in place of the entry's image.
        const set = status === 'awaiting' ? Object.values(lock.candidates).find((c) => c.id === e.id) : undefined;
        const record = set
            ? { files: set.files, cost_usd: set.cost_usd, generated_at: set.created_at, model: e.model }
            : lock.images[e.id];
        const item = {
            id: e.id,
            status,
            prompt: e.prompt,
            model: record?.model ?? e.model,
            quality: record?.quality ?? e.quality,
            images: (record?.files ?? []).map((f) => {
                const format = formatOfPath(f.path);
                return {
                    workspacePath: toPosix(external_node_path_default().relative(workspace, external_node_path_default().resolve(manifestDir, f.path))),
                    // A file edited by hand may have another size than the one recorded.
                    ...(status !== 'edited' && f.width && f.height && { width: f.width, height: f.height }),
                    bytes: f.bytes,
                    ...(format && { format }),
                    // A file edited by hand is not the delivered file: what the record says no longer holds.
                    ...(status !== 'edited' &&
                        f.content_credentials !== undefined && { contentCredentials: f.content_credentials }),
                };
            }),
        };
        if (e.alt !== undefined)
            item.alt = e.alt;
        const note = status === 'failed' || status === 'pending' ? (e.error ?? e.reason) : e.reason;
        if (status !== 'current' && note && note !== e.action)
            item.note = note;
        if (record) {
            item.cost = record.cost_usd;
            item.date = record.generated_at;
        }
        if ((status === 'outdated' || status === 'new') && e.estimatedCost !== 0)
            item.estimate = e.estimatedCost;
        return item;
    });
}

;// CONCATENATED MODULE: ./src/report/credentials.ts
/**
 * The "C2PA" mark: shown beside an entry whose images carry C2PA content credentials as the gateway
 * delivered them (the tool never rewrites image bytes). Presence only: signatures are not validated.
 * One wording for the job summary, the PR comment and the gallery.
 */
/** What the mark means, for its title (tooltip). */
const C2PA_TITLE = 'carries C2PA content credentials as delivered by the gateway: the file says it was made by AI (presence detected; the signature is not validated)';
/** The mark's title for an entry whose `flags` (one per file) say which files carry credentials; undefined for none. */
function c2paTitle(flags) {
    const n = flags?.filter((f) => f === true).length ?? 0;
    if (!flags || n === 0)
        return undefined;
    return n === flags.length ? C2PA_TITLE : `${n} of ${flags.length} files: ${C2PA_TITLE}`;
}
/** The mark in markdown (inline HTML GitHub keeps: `kbd` with a `title`), with a leading space; '' for none. */
function c2paMarkdown(flags) {
    const title = c2paTitle(flags);
    return title ? ` <kbd title="${title}">C2PA</kbd>` : '';
}

// EXTERNAL MODULE: ./src/shared/references.ts
var references = __webpack_require__(9451);
;// CONCATENATED MODULE: ./src/report/escape.ts
/**
 * Escaping for untrusted text (prompts, ids, gateway error messages, file paths) that we place in
 * GitHub-flavoured markdown: job summaries, PR comments, the CLI's report. `core.summary` escapes
 * nothing, and a PR's manifest is written by whoever opened the PR, so everything we did not write
 * ourselves goes through here before it reaches markdown. Also the size-limit helpers those
 * renderers share (money and durations are formatted in `format.ts`).
 */

/** Zero-width joiner: invisible, but breaks GitHub's @mention, #issue and autolink detection. */
const ZWJ = '\u200D';
/**
 * Control characters (`\p{Cc}`: C0, DEL, C1) and bidirectional marks, overrides and isolates, which can
 * make text display differently from what it is.
 */
const INVISIBLE_CONTROLS = /[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
/**
 * Collapses every line break and whitespace run to one space (a newline ends a table row and a blank
 * line ends an HTML block) and drops control and bidi-override characters.
 */
function collapseWhitespace(text) {
    // Whitespace first: tabs and newlines are control characters too, but must become spaces.
    return text.replace(/\s+/gu, ' ').replace(INVISIBLE_CONTROLS, '').replace(/ {2,}/g, ' ').trim();
}
/**
 * Shortens `text` to at most `maxLength` code points (never splitting a surrogate pair), ending with an
 * ellipsis when anything was cut.
 */
function truncate(text, maxLength) {
    // `length` counts UTF-16 units, never fewer than code points: a cheap exit for the common case.
    if (text.length <= maxLength)
        return text;
    let points = 0;
    // UTF-16 length of the first `maxLength - 1` code points: what is kept when the ellipsis is added.
    let keep = 0;
    for (const ch of text) {
        points++;
        if (points > maxLength)
            return text.slice(0, keep).trimEnd() + '…';
        if (points < maxLength)
            keep += ch.length;
    }
    return text;
}
/** Inserts a zero-width joiner where GitHub would otherwise notify, cross-reference or autolink. */
function neutralizeReferences(text) {
    return (text
        // @user, @org/team, user@example.com (e-mail autolink), owner/repo@sha
        .replace(/@(?=[\p{L}\p{N}_])/gu, `@${ZWJ}`)
        // #123 and owner/repo#123 would link the issue and add a "mentioned this" event to it.
        .replace(/#(?=\p{N})/gu, `#${ZWJ}`)
        // GFM's extended autolinks: scheme:// and www.
        .replace(/:\/\//g, `:${ZWJ}//`)
        .replace(/\b(www)\./gi, `$1${ZWJ}.`));
}
/**
 * Escapes untrusted text for markdown text, a GFM table cell, or text inside an HTML block: one line,
 * no HTML, no links or images, no emphasis, no @mentions or #references, no autolinks; truncated to
 * `maxLength` code points (before escaping, so a reference is never cut in half).
 */
function escapeMarkdown(text, maxLength = Number.POSITIVE_INFINITY) {
    const line = truncate(collapseWhitespace(text), maxLength);
    return (0,references/* toReferences */.EI)(neutralizeReferences(line));
}
/**
 * Escapes untrusted text for a double-quoted HTML attribute value (an image's `alt`), also safe inside a
 * GFM table row. Markdown is not parsed inside attributes, so only HTML and the row's `|` matter.
 */
function escapeHtmlAttribute(text, maxLength = Number.POSITIVE_INFINITY) {
    return (0,references/* toReferences */.EI)(truncate(collapseWhitespace(text), maxLength), references/* ATTRIBUTE_SPECIALS */.aC);
}
function percentEncode(ch) {
    return Array.from(Buffer.from(ch, 'utf8'), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}
/**
 * Makes a URL we constructed safe as a markdown link destination or a double-quoted HTML attribute:
 * percent-encodes whitespace, parentheses, quotes, brackets, `|`, backslash and non-ASCII characters, and
 * writes `&` as `&amp;` (both contexts decode it back). Existing `%XX` escapes are kept as they are.
 */
function escapeUrlForMarkdown(url) {
    return url
        .toWellFormed()
        .replace(/[^\x21-\x7e]|[()<>"'`|\\[\]{}^]/gu, percentEncode)
        .replace(/&/g, '&amp;');
}
/**
 * Returns `url` escaped for markdown when it is an absolute `https:` or `http:` URL, else undefined.
 * GitHub strips `data:` images from summaries, and any other scheme has no business in a preview.
 */
function safeImageUrl(url) {
    if (!url)
        return undefined;
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return undefined;
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        return undefined;
    // The parsed form is the one whose scheme we checked (the parser drops tabs and newlines).
    return escapeUrlForMarkdown(parsed.href);
}

/** UTF-8 bytes. */
const utf8Bytes = (text) => Buffer.byteLength(text, 'utf8');
/** UTF-16 code units: never fewer than characters, so a limit kept in these is kept in characters. */
const utf16Units = (text) => text.length;
/** Takes leading `rows` while they fit in `budget`; `used` counts each taken row with its newline. */
function fitRows(rows, budget, measure) {
    const kept = [];
    let used = 0;
    for (const row of rows) {
        const size = measure(row) + 1;
        if (used + size > budget)
            break;
        kept.push(row);
        used += size;
    }
    return { kept, used };
}
/** Last resort when text still exceeds `max`: cuts at a line boundary and says so. */
function clipToSize(text, max, measure) {
    if (measure(text) <= max)
        return text;
    const note = '\n\n_… truncated to fit the size limit; see the JSON report._\n';
    const room = max - measure(note);
    let cut = text.slice(0, Math.max(0, room));
    // A character is at least one unit, so dropping the overshoot's worth of characters always progresses.
    for (let over = measure(cut) - room; over > 0; over = measure(cut) - room) {
        cut = cut.slice(0, cut.length - over);
    }
    return cut.slice(0, Math.max(0, cut.lastIndexOf('\n'))) + note;
}

;// CONCATENATED MODULE: ./src/site/gallery-page.ts
/**
 * The gallery page: one self-contained HTML file (inline style and script, system fonts, no
 * network), a card per entry with its images, filterable by status and model. Every text that is
 * not ours (ids, prompts, alt texts, gateway messages) is escaped; a Content-Security-Policy allows
 * only this page's own style and script (by hash) and images from its own place, so even a missed
 * escape could neither run a script nor reach the network.
 */





/** Cards whose images load at once (about a screenful); the rest load as they are scrolled to. */
const EAGER_CARDS = 12;
/** Escapes untrusted text for HTML text and double-quoted attribute values alike. */
const esc = (text) => escapeHtmlAttribute(text);
const STYLE = `
:root { color-scheme: light dark; --bg: #f6f8fa; --card: #fff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0;
  --accent: #0969da; --ok: #1a7f37; --warn: #9a6700; --bad: #d1242f; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --card: #151b23; --fg: #e6edf3; --muted: #9198a1;
  --line: #3d444d; --accent: #4493f8; --ok: #3fb950; --warn: #d29922; --bad: #f85149; } }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
header { padding: 20px 24px 8px; }
h1 { font-size: 20px; margin: 0 0 4px; }
header p { margin: 0; color: var(--muted); }
nav { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; padding: 8px 24px 16px; }
nav .group { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
nav .label { color: var(--muted); margin-right: 2px; }
nav button { font: inherit; color: var(--fg); background: var(--card); border: 1px solid var(--line);
  border-radius: 2em; padding: 2px 12px; cursor: pointer; }
nav button[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
#count { color: var(--muted); }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 16px; padding: 0 24px 24px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; overflow: hidden;
  display: flex; flex-direction: column; }
.card.s-failed { border-color: var(--bad); }
.card.s-pending, .card.s-outdated, .card.s-new, .card.s-awaiting { border-style: dashed; }
.shots { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 2px; background: var(--line); }
.shots a { display: block; background: var(--bg); }
.shots img { display: block; width: 100%; height: 220px; object-fit: contain; }
.none { height: 220px; display: grid; place-items: center; color: var(--muted); background: var(--bg); }
.body { padding: 12px 14px 14px; display: flex; flex-direction: column; gap: 6px; }
h2 { font-size: 15px; margin: 0; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
h2 code { font: 600 14px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.badge { font-size: 12px; font-weight: 500; border-radius: 2em; padding: 0 8px; border: 1px solid currentColor; }
.b-generated, .b-reused, .b-current { color: var(--ok); }
.b-edited, .b-outdated, .b-new, .b-pending, .b-awaiting { color: var(--warn); }
.b-failed { color: var(--bad); }
.badge.c2pa { color: var(--muted); font: 600 11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; cursor: help; }
.body p { margin: 0; overflow-wrap: anywhere; }
.note { color: var(--muted); font-size: 13px; }
.s-failed .note { color: var(--bad); }
.alt { font-style: italic; }
.alt.missing { color: var(--muted); }
.prompt { color: var(--muted); font-size: 13px; display: -webkit-box; -webkit-line-clamp: 4; -webkit-box-orient: vertical;
  overflow: hidden; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 0 10px; margin: 4px 0 0; font-size: 13px; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
`;
/** Filters cards by the pressed status and model buttons. Reads the page, holds no data of its own. */
const SCRIPT = `
const state = { status: '', model: '' };
const cards = Array.from(document.querySelectorAll('.card'));
const count = document.getElementById('count');
function apply() {
  let shown = 0;
  for (const card of cards) {
    const show = (!state.status || card.dataset.status === state.status) && (!state.model || card.dataset.model === state.model);
    card.hidden = !show;
    if (show) shown++;
  }
  count.textContent = shown + ' of ' + cards.length + (cards.length === 1 ? ' entry' : ' entries');
}
for (const button of document.querySelectorAll('nav button')) {
  button.addEventListener('click', () => {
    const kind = button.dataset.filter;
    state[kind] = button.dataset.value;
    for (const other of document.querySelectorAll('nav button')) {
      if (other.dataset.filter === kind) other.setAttribute('aria-pressed', String(other === button));
    }
    apply();
  });
}
apply();
`;
const hash = (text) => `'sha256-${(0,external_node_crypto_.createHash)('sha256').update(text).digest('base64')}'`;
// Images only from the page's own place (its folder, opened from disk or served); nothing else at all.
const CSP = [
    "default-src 'none'",
    "img-src 'self' file:",
    `style-src ${hash(STYLE)}`,
    `script-src ${hash(SCRIPT)}`,
    "base-uri 'none'",
    "form-action 'none'",
].join('; ');
/** The whole page for `items`. */
function renderGalleryPage(items, info) {
    const title = `Generated images: ${info.manifest}`;
    const subtitle = [
        `${(0,words/* plural */.L)(items.length, 'entry', 'entries')} · made ${formatDate(info.madeAt)}`,
        info.subtitle,
    ].filter(Boolean);
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${esc(title)}</h1>${subtitle.map((s) => `<p>${esc(s)}</p>`).join('')}</header>
${filters(items)}
<main>
${items.map((item, i) => card(item, info, i < EAGER_CARDS)).join('\n')}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
function filters(items) {
    const statuses = Object.keys(STATUS_LABELS).filter((s) => items.some((i) => i.status === s));
    const models = [...new Set(items.map((i) => i.model))].sort();
    const group = (kind, label, values) => `<div class="group" role="group" aria-label="${label}"><span class="label">${label}</span>` +
        [['', 'all', items.length], ...values]
            .map(([value, text, n]) => `<button type="button" data-filter="${kind}" data-value="${esc(value)}" aria-pressed="${value === ''}">${esc(text)} (${n})</button>`)
            .join('') +
        '</div>';
    const count = (f) => items.filter(f).length;
    return `<nav>${group('status', 'Status', statuses.map((s) => [s, STATUS_LABELS[s], count((i) => i.status === s)]))}${group('model', 'Model', models.map((m) => [m, m, count((i) => i.model === m)]))}<output id="count" aria-live="polite"></output></nav>`;
}
function card(item, info, eager) {
    const alt = item.alt ?? '';
    const shots = item.images.length
        ? item.images
            .map((img, i) => {
            const href = esc(info.href(img));
            const size = img.width && img.height ? ` width="${img.width}" height="${img.height}"` : '';
            const of = `${i + 1} of ${item.images.length}`;
            const label = item.status === 'awaiting'
                ? `${alt || item.id}, candidate ${of}`
                : item.images.length > 1
                    ? `${alt || item.id} (${of})`
                    : alt;
            return `<a href="${href}"><img src="${href}"${size} alt="${esc(label)}"${eager ? '' : ' loading="lazy"'}></a>`;
        })
            .join('')
        : `<div class="none">${item.status === 'failed' || item.status === 'pending' ? 'No image' : 'No image yet'}</div>`;
    const facts = [
        ['model', item.model],
        ['quality', item.quality],
        [item.images.length > 1 ? 'files' : 'file', item.images.map((i) => i.workspacePath).join(', ') || '—'],
        ['size', item.images.map(sizeText).join(', ') || '—'],
        ['cost', costText(item)],
        ['date', item.date ? formatDate(item.date) : '—'],
    ];
    return `<article class="card s-${item.status}" data-status="${item.status}" data-model="${esc(item.model)}">
<div class="shots">${shots}</div>
<div class="body">
<h2><code>${esc(item.id)}</code><span class="badge b-${item.status}">${STATUS_LABELS[item.status]}</span>${c2paBadge(item)}</h2>
${item.note ? `<p class="note">${esc(item.note)}</p>` : ''}
${item.alt ? `<p class="alt">${esc(item.alt)}</p>` : item.alt === '' ? '<p class="alt missing">decorative (empty alt)</p>' : '<p class="alt missing">no alt text</p>'}
<p class="prompt" title="${esc(item.prompt)}">${esc(item.prompt)}</p>
<dl>${facts.map(([k, v]) => `<dt>${k}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
</div>
</article>`;
}
/** The "C2PA" mark when the entry's images carry content credentials (see ../report/credentials.ts). */
function c2paBadge(item) {
    const title = c2paTitle(item.images.map((i) => i.contentCredentials));
    return title ? `<span class="badge c2pa" title="${esc(title)}">C2PA</span>` : '';
}
function sizeText(img) {
    const px = img.width && img.height ? `${img.width}×${img.height} ` : '';
    const kb = img.bytes >= 1024 * 1024
        ? `${(img.bytes / 1024 / 1024).toFixed(1)} MB`
        : `${Math.ceil(img.bytes / 1024)} KB`;
    return `${px}${img.format ?? ''} ${kb}`.replace(/ +/g, ' ').trim();
}
function costText(item) {
    if (item.cost !== undefined)
        return formatUsd(item.cost);
    if (item.estimate !== undefined)
        return `est. ${formatUsd(item.estimate)}`;
    return '—';
}
/** `2026-11-24 10:00 UTC`: the same for every reader, wherever the page is opened. */
function formatDate(iso) {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

;// CONCATENATED MODULE: ./src/site/gallery.ts
/**
 * `gallery.html`: a page to look at a manifest's images — from the CLI (`pixazo-images gallery`,
 * every entry, beside the workspace's files) or in the action's artifact (the entries this run
 * changed, beside the images uploaded with it). Image paths are relative to the page, so it works
 * opened from disk.
 */






/** The page's file name, in the folder it is written to (at the root of the artifact). */
const GALLERY_FILE = 'gallery.html';
/** Writes `gallery.html` into `outDir` (created if needed) and returns its absolute path. */
async function writeGallery(opts) {
    const { report, workspace } = opts;
    const scope = opts.scope ?? 'all';
    const imageRoot = opts.imageRoot ?? workspace;
    const manifestDir = external_node_path_default().dirname(external_node_path_default().resolve(workspace, report.manifest));
    const changed = new Set(['generated', 'reused', 'failed', 'pending']);
    const entries = scope === 'run' ? report.entries.filter((e) => changed.has(e.status)) : report.entries;
    const written = new Set(report.filesWritten);
    const items = [];
    for (const item of galleryItems(entries, opts.lock, manifestDir, workspace)) {
        const keep = await Promise.all(item.images.map(async (img) => scope === 'run' ? written.has(img.workspacePath) : isFile(external_node_path_default().join(imageRoot, img.workspacePath))));
        items.push({ ...item, images: item.images.filter((_, i) => keep[i]) });
    }
    const outDir = external_node_path_default().resolve(opts.outDir);
    const unchanged = report.entries.length - entries.length;
    const html = renderGalleryPage(items, {
        manifest: report.manifest,
        madeAt: opts.madeAt ?? new Date().toISOString(),
        ...(scope === 'run' &&
            unchanged > 0 && {
            subtitle: `The entries this run changed; ${unchanged} more ${unchanged === 1 ? 'is' : 'are'} unchanged and not in this artifact.`,
        }),
        href: (img) => relativeUrl(outDir, external_node_path_default().join(imageRoot, img.workspacePath)),
    });
    const file = external_node_path_default().join(outDir, GALLERY_FILE);
    await writeFileAtomic(file, html, opts.writeRoot ?? workspace);
    return file;
}
/** A relative URL from the page's folder to `file`, each segment percent-encoded (`#`, `?`, spaces). */
function relativeUrl(fromDir, file) {
    return toPosix(external_node_path_default().relative(fromDir, file)).split('/').map(encodeURIComponent).join('/');
}
async function isFile(file) {
    try {
        return (await (0,promises_.stat)(file)).isFile();
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/cli/gallery.ts
/**
 * `pixazo-images gallery [--out DIR]`: plans the manifest (no network, no key) and writes
 * `gallery.html`, every entry with its images, its state and what it cost. The page goes beside the
 * manifest by default, where the manifest's own `out` paths lead to the images.
 */











/** Writes the gallery; returns the line to print. Throws ConfigError for an `--out` inside `.git`. */
async function galleryCommand(a) {
    const { manifest } = a;
    const outDir = a.out === undefined ? manifest.dir : external_node_path_default().resolve(a.cwd, a.out);
    const problem = pathProblem(external_node_path_default().join(outDir, GALLERY_FILE), workspaceOf(manifest.workspace));
    if (problem?.git || entersGit(outDir))
        throw new ConfigError(`--out ${a.out}: ${problem?.why ?? 'is inside `.git`'}; write the gallery elsewhere`);
    // A plan: what is up to date, outdated, refused before or pending, without any call.
    const report = await runEngine({
        manifest,
        lockfilePath: a.lockfilePath,
        dryRun: true,
        // Candidate sets (§10) show as awaiting a pick, not as the candidate 1 a push run would use.
        candidates: true,
        prune: false,
        concurrency: 1,
        pollInterval: { min: 0, max: 0 },
        pollTimeoutMs: 0,
    }, { clock: clock/* realClock */.d });
    const lockText = await readTextIfExists(a.lockfilePath);
    const lockDisplay = toPosix(external_node_path_default().relative(manifest.workspace, a.lockfilePath));
    const lock = lockText === undefined ? emptyLockfile() : parseLockfile(lockText, lockDisplay);
    // `--out` may name a folder outside the workspace on purpose; there the guard still keeps the
    // page out of any `.git` (the file system's root as its root: every real path is checked).
    const inWorkspace = outDir === manifest.workspace || isInside(manifest.workspace, outDir);
    const writeRoot = inWorkspace ? manifest.workspace : external_node_path_default().parse(outDir).root;
    const file = await writeGallery({ report, lock, workspace: manifest.workspace, outDir, writeRoot });
    const shown = external_node_path_default().relative(a.cwd, file) || file;
    const n = report.entries.length;
    return `Wrote ${shown} (${(0,words/* plural */.L)(n, 'entry', 'entries')}): ${(0,external_node_url_.pathToFileURL)(file).href}`;
}

;// CONCATENATED MODULE: ./src/cli/help.ts




/** What each command does and examples; its options are listed from args.ts, so only its own. */
const ABOUT = {
    validate: {
        usage: 'pixazo-images validate [options]',
        text: `Checks the manifest without any network call and prints every problem as
file:line:col: message (paths relative to the current directory). Also says
which local reference images generate could not send (no URL for them, not
committed, not pushed). With --json, prints {"valid", "manifest", "entries",
"errors", "warnings"} on stdout.`,
        examples: [
            'pixazo-images validate',
            'pixazo-images validate --config site/images.config.yaml',
            "pixazo-images validate --json | jq '.errors[].message'",
        ],
    },
    plan: {
        usage: 'pixazo-images plan [options]',
        text: `Prints a table of every entry (id, action, reason, model, quality, images,
est. cost), the total estimate, and what generate would refuse. Makes no
gateway call, writes nothing, needs no API key. Exits 0 with a plan (entries
refused in an earlier run are listed, not a failure), 1 when the plan is over
--max-cost, 2 when the manifest or the arguments are invalid.`,
        examples: [
            'pixazo-images plan',
            "pixazo-images plan --force 'hero*' --max-cost 0.50",
            "pixazo-images plan --json | jq '.estimatedCost'",
        ],
    },
    pick: {
        usage: 'pixazo-images pick <id> <k> [options]',
        text: `Candidate k of the entry's set awaiting a pick (bought by a pull request run,
or by generate --candidates) becomes the entry's image: copied to its out path
through the image verifier, recorded in the lockfile under the entry's
fingerprint, and the set's files removed. No gateway call, no API key. Commit
the result; the run on the base branch after the merge is then a no-op.`,
        examples: ['pixazo-images pick hero 2', 'pixazo-images pick hero 1 --config site/images.config.yaml'],
    },
    generate: {
        usage: 'pixazo-images generate [options]',
        text: `Generates what changed, polls it to completion, verifies and writes the
images, and updates the lockfile (after every accepted submission and every
finished image). Ctrl-C stops submitting and records running requests, so the
next run resumes them without paying again. Entries that left the manifest
keep their files unless --prune; a record whose files are all gone is dropped.`,
        examples: [
            'PIXAZO_API_KEY=… pixazo-images generate',
            'PIXAZO_API_KEY=… pixazo-images generate --max-cost 1.50 --concurrency 8',
            'PIXAZO_API_KEY=… pixazo-images generate --shard 1/2 --prune',
        ],
    },
    gallery: {
        usage: 'pixazo-images gallery [options]',
        text: `Writes DIR/gallery.html, a self-contained page of every entry: its images, id,
alt text, prompt, model, quality, size, cost and date; entries that are
outdated, pending or failed are marked, and the page filters by status and
model. No network, no key; open it from disk (image paths are relative to the
page). DIR defaults to the manifest's folder, where the page reaches the images
by their \`out\` paths (add gallery.html to .gitignore there); it may not be
inside .git.`,
        examples: [
            'pixazo-images gallery',
            'pixazo-images gallery --out /tmp/review --config docs/images.config.yaml',
        ],
    },
    schema: {
        usage: 'pixazo-images schema',
        text: `Prints the JSON Schema (draft-07) of images.config.yaml, for editors. The
npm package also ships it as schema/images.config.schema.json.`,
        examples: ['pixazo-images schema > images.config.schema.json'],
    },
};
/** The environment variables the CLI reads, and which commands read them (undefined: all that print). */
const ENVIRONMENT = [
    {
        name: 'PIXAZO_API_KEY',
        help: 'the Pixazo subscription key (never printed)',
        used: (c) => c === 'generate',
    },
    {
        name: 'PIXAZO_GATEWAY_URL',
        help: 'default for --gateway-url',
        used: (c) => optionsOf(c).includes('gateway-url'),
    },
    { name: 'NO_COLOR', help: 'no colors', used: (c) => c !== 'schema' },
    {
        name: 'FORCE_COLOR',
        help: '1: colors even when the output is not a terminal; 0: none',
        used: (c) => c !== 'schema',
    },
];
/** The closing lines: the environment a command reads (every variable in the overview), workspace, exit codes. */
function footer(command) {
    const vars = ENVIRONMENT.filter((e) => command === undefined || e.used(command));
    const width = Math.max(...vars.map((e) => e.name.length));
    const env = vars.length
        ? `Environment:\n${vars.map((e) => `  ${e.name.padEnd(width)}   ${e.help}${command === undefined && e.name === 'PIXAZO_API_KEY' ? ' (generate)' : ''}`).join('\n')}\n\n`
        : '';
    return `${env}The workspace is the git repository that holds the manifest (else the
manifest's folder), wherever the command runs: every path in the manifest must
stay inside it.
Exit codes: 0 success, 1 an entry failed or the budget was exceeded, 2 the
manifest or the arguments are invalid.
`;
}
/** Help fits a terminal of this many columns. */
const WIDTH = 80;
/** `  -c, --config FILE   manifest, …` for each option, aligned. */
function optionLines(names) {
    const rows = names.map((n) => {
        const o = OPTIONS[n];
        const flag = `${o.short ? `-${o.short}, ` : '    '}--${n}${o.value ? ` ${o.value}` : ''}`;
        return [flag, o.help];
    });
    const width = Math.max(...rows.map(([f]) => f.length));
    const indent = ' '.repeat(width + 5);
    return rows
        .map(([f, h]) => {
        // Descriptions wrap under themselves, so the flags stay a clean column.
        const lines = [];
        let line = '';
        for (const word of h.split(' ')) {
            if (line && indent.length + line.length + 1 + word.length > WIDTH) {
                lines.push(line);
                line = word;
            }
            else
                line = line ? `${line} ${word}` : word;
        }
        lines.push(line);
        return `  ${f.padEnd(width)}   ${lines.join(`\n${indent}`)}`;
    })
        .join('\n');
}
/** The help of one command, or the overview when `command` is undefined. */
function helpText(command) {
    if (command) {
        const a = ABOUT[command];
        const examples = a.examples.map((e) => `  ${e}`).join('\n');
        return `Usage: ${a.usage}\n\n${a.text}\n\nExample${a.examples.length > 1 ? 's' : ''}:\n${examples}\n\nOptions:\n${optionLines(optionsOf(command).filter((o) => o !== 'version'))}\n\n${footer(command)}`;
    }
    const names = Object.keys(COMMANDS);
    const width = Math.max(...names.map((n) => n.length));
    return `pixazo-images — keep generated illustrations in sync with images.config.yaml

Usage: pixazo-images <command> [options]
       pixazo-images help <command>

Commands:
${names.map((n) => `  ${n.padEnd(width)}   ${COMMANDS[n].summary}`).join('\n')}

Examples:
  pixazo-images validate
  pixazo-images plan --config docs/images.config.yaml
  PIXAZO_API_KEY=… pixazo-images generate --max-cost 2 --only 'hero*'

Global options:
${optionLines(['help', 'version'])}

${footer(undefined)}`;
}
/** An argument problem, and where the usage is. */
function usageError(message, command) {
    return `error: ${message}\nRun 'pixazo-images ${command ? `${command} ` : ''}--help' for usage.\n`;
}
/**
 * The package's version, read from its package.json: two folders up from both src/cli/ (tsx) and
 * dist/cli/ (the bundle, also inside the published package). The path is built at run time so
 * that the bundler leaves the file where it is.
 */
function version() {
    const here = external_node_path_default().dirname((0,external_node_url_.fileURLToPath)(import.meta.url));
    const file = ['package', 'json'].join('.');
    try {
        const pkg = JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_default().resolve(here, '..', '..', file), 'utf8'));
        if (pkg.name === 'pixazo-images' && pkg.version)
            return pkg.version;
    }
    catch {
        // Fall through: a bundle copied elsewhere has no package.json beside it.
    }
    return 'unknown';
}

;// CONCATENATED MODULE: ./src/cli/text-width.ts
/**
 * How many terminal columns text takes, for tables and wrapping that line up with CJK ids and emoji
 * in reasons: East Asian Wide and Fullwidth characters and emoji take two columns, combining marks
 * and zero-width characters none. Small enough not to warrant a dependency; measured per grapheme,
 * so an emoji sequence (👩‍💻, 🇯🇵, ❤️) counts as the one symbol a terminal draws.
 */
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
/** East Asian Wide (W) and Fullwidth (F) blocks of Unicode 15, as code point ranges. */
const WIDE = [
    [0x1100, 0x115f], // Hangul Jamo initials
    [0x231a, 0x231b],
    [0x2329, 0x232a],
    [0x23e9, 0x23ec],
    [0x23f0, 0x23f0],
    [0x23f3, 0x23f3],
    [0x2e80, 0x303e], // CJK radicals, punctuation, ideographic space
    [0x3041, 0x33ff], // kana, bopomofo, CJK compatibility
    [0x3400, 0x4dbf], // CJK extension A
    [0x4e00, 0x9fff], // CJK unified ideographs
    [0xa000, 0xa4cf], // Yi
    [0xa960, 0xa97f],
    [0xac00, 0xd7a3], // Hangul syllables
    [0xf900, 0xfaff], // CJK compatibility ideographs
    [0xfe10, 0xfe19],
    [0xfe30, 0xfe6f],
    [0xff00, 0xff60], // fullwidth forms
    [0xffe0, 0xffe6],
    [0x16fe0, 0x16fe4],
    [0x17000, 0x18cff], // Tangut
    [0x1b000, 0x1b2ff], // kana supplement
    [0x1f004, 0x1f004],
    [0x1f0cf, 0x1f0cf],
    [0x1f18e, 0x1f18e],
    [0x1f191, 0x1f19a],
    [0x1f200, 0x1f251],
    [0x20000, 0x2fffd], // CJK extensions B–F
    [0x30000, 0x3fffd],
];
function isWide(cp) {
    let lo = 0;
    let hi = WIDE.length - 1;
    while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const [a, b] = WIDE[mid];
        if (cp < a)
            hi = mid - 1;
        else if (cp > b)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}
/** Columns of one grapheme cluster. */
function clusterWidth(g) {
    const cp = g.codePointAt(0);
    // Control characters draw nothing (the table replaces them before measuring anyway).
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
        return 0;
    // An emoji drawn as one: presentation by default, or asked for with VS16, or a flag.
    if (/\p{Emoji_Presentation}/u.test(g) || (g.includes('\uFE0F') && /\p{Extended_Pictographic}/u.test(g)))
        return 2;
    if (/^\p{Regional_Indicator}/u.test(g))
        return 2;
    // A mark or format character on its own (nothing to combine with): no column.
    if (/^[\p{Mn}\p{Me}\p{Cf}]/u.test(g))
        return 0;
    return isWide(cp) ? 2 : 1;
}
/** Terminal columns of `text` (one line). */
function displayWidth(text) {
    // Plain ASCII, the common case, is one column a character.
    if (/^[\x20-\x7e]*$/.test(text))
        return text.length;
    let w = 0;
    for (const { segment } of graphemes.segment(text))
        w += clusterWidth(segment);
    return w;
}
/** `text` padded with spaces on the right to `width` columns. */
function padEndColumns(text, width) {
    return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
/** `text` padded with spaces on the left to `width` columns. */
function padStartColumns(text, width) {
    return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}
/** The longest start of `text` that fits in `width` columns (whole graphemes), and the rest. */
function splitAtColumns(text, width) {
    let w = 0;
    let end = 0;
    for (const { segment, index } of graphemes.segment(text)) {
        const cw = clusterWidth(segment);
        if (w + cw > width)
            return [text.slice(0, index), text.slice(index)];
        w += cw;
        end = index + segment.length;
    }
    return [text.slice(0, end), text.slice(end)];
}
/** `text` cut to `max` columns, with `…` when cut. */
function shortenColumns(text, max) {
    return displayWidth(text) > max ? `${splitAtColumns(text, max - 1)[0]}…` : text;
}
/**
 * Word-wraps `text` to `width` columns; a word longer than a line is cut after a `-`, `_` or `/`
 * where it can be, else at the width.
 */
function wrapColumns(text, width) {
    const lines = [];
    let line = '';
    const room = Math.max(1, width);
    for (let word of text.split(' ')) {
        while (displayWidth(word) > room) {
            if (line)
                lines.push(line);
            const [head] = splitAtColumns(word, room);
            const soft = Math.max(...['-', '_', '/'].map((c) => head.lastIndexOf(c, head.length - 1)));
            // A grapheme wider than the whole line still goes somewhere: one per line.
            const cut = soft > 0 ? soft + 1 : head.length || [...graphemes.segment(word)][0].segment.length;
            lines.push(word.slice(0, cut));
            word = word.slice(cut);
            line = '';
        }
        if (!line)
            line = word;
        else if (displayWidth(line) + 1 + displayWidth(word) <= room)
            line += ` ${word}`;
        else {
            lines.push(line);
            line = word;
        }
    }
    lines.push(line);
    return lines;
}
/**
 * A line of a list under the table, wrapped to `width` columns: the first line starts with
 * `first`, the next ones are indented by `rest`, so the item reads as one.
 */
function wrapItem(text, width, first = '  ', rest = '    ') {
    if (width === undefined)
        return [`${first}${text}`];
    const lines = wrapColumns(text, width - displayWidth(rest));
    // The first line has the first indent's room; re-wrap it when that is narrower.
    const [head, ...tail] = lines;
    if (displayWidth(first) + displayWidth(head) > width) {
        const again = wrapColumns(text, width - Math.max(displayWidth(first), displayWidth(rest)));
        return again.map((l, i) => `${i === 0 ? first : rest}${l}`);
    }
    return [`${first}${head}`, ...tail.map((l) => `${rest}${l}`)];
}

;// CONCATENATED MODULE: ./src/cli/table.ts




/** Terminals must not be driven by untrusted text: control characters become spaces. */
function clean(s) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
    return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}
/** An error in the table is cut to this length (the list below the table has it whole). */
const ERROR_CELL = 60;
const ID = 0;
const REASON = 2;
const GAP = 2;
/** Columns given up, in turn, when the table is too wide: quality, then model. */
const DROPS = [[], [4], [4, 3]];
/** Entries whose images are made (and paid for) in this run, or would be in a plan. */
function makes(e) {
    return e.status === 'generated' || (e.status === 'planned' && spends(e.action));
}
function costCell(e) {
    if (e.status === 'generated')
        return formatUsd(e.cost);
    if (e.status === 'planned')
        return makes(e) ? formatUsd(e.estimatedCost) : '—';
    // A FAILED request may have been charged: shown with a question mark, never added to the cost.
    if (e.possiblyCharged)
        return `${formatUsd(e.possiblyCharged)}?`;
    return '—';
}
/** Which columns to show and how wide: everything when it fits, else wrapping, then dropping. */
function layout(natural, width) {
    const all = natural.map((_, i) => i);
    if (width === undefined)
        return { cols: all, widths: natural };
    const needId = natural[ID];
    const needReason = natural[REASON];
    let cols = all;
    let room = 0;
    for (const drop of DROPS) {
        cols = all.filter((i) => !drop.includes(i));
        const fixed = cols.reduce((n, i) => n + (i === ID || i === REASON ? 0 : natural[i]), 0);
        room = width - fixed - GAP * (cols.length - 1);
        // The reason wraps down to 16 columns first; then the id wraps, down to 12.
        const reasonMin = Math.min(needReason, 16);
        const id = Math.min(needId, Math.max(12, room - reasonMin));
        const reason = Math.min(needReason, room - id);
        if (reason >= reasonMin)
            return { cols, widths: withWidths(natural, id, reason) };
    }
    // Narrower than any comfortable layout: share what is left, each column at least its header.
    const id = Math.min(needId, Math.max(2, Math.floor(room * 0.4)));
    return { cols, widths: withWidths(natural, id, Math.min(needReason, Math.max(6, room - id))) };
}
function withWidths(natural, id, reason) {
    const widths = [...natural];
    widths[ID] = id;
    widths[REASON] = reason;
    return widths;
}
/**
 * The plan or run as a text table (id, action, reason, model, quality, images, est. cost or cost)
 * with a total, the counts and the cost line, then every error in full and the orphans. The images
 * column counts the images made in this run (or planned), so it adds up to its total.
 */
function planTable(report, p, opts = {}) {
    const planned = report.dryRun || report.planOnly;
    const header = ['id', 'action', 'reason', 'model', 'quality', 'images', planned ? 'est. cost' : 'cost'];
    const rows = report.entries.map((e) => [
        clean(e.dependsOn?.length ? `${e.id} ← ${e.dependsOn.join(', ')}` : e.id),
        stateOf(e, planned),
        // Errors are listed in full below the table.
        e.error && opts.width !== undefined
            ? shortenColumns(clean(e.error), ERROR_CELL)
            : clean(e.error ?? e.reason),
        e.model,
        e.quality,
        makes(e) ? String(e.images) : '—',
        costCell(e),
    ]);
    const made = report.entries.filter(makes);
    const images = made.reduce((n, e) => n + e.images, 0);
    const unpriced = made
        .filter((e) => (e.status === 'generated' ? e.cost : e.estimatedCost) === null)
        .reduce((n, e) => n + e.images, 0);
    const amount = planned ? report.estimatedCost : report.cost;
    const total = ['total', '', '', '', '', String(images), formatUsd(amount)];
    const natural = header.map((h, i) => Math.max(displayWidth(h), displayWidth(total[i]), ...rows.map((r) => displayWidth(r[i]))));
    const { cols, widths } = layout(natural, opts.width);
    const render = (r) => {
        const cells = cols.map((i) => (i === ID || i === REASON ? wrapColumns(r[i], widths[i]) : [r[i]]));
        const height = Math.max(...cells.map((c) => c.length));
        return Array.from({ length: height }, (_, n) => cols
            .map((i, k) => {
            const text = cells[k][n] ?? '';
            return i >= 5 ? padStartColumns(text, widths[i]) : padEndColumns(text, widths[i]);
        })
            .join(' '.repeat(GAP))
            .trimEnd());
    };
    const out = [
        ...render(header).map(p.bold),
        ...rows.flatMap((r) => render(r).map((line) => colorRow(line, r[1], p))),
        p.dim(cols.map((i) => '─'.repeat(widths[i])).join(' '.repeat(GAP))),
        ...render(total).map(p.bold),
        '',
        `${(0,words/* plural */.L)(report.entries.length, 'entry', 'entries')}: ${counts(report, planned)}` +
            (report.orphans.length ? `, ${report.orphans.length} no longer in the manifest` : ''),
    ];
    if (planned) {
        out.push(p.bold(costLine('Estimated cost', amount, images, unpriced, 'nothing to generate')));
        if (report.dryRun)
            out.push(p.dim('Dry run: nothing was sent or written.'));
    }
    else
        out.push(p.bold(costLine('Cost of this run', amount, images, unpriced, 'nothing generated')), `Estimate was ${formatUsd(report.estimatedCost)}; recorded spend of this manifest (all runs): ${formatUsd(report.spentTotal)}`);
    if (report.possiblyCharged > 0)
        out.push(p.yellow(`Possibly charged for FAILED requests: ${formatUsd(report.possiblyCharged)} (not in the cost)`));
    const failed = report.entries.filter((e) => e.error);
    if (failed.length > 0) {
        out.push('', p.bold(planned ? 'Skipped:' : 'Errors:'));
        // Wrapped to the width like the table above it, so a pipe to a file or a log stays readable.
        for (const e of failed) {
            const [first, ...rest] = wrapItem(`${clean(e.id)}: ${clean(e.error)}`, opts.width);
            const id = clean(e.id);
            out.push(first.replace(id, p.red(id)), ...rest);
        }
    }
    out.push(...awaitingLines(report, p, opts.width));
    out.push(...orphanLines(report, p));
    return out.join('\n');
}
/**
 * What the state column says: a plan says what would be done (skip, not failed: nothing failed
 * yet); a run what happened; a candidate set (§10) awaits a pick either way.
 */
function stateOf(e, planned) {
    if (e.action === 'await')
        return 'awaiting';
    return planned || e.status === 'planned' ? e.action : e.status;
}
/** Candidate sets awaiting a pick (§10): each set's files side by side, and the command that picks. */
function awaitingLines(report, p, width) {
    const sets = report.entries.filter((e) => e.candidates && (e.action === 'await' || e.status === 'generated'));
    if (sets.length === 0)
        return [];
    const out = ['', p.bold('Awaiting a pick:')];
    for (const e of sets) {
        const files = e.candidates.files.map((f, i) => `${i + 1}: ${clean(f)}`).join('  ');
        const n = e.candidates.files.length;
        out.push(...wrapItem(`${clean(e.id)}: ${(0,words/* plural */.L)(n, 'candidate')}, ${formatUsd(e.candidates.cost)} — ${files}`, width), p.dim(`  pixazo-images pick ${clean(e.id)} <1-${n}>`));
    }
    return out;
}
/**
 * `Estimated cost: $0.409 for 6 priced images; 1 image unpriced (add a pricing: entry)`: the amount
 * always says which images it covers, so an unpriced image is never read as free.
 */
function costLine(label, amount, images, unpriced, none) {
    if (images === 0)
        return `${label}: ${formatUsd(0)} (${none})`;
    if (unpriced === 0)
        return `${label}: ${formatUsd(amount)} for ${(0,words/* plural */.L)(images, 'image')}`;
    const missing = `${(0,words/* plural */.L)(unpriced, 'image')} unpriced (add a pricing: entry)`;
    if (unpriced === images)
        return `${label}: unknown, ${missing}`;
    return `${label}: ${formatUsd(amount)} for ${(0,words/* plural */.L)(images - unpriced, 'priced image')}; ${missing}`;
}
/** The entries counted by what happened (or would) to them, zeros left out: `3 generate, 1 unchanged`. */
function counts(report, planned) {
    const n = new Map();
    for (const e of report.entries) {
        const what = stateOf(e, planned);
        n.set(what, (n.get(what) ?? 0) + 1);
    }
    return [...n].map(([what, count]) => `${count} ${what}`).join(', ') || 'nothing to do';
}
function orphanLines(report, p) {
    if (report.orphans.length === 0)
        return [];
    const deleted = new Set(report.filesDeleted);
    const out = ['', p.bold('No longer in the manifest:')];
    for (const o of report.orphans) {
        const files = o.files.map(clean).join(', ');
        const id = clean(o.id);
        if (o.pruned && o.files.some((f) => deleted.has(f)))
            out.push(`  ${id}: deleted ${files}`);
        else if (o.pruned)
            out.push(`  ${id}: record dropped (its files were already gone)`);
        else if (o.filesGone)
            out.push(`  ${id}: files already gone (generate drops the record)`);
        else
            out.push(`  ${id}: kept ${files}`);
    }
    if (report.orphans.some((o) => !o.pruned && !o.filesGone))
        out.push(p.dim('  (generate --prune deletes them, when they are still as generated)'));
    return out;
}
function colorRow(text, state, p) {
    if (state === 'failed' || state === 'pending' || state === 'skip')
        return p.red(text);
    if (state === 'generated' || state === 'generate')
        return p.green(text);
    if (state === 'unchanged')
        return p.dim(text);
    return text;
}

;// CONCATENATED MODULE: ./src/cli/output.ts
/**
 * What the CLI prints once a command has run or stopped: the report (a table or JSON), and the
 * problem that stopped it with its exit code.
 */











/** Exit codes: 0 success, 1 an entry failed or the budget was exceeded, 2 invalid manifest or arguments. */
const EXIT = { ok: 0, failed: 1, invalid: 2 };
/** Tables fit this many columns when the output is not a terminal that says its width. */
const DEFAULT_WIDTH = 80;
/** The report: JSON, or the table and what generate would refuse; and the --report file. */
async function output_show(s, r, wouldRefuse, extra = {}) {
    const { v, out } = s;
    if (v.report)
        await writeReport(s.cwd, v.report, r);
    if (v.json) {
        writeJson(out, { ...r, ...extra, ...(wouldRefuse.length ? { wouldRefuse } : {}) });
        return;
    }
    const po = paint(wantsColor(out, s.env));
    const width = v.wide ? undefined : out.isTTY && out.columns ? out.columns : DEFAULT_WIDTH;
    out.write(`${planTable(r, po, width ? { width } : {})}\n`);
    if (r.concurrency)
        out.write(`${po.dim(`Concurrency (${r.concurrency.mode}): ${r.concurrency.summary}.`)}\n`);
    if (wouldRefuse.length > 0) {
        out.write(`\n${po.bold('generate would refuse, before any submission:')}\n`);
        for (const w of wouldRefuse)
            for (const line of wrapItem(w, width))
                out.write(`${po.yellow(line)}\n`);
    }
}
/** Reports what stopped the command, on stderr (and as JSON with --json); returns the exit code. */
function failure(e, command, s) {
    const { v, out, err, pe } = s;
    const code = exitCodeOf(e);
    if (e instanceof ManifestError) {
        const issues = e.issues.map((i) => ({ ...i, file: s.shown(i.file) }));
        for (const i of issues)
            err.write(issueLine(i, pe));
        const n = issues.filter((i) => i.severity === 'error').length;
        err.write(`${(0,words/* plural */.L)(n, 'problem')} in the manifest; nothing was sent to the gateway.\n`);
        if (v.json) {
            const errors = issues.filter((i) => i.severity === 'error');
            const warnings = issues.filter((i) => i.severity === 'warning');
            writeJson(out, command === 'validate'
                ? validation(issues[0]?.file ?? v.config ?? (0,shared_settings/* defaultOf */.HA)('config'), 0, errors, warnings)
                : { error: e.message, issues });
        }
        return code;
    }
    const message = e instanceof Error ? e.message : String(e);
    err.write(`${pe.red('error:')} ${message}\n`);
    if (v.json)
        writeJson(out, { error: message });
    return code;
}
/** Bad input (manifest, flags, lockfile) is 2; anything else that stopped the run is 1. */
function exitCodeOf(e) {
    return e instanceof ManifestError || e instanceof ConfigError || e instanceof LockfileError
        ? EXIT.invalid
        : EXIT.failed;
}
/** `file:line:col: error: message`, the form editors and terminals turn into links. */
function issueLine(i, p) {
    const level = i.severity === 'error' ? p.red('error') : p.yellow('warning');
    const where = i.line ? `${i.file}:${i.line}:${i.col}` : i.file;
    return `${where}: ${level}: ${i.message}\n`;
}
function validation(manifest, entries, errors, warnings) {
    return { valid: errors.length === 0, manifest, entries, errors, warnings };
}
function writeJson(out, value) {
    out.write(`${JSON.stringify(value, null, 2)}\n`);
}
async function writeReport(cwd, file, report) {
    await (0,promises_.writeFile)(external_node_path_default().resolve(cwd, file), (0,redact/* redact */.E$)(`${JSON.stringify(report, null, 2)}\n`));
}

;// CONCATENATED MODULE: ./src/plan/commands-parse.ts
/**
 * `/pixazo` commands in a pull request comment (§10): every line that starts with `/pixazo ` is a
 * command; other lines are ignored. The text is untrusted: ids are only ever matched against the
 * manifest (never used as a path or a shell word), and every token is length-capped.
 */
/** The syntax, for replies. */
const COMMAND_SYNTAX = ['/pixazo pick <id> <k>', '/pixazo reroll <id>'];
const PREFIX = '/pixazo ';
/** Longest line looked at: a command is short; a huge line is cut, never echoed whole. */
const MAX_LINE = 200;
/** The commands of a comment body, in order; none when no line starts with `/pixazo `. */
function parseCommands(body) {
    const commands = [];
    for (const raw of body.split(/\r?\n/)) {
        if (!raw.startsWith(PREFIX))
            continue;
        const line = raw.trimEnd().slice(0, MAX_LINE);
        const [verb, ...args] = line.slice(PREFIX.length).trim().split(/\s+/);
        if (verb === 'pick' && args.length === 2 && /^[1-9][0-9]{0,2}$/.test(args[1]))
            commands.push({ kind: 'pick', line, id: args[0], k: Number(args[1]) });
        else if (verb === 'reroll' && args.length === 1)
            commands.push({ kind: 'reroll', line, id: args[0] });
        else
            commands.push({ kind: 'malformed', line });
    }
    return commands;
}

;// CONCATENATED MODULE: ./src/report/command-problems.ts
/**
 * Whether `/pixazo` commands can be carried out against this manifest and lockfile (§10): the id is
 * an entry of the manifest (matched, never used as a path), `pick` names a candidate of a set that
 * awaits a pick, `reroll` an entry that takes candidates. Every problem is collected, so one reply
 * says everything: sentences of that reply, in markdown, untrusted text escaped or quoted.
 */



/**
 * Untrusted text as inline code: nothing inside a code span is markdown (no mention, link or HTML),
 * and no backtick is left to close it early; one line, truncated.
 */
function quoted(text) {
    return `\`${truncate(collapseWhitespace(text), 80).replaceAll('`', "'")}\``;
}
/** The problems of `commands`, one sentence each; empty when every command can be carried out. */
function commandProblems(commands, manifest, lock, fingerprints) {
    const ids = manifest.entries.map((e) => e.id);
    const problems = [];
    for (const c of commands) {
        if (c.kind === 'malformed') {
            problems.push(`${quoted(c.line)} is not a command I know: type ${COMMAND_SYNTAX.map((s) => `\`${s}\``).join(' or ')}.`);
            continue;
        }
        const entry = manifest.entries.find((e) => e.id === c.id);
        if (!entry) {
            const near = closest(c.id, ids);
            problems.push(`${quoted(c.line)}: there is no entry ${quoted(c.id)} in ${escapeMarkdown(manifest.displayPath)}${near ? ` — did you mean \`${near}\`?` : '.'}`);
            continue;
        }
        const set = lock.candidates[fingerprints.get(entry.id)?.value ?? ''];
        if (c.kind === 'pick') {
            if (!set) {
                problems.push(`${quoted(c.line)}: ${quoted(entry.id)} has no candidates awaiting a pick${entry.candidates ? ` — type \`/pixazo reroll ${entry.id}\` to buy a set` : ''}.`);
                continue;
            }
            const n = set.files.length;
            if (c.k < 1 || c.k > n)
                problems.push(`${quoted(c.line)}: ${quoted(entry.id)} has candidates 1 to ${n}: type \`/pixazo pick ${entry.id} <1-${n}>\`.`);
            continue;
        }
        if (!entry.candidates)
            problems.push(`${quoted(c.line)}: ${quoted(entry.id)} has no \`candidates:\` in the manifest; add \`candidates: 4\` to it to get sets to pick from.`);
    }
    return problems;
}

;// CONCATENATED MODULE: ./src/cli/pick.ts
/**
 * `pixazo-images pick <id> <k>` (§10): the same pick as the `/pixazo pick` command, locally and
 * without a permission check. The id and k are checked against the manifest and the lockfile first
 * (the same check the action makes); the run itself makes no gateway call.
 */






/** The pick `args` ask for, once the manifest and lockfile say it can be made; else a ConfigError. */
async function pickOf(args, manifest, lockfilePath) {
    const [command] = parseCommands(`/pixazo pick ${args.join(' ')}`);
    const text = await readTextIfExists(lockfilePath);
    const lock = text === undefined ? emptyLockfile() : parseLockfile(text, lockfilePath);
    const problems = command
        ? commandProblems([command], manifest, lock, await fingerprintAll(manifest.entries))
        : [];
    if (command?.kind !== 'pick' || problems.length > 0)
        throw new ConfigError(problems.join('\n') || 'usage: pixazo-images pick <id> <k>');
    return { id: command.id, k: command.k };
}
/** The gateway of a run that must make no call (a pick): any call is a bug, refused loudly. */
function noCalls() {
    const refuse = () => {
        throw new Error('pick makes no gateway call');
    };
    return { submit: refuse, status: refuse, download: refuse };
}

// EXTERNAL MODULE: ./node_modules/log-update/index.js + 20 modules
var log_update = __webpack_require__(5809);
;// CONCATENATED MODULE: ./src/engine/event-text.ts
/**
 * The run's events as text: one plain line per state change, the same in the action's log and in
 * the CLI's plain progress.
 */

/**
 * One plain progress line per state change (CI logs, non-TTY CLI). Ids and gateway text are
 * printed as they are: logs are not rendered as markdown, and the key was redacted upstream.
 */
function formatEvent(e) {
    switch (e.type) {
        case 'phase':
            return e.message;
        case 'entry':
            return `${formatElapsed(e.elapsedMs).padStart(8)}  ${e.id}: ${e.state}${e.detail ? ` — ${e.detail}` : ''}`;
        case 'warning':
            return `warning: ${e.message}`;
        case 'notice':
            return e.message;
    }
}

;// CONCATENATED MODULE: ./src/cli/progress.ts




const ACTIVE = new Set(['submitted', 'queued', 'processing', 'completed', 'downloaded', 'retry']);
/**
 * Progress on stderr: on a terminal a live block (one line per request in flight, redrawn by
 * log-update) above which finished entries scroll; elsewhere one plain line per state change. The
 * plan itself is never listed entry by entry here: the table after the run shows it once.
 */
class Progress {
    stream;
    mode;
    p;
    live;
    active = new Map();
    finished = 0;
    planned = 0;
    constructor(stream, mode, p) {
        this.stream = stream;
        this.mode = mode;
        this.p = p;
        // The live block redraws with cursor movements: only on a real terminal.
        if (mode === 'live')
            this.live = (0,log_update/* createLogUpdate */.SY)(stream, { showCursor: true });
    }
    event(e) {
        if (this.mode === 'quiet' && (e.type === 'phase' || e.type === 'entry'))
            return;
        if (!this.live) {
            if (e.type === 'entry' && e.state === 'planned')
                return;
            const text = formatEvent(e);
            this.stream.write(`${e.type === 'warning' ? this.p.yellow(text) : text}\n`);
            return;
        }
        if (e.type !== 'entry') {
            this.line(e.type === 'warning' ? this.p.yellow(formatEvent(e)) : this.p.bold(formatEvent(e)));
            return;
        }
        if (e.state === 'planned') {
            if (spends(e.action))
                this.planned++;
            return;
        }
        if (ACTIVE.has(e.state)) {
            this.active.set(e.id, `${this.p.dim(formatElapsed(e.elapsedMs).padStart(8))}  ${e.id}: ${e.state}${e.detail ? ` ${this.p.dim(e.detail)}` : ''}`);
        }
        else {
            this.active.delete(e.id);
            this.finished++;
            const text = formatEvent(e);
            this.line(e.state === 'failed' || e.state === 'pending' ? this.p.red(text) : this.p.green(text));
            return;
        }
        this.render();
    }
    /** A line that stays (printed above the live block). */
    line(text) {
        if (!this.live) {
            this.stream.write(`${text}\n`);
            return;
        }
        this.live.clear();
        this.stream.write(`${text}\n`);
        this.render();
    }
    done() {
        this.live?.clear();
        this.live?.done();
    }
    render() {
        if (!this.live)
            return;
        const head = this.p.bold(`${this.active.size} in flight, ${this.finished} done${this.planned ? ` of ${this.planned} to generate` : ''}`);
        this.live([head, ...this.active.values()].join('\n'));
    }
}

;// CONCATENATED MODULE: ./src/publish/repo-location.ts



/**
 * Find the repository that holds `dir` (the manifest's folder): the workspace itself, one above it,
 * or a checkout in a subfolder of it (actions/checkout with `path:`). Paths map lexically from where
 * `dir` sits in the work tree, so a workspace reached through a symlink maps like its real path.
 * Throws {@link GitError} when `dir` is in no work tree.
 */
async function locateRepository(workspace, dir) {
    const { top, prefix } = await new GitCli(dir).locate();
    const depth = prefix.split('/').filter(Boolean).length;
    const root = external_node_path_default().resolve(dir, ...Array(depth).fill('..'));
    const ws = external_node_path_default().resolve(workspace);
    return {
        top,
        toRepo: (p) => relativeInside(root, external_node_path_default().resolve(ws, p)),
        toWorkspace: (p) => relativeInside(ws, external_node_path_default().resolve(root, p)),
    };
}

;// CONCATENATED MODULE: ./src/publish/input-urls.ts



/** Default `input-url-template` by host: raw.githubusercontent.com on github.com, /raw/ on GHES. */
function defaultInputUrlTemplate(serverUrl) {
    return /^https:\/\/github\.com$/i.test(serverUrl)
        ? 'https://raw.githubusercontent.com/{owner}/{repo}/{sha}/{path}'
        : '{server}/{owner}/{repo}/raw/{sha}/{path}';
}
/** Fill an input URL template; `{path}` is URL-encoded per segment. */
function fillInputUrl(template, vars) {
    const encodedPath = vars.path.split('/').map(encodeURIComponent).join('/');
    return template
        .replaceAll('{server}', vars.server)
        .replaceAll('{owner}', encodeURIComponent(vars.owner))
        .replaceAll('{repo}', encodeURIComponent(vars.repo))
        .replaceAll('{sha}', encodeURIComponent(vars.sha))
        .replaceAll('{path}', encodedPath);
}
/**
 * How local reference images reach the gateway: as URLs built from `input-url-template` at the
 * commit the workspace has checked out. Before anything is spent, every such file must be
 * committed there when the template pins `{sha}` (a dirty or untracked file would 404 at the
 * gateway or send other bytes), and a private repository cannot use the default
 * raw.githubusercontent.com URL. Git runs in the repository that holds `repoDir` (the manifest's
 * folder), which may be a checkout in a subfolder of the workspace.
 */
async function inputUrlDeps(inputs, ctx, workspace, repoDir = workspace) {
    const template = inputs.inputUrlTemplate ?? (ctx.owner ? defaultInputUrlTemplate(ctx.serverUrl) : undefined);
    if (!template)
        return {};
    let state;
    let known;
    const repoState = () => {
        state ??= readRepoState(workspace, repoDir, ctx.sha, ctx.remote).then((s) => {
            known = s;
            return s;
        });
        return state;
    };
    const isDefault = inputs.inputUrlTemplate === undefined;
    const setting = (inputs.names ?? shared_settings/* ACTION_NAMES */.G)('input-url-template');
    return {
        inputUrl: (file) => fillInputUrl(template, {
            server: ctx.serverUrl,
            owner: ctx.owner ?? '',
            repo: ctx.repo ?? '',
            sha: known?.sha ?? ctx.sha ?? 'HEAD',
            path: known?.repo?.toRepo(file.workspacePath) ?? file.workspacePath,
        }),
        checkInput: async (file) => {
            if (isDefault && ctx.privateRepo) {
                return (`${file.workspacePath} would be sent as a raw.githubusercontent.com URL, which the gateway cannot fetch from a private repository. ` +
                    `Set ${setting} to a public location that serves this repository's files (a docs site or a bucket, with {path} and {sha}), or use a remote https:// URL in input_images.`);
            }
            // Only a URL pinned to a commit needs the file committed there; a template without {sha}
            // (a docs site, a bucket) is the user's promise that the file is served.
            if (!template.includes('{sha}'))
                return undefined;
            const s = await repoState();
            if (!s.sha || !s.repo)
                return `${file.workspacePath}: the workspace is not a git checkout, so no commit URL can be built; set ${setting}`;
            const rel = s.repo.toRepo(file.workspacePath);
            if (rel === undefined)
                return `${file.workspacePath} is outside the git checkout that holds the manifest, so no commit URL can be built; set ${setting}`;
            const status = await git(s.repo.top, ['status', '--porcelain', '--', rel]);
            if (status === undefined)
                return `${file.workspacePath}: git could not tell whether it is committed`;
            if (status.trim() !== '') {
                return `${file.workspacePath} is ${status.startsWith('??') ? 'not committed (untracked)' : 'modified and not committed'}: the gateway fetches it at commit ${s.sha.slice(0, 7)}, so commit and push it first.`;
            }
            const tracked = await git(s.repo.top, ['cat-file', '-e', `${s.sha}:${rel}`]);
            if (tracked === undefined)
                return `${file.workspacePath} is not in commit ${s.sha.slice(0, 7)}: commit and push it first.`;
            if (!s.pushed)
                return `${file.workspacePath} is committed, but commit ${s.sha.slice(0, 7)} is not pushed to ${ctx.remote} (no remote-tracking branch of ${ctx.remote} contains it), and the gateway fetches it there: push it first.`;
            return undefined;
        },
    };
}
async function readRepoState(workspace, repoDir, fallbackSha, remote) {
    const repo = await locateRepository(workspace, repoDir).catch(() => undefined);
    const sha = (repo && (await git(repo.top, ['rev-parse', 'HEAD']))?.trim()) || fallbackSha || '';
    // Offline: what the last fetch or push recorded of the remote, not the remote itself.
    const pushed = !remote ||
        (!!sha &&
            !!repo &&
            !!(await git(repo.top, [
                'for-each-ref',
                '--contains',
                sha,
                '--format=%(refname)',
                `refs/remotes/${remote}/`,
            ]))?.trim());
    return { sha, repo, pushed };
}
/** One git command; undefined when it fails. */
async function git(cwd, args) {
    return new GitCli(cwd).exec(args).catch(() => undefined);
}

;// CONCATENATED MODULE: ./src/cli/repo.ts



const REMOTE = 'origin';
/** A remote URL's host and `owner/repo` path; undefined for local paths and unknown forms. */
function parseRemoteUrl(url) {
    const u = url.trim();
    let host;
    let rest;
    const scheme = /^(?:https?|ssh|git|git\+ssh):\/\/(?:[^@/]+@)?([^/:]+)(?::(\d+))?\/(.+)$/i.exec(u);
    // scp-like `git@github.com:owner/repo.git` (no scheme, a colon before the first slash).
    const scp = scheme ? null : /^(?:[^@/]+@)?([^/:]+):(?!\/)(.+)$/.exec(u);
    if (scheme) {
        // A port matters to the web server (https://ghe.example:8443) but not to ssh.
        host = scheme[2] && /^https?:/i.test(u) ? `${scheme[1]}:${scheme[2]}` : scheme[1];
        rest = scheme[3];
    }
    else if (scp) {
        host = scp[1];
        rest = scp[2];
    }
    else
        return undefined;
    const parts = rest
        .replace(/\/+$/, '')
        .replace(/\.git$/i, '')
        .split('/');
    if (parts.length !== 2 || parts.some((p) => !p))
        return undefined;
    return { host: host.toLowerCase(), owner: parts[0], repo: parts[1] };
}
/**
 * The web address of a GitHub host, or undefined when the host is not GitHub's: github.com, GitHub
 * Enterprise Cloud (`*.ghe.com`), the server in GITHUB_SERVER_URL, or a host named like one
 * (`github.example.com`, `ghe.example.com`). The address is https; a port kept from an https remote.
 */
function githubServer(host, env) {
    const name = host.replace(/:\d+$/, '');
    if (name === 'github.com' || name === 'www.github.com' || name === 'ssh.github.com')
        return 'https://github.com';
    let fromEnv;
    try {
        fromEnv = env.GITHUB_SERVER_URL ? new URL(env.GITHUB_SERVER_URL).host.toLowerCase() : undefined;
    }
    catch {
        fromEnv = undefined;
    }
    if (name.endsWith('.ghe.com') || host === fromEnv || /(^|[.-])(github|ghe)([.-]|$)/.test(name))
        return `https://${host}`;
    return undefined;
}
/**
 * The repository `origin` points at, as the input URL template's context, with the remote named so
 * that a commit not yet pushed there is caught before any spend. `onGitHub` says whether the
 * default template applies; another host needs --input-url-template. Undefined without an origin.
 */
async function originContext(workspace, env) {
    const url = await new GitCli(workspace).exec(['remote', 'get-url', REMOTE]).catch(() => undefined);
    const parsed = url ? parseRemoteUrl(url) : undefined;
    if (!parsed)
        return undefined;
    const server = githubServer(parsed.host, env);
    return {
        ctx: {
            serverUrl: server ?? `https://${parsed.host}`,
            owner: parsed.owner,
            repo: parsed.repo,
            remote: REMOTE,
        },
        onGitHub: server !== undefined,
    };
}
/**
 * How local reference images reach the gateway: --input-url-template, else the default for the
 * GitHub host of the `origin` remote; checked to be committed at HEAD and pushed there.
 */
async function inputDeps(workspace, env, template) {
    const origin = await originContext(workspace, env);
    const ctx = origin && (origin.onGitHub || template) ? origin.ctx : { serverUrl: 'https://github.com' };
    return inputUrlDeps(template ? { inputUrlTemplate: template, names: shared_settings/* CLI_NAMES */.Q4 } : { names: shared_settings/* CLI_NAMES */.Q4 }, ctx, workspace);
}

// EXTERNAL MODULE: ./src/cli/sink.ts
var sink = __webpack_require__(807);
;// CONCATENATED MODULE: ./src/cli/main.ts


























/** The CLI: same engine, lockfile and files as the action. Returns the exit code. */
async function cli(argv, env = process.env, io = {}) {
    // Every line the CLI prints passes the redactor (the key is registered when it is read).
    const out = (0,sink/* guarded */.N)(io.stdout ?? process.stdout);
    const err = (0,sink/* guarded */.N)(io.stderr ?? process.stderr);
    const pe = paint(wantsColor(err, env));
    let line;
    try {
        line = parseCommandLine(argv);
    }
    catch (e) {
        if (!(e instanceof UsageError))
            throw e;
        err.write(usageError(e.message, e.command));
        return EXIT.invalid;
    }
    const { command, values: v } = line;
    if (v.version) {
        out.write(`${version()}\n`);
        return EXIT.ok;
    }
    if (!command || line.help) {
        out.write(helpText(command));
        return command || line.help ? EXIT.ok : EXIT.invalid;
    }
    if (command === 'schema') {
        out.write(`${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
        return EXIT.ok;
    }
    const cwd = resolved(io.cwd ?? process.cwd());
    const given = external_node_path_default().resolve(cwd, v.config ?? (0,shared_settings/* defaultOf */.HA)('config'));
    // Symlinks resolved like the workspace's, so the manifest is found inside it.
    const config = external_node_path_default().join(resolved(external_node_path_default().dirname(given)), external_node_path_default().basename(given));
    const workspace = await findWorkspace(external_node_path_default().dirname(config));
    const s = {
        v,
        ...(line.args && { args: line.args }),
        env,
        out,
        err,
        pe,
        cwd,
        config,
        workspace,
        // Issues name the manifest relative to the workspace; the terminal wants it relative to here.
        shown: (file) => external_node_path_default().relative(cwd, external_node_path_default().resolve(workspace, file)) || file,
    };
    try {
        return await runCommand(command, s);
    }
    catch (e) {
        return failure(e, command, s);
    }
}
async function runCommand(command, s) {
    const { v, env, err, pe } = s;
    const flags = readFlags(v, env);
    const { manifest, lockfilePath } = await openManifest({
        workspace: s.workspace,
        config: s.config,
        names: shared_settings/* CLI_NAMES */.Q4,
    });
    for (const w of manifest.warnings)
        err.write(issueLine({ ...w, file: s.shown(w.file) }, pe));
    if (command === 'gallery') {
        const cwd = s.cwd;
        s.out.write(`${await galleryCommand({ manifest, lockfilePath, cwd, ...(v.out !== undefined && { out: v.out }) })}\n`);
        return EXIT.ok;
    }
    // `pick <id> <k>` (§10): checked against the manifest and the lockfile before anything is touched.
    const pick = command === 'pick' ? await pickOf(s.args ?? [], manifest, lockfilePath) : undefined;
    const inputs = await inputDeps(s.workspace, env, v['input-url-template']);
    if (command === 'validate')
        return validate(s, manifest, inputs);
    const ids = manifest.entries.map((e) => e.id);
    const unmatched = [
        ...unmatchedPatternWarnings('--only', splitList(v.only), ids),
        ...unmatchedPatternWarnings('--force', splitList(v.force), ids),
    ];
    for (const w of unmatched)
        err.write(`${pe.yellow('warning:')} ${w}\n`);
    const dryRun = command === 'plan' || v['dry-run'] === true;
    const apiKey = dryRun || pick ? '' : apiKeyFrom(env);
    if (!dryRun && !apiKey && !pick)
        throw new ConfigError('PIXAZO_API_KEY is not set: export your Pixazo subscription key, or run `pixazo-images plan` to estimate without one.');
    const mode = dryRun ? 'quiet' : err.isTTY && !v.json && env.TERM !== 'dumb' ? 'live' : 'plain';
    const progress = new Progress(err, mode, pe);
    const cancel = cancellation((name) => progress.line(`Received ${name}: no new submissions; recording what is running…`));
    const deps = {
        clock: clock/* realClock */.d,
        events: (e) => progress.event(e),
        ...inputs,
        // Loaded on first call: a run with nothing to generate never loads the HTTP client.
        ...(dryRun
            ? {}
            : pick
                ? { gateway: noCalls() }
                : {
                    gateway: lazyGateway(async () => {
                        const { PixazoClient } = await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(641)]).then(__webpack_require__.bind(__webpack_require__, 4641));
                        return new PixazoClient({
                            ...flags.client,
                            apiKey,
                            names: shared_settings/* CLI_NAMES */.Q4,
                            logger: { debug: () => { }, warning: (m) => progress.line(pe.yellow(`warning: ${m}`)) },
                        });
                    }),
                }),
    };
    let report;
    // One run per lockfile: a run that writes it holds its lock from planning to the end; a plan reads only.
    const lock = dryRun
        ? undefined
        : await acquireRunLock(lockfilePath, {
            clock: clock/* realClock */.d,
            signal: cancel.signal,
            run: `pixazo-images ${command}`,
            displayRoot: s.cwd,
            onWait: (m) => progress.line(m),
            onWarning: (m) => progress.line(pe.yellow(`warning: ${m}`)),
        }).catch((e) => {
            cancel.dispose();
            throw e;
        });
    try {
        report = await runEngine({
            manifest,
            lockfilePath,
            dryRun,
            ...flags.run,
            names: shared_settings/* CLI_NAMES */.Q4,
            signal: cancel.signal,
            ...(v.candidates === true && { candidates: true }),
            // A pick touches its entry only.
            ...(pick && { pick, only: (id) => id === pick.id }),
        }, deps);
    }
    catch (e) {
        progress.done();
        if (!(e instanceof BudgetError))
            throw e;
        // The refused plan is still worth seeing: what would have been generated, and its cost.
        await output_show(s, e.report, [], { error: e.message });
        err.write(`${pe.red('error:')} ${e.message}\n`);
        return EXIT.failed;
    }
    finally {
        cancel.dispose();
        await lock?.release();
    }
    progress.done();
    // A run stops on these before spending; a plan lists them.
    const refusals = dryRun
        ? await inputProblems(plannedOf(report, manifest), manifest.entries, inputs, shared_settings/* CLI_NAMES */.Q4)
        : [];
    await output_show(s, report, refusals);
    if (dryRun)
        return EXIT.ok;
    if (cancel.received())
        return EXIT.failed;
    return report.totals.failed > 0 ? EXIT.failed : EXIT.ok;
}
/** validate: the manifest loaded, so it is valid; what generate would refuse is a warning. */
async function validate(s, manifest, inputs) {
    const all = manifest.entries.map((entry) => ({ entry, action: 'generate' }));
    const refusals = await inputProblems(all, manifest.entries, inputs, shared_settings/* CLI_NAMES */.Q4);
    for (const r of refusals)
        s.err.write(`${s.pe.yellow('warning:')} generate would refuse ${r}\n`);
    const n = manifest.entries.length;
    if (s.v.json)
        writeJson(s.out, {
            ...validation(manifest.displayPath, n, [], manifest.warnings),
            ...(refusals.length ? { wouldRefuse: refusals } : {}),
        });
    else {
        const green = paint(wantsColor(s.out, s.env)).green;
        s.out.write(`${s.shown(manifest.displayPath)}: ${(0,words/* plural */.L)(n, 'entry', 'entries')}, ${green('valid')}\n`);
    }
    return EXIT.ok;
}
/** The report's entries as the plan had them, for the checks a run makes before spending. */
function plannedOf(report, manifest) {
    const byId = new Map(manifest.entries.map((e) => [e.id, e]));
    return report.entries.flatMap((r) => {
        const entry = byId.get(r.id);
        return entry ? [{ entry, action: r.action }] : [];
    });
}
/** The real path (symlinks resolved, as git reports the repository root), or the path itself. */
function resolved(dir) {
    try {
        return (0,external_node_fs_.realpathSync)(dir);
    }
    catch {
        return external_node_path_default().resolve(dir);
    }
}
/**
 * The workspace (SPEC §8): the git repository that holds the manifest, else the manifest's folder —
 * wherever the command is run from, so `-c ../site/images.config.yaml` works from another repository.
 */
async function findWorkspace(manifestDir) {
    try {
        const { top } = await new GitCli(manifestDir).locate();
        return top ? resolved(top) : manifestDir;
    }
    catch {
        return manifestDir;
    }
}


/***/ }),

/***/ 6479:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ GatewayError),
/* harmony export */   T: () => (/* binding */ RateLimitedError)
/* harmony export */ });
/** A failed gateway call. `message` never contains the API key. */
class GatewayError extends Error {
    kind;
    httpStatus;
    attempts;
    lostAnswers;
    name = 'GatewayError';
    constructor(kind, message, httpStatus, 
    /** Number of attempts made (1 = no retry). */
    attempts = 1, 
    /**
     * From submit: how many sent submits lost their answer, each possibly accepted and charged
     * (1 for 'outcome-unknown'; more, or with another kind, only when retry-unknown-submits
     * resubmitted).
     */
    lostAnswers = kind === 'outcome-unknown' ? 1 : 0) {
        super(message);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.attempts = attempts;
        this.lostAnswers = lostAnswers;
    }
}
/** A submit's 429, handed to the caller to wait out (`handOverRateLimits`); `retryAfterMs` as the gateway asked. */
class RateLimitedError extends GatewayError {
    retryAfterMs;
    constructor(message, retryAfterMs, attempts, lostAnswers = 0) {
        super('rate-limited', message, 429, attempts, lostAnswers);
        this.retryAfterMs = retryAfterMs;
    }
}


/***/ }),

/***/ 5069:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  OC: () => (/* binding */ ImageVerifier),
  BH: () => (/* reexport */ ImageVerifyError),
  DQ: () => (/* binding */ readImageDimensions),
  j6: () => (/* binding */ verifyImageFile)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/models/registry.ts
var registry = __webpack_require__(6635);
;// CONCATENATED MODULE: ./src/images/jumbf.ts
/**
 * C2PA content credentials live in a JUMBF superbox (`jumb`) whose description box (`jumd`) is
 * labelled `c2pa`. In JPEG they ride in APP11 segments (JPEG XT: `JP` common identifier, box
 * instance, packet sequence, then the box). Only presence is detected: signatures are not validated.
 */
/** A box header at `at`: its type and where its payload starts; undefined when the bytes are too short. */
function boxAt(b, at) {
    if (at + 8 > b.length)
        return undefined;
    const lbox = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    // LBox 1: an 8-byte XLBox follows the type.
    if (lbox === 1)
        return at + 16 > b.length ? undefined : { type, payload: at + 16 };
    return { type, payload: at + 8 };
}
/** Whether `b` starts with a JUMBF superbox whose description box is labelled `c2pa`. */
function isC2paJumbf(b, at = 0) {
    const jumb = boxAt(b, at);
    if (jumb?.type !== 'jumb')
        return false;
    const jumd = boxAt(b, jumb.payload);
    if (jumd?.type !== 'jumd')
        return false;
    // Description: a 16-byte content-type UUID, a toggles byte (bit 1: a label follows), the label.
    const toggles = b[jumd.payload + 16];
    if (toggles === undefined || (toggles & 0x02) === 0)
        return false;
    const start = jumd.payload + 17;
    const end = b.indexOf(0, start);
    return end > start && b.toString('latin1', start, end) === 'c2pa';
}
/** Whether an APP11 segment body (after the length) carries the first packet of a C2PA JUMBF box. */
function isC2paApp11(body) {
    // `JP`, a 2-byte box instance (En), a 4-byte packet sequence number (Z), then the box.
    if (body.length < 8 || body[0] !== 0x4a || body[1] !== 0x50)
        return false;
    return isC2paJumbf(body, 8);
}

;// CONCATENATED MODULE: ./src/images/walker.ts
/** A check the bytes failed, with why (see {@link VerifyFailure}) and a message for people. */
class ImageVerifyError extends Error {
    failure;
    name = 'ImageVerifyError';
    constructor(failure, message) {
        super(message);
        this.failure = failure;
    }
}
/** A format's walk over its container; subclasses set the first step in their constructor. */
class Walker {
    /** Bytes consumed so far (the offset of the next byte): for located messages. */
    offset = 0;
    dimensions;
    contentCredentials = false;
    step = { kind: 'done' };
    acc = [];
    accLen = 0;
    passed = 0;
    /** Feeds the next bytes; throws ImageVerifyError as soon as they cannot be part of a valid image. */
    push(buf) {
        let off = 0;
        while (off < buf.length) {
            const s = this.step;
            const start = off;
            switch (s.kind) {
                case 'take': {
                    const piece = buf.subarray(off, off + (s.n - this.accLen));
                    off += piece.length;
                    this.offset += piece.length;
                    if (this.accLen === 0 && piece.length === s.n) {
                        s.then(piece);
                        break;
                    }
                    // Copied: the caller may reuse its buffer before the rest arrives.
                    this.acc.push(Buffer.from(piece));
                    this.accLen += piece.length;
                    if (this.accLen === s.n) {
                        const whole = Buffer.concat(this.acc);
                        this.acc = [];
                        this.accLen = 0;
                        s.then(whole);
                    }
                    break;
                }
                case 'pass': {
                    const piece = buf.subarray(off, off + (s.n - this.passed));
                    off += piece.length;
                    this.offset += piece.length;
                    this.passed += piece.length;
                    s.sink?.(piece);
                    if (this.passed === s.n) {
                        this.passed = 0;
                        s.then();
                    }
                    break;
                }
                case 'scan': {
                    const used = s.fn(buf.subarray(off));
                    off += used;
                    this.offset += used;
                    break;
                }
                case 'done':
                    throw this.corrupt(`${buf.length - off} more byte(s) after the end of the image`);
            }
            if (off === start && this.step === s)
                throw new Error('image walker made no progress');
        }
    }
    /** The stream ended: throws unless the walk reached the container's end. */
    end() {
        if (this.step.kind !== 'done')
            throw new ImageVerifyError('truncated', `ends early, after ${this.offset} bytes (${this.where()})`);
    }
    take(n, then) {
        if (n === 0)
            then(Buffer.alloc(0));
        else
            this.step = { kind: 'take', n, then };
    }
    pass(n, sink, then) {
        if (n === 0)
            then();
        else
            this.step = { kind: 'pass', n, sink, then };
    }
    scan(fn) {
        this.step = { kind: 'scan', fn };
    }
    finish() {
        this.step = { kind: 'done' };
    }
    corrupt(message) {
        return new ImageVerifyError('corrupt', message);
    }
}

;// CONCATENATED MODULE: ./src/images/jpeg.ts
/**
 * JPEG: `SOI`, marker segments (each with its length) up to a scan (`SOS`), then entropy-coded data
 * searched with `indexOf(0xFF)` — `FF 00` is a stuffed byte, `FF D0`–`FF D7` a restart marker —
 * until the next marker: more segments and scans (progressive JPEGs), and finally `EOI`, with
 * nothing after it. The frame header (`SOFn`) gives the size, turned by EXIF orientations 5–8.
 */


const SOS = 0xda;
const EOI = 0xd9;
const APP1 = 0xe1;
const APP11 = 0xeb;
/** SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isFrame(code) {
    return code >= 0xc0 && code <= 0xcf && code !== 0xc4 && code !== 0xc8 && code !== 0xcc;
}
/** Markers without a length: restarts and TEM. */
function isStandalone(code) {
    return (code >= 0xd0 && code <= 0xd7) || code === 0x01;
}
const hex = (code) => `FF${code.toString(16).toUpperCase().padStart(2, '0')}`;
class JpegWalker extends Walker {
    frame = false;
    scans = 0;
    orientation = 1;
    state = 'in the SOI marker';
    constructor() {
        super();
        this.take(2, (b) => {
            if (b[0] !== 0xff || b[1] !== 0xd8)
                throw this.corrupt('does not start with the JPEG SOI marker');
            this.marker();
        });
    }
    where() {
        return this.state;
    }
    /** Between segments: a marker, after any number of 0xFF fill bytes. */
    marker() {
        this.state = 'between segments';
        this.take(1, (b) => {
            if (b[0] !== 0xff)
                throw this.corrupt(`expected a JPEG marker at byte ${this.offset - 1}`);
            this.code();
        });
    }
    code() {
        this.take(1, (b) => {
            const code = b[0];
            if (code === 0xff)
                return this.code();
            this.segment(code);
        });
    }
    segment(code) {
        if (code === EOI) {
            if (this.scans === 0)
                throw this.corrupt('the JPEG ends before any image data (no scan)');
            this.finish();
            return;
        }
        if (isStandalone(code)) {
            this.marker();
            return;
        }
        if (code === 0xd8 || code === 0x00)
            throw this.corrupt(`unexpected marker ${hex(code)} at byte ${this.offset - 2}`);
        const at = this.offset - 2;
        this.state = `inside the ${hex(code)} segment at byte ${at}`;
        this.take(2, (len) => {
            const length = len.readUInt16BE(0);
            if (length < 2)
                throw this.corrupt(`segment ${hex(code)} at byte ${at} has a length below 2`);
            // Only the segments we read are copied; the rest (ICC profiles, thumbnails) pass by.
            const wanted = isFrame(code) || code === SOS || code === APP1 || code === APP11;
            if (!wanted)
                return this.pass(length - 2, undefined, () => this.marker());
            this.take(length - 2, (body) => {
                if (isFrame(code))
                    this.readFrame(body, at);
                else if (code === APP1)
                    this.readExif(body);
                // Only an APP11 that carries a JUMBF box labelled `c2pa`: APP11 has other JPEG XT uses.
                else if (code === APP11 && isC2paApp11(body))
                    this.contentCredentials = true;
                if (code !== SOS)
                    return this.marker();
                if (!this.frame)
                    throw this.corrupt(`a scan at byte ${at} before any frame header (SOF)`);
                this.scans++;
                this.state = `inside the entropy-coded data of scan ${this.scans}`;
                this.scan((buf) => this.entropy(buf));
            });
        });
    }
    readFrame(body, at) {
        if (body.length < 6)
            throw this.corrupt(`frame header at byte ${at} is too short`);
        const height = body.readUInt16BE(1);
        const width = body.readUInt16BE(3);
        // A zero height is legal (DNL defines it later) but no browser lays that out: no size then.
        if (width > 0 && height > 0 && !this.frame)
            this.dimensions = this.orientation >= 5 ? { width: height, height: width } : { width, height };
        this.frame = true;
    }
    /** The EXIF orientation tag of IFD0, when present; anything malformed is ignored (it is metadata). */
    readExif(body) {
        if (body.length < 14 || body.toString('latin1', 0, 6) !== 'Exif\0\0')
            return;
        const tiff = body.subarray(6);
        const le = tiff.toString('latin1', 0, 2) === 'II';
        const u16 = (o) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
        const u32 = (o) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
        const ifd = u32(4);
        if (ifd + 2 > tiff.length)
            return;
        const count = u16(ifd);
        for (let i = 0; i < count; i++) {
            const e = ifd + 2 + i * 12;
            if (e + 12 > tiff.length)
                return;
            if (u16(e) === 0x0112) {
                this.orientation = u16(e + 8);
                return;
            }
        }
    }
    /** Entropy-coded data: jump from 0xFF to 0xFF; stop before a real marker (or a 0xFF at the end). */
    entropy(buf) {
        let i = 0;
        for (;;) {
            const j = buf.indexOf(0xff, i);
            if (j < 0)
                return buf.length;
            if (j + 1 < buf.length) {
                const next = buf[j + 1];
                if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
                    i = j + 2;
                    continue;
                }
            }
            // A marker, fill bytes, or a 0xFF split from its code by the chunk boundary: decide on two bytes.
            this.take(2, (pair) => this.afterFF(pair[1]));
            return j;
        }
    }
    afterFF(next) {
        if (next === 0x00 || (next >= 0xd0 && next <= 0xd7))
            this.scan((buf) => this.entropy(buf));
        else if (next === 0xff)
            this.take(1, (b) => this.afterFF(b[0]));
        else
            this.segment(next);
    }
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/images/png.ts
/**
 * PNG: the signature, then chunks (length, type, data, CRC-32 over type and data) from `IHDR` to
 * `IEND`, and nothing after. The CRC is zlib's native one: no JavaScript loop touches image data.
 */


const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The PNG spec's limit on a chunk's length. */
const MAX_CHUNK = 0x7fffffff;
class PngWalker extends Walker {
    chunk = '';
    chunkAt = 0;
    chunks = 0;
    sawData = false;
    crc = 0;
    constructor() {
        super();
        this.take(8, (b) => {
            if (!b.equals(SIGNATURE))
                throw this.corrupt('does not start with the PNG signature');
            this.header();
        });
    }
    where() {
        return this.chunk ? `inside the ${this.chunk} chunk at byte ${this.chunkAt}` : 'in the PNG signature';
    }
    header() {
        this.take(8, (b) => {
            this.chunkAt = this.offset - 8;
            const length = b.readUInt32BE(0);
            const typeBytes = b.subarray(4, 8);
            const type = typeBytes.toString('latin1');
            if (!/^[A-Za-z]{4}$/.test(type))
                throw this.corrupt(`not a PNG chunk at byte ${this.chunkAt} (type ${JSON.stringify(type)})`);
            this.chunk = type;
            if (length > MAX_CHUNK)
                throw this.corrupt(`chunk ${type} at byte ${this.chunkAt} is too long`);
            if (this.chunks++ === 0 && (type !== 'IHDR' || length !== 13))
                throw this.corrupt('the first PNG chunk is not a 13-byte IHDR');
            if (type === 'IDAT')
                this.sawData = true;
            if (type === 'caBX')
                this.contentCredentials = true;
            this.crc = (0,external_node_zlib_.crc32)(typeBytes);
            if (type === 'IHDR') {
                this.take(length, (data) => {
                    this.crc = (0,external_node_zlib_.crc32)(data, this.crc);
                    const width = data.readUInt32BE(0);
                    const height = data.readUInt32BE(4);
                    if (width === 0 || height === 0)
                        throw this.corrupt('the PNG header gives a zero size');
                    this.dimensions = { width, height };
                    this.trailer(type);
                });
            }
            else {
                this.pass(length, (piece) => {
                    this.crc = (0,external_node_zlib_.crc32)(piece, this.crc);
                }, () => this.trailer(type));
            }
        });
    }
    trailer(type) {
        this.take(4, (b) => {
            if (b.readUInt32BE(0) !== this.crc)
                throw this.corrupt(`chunk ${type} at byte ${this.chunkAt} has a bad CRC (the bytes were damaged)`);
            if (type !== 'IEND')
                return this.header();
            if (!this.sawData)
                throw this.corrupt('the PNG has no image data (IDAT)');
            this.finish();
        });
    }
}

;// CONCATENATED MODULE: ./src/images/sniff.ts
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];
/** Bytes needed to tell every supported format apart (WebP: `RIFF` + size + `WEBP`). */
const SNIFF_BYTES = 12;
function at(buf, offset, magic) {
    if (buf.length < offset + magic.length)
        return false;
    return magic.every((b, i) => buf[offset + i] === b);
}
/**
 * The format whose signature `buf` starts with: PNG `89 50 4E 47 0D 0A 1A 0A`, JPEG `FF D8 FF`,
 * WebP `RIFF ???? WEBP`. Undefined for anything else, including a prefix too short to decide.
 */
function sniffFormat(buf) {
    if (at(buf, 0, PNG))
        return 'png';
    if (at(buf, 0, JPEG))
        return 'jpeg';
    if (at(buf, 0, RIFF) && at(buf, 8, WEBP))
        return 'webp';
    return undefined;
}

;// CONCATENATED MODULE: ./src/images/webp.ts
/**
 * WebP: `RIFF`, a size field equal to the body's length minus 8, `WEBP`, a first chunk `VP8 `,
 * `VP8L` or `VP8X`, then chunks (four-character code, size, data, a pad byte after odd sizes) that
 * end exactly where the RIFF size says — nothing before it is missing, nothing after it follows.
 */

/** Bytes of the first chunk read for the size: VP8X needs 10, VP8L 5, VP8 10. */
const HEAD = 10;
class WebpWalker extends Walker {
    /** Bytes the RIFF size says are still to come. */
    left = 0;
    riffSize = 0;
    chunks = 0;
    chunk = '';
    chunkAt = 0;
    /** Whether a chunk that holds pixels (VP8, VP8L, or an animation frame) was seen. */
    pixels = false;
    constructor() {
        super();
        this.take(12, (b) => {
            if (b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP')
                throw this.corrupt('does not start with a RIFF WEBP header');
            this.riffSize = b.readUInt32LE(4);
            this.left = this.riffSize - 4;
            if (this.left < 8)
                throw this.corrupt(`the RIFF size field (${this.riffSize}) leaves no room for a chunk`);
            this.header();
        });
    }
    where() {
        const riff = `the RIFF size field says ${this.riffSize + 8} bytes in all`;
        return this.chunk ? `inside the ${this.chunk} chunk at byte ${this.chunkAt}; ${riff}` : riff;
    }
    header() {
        this.take(8, (b) => {
            this.chunkAt = this.offset - 8;
            const type = b.toString('latin1', 0, 4);
            const size = b.readUInt32LE(4);
            const whole = 8 + size + (size & 1);
            this.chunk = JSON.stringify(type);
            if (whole > this.left)
                throw this.corrupt(`chunk ${this.chunk} at byte ${this.chunkAt} runs past the end the RIFF size field gives (${this.riffSize + 8} bytes)`);
            this.left -= whole;
            const first = this.chunks++ === 0;
            if (first && type !== 'VP8 ' && type !== 'VP8L' && type !== 'VP8X')
                throw this.corrupt(`the first WebP chunk is ${this.chunk}, not VP8, VP8L or VP8X`);
            if (type === 'VP8 ' || type === 'VP8L' || type === 'ANMF')
                this.pixels = true;
            if (type === 'C2PA')
                this.contentCredentials = true;
            const rest = () => this.pass(size & 1, undefined, () => this.next());
            if (!first)
                return this.pass(size, undefined, rest);
            const head = Math.min(size, HEAD);
            this.take(head, (data) => {
                this.dimensions = sizeOf(type, data);
                if (!this.dimensions)
                    throw this.corrupt(`the ${this.chunk} chunk gives no image size`);
                this.pass(size - head, undefined, rest);
            });
        });
    }
    next() {
        if (this.left === 0) {
            if (!this.pixels)
                throw this.corrupt('the WebP has no image data (VP8, VP8L or ANMF chunk)');
            this.finish();
            return;
        }
        if (this.left < 8)
            throw this.corrupt(`the RIFF size field leaves ${this.left} byte(s) that are no chunk`);
        this.header();
    }
}
function sizeOf(type, d) {
    if (type === 'VP8X' && d.length >= 10)
        return { width: d.readUIntLE(4, 3) + 1, height: d.readUIntLE(7, 3) + 1 };
    if (type === 'VP8L' && d.length >= 5 && d[0] === 0x2f) {
        const bits = d.readUInt32LE(1);
        return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (type === 'VP8 ' && d.length >= 10 && d[3] === 0x9d && d[4] === 0x01 && d[5] === 0x2a) {
        const width = d.readUInt16LE(6) & 0x3fff;
        const height = d.readUInt16LE(8) & 0x3fff;
        return width > 0 && height > 0 ? { width, height } : undefined;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/images/verify.ts
/**
 * The one verifier of complete images. Every image that lands in a workspace — downloaded, restored
 * from the image cache, moved or copied from a record — goes through it: the magic bytes must name
 * the expected format, and the container must be walked to its end (PNG chunks with their CRCs to
 * `IEND`, JPEG segments and scans to `EOI`, the WebP RIFF size and chunks) with nothing after it.
 * It is fed chunk by chunk, so a download never holds the image in memory, and it is the one place
 * that reads an image's pixel size.
 *
 * It lives in src/images, below gateway, engine, publish and site, so each of them imports it
 * without reaching upwards.
 */








const WALKERS = {
    png: PngWalker,
    jpeg: JpegWalker,
    webp: WebpWalker,
};
/**
 * A streaming verifier: `push` each chunk as it arrives, then `end`. Both throw ImageVerifyError —
 * `format` (not the expected format: another attempt fetches the same thing), `truncated` (the
 * bytes stop before the image does) or `corrupt` (the container is wrong: a damaged transfer or
 * not an image at all).
 */
class ImageVerifier {
    expected;
    head = [];
    headLen = 0;
    walker;
    format;
    total = 0;
    /** `expected`: the format the bytes must be; undefined accepts any of PNG, JPEG and WebP. */
    constructor(expected) {
        this.expected = expected;
    }
    /** Pixel size, as soon as the header gave it (before the image is complete). */
    get dimensions() {
        return this.walker?.dimensions;
    }
    push(chunk) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
        this.total += buf.length;
        if (this.walker) {
            this.walker.push(buf);
            return;
        }
        // Decide as soon as the signature is in: no point walking 50 MiB of an HTML error page.
        this.head.push(Buffer.from(buf.subarray(0, SNIFF_BYTES - this.headLen)));
        this.headLen += Math.min(buf.length, SNIFF_BYTES - this.headLen);
        if (this.headLen < SNIFF_BYTES)
            return;
        const head = Buffer.concat(this.head);
        this.head = [];
        this.start(head);
        this.walker.push(head);
        const rest = buf.subarray(buf.length - (this.total - SNIFF_BYTES));
        if (rest.length > 0)
            this.walker.push(rest);
    }
    /** The stream ended: the image's facts when it is complete; throws otherwise. */
    end() {
        if (!this.walker) {
            const head = Buffer.concat(this.head);
            // A prefix too short to tell: an empty body, or a cut-off start of the expected format.
            if (this.headLen === 0)
                throw new ImageVerifyError('truncated', 'is empty');
            const could = this.expected ? [this.expected] : registry/* OUTPUT_FORMATS */.DS;
            if (could.some((f) => startsLike(head, f)))
                throw new ImageVerifyError('truncated', `ends early, after ${this.headLen} bytes`);
            this.start(head);
        }
        this.walker.end();
        return {
            format: this.format,
            bytes: this.total,
            dimensions: this.walker.dimensions,
            contentCredentials: this.walker.contentCredentials,
        };
    }
    start(head) {
        const got = sniffFormat(head);
        const want = this.expected;
        if (!got || (want && got !== want))
            throw new ImageVerifyError('format', got
                ? `is ${got}, expected ${want}`
                : `is not a PNG, JPEG or WebP image${want ? ` (expected ${want})` : ''}`);
        this.format = got;
        this.walker = new WALKERS[got]();
    }
}
/** Whether `head` (shorter than a signature) could still become one of `format`. */
function startsLike(head, format) {
    const full = {
        png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
        jpeg: Buffer.from([0xff, 0xd8, 0xff]),
        webp: Buffer.from('RIFF', 'latin1'),
    };
    const sig = full[format];
    const n = Math.min(head.length, sig.length);
    return head.subarray(0, n).equals(sig.subarray(0, n));
}
/** Bytes read at a time from a file: large reads keep the walk in native code. */
const FILE_CHUNK = 1024 * 1024;
/**
 * Verifies the image in `file` (restores, moves, copies). Throws ImageVerifyError when it is not a
 * complete image of `expected`; file-system errors propagate.
 */
async function verifyImageFile(file, expected) {
    const v = new ImageVerifier(expected);
    for await (const chunk of (0,external_node_fs_.createReadStream)(file, { highWaterMark: FILE_CHUNK }))
        v.push(chunk);
    return v.end();
}
/**
 * The pixel size the header of `file` gives, reading no more than `limit` bytes (and stopping as
 * soon as it is known); undefined when the file is missing, not an image, or says none so early.
 */
async function readImageDimensions(file, limit) {
    const v = new ImageVerifier();
    try {
        for await (const chunk of (0,external_node_fs_.createReadStream)(file, { end: limit - 1, highWaterMark: 64 * 1024 })) {
            v.push(chunk);
            if (v.dimensions)
                return v.dimensions;
        }
    }
    catch {
        return v.dimensions;
    }
    return v.dimensions;
}


/***/ }),

/***/ 6635:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $g: () => (/* binding */ MODEL_IDS),
/* harmony export */   B$: () => (/* binding */ outputFormat),
/* harmony export */   DS: () => (/* binding */ OUTPUT_FORMATS),
/* harmony export */   E1: () => (/* binding */ getModel),
/* harmony export */   K6: () => (/* binding */ effectiveParams),
/* harmony export */   L6: () => (/* binding */ MODELS),
/* harmony export */   ND: () => (/* binding */ STATUS_PATH),
/* harmony export */   QU: () => (/* binding */ FORMAT_EXT),
/* harmony export */   UB: () => (/* binding */ DEFAULT_MODEL),
/* harmony export */   Vc: () => (/* binding */ FORMAT_EXTENSIONS),
/* harmony export */   XJ: () => (/* binding */ imageCount),
/* harmony export */   Yp: () => (/* binding */ wireBody),
/* harmony export */   qQ: () => (/* binding */ formatOfExtension),
/* harmony export */   rw: () => (/* binding */ PARAM_KEYS),
/* harmony export */   wM: () => (/* binding */ pricingQuality)
/* harmony export */ });
/* unused harmony export ASPECT_TO_SIZE */
/**
 * The model registry: one row per gateway model. Everything the rest of the code knows about a
 * model — submit paths, which manifest keys it takes and under which wire names, the documented
 * defaults, the allowed values and the prices — lives here. Adding a model is adding a row.
 */
/** Manifest keys that are generation parameters (sent to the gateway, hashed). */
const PARAM_KEYS = [
    'quality',
    'background',
    'moderation',
    'aspect_ratio',
    'image_size',
    'output_format',
    'number_of_images',
    'output_compression',
];
/** The image formats every model can deliver, as `output_format` names them. */
const OUTPUT_FORMATS = ['png', 'jpeg', 'webp'];
/**
 * The one table of format ↔ file extension: the extensions each format is known by (lower case),
 * the one `{ext}` writes first. An `out` path, an image index and the image cache all read it.
 */
const FORMAT_EXTENSIONS = {
    png: ['png'],
    jpeg: ['jpg', 'jpeg'],
    webp: ['webp'],
};
/** File extension written for each output format. */
const FORMAT_EXT = {
    png: FORMAT_EXTENSIONS.png[0],
    jpeg: FORMAT_EXTENSIONS.jpeg[0],
    webp: FORMAT_EXTENSIONS.webp[0],
};
/** The format a file extension (without the dot, case aside) names, or undefined for another one. */
function formatOfExtension(ext) {
    const e = ext.toLowerCase();
    return OUTPUT_FORMATS.find((f) => FORMAT_EXTENSIONS[f].includes(e));
}
const QUALITY_2 = ['low', 'medium', 'high', 'auto'];
const BACKGROUND = ['auto', 'transparent', 'opaque'];
const ASPECTS = ['1:1', '3:2', '2:3'];
const SIZES = ['1024x1024', '1536x1024', '1024x1536'];
/** aspect_ratio → image_size, for models that take a pixel size. */
const ASPECT_TO_SIZE = {
    '1:1': '1024x1024',
    '3:2': '1536x1024',
    '2:3': '1024x1536',
};
const MODELS = {
    'gpt-image-2': {
        id: 'gpt-image-2',
        endpoints: {
            'text-to-image': '/gpt-image-2-text-to-image/v1/gpt-image-2-text-to-image/generate',
            'image-to-image': '/gpt-image-2-image-to-image/v1/gpt-image-2-image-to-image/generate',
        },
        params: {
            quality: { wire: 'quality', allowed: QUALITY_2, default: 'auto' },
            background: { wire: 'background', allowed: BACKGROUND, default: 'auto' },
            moderation: { wire: 'moderation', allowed: ['auto', 'low'], default: 'auto' },
            aspect_ratio: { wire: 'aspect_ratio', allowed: ASPECTS, default: '1:1' },
            output_format: { wire: 'output_format', allowed: OUTPUT_FORMATS, default: 'webp' },
            number_of_images: { wire: 'number_of_images', allowed: { min: 1, max: 10 }, default: 1 },
            output_compression: { wire: 'output_compression', allowed: { min: 0, max: 100 }, default: 90 },
        },
        sendDefaults: true,
        alwaysSend: [],
        acceptsInputImages: true,
        prices: { low: 0.012, medium: 0.047, high: 0.128, auto: 0.128 },
    },
    'gpt-image-1.5': {
        id: 'gpt-image-1.5',
        endpoints: {
            'text-to-image': '/gpt-image-1-5-api-923/v1/gpt-image-1-5-api-request',
        },
        params: {
            quality: { wire: 'quality', allowed: ['low', 'medium', 'high', 'auto', 'standard'] },
            background: { wire: 'background', allowed: BACKGROUND },
            // aspect_ratio is a manifest convenience: it is sent as image_size.
            aspect_ratio: { wire: 'image_size', allowed: ASPECTS },
            image_size: { wire: 'image_size', allowed: SIZES, default: '1024x1024' },
            // The format is always sent: the output's extension and the byte check depend on it.
            output_format: { wire: 'output_format', allowed: OUTPUT_FORMATS, default: 'webp' },
            number_of_images: { wire: 'num_images', allowed: { min: 1, max: 10 }, default: 1 },
        },
        sendDefaults: false,
        alwaysSend: ['image_size', 'output_format'],
        acceptsInputImages: false,
        prices: null,
    },
};
const MODEL_IDS = Object.keys(MODELS);
const DEFAULT_MODEL = 'gpt-image-2';
/** The universal status path (all models). */
const STATUS_PATH = '/v2/requests/status/';
function getModel(id) {
    const m = MODELS[id];
    if (!m)
        throw new Error(`unknown model ${id}`);
    return m;
}
/**
 * The effective parameters of an entry for one model: what the fingerprint hashes and what the
 * body is built from. `set` holds the values the manifest gave (entry over defaults), already
 * filtered to keys the model takes. For models with documented defaults every parameter appears;
 * for the others only the set ones plus `alwaysSend`. `aspect_ratio` is folded into `image_size`
 * where the model takes a pixel size, so both spellings hash alike.
 */
function effectiveParams(model, set) {
    const out = {};
    const values = { ...set };
    if (model.params.image_size && values.aspect_ratio !== undefined) {
        values.image_size ??= ASPECT_TO_SIZE[String(values.aspect_ratio)];
        delete values.aspect_ratio;
    }
    for (const key of PARAM_KEYS) {
        const spec = model.params[key];
        if (!spec)
            continue;
        if (key === 'aspect_ratio' && model.params.image_size)
            continue;
        const v = values[key];
        const always = model.sendDefaults || model.alwaysSend.includes(key);
        // A value spelled out equal to its default must hash like the omitted one; for models that
        // are sent only what is set, that means leaving it out.
        if (v !== undefined && (always || v !== spec.default))
            out[key] = v;
        else if (always && spec.default !== undefined)
            out[key] = spec.default;
    }
    return out;
}
/** The JSON body for a submit: the prompt, input images and the effective params under wire names. */
function wireBody(model, prompt, params, inputImageUrls) {
    const body = { prompt };
    if (inputImageUrls && inputImageUrls.length > 0)
        body.input_images = [...inputImageUrls];
    for (const [key, value] of Object.entries(params)) {
        const spec = model.params[key];
        if (spec)
            body[spec.wire] = value;
    }
    return body;
}
/** The number of images an entry's effective params ask for. */
function imageCount(params) {
    return Number(params.number_of_images ?? 1);
}
/** The output format an entry's effective params ask for. */
function outputFormat(params) {
    return (params.output_format ?? 'webp');
}
/** Quality name used for pricing and reporting (`auto` where unset). */
function pricingQuality(params) {
    return String(params.quality ?? 'auto');
}


/***/ }),

/***/ 9393:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jb: () => (/* binding */ retryPolicy),
/* harmony export */   a2: () => (/* binding */ retryDelay),
/* harmony export */   cO: () => (/* binding */ DEFAULT_RETRY_POLICY)
/* harmony export */ });
/* unused harmony export backoffDelay */
/** Defaults: 5 attempts, waits drawn from [0.1 s, 1 s], [0.1 s, 2 s], [0.1 s, 4 s], [0.1 s, 8 s]. */
const DEFAULT_RETRY_POLICY = {
    maxAttempts: 5,
    baseMs: 1000,
    capMs: 30_000,
    maxRetryAfterMs: 60_000,
    minDelayMs: 100,
};
/**
 * Merges overrides into the defaults and rejects values that would make the schedule
 * meaningless (NaN, negative, a non-integer attempt count) — a NaN here is how retry loops end up
 * firing every attempt at once.
 */
function retryPolicy(overrides = {}) {
    const policy = { ...DEFAULT_RETRY_POLICY, ...stripUndefined(overrides) };
    for (const [name, value] of Object.entries(policy)) {
        if (!Number.isFinite(value) || value < 0)
            throw new RangeError(`retry policy: ${name} must be a number ≥ 0`);
    }
    if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1)
        throw new RangeError('retry policy: maxAttempts must be an integer ≥ 1');
    return policy;
}
function stripUndefined(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
/**
 * Full-jitter backoff: `random · min(cap, base · 2^retryIndex)`, rounded to whole ms and never
 * below `minDelayMs`. `retryIndex` is 0 for the wait after the first failed attempt. A `random`
 * outside [0, 1) (a broken clock) is clamped rather than allowed to produce NaN.
 */
function backoffDelay(retryIndex, random, policy) {
    const window = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retryIndex));
    const r = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1) : 1;
    return Math.max(policy.minDelayMs, Math.round(r * window));
}
/**
 * The wait before retry `retryIndex`: the server's `Retry-After` when it gave one (bounded by
 * `minDelayMs`..`maxRetryAfterMs`), otherwise jittered backoff drawing one `clock.random()`.
 */
function retryDelay(retryIndex, retryAfterMs, clock, policy) {
    if (retryAfterMs !== undefined)
        return Math.min(policy.maxRetryAfterMs, Math.max(policy.minDelayMs, retryAfterMs));
    return backoffDelay(retryIndex, clock.random(), policy);
}


/***/ }),

/***/ 2250:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   z: () => (/* binding */ parseBytes)
/* harmony export */ });
/** Sizes as the inputs and flags spell them: `50MiB`, `20MB`, `1048576` (bytes). */
const UNITS = {
    b: 1,
    kb: 1e3,
    kib: 1024,
    mb: 1e6,
    mib: 1024 ** 2,
    gb: 1e9,
    gib: 1024 ** 3,
};
/** `50MiB`, `20MB`, `1048576` → bytes; undefined when the text is not a positive size. */
function parseBytes(value) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?\s*$/i.exec(value);
    if (!m)
        return undefined;
    const n = Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]);
    return n > 0 ? n : undefined;
}


/***/ }),

/***/ 6103:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ realClock)
/* harmony export */ });
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Time, as every waiting part of the tool takes it: the gateway's retries and polling, the run lock,
 * the concurrency limiter and the commit's push retries. Injected so schedules are testable without
 * waiting. This module imports no HTTP client, so a command that only waits (gallery, plan) does not
 * load one.
 */

/** Wall-clock time, real timers and Math.random: the Clock used outside tests. */
const realClock = {
    now: () => Date.now(),
    sleep: (ms, signal) => (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(ms, undefined, signal ? { signal } : {}),
    random: () => Math.random(),
};


/***/ }),

/***/ 5627:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ Semaphore)
/* harmony export */ });
/** A counting semaphore: at most `limit` holders at once, served first come, first served. */
class Semaphore {
    limit;
    active = 0;
    waiting = [];
    constructor(limit) {
        this.limit = limit;
    }
    /** Waits for a slot; the returned function gives it back (calling it again does nothing). */
    async acquire() {
        if (this.active >= this.limit)
            await new Promise((resolve) => this.waiting.push(resolve));
        else
            this.active++;
        let released = false;
        return () => {
            if (released)
                return;
            released = true;
            const next = this.waiting.shift();
            // Hand the slot straight to the next waiter; the count stays the same.
            if (next)
                next();
            else
                this.active--;
        };
    }
    /** Runs `fn` in a slot, giving the slot back however `fn` ends. */
    async run(fn) {
        const release = await this.acquire();
        try {
            return await fn();
        }
        finally {
            release();
        }
    }
}


/***/ }),

/***/ 7564:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ ACTION_NAMES),
/* harmony export */   HA: () => (/* binding */ defaultOf),
/* harmony export */   Q4: () => (/* binding */ CLI_NAMES),
/* harmony export */   QR: () => (/* binding */ flagHelp),
/* harmony export */   _t: () => (/* binding */ cliName),
/* harmony export */   nY: () => (/* binding */ parseConcurrency),
/* harmony export */   yy: () => (/* binding */ SETTINGS)
/* harmony export */ });
/* unused harmony exports MAX_FIXED_CONCURRENCY, SHARED_SETTINGS */
/**
 * Every setting of a run, once: its default, and how each adapter names it — the action's input
 * (`poll-timeout`) and the CLI's flag or environment variable (`--poll-timeout`, `PIXAZO_API_KEY`).
 * action.yml's defaults, the CLI's help lines and the docs' tables are checked against this table
 * (test/docs/settings.test.ts); what a raw value means is read in ./read-settings.ts. Messages are
 * written once, naming a setting by its key here, and each adapter hands its own names to the code
 * that words them — one mapping, no rewriting of finished text.
 */
/** The highest fixed `concurrency` accepted. */
const MAX_FIXED_CONCURRENCY = 64;
/**
 * Every input of action.yml, in its order (SPEC §6), with the CLI's flag where the CLI has one
 * (SPEC §8). A new input goes here first; the tests then ask for it in action.yml.
 */
const SETTINGS = {
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
};
/** The settings both adapters have, in action.yml's order. */
const SHARED_SETTINGS = Object.keys(SETTINGS).filter((k) => 'cli' in SETTINGS[k]);
/** The CLI's flag or environment variable for a setting, as the user types it. */
function cliName(setting) {
    return SETTINGS[setting].cli;
}
/** The action's names: its inputs (the key is also a repository secret, named in the workflow). */
const ACTION_NAMES = (s) => `the \`${s}\` input`;
/** The CLI's names: a flag, or the environment variable that holds the key. */
const CLI_NAMES = (s) => `\`${cliName(s)}\``;
/** A setting's default as the action reads it (`''` when it has none). */
function defaultOf(name) {
    return SETTINGS[name].default;
}
/**
 * A flag's help line: its meaning, then its default (a switch's `false` goes without saying).
 * `--help` and docs/cli.md print this.
 */
function flagHelp(setting) {
    const spec = SETTINGS[setting];
    const shown = spec.cliDefault ?? (spec.default === 'false' ? '' : spec.default);
    return `${spec.help ?? ''}${shown ? ` (default: ${shown})` : ''}`;
}
/**
 * Reads a `concurrency` setting, the one parser both adapters use: `auto` (any case, surrounding
 * spaces ignored) or a whole number from 1 to 64. Returns the problem as text when it is neither.
 */
function parseConcurrency(raw) {
    const text = raw.trim();
    if (text.toLowerCase() === 'auto')
        return 'auto';
    const n = Number(text);
    if (text !== '' && Number.isInteger(n) && n >= 1 && n <= MAX_FIXED_CONCURRENCY)
        return n;
    return {
        problem: `must be \`auto\` or a whole number from 1 to ${MAX_FIXED_CONCURRENCY}, got "${raw}"`,
    };
}


/***/ })

};
