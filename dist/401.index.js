export const id = 401;
export const ids = [401];
export const modules = {

/***/ 15401:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   imagesAtBase: () => (/* binding */ imagesAtBase)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _plan_lockfile_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(59054);
/* harmony import */ var _shared_git_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(91204);
/* harmony import */ var _repo_location_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(59107);
/**
 * Which of the entries' previous images a pull request's base commit has, so "before" previews never
 * point at a file the base lacks. Git answers when the base commit is in the checkout. The checkout
 * actions/checkout makes by default is shallow and lacks it: then one contents-API call reads the
 * base's lockfile, and the files it records are taken as present (the lockfile in a repository only
 * names files the repository has, since each commit carries both). When neither can answer: no
 * "before", silently (a debug line says why).
 *
 * The same read brings the base commit's manifest text (one `git show`, or one more contents call),
 * so the comment can say what changed in a regenerated entry's prompt and parameters.
 */




/** A hung API must not hold the job for a courtesy. */
const TIMEOUT_MS = 30_000;
/**
 * Which of `wanted` the base commit has: by git when it has the commit, else by the base's lockfile;
 * and, with `withManifest`, the base's manifest text from the same source.
 */
async function imagesAtBase(o) {
    let repo;
    try {
        repo = await (0,_repo_location_js__WEBPACK_IMPORTED_MODULE_3__/* .locateRepository */ .Z)(o.workspace, o.repoDir);
    }
    catch (err) {
        o.logger.debug(`no git checkout for before previews: ${err.message}`);
    }
    const toRepo = (p) => repo?.toRepo(p) ?? p;
    const found = (present, manifestText) => ({
        present,
        toRepo,
        ...(manifestText !== undefined && { manifestText }),
    });
    if (o.wanted.length === 0 && !o.withManifest)
        return found(new Set());
    if (repo) {
        const byGit = await askGit(repo, o);
        if (byGit)
            return found(byGit.present, byGit.manifestText);
    }
    if (!o.api?.token)
        return found(new Set());
    const manifestText = o.withManifest
        ? await baseFile(o.api, toRepo(o.manifest), o.baseSha, o.logger)
        : undefined;
    if (o.wanted.length === 0)
        return found(new Set(), manifestText);
    const text = await baseFile(o.api, toRepo(o.lockfile), o.baseSha, o.logger);
    if (text === undefined)
        return found(new Set(), manifestText);
    try {
        const lock = (0,_plan_lockfile_js__WEBPACK_IMPORTED_MODULE_1__/* .parseLockfile */ .tg)(text, o.lockfile);
        const dir = node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.dirname(o.manifest);
        const recorded = new Set(Object.values(lock.images).flatMap((r) => r.files.map((f) => node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.join(dir, f.path))));
        return found(new Set(o.wanted.filter((p) => recorded.has(p))), manifestText);
    }
    catch (err) {
        o.logger.debug(`no before previews: the base's lockfile is unreadable: ${err.message}`);
        return found(new Set(), manifestText);
    }
}
/**
 * The wanted paths the base commit's tree has, and the manifest's text there (when asked, and it
 * has one); undefined when the commit is not in the checkout.
 */
async function askGit(repo, o) {
    try {
        const git = new _shared_git_js__WEBPACK_IMPORTED_MODULE_2__/* .GitCli */ .T(repo.top, { env: { GIT_LITERAL_PATHSPECS: '1' } });
        if (!(await git.revParse(o.baseSha))) {
            o.logger.debug(`base commit ${o.baseSha} is not in the checkout (shallow?): asking the API`);
            return undefined;
        }
        const paths = o.wanted.map((p) => repo.toRepo(p)).filter((p) => p !== undefined);
        const out = paths.length > 0
            ? await git.exec(['ls-tree', '-r', '--name-only', '-z', o.baseSha, '--', ...paths])
            : '';
        const present = out
            .split('\0')
            .filter(Boolean)
            .map((p) => repo.toWorkspace(p));
        const result = { present: new Set(present.filter((p) => p !== undefined)) };
        const manifest = o.withManifest ? repo.toRepo(o.manifest) : undefined;
        if (manifest === undefined)
            return result;
        try {
            return { ...result, manifestText: await git.exec(['show', `${o.baseSha}:${manifest}`]) };
        }
        catch (err) {
            // A manifest new in this pull request: nothing to compare with.
            o.logger.debug(`no manifest at the base commit: ${err.message}`);
            return result;
        }
    }
    catch (err) {
        o.logger.debug(`git could not list the base commit: ${err.message}`);
        return undefined;
    }
}
/** A file's text at `ref`, by one contents-API call; undefined when it cannot be had. */
async function baseFile(api, file, ref, logger) {
    try {
        // Loaded here: only pull requests in shallow checkouts get this far.
        const { getOctokit } = await __webpack_require__.e(/* import() */ 351).then(__webpack_require__.bind(__webpack_require__, 61351));
        const octokit = getOctokit(api.token, { baseUrl: api.apiUrl.replace(/\/+$/, '') });
        // The path by segments, as GitHub documents it (octokit would send its slashes as %2F).
        const [owner, repo, ...rest] = [api.owner, api.repo, ...file.split('/')].map(encodeURIComponent);
        const { data } = (await octokit.request(`GET /repos/${owner}/${repo}/contents/${rest.join('/')}`, {
            ref,
            // Raw: up to 100 MB, where the JSON form carries content only up to 1 MB.
            mediaType: { format: 'raw' },
            request: { signal: AbortSignal.timeout(TIMEOUT_MS) },
        }));
        if (typeof data === 'string')
            return data;
        if (data instanceof ArrayBuffer)
            return Buffer.from(data).toString('utf8');
        const json = data;
        if (typeof json.content === 'string' && json.encoding === 'base64')
            return Buffer.from(json.content, 'base64').toString('utf8');
        logger.debug(`no before previews: unexpected contents answer for ${file}`);
    }
    catch (err) {
        const status = err.status;
        logger.debug(`no before previews: reading ${file} at ${ref} failed (${status ?? err.message})`);
    }
    return undefined;
}


/***/ })

};
