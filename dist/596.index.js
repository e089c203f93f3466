export const id = 596;
export const ids = [596];
export const modules = {

/***/ 45596:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   uncommittedOutputs: () => (/* binding */ uncommittedOutputs)
/* harmony export */ });
/* harmony import */ var _shared_git_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(91204);
/* harmony import */ var _repo_location_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(59107);


/**
 * Files of up-to-date entries (and the lockfile) that git reports as untracked or modified although
 * this run did not write them: an earlier run's. One `git status` over the workspace's part of the
 * repository, no image read. Hand-edited (`kept`) files are never included.
 */
async function uncommittedOutputs(workspace, repoDir, report, lockRel) {
    const none = { files: [], ids: [], lockfile: false, index: false };
    const dirty = new Set();
    try {
        const repo = await (0,_repo_location_js__WEBPACK_IMPORTED_MODULE_1__/* .locateRepository */ .Z)(workspace, repoDir);
        // The workspace's part of the repository: all of it when the checkout is a subfolder (`path:`).
        const cwd = repo.toRepo('x') === undefined ? repo.top : workspace;
        const out = await new _shared_git_js__WEBPACK_IMPORTED_MODULE_0__/* .GitCli */ .T(cwd).exec([
            'status',
            '--porcelain=v1',
            '-z',
            '--untracked-files=all',
            '--',
            '.',
        ]);
        for (const rec of out.split('\0')) {
            // "XY path" (repository-relative); renames add a second NUL-separated path, the old one, not ours.
            const file = rec.length > 3 && rec[2] === ' ' ? repo.toWorkspace(rec.slice(3)) : undefined;
            if (file !== undefined)
                dirty.add(file);
        }
    }
    catch {
        return none;
    }
    if (dirty.size === 0)
        return none;
    const thisRun = new Set([...report.filesWritten, ...report.filesDeleted]);
    const files = [];
    const ids = [];
    for (const e of report.entries) {
        if (e.status !== 'unchanged' && e.status !== 'reused' && e.status !== 'generated')
            continue;
        const earlier = e.files.filter((f) => dirty.has(f) && !thisRun.has(f));
        if (earlier.length > 0) {
            files.push(...earlier);
            ids.push(e.id);
        }
    }
    return { files, ids, lockfile: dirty.has(lockRel), index: !!report.index && dirty.has(report.index.file) };
}


/***/ })

};
