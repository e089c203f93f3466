export const id = 625;
export const ids = [625];
export const modules = {

/***/ 67625:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ArtifactError: () => (/* binding */ ArtifactError),
/* harmony export */   artifactName: () => (/* binding */ artifactName),
/* harmony export */   uploadImagesArtifact: () => (/* binding */ uploadImagesArtifact)
/* harmony export */ });
/* unused harmony export validateArtifactName */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _shared_paths_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(40405);
/**
 * `publish: artifact`: the written images, the lockfile and the report go up as one workflow
 * artifact through `@actions/artifact`, which is imported only when a run publishes this way.
 */


/** A refused artifact upload: bad name, bad file list, or the service said no. */
class ArtifactError extends Error {
    name = 'ArtifactError';
}
// The characters GitHub refuses in artifact names (NTFS-hostile), plus path separators.
const BAD_NAME_CHARS = [
    ['"', 'double quote "'],
    [':', 'colon :'],
    ['<', 'less than <'],
    ['>', 'greater than >'],
    ['|', 'vertical bar |'],
    ['*', 'asterisk *'],
    ['?', 'question mark ?'],
    ['\\', 'backslash \\'],
    ['/', 'forward slash /'],
    ['\r', 'carriage return'],
    ['\n', 'line feed'],
];
/** Inside the zip, paths may keep their separators but not the rest. */
const BAD_PATH_CHARS = BAD_NAME_CHARS.filter(([c]) => c !== '/' && c !== '\\');
/**
 * The artifact's name for input `artifact-name`: a sharded run appends its shard
 * (`generated-images-2-of-4`), so the jobs of a matrix, which share one workflow run and its
 * artifact names, never clash.
 */
function artifactName(name, shard) {
    return shard ? `${name}-${shard.index}-of-${shard.total}` : name;
}
/** Throws an {@link ArtifactError} naming the offending character when GitHub would refuse `name`. */
function validateArtifactName(name) {
    if (name.trim() === '')
        throw new ArtifactError('artifact-name is empty');
    const bad = BAD_NAME_CHARS.find(([c]) => name.includes(c));
    if (bad) {
        throw new ArtifactError(`artifact-name ${JSON.stringify(name)} contains a ${bad[1]}; ` +
            'names may not contain " : < > | * ? \\ / or line breaks');
    }
}
/** Checks up front what the library would reject midway, with messages that name the input. */
function checkFiles(files, root) {
    if (files.length === 0)
        throw new ArtifactError('no files to upload');
    for (const file of files) {
        // The library's own check is a string prefix test, which lets /a/bc pass for root /a/b.
        if (!(0,_shared_paths_js__WEBPACK_IMPORTED_MODULE_1__/* .isInside */ .F)(root, (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(file)))
            throw new ArtifactError(`${file} is not inside the artifact root ${root}`);
        const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(root, (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(file));
        const bad = BAD_PATH_CHARS.find(([c]) => rel.includes(c));
        if (bad)
            throw new ArtifactError(`${rel} cannot be uploaded as an artifact: it contains a ${bad[1]}`);
    }
}
/**
 * Uploads `files` as the artifact `name`, stored uncompressed (images are compressed already).
 * Needs ACTIONS_RESULTS_URL and ACTIONS_RUNTIME_TOKEN, as on any runner. A name can be used once per
 * workflow run. Throws {@link ArtifactError} before any network call for a bad name or file list.
 */
async function uploadImagesArtifact(opts) {
    validateArtifactName(opts.name);
    const root = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(opts.rootDirectory);
    checkFiles(opts.files, root);
    const days = opts.retentionDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
        throw new ArtifactError(`artifact-retention-days must be a whole number of days, at least 1: ${days}`);
    }
    const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(110), __webpack_require__.e(351), __webpack_require__.e(935)]).then(__webpack_require__.bind(__webpack_require__, 77935));
    const client = new DefaultArtifactClient();
    let result;
    try {
        result = await client.uploadArtifact(opts.name, [...opts.files], root, {
            compressionLevel: 0,
            ...(days !== undefined && { retentionDays: days }),
        });
    }
    catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        throw new ArtifactError(`uploading artifact ${opts.name} failed: ${message}`, { cause: err });
    }
    opts.logger.info(`Uploaded artifact ${opts.name} (${opts.files.length} file(s), id ${result.id ?? 'unknown'})`);
    return { id: result.id, size: result.size ?? 0 };
}


/***/ })

};
