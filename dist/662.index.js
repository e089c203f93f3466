export const id = 662;
export const ids = [662,299];
export const modules = {

/***/ 26662:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PublishError: () => (/* binding */ PublishError),
/* harmony export */   backoffMs: () => (/* binding */ backoffMs),
/* harmony export */   checkCommitTarget: () => (/* binding */ checkCommitTarget),
/* harmony export */   commitAndPush: () => (/* binding */ commitAndPush),
/* harmony export */   commitMessage: () => (/* binding */ commitMessage)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _git_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(80299);




/** Publishing by commit cannot go on. The message says what to do; `attempts` counts pushes tried. */
class PublishError extends Error {
    attempts;
    name = 'PublishError';
    constructor(message, attempts = 0, options) {
        super(message, options);
        this.attempts = attempts;
    }
}
const CHECKOUT_SNIPPET = '- uses: actions/checkout@v5\n  with:\n    ref: ${{ github.head_ref }}';
/**
 * Check that the workspace has a branch to commit to. Called before any spend, so that a pull_request
 * run on actions/checkout's detached merge commit stops for free instead of after paying for images.
 */
async function checkCommitTarget(workspace, eventName, headRef) {
    let branch;
    try {
        branch = await new _git_js__WEBPACK_IMPORTED_MODULE_3__.GitCli(workspace).currentBranch();
    }
    catch (err) {
        throw new PublishError(`publish: commit needs a git checkout, but ${workspace} is not one (${err.message}). ` +
            'Run actions/checkout first, or use publish: artifact. The run stopped before spending anything.', 0, { cause: err });
    }
    if (branch)
        return { branch };
    if (eventName.startsWith('pull_request')) {
        throw new PublishError('publish: commit needs a branch, but HEAD is detached: on pull_request, actions/checkout checks out ' +
            `a merge commit${headRef ? ` instead of ${headRef}` : ''}. The run stopped before spending anything. ` +
            `Check out the pull request's branch:\n\n${CHECKOUT_SNIPPET}\n\nor use publish: artifact.`);
    }
    throw new PublishError(`publish: commit needs a branch, but HEAD is detached (event ${eventName}). The run stopped before ` +
        'spending anything. Check out a branch (actions/checkout with `ref: <branch>`), or use publish: artifact.');
}
const systemClock = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: () => Math.random(),
};
const silent = { info() { }, warning() { }, debug() { } };
// The id of the empty tree, the parent tree of a first commit.
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const KEPT = 'Nothing is lost: the generated images and the lockfile are still in the workspace, uncommitted';
/**
 * Commit exactly `paths` on top of HEAD and push to `branch`, without touching anything else in the
 * workspace: the commit is built on a temporary index, so other staged and unstaged changes stay as they
 * were. A push rejected because the branch moved is retried on the remote head, with this run's files
 * re-applied and the lockfile merged per entry, after a jittered exponential backoff.
 * Throws {@link PublishError} when the push is refused or still rejected after `maxAttempts`.
 */
async function commitAndPush(opts) {
    const remote = opts.remote ?? 'origin';
    const maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
    const clock = opts.clock ?? systemClock;
    const log = opts.logger ?? silent;
    // Our paths are literal file names: `*` or `:` in an image name must not act as pathspec magic.
    const env = { GIT_LITERAL_PATHSPECS: '1' };
    const { top, prefix } = await new _git_js__WEBPACK_IMPORTED_MODULE_3__.GitCli(opts.workspace, { env }).locate();
    const git = new _git_js__WEBPACK_IMPORTED_MODULE_3__.GitCli(top, { env, ...(opts.token ? { token: opts.token } : {}) });
    const toRepo = (p) => repoPath(prefix, p);
    const lockPath = toRepo(opts.lockfile);
    const files = [...new Set([...opts.paths, opts.lockfile].map(toRepo))].sort();
    const lockAbs = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(top, lockPath);
    const head = await git.revParse('HEAD');
    const ours = await readText(lockAbs);
    const where = `${remote}/${opts.branch}`;
    let parent = head;
    let merged = null;
    for (let attempt = 1;; attempt++) {
        const lock = merged === null ? null : { path: lockPath, merged };
        const sha = await buildCommit(git, top, parent, files, lock, opts);
        if (sha === null || (await pushed(git, remote, sha, opts.branch, attempt))) {
            log.info(sha ? `Pushed ${sha.slice(0, 7)} to ${where} (attempt ${attempt}).` : 'Nothing to commit.');
            const target = sha ?? parent;
            if (target && target !== head)
                await syncWorkspace(git, opts.branch, head, target, files, lockAbs, merged, log);
            return { sha, attempts: sha ? attempt : attempt - 1 };
        }
        if (attempt >= maxAttempts) {
            throw new PublishError(`Push to ${where} was rejected ${attempt} times: the branch kept moving (other runs or shards pushing ` +
                `at the same time). ${KEPT} (${preview(files)}); upload them or re-run the job. ` +
                'A `concurrency:` group per branch avoids the race.', attempt);
        }
        const delay = backoffMs(attempt, clock.random());
        log.info(`Push rejected: ${where} moved. Retrying on its new head in ${delay} ms.`);
        await clock.sleep(delay);
        try {
            parent = await git.fetchRemoteHead(remote, opts.branch);
            const theirs = parent ? ((await git.showFile(parent, lockPath)) ?? '') : '';
            if (ours !== null)
                merged = opts.mergeLockfile(ours, theirs);
        }
        catch (err) {
            const why = `Could not catch up with ${where} after a push race: ${err.message}`;
            throw new PublishError(`${why} ${KEPT}.`, attempt, { cause: err });
        }
    }
}
/** Push; true when it landed, false when it lost a race, PublishError for any other refusal. */
async function pushed(git, remote, sha, branch, n) {
    try {
        await git.push(remote, sha, branch);
        return true;
    }
    catch (err) {
        if ((0,_git_js__WEBPACK_IMPORTED_MODULE_3__/* .isPushRace */ .G)(err))
            return false;
        throw pushError(err, `${remote}/${branch}`, n);
    }
}
/** Replace `{count}` in the configured commit message. */
function commitMessage(template, count) {
    return template.replaceAll('{count}', String(count));
}
/** Delay before retry number `retry` (1-based): 1 s doubling to 16 s, with "equal jitter" (50–100 %). */
function backoffMs(retry, random) {
    const r = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1) : 0.5;
    return Math.round(Math.min(16_000, 1_000 * 2 ** (retry - 1)) * (0.5 + r / 2));
}
/** Build a commit of `parent` + our files on a throwaway index; null when its tree equals the parent's. */
async function buildCommit(git, top, parent, files, lock, opts) {
    const present = [];
    const gone = [];
    for (const f of files) {
        if (f !== lock?.path)
            ((await exists(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(top, f))) ? present : gone).push(f);
    }
    const tree = await git.withTempIndex(async (idx) => {
        await idx.exec(parent ? ['read-tree', parent] : ['read-tree', '--empty']);
        // `--force` because the lockfile records these files: leaving out one that .gitignore matches would
        // make every later run regenerate it, and pay again.
        await idx.add(present, { force: true });
        await idx.removeFromIndex(gone);
        if (lock)
            await idx.addBlob(lock.path, await idx.hashObject(lock.merged, lock.path));
        return idx.writeTree();
    });
    if (tree === (parent ? await git.treeOf(parent) : EMPTY_TREE))
        return null;
    return git.commitTree(tree, parent, opts.message, opts.author);
}
/**
 * After a push: write the merged lockfile back for later steps, and bring the local branch to `target`
 * the way a fast-forward would: our paths' index entries first, then a two-way `read-tree` that checks
 * out what others pushed meanwhile and carries every local change along, or refuses as a whole when a
 * local change is in the way. Then the workspace is left on its old HEAD, with a warning.
 */
async function syncWorkspace(git, branch, head, target, files, lockAbs, merged, log) {
    try {
        if (merged !== null)
            await writeAtomic(lockAbs, merged);
        if ((await git.currentBranch()) !== branch) {
            log.debug(`The workspace is not on ${branch}: its HEAD and index are left as they were.`);
            return;
        }
        await git.resetPaths(target, files);
        try {
            if (head)
                await git.exec(['read-tree', '-m', '-u', head, target]);
            await git.updateRef(`refs/heads/${branch}`, target, head, 'pixazo-images: publish');
        }
        catch (err) {
            if (head)
                await git.resetPaths(head, files);
            throw err;
        }
    }
    catch (err) {
        // The push landed: nothing is lost, and failing the step now would only hide that.
        log.warning(`Pushed, but the local ${branch} could not follow ${target.slice(0, 7)} without touching local changes ` +
            `(${err.message}); it stays at ${head?.slice(0, 7) ?? 'its old commit'}: run git pull to catch up.`);
    }
}
// What a refused push means, by git's (or GitHub's) words, and what the user can do about it.
const PUSH_HINTS = [
    [
        /GH006|GH013|protected branch|rule violation/i,
        ' The branch is protected and GITHUB_TOKEN cannot bypass its rules: use a PAT or GitHub App token allowed ' +
            "to push to it (actions/checkout `token:` or this action's `github-token`), or publish: artifact.",
    ],
    [
        /\b40[13]\b|permission to .* denied|not granted|could not read username|authentication failed/i,
        ' The token may not push: give the workflow `permissions: contents: write` (a pull request from a fork ' +
            'only ever gets a read-only token); protected branches need a PAT or GitHub App token.',
    ],
];
function pushError(err, where, attempt) {
    const detail = err instanceof _git_js__WEBPACK_IMPORTED_MODULE_3__/* .GitError */ .X ? err.stderr : String(err);
    const first = detail.split('\n').find((l) => l.trim()) ?? detail;
    const hint = PUSH_HINTS.find(([re]) => re.test(detail))?.[1] ?? '';
    return new PublishError(`git push to ${where} failed: ${first}.${hint} ${KEPT}.`, attempt, { cause: err });
}
/** Workspace-relative → repository-relative, `/`-separated; refuses paths outside the work tree. */
function repoPath(prefix, p) {
    const rel = node_path__WEBPACK_IMPORTED_MODULE_2___default().posix.normalize(prefix + p.replaceAll('\\', '/'));
    if (node_path__WEBPACK_IMPORTED_MODULE_2___default().posix.isAbsolute(rel) || rel === '..' || rel.startsWith('../') || rel === '.') {
        throw new PublishError(`Cannot commit ${p}: it is outside the git work tree.`);
    }
    return rel;
}
function preview(files) {
    return files.length > 5 ? `${files.slice(0, 5).join(', ')} and ${files.length - 5} more` : files.join(', ');
}
/** Whether a path exists; only "not there" counts as deleted, so an unreadable image is never dropped. */
async function exists(file) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(file);
        return true;
    }
    catch (err) {
        const code = err.code;
        if (code === 'ENOENT' || code === 'ENOTDIR')
            return false;
        throw err;
    }
}
async function readText(file) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return null;
        throw err;
    }
}
async function writeAtomic(file, text) {
    const tmp = `${file}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}.tmp`;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(tmp, text);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(tmp, file);
}


/***/ }),

/***/ 80299:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ isPushRace),
/* harmony export */   GitCli: () => (/* binding */ GitCli),
/* harmony export */   X: () => (/* binding */ GitError)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);




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
            const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)('git', args, { cwd: this.cwd, env, maxBuffer: MAX_BUFFER, encoding: 'utf8' }, (err, stdout, stderr) => {
                if (!err)
                    return resolve(stdout);
                const code = typeof err.code === 'number' ? err.code : null;
                const detail = (stderr || (code === null ? err.message : '')).trim();
                reject(new GitError(this.#mask(command), this.#mask(detail), code));
            });
            // A command that does not read stdin may close it before we write: ignore EPIPE there.
            child.stdin?.on('error', () => { });
            child.stdin?.end(opts.input ?? '');
        });
    }
    /** Commit id of `rev`, or null when it does not name a commit (unborn branch, unknown ref). */
    async revParse(rev) {
        try {
            return (await this.exec(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])).trim() || null;
        }
        catch (err) {
            if (err instanceof GitError && err.exitCode === 1)
                return null;
            throw err;
        }
    }
    /** Tree id of a commit. */
    async treeOf(commit) {
        return (await this.exec(['rev-parse', '--verify', `${commit}^{tree}`])).trim();
    }
    /** The checked-out branch's short name, or null when HEAD is detached. */
    async currentBranch() {
        try {
            return (await this.exec(['symbolic-ref', '--quiet', '--short', 'HEAD'])).trim() || null;
        }
        catch (err) {
            if (err instanceof GitError && err.exitCode === 1)
                return null;
            throw err;
        }
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
        let blob;
        try {
            blob = (await this.exec(['rev-parse', '--verify', '--quiet', `${rev}:${file}`])).trim();
        }
        catch (err) {
            if (err instanceof GitError && err.exitCode === 1)
                return null;
            throw err;
        }
        return this.exec(['cat-file', 'blob', blob]);
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
        const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'git-index-'));
        try {
            return await fn(this.withEnv({ GIT_INDEX_FILE: node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, 'index') }));
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(dir, { recursive: true, force: true });
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
 * Whether a push failed only because the branch moved under us (worth a fetch and another try): a
 * rejected ref whose reason is a lost race, not a hook, a permission or a protection rule.
 */
function isPushRace(err) {
    if (!(err instanceof GitError))
        return false;
    return err.stderr
        .split('\n')
        .some((line) => /^\s*!\s*\[(remote )?rejected\]/.test(line) &&
        /\((non-fast-forward|fetch first|stale info|failed to update ref|cannot lock ref|incorrect old value)/i.test(line));
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


/***/ })

};
