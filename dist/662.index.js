export const id = 662;
export const ids = [662];
export const modules = {

/***/ 26662:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkCommitTarget: () => (/* binding */ checkCommitTarget),
/* harmony export */   commitAndPush: () => (/* binding */ commitAndPush),
/* harmony export */   commitMessage: () => (/* binding */ commitMessage)
/* harmony export */ });
/* unused harmony export PublishError */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _gateway_options_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2521);
/* harmony import */ var _gateway_retry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(90956);
/* harmony import */ var _shared_fs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(66242);
/* harmony import */ var _shared_logger_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(64381);
/* harmony import */ var _git_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(80299);







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
        branch = await new _git_js__WEBPACK_IMPORTED_MODULE_6__.GitCli(workspace).currentBranch();
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
/** Waits between pushes: up to 1 s doubling to 16 s, jittered, never under 0.5 s (the others are pushing too). */
const PUSH_BACKOFF = (0,_gateway_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .retryPolicy */ .Jb)({ baseMs: 1000, capMs: 16_000, minDelayMs: 500 });
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
    const clock = opts.clock ?? _gateway_options_js__WEBPACK_IMPORTED_MODULE_2__/* .realClock */ .dQ;
    const log = opts.logger ?? _shared_logger_js__WEBPACK_IMPORTED_MODULE_5__/* .silentLogger */ .q;
    // Our paths are literal file names: `*` or `:` in an image name must not act as pathspec magic.
    const env = { GIT_LITERAL_PATHSPECS: '1' };
    const { top, prefix } = await new _git_js__WEBPACK_IMPORTED_MODULE_6__.GitCli(opts.workspace, { env }).locate();
    const git = new _git_js__WEBPACK_IMPORTED_MODULE_6__.GitCli(top, { env, ...(opts.token ? { token: opts.token } : {}) });
    const toRepo = (p) => repoPath(prefix, p);
    const lockPath = toRepo(opts.lockfile);
    const files = [...new Set([...opts.paths, opts.lockfile].map(toRepo))].sort();
    const lockAbs = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(top, lockPath);
    const head = await git.revParse('HEAD');
    const ours = await (0,_shared_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .readTextIfExists */ .TP)(lockAbs);
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
        const delay = (0,_gateway_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .backoffDelay */ .EY)(attempt - 1, clock.random(), PUSH_BACKOFF);
        log.info(`Push rejected: ${where} moved. Retrying on its new head in ${delay} ms.`);
        await clock.sleep(delay);
        try {
            parent = await git.fetchRemoteHead(remote, opts.branch);
            const theirs = parent ? ((await git.showFile(parent, lockPath)) ?? '') : '';
            if (ours !== undefined)
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
        if ((0,_git_js__WEBPACK_IMPORTED_MODULE_6__/* .isPushRace */ .G)(err))
            return false;
        throw pushError(err, `${remote}/${branch}`, n);
    }
}
/** Replace `{count}` in the configured commit message. */
function commitMessage(template, count) {
    return template.replaceAll('{count}', String(count));
}
/** Build a commit of `parent` + our files on a throwaway index; null when its tree equals the parent's. */
async function buildCommit(git, top, parent, files, lock, opts) {
    const present = [];
    const gone = [];
    for (const f of files) {
        if (f !== lock?.path)
            ((await exists(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(top, f))) ? present : gone).push(f);
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
            await (0,_shared_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .writeFileAtomic */ .Zf)(lockAbs, merged);
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
    const detail = err instanceof _git_js__WEBPACK_IMPORTED_MODULE_6__/* .GitError */ .X ? err.stderr : String(err);
    const first = detail.split('\n').find((l) => l.trim()) ?? detail;
    const hint = PUSH_HINTS.find(([re]) => re.test(detail))?.[1] ?? '';
    return new PublishError(`git push to ${where} failed: ${first}.${hint} ${KEPT}.`, attempt, { cause: err });
}
/** Workspace-relative → repository-relative, `/`-separated; refuses paths outside the work tree. */
function repoPath(prefix, p) {
    const rel = node_path__WEBPACK_IMPORTED_MODULE_1___default().posix.normalize(prefix + p.replaceAll('\\', '/'));
    if (node_path__WEBPACK_IMPORTED_MODULE_1___default().posix.isAbsolute(rel) || rel === '..' || rel.startsWith('../') || rel === '.') {
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
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat)(file);
        return true;
    }
    catch (err) {
        const code = err.code;
        if (code === 'ENOENT' || code === 'ENOTDIR')
            return false;
        throw err;
    }
}


/***/ }),

/***/ 64381:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ silentLogger)
/* harmony export */ });
/** Says nothing: the default where logging is optional. */
const silentLogger = { debug() { }, info() { }, warning() { } };


/***/ })

};
