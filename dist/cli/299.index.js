export const id = 299;
export const ids = [299];
export const modules = {

/***/ 299:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GitCli: () => (/* binding */ GitCli)
/* harmony export */ });
/* unused harmony exports GitError, isPushRace */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
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
