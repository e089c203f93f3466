export const id = 346;
export const ids = [346];
export const modules = {

/***/ 74346:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   attachChanges: () => (/* binding */ attachChanges)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _manifest_load_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(30521);
/* harmony import */ var _manifest_parse_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(88583);
/* harmony import */ var _report_changes_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(33567);
/**
 * What changed in each regenerated entry against the pull request's base: the base commit's
 * manifest text (read with the before-previews, see ./base-images.ts) goes through the same manifest
 * loader as this run's — vars substituted, defaults filled — and each entry regenerated because its
 * prompt or parameters changed gets its change (see ../report/changes.ts). Never fails: a base
 * manifest that does not load (another schema, a path gone since) gives no changes, with a debug line.
 */




/** Sets `change` on the report's entries that were regenerated because their prompt or parameters changed. */
async function attachChanges(report, o) {
    if (o.baseText === undefined)
        return;
    const abs = node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(o.workspace, o.config);
    const opts = { path: abs, workspace: o.workspace, displayPath: `${report.manifest} (base)` };
    try {
        // The base is read as if it were the manifest here, so its paths and vars resolve alike.
        const base = (0,_manifest_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .parseManifestText */ .k)(o.baseText, opts);
        const current = await (0,_manifest_load_js__WEBPACK_IMPORTED_MODULE_1__/* .loadManifest */ .e)({ ...opts, displayPath: report.manifest });
        const changes = (0,_report_changes_js__WEBPACK_IMPORTED_MODULE_3__/* .entryChanges */ .qM)(base.entries, current.entries, report.entries);
        for (const e of report.entries) {
            const change = changes.get(e.id);
            if (change)
                e.change = change;
        }
    }
    catch (err) {
        o.logger.debug(`no "what changed": the base's manifest does not load here: ${err.message}`);
    }
}


/***/ })

};
