export const id = 931;
export const ids = [931];
export const modules = {

/***/ 89931:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   API_COMMIT_BUDGET: () => (/* binding */ API_COMMIT_BUDGET),
/* harmony export */   apiLander: () => (/* binding */ apiLander)
/* harmony export */ });
/* harmony import */ var _commit_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(89921);
/**
 * Landing a commit through GitHub's GraphQL `createCommitOnBranch` (`sign-commits: true`): GitHub
 * creates the commit and signs it, so it shows as verified and passes branch rules that demand
 * signatures; it is authored by the token's owner, whatever `commit-author` says. The tree is built
 * locally exactly as for git, and what differs from the parent goes as file additions (base64) and
 * deletions, with `expectedHeadOid`: a branch that moved meanwhile is refused, never overwritten.
 *
 * GitHub refuses request bodies of about 40 MB and more, so a large change is split into several
 * commits made in order (images first, the lockfile and deletions with the last), each within
 * {@link API_COMMIT_BUDGET}. An image too large for any one request fails before anything is sent.
 */

/** 25 MiB of base64, about 18 MiB of images per request: well under the bodies GitHub refuses. */
const API_COMMIT_BUDGET = 25 * 1024 * 1024;
/** A hung request must not hold the job; a commit that landed meanwhile is found on the next attempt. */
const TIMEOUT_MS = 120_000;
const MUTATION = `mutation ($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid } }
}`;
/**
 * Creates the commit of a built tree through the API. The commit is then fetched, so the local branch
 * can follow it; when the fetch fails the caller warns instead.
 */
function apiLander(git, o) {
    const where = `${o.owner}/${o.repo}@${o.branch}`;
    let octokit;
    // Loaded on first use: runs that do not sign never parse octokit.
    const client = () => (octokit ??= __webpack_require__.e(/* import() */ 351).then(__webpack_require__.bind(__webpack_require__, 61351)).then(({ getOctokit }) => getOctokit(o.token, { baseUrl: o.apiUrl.replace(/\/+$/, '') })));
    return {
        what: `The API commit to ${where}`,
        async land(tree, parent, attempt) {
            if (!parent) {
                throw new _commit_error_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S(`sign-commits: true commits on top of the branch, but ${o.branch} has no commit yet. Push a first ` +
                    `commit, or use sign-commits: false. ${_commit_error_js__WEBPACK_IMPORTED_MODULE_0__/* .KEPT */ .t}.`);
            }
            const diff = await diffTrees(git, parent, tree);
            // The API stores the filtered blob (an LFS pointer) but cannot upload the object it points to.
            const filtered = await filteredPaths(git, diff.changed.map((c) => c.path));
            if (filtered.length > 0) {
                throw new _commit_error_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S(`sign-commits: true cannot commit ${filtered[0]}${filtered.length > 1 ? ` and ${filtered.length - 1} more` : ''}: ` +
                    "a .gitattributes filter (such as Git LFS) applies, and GitHub's API cannot upload the objects " +
                    `it stores. Use sign-commits: false for these paths, or publish: artifact. ${_commit_error_js__WEBPACK_IMPORTED_MODULE_0__/* .KEPT */ .t}.`);
            }
            const parts = await planParts(git, diff, o.lockfile, o.budget);
            const api = await client();
            let head = parent;
            for (const [i, part] of parts.entries()) {
                const additions = [];
                for (const f of part.changed)
                    additions.push({ path: f.path, contents: (await git.readBlob(f.blob)).toString('base64') });
                const input = {
                    branch: { repositoryNameWithOwner: `${o.owner}/${o.repo}`, branchName: o.branch },
                    expectedHeadOid: head,
                    message: messageFor(o.message, i, parts.length),
                    fileChanges: { additions, deletions: part.deleted.map((p) => ({ path: p })) },
                };
                try {
                    const res = await api.graphql(MUTATION, {
                        input,
                        request: { signal: AbortSignal.timeout(TIMEOUT_MS) },
                    });
                    head = res.createCommitOnBranch.commit.oid;
                }
                catch (err) {
                    const kind = classify(err);
                    if (kind === 'refused')
                        throw refusal(err, where, attempt, o.token);
                    const done = i > 0 ? ` ${i} of ${parts.length} commits landed; the rest follow on the new head.` : '';
                    return kind === 'race'
                        ? { race: `${where} moved before GitHub created the commit.${done}` }
                        : {
                            race: `GitHub's answer was lost (${describe(err, o.token)}); it may have landed.${done}`,
                            unknown: true,
                        };
                }
                if (parts.length > 1)
                    o.logger.info(`Created commit ${i + 1} of ${parts.length}: ${head.slice(0, 7)}.`);
            }
            let local = false;
            try {
                await git.fetchRemoteHead(o.remote, o.branch);
                local = (await git.revParse(head)) !== null;
            }
            catch (err) {
                o.logger.debug(`fetching ${head} failed: ${err.message}`);
            }
            return { sha: head, local };
        },
    };
}
/** The changes in order, in requests within the budget: images first, the lockfile and deletions last. */
async function planParts(git, diff, lockfile, budget = API_COMMIT_BUDGET) {
    const sizes = await blobSizes(git, diff.changed.map((c) => c.blob));
    const size = (c) => sizes.get(c.blob) ?? 0;
    // base64 is 4 characters per 3 bytes; the path and the JSON around it are small but counted.
    const cost = (c) => Math.ceil(size(c) / 3) * 4 + c.path.length + 64;
    const ordered = [
        ...diff.changed.filter((c) => c.path !== lockfile),
        ...diff.changed.filter((c) => c.path === lockfile),
    ];
    const tooBig = ordered.find((c) => cost(c) > budget);
    if (tooBig) {
        const mb = (n) => (n / 1024 / 1024).toFixed(1);
        throw new _commit_error_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S(`${tooBig.path} is ${mb(size(tooBig))} MiB, more than one commit through GitHub's API can carry ` +
            `(${mb((budget * 3) / 4)} MiB of file content per request), so nothing was committed. Use ` +
            'sign-commits: false (git push takes files up to 100 MB) or publish: artifact. ' +
            `${_commit_error_js__WEBPACK_IMPORTED_MODULE_0__/* .KEPT */ .t}.`);
    }
    const parts = [];
    let current = { changed: [], deleted: [] };
    let used = 0;
    for (const c of ordered) {
        if (current.changed.length > 0 && used + cost(c) > budget) {
            parts.push(current);
            current = { changed: [], deleted: [] };
            used = 0;
        }
        current.changed.push(c);
        used += cost(c);
    }
    current.deleted = diff.deleted;
    parts.push(current);
    return parts;
}
/** Headline and body; when split, each commit says which part it is and where the lockfile is. */
function messageFor(message, i, n) {
    const [first = '', ...rest] = message.trim().split('\n');
    let headline = first.trim() || 'chore(images): update images';
    let body = rest.join('\n').trim();
    if (n > 1) {
        headline += ` (${i + 1}/${n})`;
        const note = i < n - 1
            ? `Part ${i + 1} of ${n}: images only; the lockfile comes with part ${n}.`
            : `Part ${n} of ${n}, with the lockfile.`;
        body = body ? `${body}\n\n${note}` : note;
    }
    return body ? { headline, body } : { headline };
}
/** A moved head (`race`), an answer that never came (`unknown`: may have landed), or a refusal. */
function classify(err) {
    const e = err;
    if (Array.isArray(e.errors)) {
        const moved = e.errors.some((x) => x.type === 'STALE_DATA' || /expected branch to point to/i.test(x.message ?? ''));
        return moved ? 'race' : 'refused';
    }
    // Octokit reports a failed connection as status 500; a timeout aborts.
    if (typeof e.status === 'number')
        return e.status >= 500 || e.status === 408 ? 'unknown' : 'refused';
    return e.name === 'AbortError' || e.name === 'TimeoutError' ? 'unknown' : 'refused';
}
// What a refusal means, by GitHub's words, and what the user can do about it.
const API_HINTS = [
    [
        /rule violation|protected branch|GH006|GH013|through a pull request/i,
        ' The branch rules refuse this commit even signed (for example they require a pull request or status ' +
            'checks): use a GitHub App or PAT token allowed to bypass them (`github-token`), or publish: artifact.',
    ],
    [
        /not accessible|forbidden|permission|\b403\b/i,
        ' The token may not write the repository: give the job `permissions: contents: write` (a pull request ' +
            'from a fork only ever gets a read-only token).',
    ],
    [/bad credentials|\b401\b/i, ' github-token was refused: check the token.'],
];
function refusal(err, where, attempt, token) {
    const detail = describe(err, token);
    const hint = API_HINTS.find(([re]) => re.test(detail))?.[1] ?? '';
    return new _commit_error_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S(`GitHub refused the commit to ${where}: ${detail}.${hint} ${_commit_error_js__WEBPACK_IMPORTED_MODULE_0__/* .KEPT */ .t}.`, attempt, {
        cause: err,
    });
}
/** The error's own words, token-free, one line. */
function describe(err, token) {
    const e = err;
    const text = Array.isArray(e.errors)
        ? e.errors.map((x) => x.message ?? '').join('; ')
        : `${typeof e.status === 'number' ? `${e.status} ` : ''}${String(e.message ?? err)}`;
    const line = text.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
    return token ? line.replaceAll(token, '***') : line;
}
/** What turns tree (or commit) `from` into `to`, path by path (no rename detection). */
async function diffTrees(git, from, to) {
    const out = await git.exec(['diff-tree', '-r', '--no-renames', '--no-commit-id', '-z', from, to]);
    const diff = { changed: [], deleted: [] };
    const parts = out.split('\0');
    // -z: ":<old mode> <new mode> <old id> <new id> <status>" NUL "<path>" NUL, repeated.
    for (let i = 0; i + 1 < parts.length; i += 2) {
        const [, , , blob = '', status = ''] = parts[i].slice(1).split(' ');
        const file = parts[i + 1];
        if (status === 'D')
            diff.deleted.push(file);
        else
            diff.changed.push({ path: file, blob });
    }
    return diff;
}
/** The paths that a `.gitattributes` `filter` (such as Git LFS) applies to. */
async function filteredPaths(git, paths) {
    if (paths.length === 0)
        return [];
    const input = paths.map((p) => `${p}\0`).join('');
    const parts = (await git.exec(['check-attr', '-z', '--stdin', 'filter'], { input })).split('\0');
    const hit = [];
    // -z: "<path> NUL <attribute> NUL <value> NUL", repeated.
    for (let i = 0; i + 2 < parts.length; i += 3) {
        if (!['unspecified', 'unset'].includes(parts[i + 2]))
            hit.push(parts[i]);
    }
    return hit;
}
/** Sizes in bytes of blobs, by id (one `cat-file --batch-check` for all). */
async function blobSizes(git, ids) {
    const sizes = new Map();
    if (ids.length === 0)
        return sizes;
    const input = `${ids.join('\n')}\n`;
    const out = await git.exec(['cat-file', '--batch-check=%(objectname) %(objectsize)'], { input });
    for (const line of out.split('\n')) {
        const [id, size] = line.split(' ');
        if (id && size && /^\d+$/.test(size))
            sizes.set(id, Number(size));
    }
    return sizes;
}


/***/ })

};
