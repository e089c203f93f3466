export const id = 98;
export const ids = [98];
export const modules = {

/***/ 66098:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ARTIFACT_REPORT_NAME: () => (/* binding */ ARTIFACT_REPORT_NAME),
/* harmony export */   stageRunFiles: () => (/* binding */ stageRunFiles)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _shared_guard_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(57812);
/**
 * The artifact's staging folder: @actions/artifact wants every file under one root directory, and
 * the report lives under RUNNER_TEMP (never in the workspace), so the run's files are staged in a
 * folder under RUNNER_TEMP (hard links, so no image is copied) and uploaded from there.
 */




/** The JSON report's name at the top of the artifact (workspace files keep their workspace paths). */
const ARTIFACT_REPORT_NAME = 'pixazo-images-report.json';
/**
 * Stage the workspace files `rels` at their workspace paths in `stage`, and the JSON report at
 * `reportPath` as {@link ARTIFACT_REPORT_NAME} at the top (another name when a workspace file has
 * that one). Returns the staged paths, and the files of `rels` that are gone (not staged).
 */
async function stageRunFiles(stage, workspace, rels, reportPath) {
    const files = [];
    const gone = [];
    for (const rel of rels) {
        if (await stageFile(stage, node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(workspace, rel), node_path__WEBPACK_IMPORTED_MODULE_2___default().join(stage, rel))) {
            files.push(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(stage, rel));
        }
        else
            gone.push(rel);
    }
    const reportName = files.some((f) => node_path__WEBPACK_IMPORTED_MODULE_2___default().relative(stage, f) === ARTIFACT_REPORT_NAME)
        ? `pixazo-images-report-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}.json`
        : ARTIFACT_REPORT_NAME;
    await stageFile(stage, reportPath, node_path__WEBPACK_IMPORTED_MODULE_2___default().join(stage, reportName));
    files.push(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(stage, reportName));
    return { files, gone };
}
/**
 * Hard-link `from` to `to` (a copy across file systems); false when `from` does not exist. The
 * path guard keeps `to` inside the staging folder `stage` (under RUNNER_TEMP, not the workspace).
 */
async function stageFile(stage, from, to) {
    await (0,_shared_guard_js__WEBPACK_IMPORTED_MODULE_3__/* .guardPath */ .Lp)(stage, to, 'write');
    await (0,_shared_guard_js__WEBPACK_IMPORTED_MODULE_3__/* .guardedMkdir */ .EU)(stage, node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(to));
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.link)(from, to);
        return true;
    }
    catch (err) {
        const code = err.code;
        if (code === 'ENOENT')
            return false;
        if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK' && code !== 'ENOTSUP')
            throw err;
    }
    await (0,_shared_guard_js__WEBPACK_IMPORTED_MODULE_3__/* .guardedCopyFile */ .mY)(stage, from, to);
    return true;
}


/***/ })

};
