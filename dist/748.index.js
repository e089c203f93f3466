export const id = 748;
export const ids = [748];
export const modules = {

/***/ 32748:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   commitMessage: () => (/* binding */ commitMessage)
/* harmony export */ });
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
    if (count > 0 && removed > 0)
        return 'chore(images): regenerate {count} image(s), remove {removed}';
    if (count > 0)
        return 'chore(images): regenerate {count} image(s)';
    if (removed > 0)
        return 'chore(images): remove {removed} image(s)';
    // Pending requests or refusals recorded, no image: only the lockfile changed.
    return 'chore(images): update the lockfile';
}


/***/ })

};
