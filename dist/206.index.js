export const id = 206;
export const ids = [206];
export const modules = {

/***/ 71206:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RESULTS_TAG: () => (/* binding */ RESULTS_TAG),
/* harmony export */   upsertPrComment: () => (/* binding */ upsertPrComment)
/* harmony export */ });
/* unused harmony export PERMISSIONS_SNIPPET */
/* harmony import */ var _shared_redact_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48932);
/**
 * The sticky PR comment: one per PR per manifest, found by its hidden marker and updated in place.
 * A comment is a courtesy: by the time we post it the images may already be paid for, so nothing here
 * throws — every failure becomes a warning.
 */

/** What the warning for a refused write shows: the workflow lines that grant the permission. */
const PERMISSIONS_SNIPPET = 'permissions:\n  contents: write\n  pull-requests: write';
/** An overall deadline, so a hung API cannot hold the job (and its runner minutes) hostage. */
const DEADLINE_MS = 60_000;
/**
 * Hidden line that marks a comment showing a real run's results. Only a comment we wrote is ever
 * read for it (see {@link findOwnComment}), so nobody else's comment can hold the plan back.
 */
const RESULTS_TAG = '<!-- pixazo-images:results -->';
function statusOf(err) {
    const status = err?.status;
    return typeof status === 'number' ? status : undefined;
}
function messageOf(err) {
    return err instanceof Error ? err.message : String(err);
}
/** The login this token acts as; unknown for installation tokens (GET /user answers 403 to them). */
async function ownLogin(octokit, signal) {
    try {
        const { data } = await octokit.rest.users.getAuthenticated({ request: { signal } });
        return data.login;
    }
    catch {
        return undefined;
    }
}
/**
 * Finds our comment: the marker alone is not enough, since anyone can paste it into a comment of their
 * own, and overwriting a person's comment would be worse than posting a second one. So among comments
 * holding the marker we take the oldest written by a bot (GITHUB_TOKEN and app tokens comment as one),
 * else the oldest written by this token's user (a PAT), else none.
 */
async function findOwnComment(octokit, opts, signal) {
    const candidates = [];
    const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
        owner: opts.owner,
        repo: opts.repo,
        issue_number: opts.issueNumber,
        per_page: 100,
        request: { signal },
    });
    for await (const page of pages) {
        for (const comment of page.data)
            if (comment.body?.includes(opts.marker))
                candidates.push(comment);
    }
    if (candidates.length === 0)
        return undefined;
    const byBot = candidates.find((c) => c.user?.type === 'Bot');
    if (byBot)
        return byBot;
    const login = await ownLogin(octokit, signal);
    return login === undefined ? undefined : candidates.find((c) => c.user?.login === login);
}
function describeFailure(err, opts) {
    const status = statusOf(err);
    const where = `${opts.owner}/${opts.repo}#${opts.issueNumber}`;
    // Octokit's messages carry no credentials, but the token must never reach a log, whatever the error.
    const message = opts.token ? messageOf(err).replaceAll(opts.token, '***') : messageOf(err);
    if (status === 403 && !/rate limit/i.test(message)) {
        return (`Could not write the PR comment on ${where} (403: ${message}). The token may not comment: ` +
            `give the job these permissions:\n${PERMISSIONS_SNIPPET}\n` +
            'Pull requests from forks always get a read-only token: comment from a `workflow_run` workflow ' +
            'instead (see the README).');
    }
    const hint = status === 404 ? ' (no such pull request, or the token cannot see the repository)' : '';
    return `Could not write the PR comment on ${where}: ${status ? `${status}: ` : ''}${message}${hint}`;
}
/**
 * Creates the PR comment holding `marker`, or updates the one we wrote before; a plan leaves a comment
 * that shows results as it is. Returns the comment's id and what was done, or undefined after a
 * warning when anything failed (a missing `pull-requests: write` permission, a fork's read-only
 * token, the API being down): never throws.
 */
async function upsertPrComment(opts) {
    const { logger } = opts;
    const body = opts.kind === 'results' ? `${opts.body}\n${RESULTS_TAG}` : opts.body;
    const signal = AbortSignal.timeout(DEADLINE_MS);
    try {
        // Loaded here so runs that never comment do not parse octokit.
        const { getOctokit } = await __webpack_require__.e(/* import() */ 351).then(__webpack_require__.bind(__webpack_require__, 61351));
        const octokit = getOctokit(opts.token, opts.apiUrl ? { baseUrl: opts.apiUrl.replace(/\/+$/, '') } : {});
        const found = await findOwnComment(octokit, opts, signal);
        if (opts.compose) {
            // Re-read right before writing: narrows the window in which a parallel shard's section is lost.
            const latest = found ? await latestBody(octokit, opts, found.id, signal) : undefined;
            const existing = latest === null ? undefined : found;
            const composed = opts.compose(latest ?? undefined);
            if (composed === undefined) {
                logger.info(`The PR comment (id ${found?.id}) shows the results of a real run; this run only planned (a dry run, ` +
                    'or no api-key) for the same scope, so it leaves the comment as it was. The plan is in the job summary.');
                return { id: found?.id ?? 0, outcome: 'kept' };
            }
            const tagged = composed.includes('"kind":"results"') ? `${composed}\n${RESULTS_TAG}` : composed;
            return await write(octokit, opts, existing, tagged, signal);
        }
        const existing = found;
        if (existing && opts.kind === 'plan' && existing.body?.includes(RESULTS_TAG)) {
            logger.info(`The PR comment (id ${existing.id}) shows the results of a real run; this run only planned (a dry run, ` +
                'or no api-key), so it leaves the comment as it was. The plan and its estimate are in the job summary.');
            return { id: existing.id, outcome: 'kept' };
        }
        return await write(octokit, opts, existing, body, signal);
    }
    catch (err) {
        logger.warning(describeFailure(err, opts));
        return undefined;
    }
}
/** The comment's body as it is now; null when it was deleted meanwhile. */
async function latestBody(octokit, opts, id, signal) {
    try {
        const { data } = await octokit.rest.issues.getComment({
            owner: opts.owner,
            repo: opts.repo,
            comment_id: id,
            request: { signal },
        });
        return data.body ?? '';
    }
    catch (err) {
        if (statusOf(err) === 404)
            return null;
        throw err;
    }
}
/** Updates `existing`, or creates the comment (also when `existing` was deleted meanwhile). */
async function write(octokit, opts, existing, raw, signal) {
    const { owner, repo, logger } = opts;
    // The sink: whatever the body was built from, it leaves redacted (SPEC §9).
    const comment = { owner, repo, body: (0,_shared_redact_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E$)(raw), request: { signal } };
    if (existing) {
        try {
            await octokit.rest.issues.updateComment({ ...comment, comment_id: existing.id });
            logger.info(`Updated the PR comment (id ${existing.id}).`);
            return { id: existing.id, outcome: 'updated' };
        }
        catch (err) {
            // Deleted between listing and updating: post a new one below.
            if (statusOf(err) !== 404)
                throw err;
        }
    }
    const { data } = await octokit.rest.issues.createComment({ ...comment, issue_number: opts.issueNumber });
    logger.info(`Created the PR comment (id ${data.id}).`);
    return { id: data.id, outcome: 'created' };
}


/***/ })

};
