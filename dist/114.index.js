export const id = 114;
export const ids = [114];
export const modules = {

/***/ 8114:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   derivedFromLockfile: () => (/* binding */ derivedFromLockfile)
/* harmony export */ });
/* harmony import */ var _plan_lockfile_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(59054);
/* harmony import */ var _site_image_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(70483);
/* harmony import */ var _site_index_schema_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(72419);



/**
 * The `rebuild` of {@link CommitOptions} for `manifest`: undefined when it has no `index:`. The remote's
 * index lends image sizes (by sha256) for another shard's images, whose files this workspace lacks.
 */
function derivedFromLockfile(manifest, lockfileName) {
    const target = manifest.index;
    if (!target)
        return undefined;
    return async (merged, theirs) => {
        const lock = (0,_plan_lockfile_js__WEBPACK_IMPORTED_MODULE_0__/* .parseLockfile */ .tg)(merged, lockfileName);
        // The remote's index, if it is one; anything else is simply rebuilt.
        const previous = (0,_site_index_schema_js__WEBPACK_IMPORTED_MODULE_2__/* .parseImageIndex */ .n4)(await theirs(target.workspacePath));
        const { index } = await (0,_site_image_index_js__WEBPACK_IMPORTED_MODULE_1__/* .buildImageIndex */ .M)(manifest, target, lock, previous);
        return [{ path: target.workspacePath, text: (0,_plan_lockfile_js__WEBPACK_IMPORTED_MODULE_0__/* .stableStringify */ .JB)(index) }];
    };
}


/***/ })

};
