export const id = 748;
export const ids = [748];
export const modules = {

/***/ 32748:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   commitMessage: () => (/* binding */ commitMessage)
/* harmony export */ });
/* harmony import */ var _shared_words_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(60152);
/** The commit message: the configured template's placeholders, or the automatic wording. */

/**
 * The commit message: `template` with `{count}`, `{generated}` and `{removed}` replaced; an empty
 * template is the automatic wording, which names only what happened.
 */
function commitMessage(template, counts) {
    if (template.trim() === '')
        template = automaticMessage(counts);
    return template
        .replaceAll('{count}', String(counts.count))
        .replaceAll('{generated}', String(counts.generated))
        .replaceAll('{removed}', String(counts.removed));
}
function automaticMessage({ count, removed }) {
    const images = (n) => (0,_shared_words_js__WEBPACK_IMPORTED_MODULE_0__/* .plural */ .L)(n, 'image');
    if (count > 0 && removed > 0)
        return `chore(images): regenerate ${images(count)}, remove ${removed}`;
    if (count > 0)
        return `chore(images): regenerate ${images(count)}`;
    if (removed > 0)
        return `chore(images): remove ${images(removed)}`;
    // Pending requests or refusals recorded, no image: only the lockfile changed.
    return 'chore(images): update the lockfile';
}


/***/ })

};
