export const id = 122;
export const ids = [122];
export const modules = {

/***/ 89921:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ PublishError),
/* harmony export */   t: () => (/* binding */ KEPT)
/* harmony export */ });
/** Publishing by commit cannot go on. The message says what to do; `attempts` counts commits tried. */
class PublishError extends Error {
    attempts;
    name = 'PublishError';
    constructor(message, attempts = 0, options) {
        super(message, options);
        this.attempts = attempts;
    }
}
/** The end of every message about a commit that did not land. */
const KEPT = 'Nothing is lost: the generated images and the lockfile are still in the workspace, uncommitted';


/***/ }),

/***/ 34122:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  PublishError: () => (/* reexport */ commit_error/* PublishError */.S),
  checkCommitTarget: () => (/* binding */ checkCommitTarget),
  commitAndPush: () => (/* binding */ commitAndPush)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/shared/clock.ts + 1 modules
var shared_clock = __webpack_require__(75430);
// EXTERNAL MODULE: ./src/shared/format.ts
var format = __webpack_require__(36338);
// EXTERNAL MODULE: ./src/shared/fs.ts
var fs = __webpack_require__(66242);
// EXTERNAL MODULE: ./src/shared/git.ts + 1 modules
var shared_git = __webpack_require__(91204);
// EXTERNAL MODULE: ./src/shared/logger.ts
var logger = __webpack_require__(64381);
// EXTERNAL MODULE: ./src/publish/commit-error.ts
var commit_error = __webpack_require__(89921);
;// CONCATENATED MODULE: ./src/publish/commit-push.ts
/** Landing a commit with git: `commit-tree` on the built tree, then `git push`. */


/** Commits a tree with git as `author` and pushes it to `branch`; a lost race asks for another try. */
function pushLander(git, o) {
    const where = `${o.remote}/${o.branch}`;
    return {
        what: `Push to ${where}`,
        async land(tree, parent, attempt) {
            const sha = await git.commitTree(tree, parent, o.message, o.author);
            try {
                await git.push(o.remote, sha, o.branch);
                return { sha, local: true };
            }
            catch (err) {
                if (isPushRace(err))
                    return { race: `Push rejected: ${where} moved.` };
                throw pushError(err, where, attempt);
            }
        },
    };
}
// What a refused push means, by git's (or GitHub's) words, and what the user can do about it.
const PUSH_HINTS = [
    [
        /GH006|GH013|protected branch|rule violation/i,
        ' The branch is protected and GITHUB_TOKEN cannot bypass its rules: use a PAT or GitHub App token allowed ' +
            "to push to it (actions/checkout `token:` or this action's `github-token`), or publish: artifact. " +
            'If the rules require signed commits, set sign-commits: true.',
    ],
    [
        /\b40[13]\b|permission to .* denied|not granted|could not read username|authentication failed/i,
        ' The token may not push: give the workflow `permissions: contents: write` (a pull request from a fork ' +
            'only ever gets a read-only token); protected branches need a PAT or GitHub App token.',
    ],
];
function pushError(err, where, attempt) {
    const detail = err instanceof shared_git/* GitError */.X ? err.stderr : String(err);
    const first = detail.split('\n').find((l) => l.trim()) ?? detail;
    const hint = PUSH_HINTS.find(([re]) => re.test(detail))?.[1] ?? '';
    return new commit_error/* PublishError */.S(`git push to ${where} failed: ${first}.${hint} ${commit_error/* KEPT */.t}.`, attempt, { cause: err });
}
/**
 * Whether a push failed only because the branch moved under us (worth a fetch and another try): a
 * rejected ref whose reason is a lost race, not a hook, a permission or a protection rule.
 */
function isPushRace(err) {
    if (!(err instanceof shared_git/* GitError */.X))
        return false;
    return err.stderr
        .split('\n')
        .some((line) => /^\s*!\s*\[(remote )?rejected\]/.test(line) &&
        /\((non-fast-forward|fetch first|stale info|failed to update ref|cannot lock ref|incorrect old value)/i.test(line));
}

;// CONCATENATED MODULE: ./src/publish/commit-retry.ts
/**
 * How long a commit waits for a busy branch: growing, jittered waits that add up to about a minute,
 * so parallel shards and other pushers are outwaited rather than raced a few times in three seconds.
 */

/** Waits (ms) between attempts, before jitter: each 1.5 times the one before, summing to 60 s. */
const RATIO = 1.5;
const WAITS = 7;
const FIRST_MS = (60_000 * (RATIO - 1)) / (RATIO ** WAITS - 1);
/** ±15 % jitter: parallel shards spread out, and each wait still exceeds the one before (1.5·0.85 > 1.15). */
const JITTER = 0.15;
/** Attempts by default: a first one and one after each wait. */
const DEFAULT_PUSH_ATTEMPTS = WAITS + 1;
/**
 * The wait before retry number `retryIndex + 1` (0-based), given a random number in [0, 1). Beyond the
 * planned waits (a caller asking for more attempts) the last one is repeated, still jittered.
 */
function pushRetryWait(retryIndex, random) {
    const step = Math.min(Math.max(0, retryIndex), WAITS - 1);
    const r = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1) : 0.5;
    return Math.round(FIRST_MS * RATIO ** step * (1 - JITTER + 2 * JITTER * r));
}
/**
 * The message of a commit that gave up on a moving branch: names the branch, says nothing is lost,
 * and what to do — re-run, which pays nothing again when the images are in the image cache.
 */
function gaveUpMessage(o) {
    const rerun = o.cached
        ? 'Re-run the workflow: nothing is paid again (the images were saved to the image cache before the first ' +
            'push, and the re-run restores them from there).'
        : 'Upload them, or re-run the workflow with `cache: true` (without the image cache a re-run on a fresh ' +
            'checkout pays for them again).';
    return (`${o.what} was rejected ${o.attempts} times over ${(0,format/* formatSeconds */.Xo)(o.waitedMs)}: the branch ${o.branch} kept moving (other runs ` +
        `or shards pushing at the same time${o.lostAnswers ? ", or GitHub's answers were lost" : ''}). ` +
        `${o.kept} (${o.files}). ${rerun} A \`concurrency:\` group per branch avoids the race.`);
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./src/publish/commit-tree.ts
/** The tree a commit gets: the parent's, plus this run's files, on a throwaway index. */


// The id of the empty tree, the parent tree of a first commit.
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
/** The tree of `parent` + our files on a throwaway index; null when it equals the parent's. */
async function buildTree(git, top, parent, files, blobs) {
    const present = [];
    const gone = [];
    const asBlobs = new Set(blobs.map((b) => b.path));
    for (const f of files) {
        if (!asBlobs.has(f))
            ((await exists(external_node_path_default().join(top, f))) ? present : gone).push(f);
    }
    const tree = await git.withTempIndex(async (idx) => {
        await idx.exec(parent ? ['read-tree', parent] : ['read-tree', '--empty']);
        // `--force` because the lockfile records these files: leaving out one that .gitignore matches would
        // make every later run regenerate it, and pay again.
        await idx.add(present, { force: true });
        await idx.removeFromIndex(gone);
        for (const b of blobs)
            await idx.addBlob(b.path, await idx.hashObject(b.text, b.path));
        return idx.writeTree();
    });
    return tree === (parent ? await git.treeOf(parent) : EMPTY_TREE) ? null : tree;
}
/** Up to five paths, for messages. */
function preview(files) {
    return files.length > 5 ? `${files.slice(0, 5).join(', ')} and ${files.length - 5} more` : files.join(', ');
}
/** Whether a path exists; only "not there" counts as deleted, so an unreadable image is never dropped. */
async function exists(file) {
    try {
        await (0,promises_.lstat)(file);
        return true;
    }
    catch (err) {
        const code = err.code;
        if (code === 'ENOENT' || code === 'ENOTDIR')
            return false;
        throw err;
    }
}

// EXTERNAL MODULE: ./src/publish/repo-location.ts
var repo_location = __webpack_require__(59107);
;// CONCATENATED MODULE: ./src/publish/commit.ts












const CHECKOUT_SNIPPET = '- uses: actions/checkout@v5\n  with:\n    ref: ${{ github.head_ref }}';
/**
 * Check that the repository holding `dir` (the manifest's folder) has a branch to commit to. Called
 * before any spend, so that a pull_request run on actions/checkout's detached merge commit stops for
 * free instead of after paying for images.
 */
async function checkCommitTarget(dir, eventName, headRef) {
    let branch;
    try {
        branch = await new shared_git/* GitCli */.T(dir).currentBranch();
    }
    catch (err) {
        throw new commit_error/* PublishError */.S(`publish: commit needs a git checkout, but ${dir} is not in one (${err.message}). ` +
            'Run actions/checkout first, or use publish: artifact. The run stopped before spending anything.', 0, { cause: err });
    }
    if (branch)
        return { branch };
    if (eventName.startsWith('pull_request')) {
        throw new commit_error/* PublishError */.S('publish: commit needs a branch, but HEAD is detached: on pull_request, actions/checkout checks out ' +
            `a merge commit${headRef ? ` instead of ${headRef}` : ''}. The run stopped before spending anything. ` +
            `Check out the pull request's branch:\n\n${CHECKOUT_SNIPPET}\n\nor use publish: artifact.`);
    }
    throw new commit_error/* PublishError */.S(`publish: commit needs a branch, but HEAD is detached (event ${eventName}). The run stopped before ` +
        'spending anything. Check out a branch (actions/checkout with `ref: <branch>`), or use publish: artifact.');
}
/**
 * Commit exactly `paths` on top of HEAD, to `branch` on the remote, without touching anything else
 * in the workspace: the tree is built on a temporary index, so other staged and unstaged changes stay
 * as they were. With `api` the commit is created by GitHub (signed), else pushed with git. When the
 * branch moved meanwhile the commit is rebuilt on the remote head, with this run's files re-applied
 * and the lockfile merged per entry (and what derives from it rebuilt), after growing, jittered waits
 * that add up to about a minute (see ./commit-retry.ts).
 * Throws {@link PublishError} when the commit is refused, or the branch still moves after `maxAttempts`.
 */
async function commitAndPush(opts) {
    const remote = opts.remote ?? 'origin';
    const maxAttempts = Math.max(1, opts.maxAttempts ?? DEFAULT_PUSH_ATTEMPTS);
    const clock = opts.clock ?? shared_clock/* realClock */.d;
    const log = opts.logger ?? logger/* silentLogger */.q;
    // Our paths are literal file names: `*` or `:` in an image name must not act as pathspec magic.
    const env = { GIT_LITERAL_PATHSPECS: '1' };
    const repo = await (0,repo_location/* locateRepository */.Z)(opts.workspace, opts.repoDir ?? opts.workspace);
    const git = new shared_git/* GitCli */.T(repo.top, { env, ...(opts.token ? { token: opts.token } : {}) });
    const toRepo = (p) => {
        const rel = repo.toRepo(p);
        if (rel === undefined)
            throw new commit_error/* PublishError */.S(`Cannot commit ${p}: it is outside the git work tree.`);
        return rel;
    };
    const lockPath = toRepo(opts.lockfile);
    const files = [...new Set([...opts.paths, opts.lockfile].map(toRepo))].sort();
    const lockAbs = external_node_path_default().join(repo.top, lockPath);
    const where = `${remote}/${opts.branch}`;
    const lander = opts.api
        ? (await __webpack_require__.e(/* import() */ 931).then(__webpack_require__.bind(__webpack_require__, 89931))).apiLander(git, {
            ...opts.api,
            remote,
            branch: opts.branch,
            lockfile: lockPath,
            message: opts.message,
            logger: log,
        })
        : pushLander(git, { remote, branch: opts.branch, message: opts.message, author: opts.author });
    const head = await git.revParse('HEAD');
    const ours = await (0,fs/* readTextIfExists */.TP)(lockAbs);
    let parent = head;
    // The merged lockfile and what was rebuilt from it, repository-relative: committed as blobs.
    let blobs = [];
    let maybeLanded = false;
    let waited = 0;
    for (let attempt = 1;; attempt++) {
        const tree = await buildTree(git, repo.top, parent, files, blobs);
        const landing = tree === null
            ? // After a lost answer, a remote head that already holds our files is the commit that landed.
                { sha: (maybeLanded && parent) || '', local: true }
            : await lander.land(tree, parent, attempt);
        if ('sha' in landing) {
            const sha = landing.sha || null;
            log.info(sha ? `Committed ${sha.slice(0, 7)} to ${where} (attempt ${attempt}).` : 'Nothing to commit.');
            const target = sha ?? parent;
            if (target && target !== head) {
                if (landing.local) {
                    const synced = [...new Set([...files, ...blobs.map((b) => b.path)])];
                    await syncWorkspace(git, opts.branch, head, target, synced, repo.top, blobs, log, opts.workspace);
                }
                else
                    log.warning(notFollowed(opts.branch, target, head, 'the new commit could not be fetched'));
            }
            return { sha, attempts: tree === null ? attempt - 1 : attempt };
        }
        maybeLanded ||= landing.unknown === true;
        if (attempt >= maxAttempts) {
            throw new commit_error/* PublishError */.S(gaveUpMessage({
                what: lander.what,
                branch: opts.branch,
                attempts: attempt,
                waitedMs: waited,
                lostAnswers: maybeLanded,
                cached: opts.cached === true,
                kept: commit_error/* KEPT */.t,
                files: preview(files),
            }), attempt);
        }
        const delay = pushRetryWait(attempt - 1, clock.random());
        log.info(`${landing.race} Retrying on the new head of ${where} in ${(0,format/* formatDuration */.a3)(delay / 1000)}.`);
        await clock.sleep(delay);
        waited += delay;
        try {
            parent = await git.fetchRemoteHead(remote, opts.branch);
            const at = parent;
            const theirs = at ? ((await git.showFile(at, lockPath)) ?? '') : '';
            if (ours !== undefined) {
                const merged = opts.mergeLockfile(ours, theirs);
                const derived = opts.rebuild
                    ? await opts.rebuild(merged, async (f) => at ? ((await git.showFile(at, toRepo(f))) ?? undefined) : undefined)
                    : [];
                blobs = [
                    { path: lockPath, text: merged },
                    ...derived.map((d) => ({ path: toRepo(d.path), text: d.text })),
                ];
            }
        }
        catch (err) {
            const why = `Could not catch up with ${where} after a push race: ${err.message}`;
            throw new commit_error/* PublishError */.S(`${why} ${commit_error/* KEPT */.t}.`, attempt, { cause: err });
        }
    }
}
/**
 * After a commit landed: write the merged lockfile (and what was rebuilt from it) back for later steps, and bring the local branch
 * to `target` the way a fast-forward would: our paths' index entries first, then a two-way
 * `read-tree` that checks out what others pushed meanwhile and carries every local change along, or
 * refuses as a whole when a local change is in the way. Then the workspace is left on its old HEAD,
 * with a warning; also when the local branch has commits `target` lacks (never moved backwards).
 */
async function syncWorkspace(git, branch, head, target, files, top, blobs, log, workspace) {
    try {
        for (const b of blobs)
            await (0,fs/* writeFileAtomic */.Zf)(external_node_path_default().join(top, b.path), b.text, workspace);
        if ((await git.currentBranch()) !== branch) {
            log.debug(`The workspace is not on ${branch}: its HEAD and index are left as they were.`);
            return;
        }
        if (head && !(await git.isAncestor(head, target))) {
            log.warning(notFollowed(branch, target, head, `the local ${branch} has commits the remote lacks`));
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
        // The commit landed: nothing is lost, and failing the step now would only hide that.
        log.warning(notFollowed(branch, target, head, `it would touch local changes: ${err.message}`));
    }
}
function notFollowed(branch, target, head, why) {
    return (`Committed, but the local ${branch} could not follow ${target.slice(0, 7)} (${why}); it stays at ` +
        `${head?.slice(0, 7) ?? 'its old commit'}: run git pull before later steps use the branch.`);
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
