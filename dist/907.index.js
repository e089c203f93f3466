export const id = 907;
export const ids = [907];
export const modules = {

/***/ 35907:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ArtifactError: () => (/* binding */ ArtifactError),
  artifactName: () => (/* binding */ artifactName),
  refusedFilesError: () => (/* binding */ refusedFilesError),
  stageGallery: () => (/* binding */ stageGallery),
  uploadImagesArtifact: () => (/* binding */ uploadImagesArtifact),
  validateArtifactName: () => (/* binding */ validateArtifactName)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/plan/lockfile.ts + 1 modules
var lockfile = __webpack_require__(59054);
// EXTERNAL MODULE: ./src/shared/fs.ts
var fs = __webpack_require__(66242);
// EXTERNAL MODULE: ./src/shared/paths.ts
var paths = __webpack_require__(40405);
// EXTERNAL MODULE: ./src/shared/words.ts
var words = __webpack_require__(60152);
// EXTERNAL MODULE: ./src/site/image-file.ts
var image_file = __webpack_require__(22257);
;// CONCATENATED MODULE: ./src/site/gallery-data.ts
/**
 * What the gallery page shows for each entry, from a run's report (or a plan's) and the lockfile
 * after it: status, texts, and the recorded images with their sizes, cost and date.
 */



/** Status labels, in the order the filter lists them. */
const STATUS_LABELS = {
    generated: 'generated',
    reused: 'reused',
    current: 'up to date',
    edited: 'edited by hand',
    outdated: 'outdated',
    new: 'not generated yet',
    awaiting: 'awaiting a pick',
    pending: 'pending',
    failed: 'failed',
};
/** The gallery status of a report entry: what happened in the run, or what the plan would do. */
function galleryStatus(e, hasRecord) {
    // A candidate set (§10), bought in this run or before: shown side by side until one is picked.
    if (e.candidates && (e.action === 'await' || e.status === 'generated'))
        return 'awaiting';
    switch (e.status) {
        case 'generated':
        case 'reused':
        case 'failed':
        case 'pending':
            return e.status;
        case 'unchanged':
            return 'current';
        case 'kept':
            return 'edited';
        case 'planned':
            if (e.action === 'unchanged')
                return 'current';
            if (e.action === 'kept')
                return 'edited';
            if (e.action === 'resume')
                return 'pending';
            if (e.action === 'skip')
                return 'failed';
            return hasRecord ? 'outdated' : 'new';
    }
}
/**
 * The gallery's cards, in manifest order. `manifestDir` (absolute) and `workspace` turn the
 * lockfile's manifest-relative paths into workspace paths.
 */
function galleryItems(entries, lock, manifestDir, workspace) {
    return entries.map((e) => {
        const status = galleryStatus(e, lock.images[e.id] !== undefined);
        // Awaiting a pick: the set's candidates, side by side, in place of the entry's image.
        const set = status === 'awaiting' ? Object.values(lock.candidates).find((c) => c.id === e.id) : undefined;
        const record = set
            ? { files: set.files, cost_usd: set.cost_usd, generated_at: set.created_at, model: e.model }
            : lock.images[e.id];
        const item = {
            id: e.id,
            status,
            prompt: e.prompt,
            model: record?.model ?? e.model,
            quality: record?.quality ?? e.quality,
            images: (record?.files ?? []).map((f) => {
                const format = (0,image_file/* formatOfPath */.g)(f.path);
                return {
                    workspacePath: (0,paths/* toPosix */.d7)(external_node_path_default().relative(workspace, external_node_path_default().resolve(manifestDir, f.path))),
                    // A file edited by hand may have another size than the one recorded.
                    ...(status !== 'edited' && f.width && f.height && { width: f.width, height: f.height }),
                    bytes: f.bytes,
                    ...(format && { format }),
                    // A file edited by hand is not the delivered file: what the record says no longer holds.
                    ...(status !== 'edited' &&
                        f.content_credentials !== undefined && { contentCredentials: f.content_credentials }),
                };
            }),
        };
        if (e.alt !== undefined)
            item.alt = e.alt;
        const note = status === 'failed' || status === 'pending' ? (e.error ?? e.reason) : e.reason;
        if (status !== 'current' && note && note !== e.action)
            item.note = note;
        if (record) {
            item.cost = record.cost_usd;
            item.date = record.generated_at;
        }
        if ((status === 'outdated' || status === 'new') && e.estimatedCost !== 0)
            item.estimate = e.estimatedCost;
        return item;
    });
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/report/credentials.ts
var credentials = __webpack_require__(29064);
// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
// EXTERNAL MODULE: ./src/shared/format.ts
var format = __webpack_require__(36338);
;// CONCATENATED MODULE: ./src/site/gallery-page.ts
/**
 * The gallery page: one self-contained HTML file (inline style and script, system fonts, no
 * network), a card per entry with its images, filterable by status and model. Every text that is
 * not ours (ids, prompts, alt texts, gateway messages) is escaped; a Content-Security-Policy allows
 * only this page's own style and script (by hash) and images from its own place, so even a missed
 * escape could neither run a script nor reach the network.
 */





/** Cards whose images load at once (about a screenful); the rest load as they are scrolled to. */
const EAGER_CARDS = 12;
/** Escapes untrusted text for HTML text and double-quoted attribute values alike. */
const esc = (text) => (0,report_escape/* escapeHtmlAttribute */.TX)(text);
const STYLE = `
:root { color-scheme: light dark; --bg: #f6f8fa; --card: #fff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0;
  --accent: #0969da; --ok: #1a7f37; --warn: #9a6700; --bad: #d1242f; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --card: #151b23; --fg: #e6edf3; --muted: #9198a1;
  --line: #3d444d; --accent: #4493f8; --ok: #3fb950; --warn: #d29922; --bad: #f85149; } }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
header { padding: 20px 24px 8px; }
h1 { font-size: 20px; margin: 0 0 4px; }
header p { margin: 0; color: var(--muted); }
nav { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; padding: 8px 24px 16px; }
nav .group { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
nav .label { color: var(--muted); margin-right: 2px; }
nav button { font: inherit; color: var(--fg); background: var(--card); border: 1px solid var(--line);
  border-radius: 2em; padding: 2px 12px; cursor: pointer; }
nav button[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
#count { color: var(--muted); }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 16px; padding: 0 24px 24px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; overflow: hidden;
  display: flex; flex-direction: column; }
.card.s-failed { border-color: var(--bad); }
.card.s-pending, .card.s-outdated, .card.s-new, .card.s-awaiting { border-style: dashed; }
.shots { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 2px; background: var(--line); }
.shots a { display: block; background: var(--bg); }
.shots img { display: block; width: 100%; height: 220px; object-fit: contain; }
.none { height: 220px; display: grid; place-items: center; color: var(--muted); background: var(--bg); }
.body { padding: 12px 14px 14px; display: flex; flex-direction: column; gap: 6px; }
h2 { font-size: 15px; margin: 0; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
h2 code { font: 600 14px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.badge { font-size: 12px; font-weight: 500; border-radius: 2em; padding: 0 8px; border: 1px solid currentColor; }
.b-generated, .b-reused, .b-current { color: var(--ok); }
.b-edited, .b-outdated, .b-new, .b-pending, .b-awaiting { color: var(--warn); }
.b-failed { color: var(--bad); }
.badge.c2pa { color: var(--muted); font: 600 11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; cursor: help; }
.body p { margin: 0; overflow-wrap: anywhere; }
.note { color: var(--muted); font-size: 13px; }
.s-failed .note { color: var(--bad); }
.alt { font-style: italic; }
.alt.missing { color: var(--muted); }
.prompt { color: var(--muted); font-size: 13px; display: -webkit-box; -webkit-line-clamp: 4; -webkit-box-orient: vertical;
  overflow: hidden; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 0 10px; margin: 4px 0 0; font-size: 13px; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
`;
/** Filters cards by the pressed status and model buttons. Reads the page, holds no data of its own. */
const SCRIPT = `
const state = { status: '', model: '' };
const cards = Array.from(document.querySelectorAll('.card'));
const count = document.getElementById('count');
function apply() {
  let shown = 0;
  for (const card of cards) {
    const show = (!state.status || card.dataset.status === state.status) && (!state.model || card.dataset.model === state.model);
    card.hidden = !show;
    if (show) shown++;
  }
  count.textContent = shown + ' of ' + cards.length + (cards.length === 1 ? ' entry' : ' entries');
}
for (const button of document.querySelectorAll('nav button')) {
  button.addEventListener('click', () => {
    const kind = button.dataset.filter;
    state[kind] = button.dataset.value;
    for (const other of document.querySelectorAll('nav button')) {
      if (other.dataset.filter === kind) other.setAttribute('aria-pressed', String(other === button));
    }
    apply();
  });
}
apply();
`;
const hash = (text) => `'sha256-${(0,external_node_crypto_.createHash)('sha256').update(text).digest('base64')}'`;
// Images only from the page's own place (its folder, opened from disk or served); nothing else at all.
const CSP = [
    "default-src 'none'",
    "img-src 'self' file:",
    `style-src ${hash(STYLE)}`,
    `script-src ${hash(SCRIPT)}`,
    "base-uri 'none'",
    "form-action 'none'",
].join('; ');
/** The whole page for `items`. */
function renderGalleryPage(items, info) {
    const title = `Generated images: ${info.manifest}`;
    const subtitle = [
        `${(0,report_escape/* plural */.LS)(items.length, 'entry', 'entries')} · made ${formatDate(info.madeAt)}`,
        info.subtitle,
    ].filter(Boolean);
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${esc(title)}</h1>${subtitle.map((s) => `<p>${esc(s)}</p>`).join('')}</header>
${filters(items)}
<main>
${items.map((item, i) => card(item, info, i < EAGER_CARDS)).join('\n')}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
function filters(items) {
    const statuses = Object.keys(STATUS_LABELS).filter((s) => items.some((i) => i.status === s));
    const models = [...new Set(items.map((i) => i.model))].sort();
    const group = (kind, label, values) => `<div class="group" role="group" aria-label="${label}"><span class="label">${label}</span>` +
        [['', 'all', items.length], ...values]
            .map(([value, text, n]) => `<button type="button" data-filter="${kind}" data-value="${esc(value)}" aria-pressed="${value === ''}">${esc(text)} (${n})</button>`)
            .join('') +
        '</div>';
    const count = (f) => items.filter(f).length;
    return `<nav>${group('status', 'Status', statuses.map((s) => [s, STATUS_LABELS[s], count((i) => i.status === s)]))}${group('model', 'Model', models.map((m) => [m, m, count((i) => i.model === m)]))}<output id="count" aria-live="polite"></output></nav>`;
}
function card(item, info, eager) {
    const alt = item.alt ?? '';
    const shots = item.images.length
        ? item.images
            .map((img, i) => {
            const href = esc(info.href(img));
            const size = img.width && img.height ? ` width="${img.width}" height="${img.height}"` : '';
            const of = `${i + 1} of ${item.images.length}`;
            const label = item.status === 'awaiting'
                ? `${alt || item.id}, candidate ${of}`
                : item.images.length > 1
                    ? `${alt || item.id} (${of})`
                    : alt;
            return `<a href="${href}"><img src="${href}"${size} alt="${esc(label)}"${eager ? '' : ' loading="lazy"'}></a>`;
        })
            .join('')
        : `<div class="none">${item.status === 'failed' || item.status === 'pending' ? 'No image' : 'No image yet'}</div>`;
    const facts = [
        ['model', item.model],
        ['quality', item.quality],
        [item.images.length > 1 ? 'files' : 'file', item.images.map((i) => i.workspacePath).join(', ') || '—'],
        ['size', item.images.map(sizeText).join(', ') || '—'],
        ['cost', costText(item)],
        ['date', item.date ? formatDate(item.date) : '—'],
    ];
    return `<article class="card s-${item.status}" data-status="${item.status}" data-model="${esc(item.model)}">
<div class="shots">${shots}</div>
<div class="body">
<h2><code>${esc(item.id)}</code><span class="badge b-${item.status}">${STATUS_LABELS[item.status]}</span>${c2paBadge(item)}</h2>
${item.note ? `<p class="note">${esc(item.note)}</p>` : ''}
${item.alt ? `<p class="alt">${esc(item.alt)}</p>` : item.alt === '' ? '<p class="alt missing">decorative (empty alt)</p>' : '<p class="alt missing">no alt text</p>'}
<p class="prompt" title="${esc(item.prompt)}">${esc(item.prompt)}</p>
<dl>${facts.map(([k, v]) => `<dt>${k}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
</div>
</article>`;
}
/** The "C2PA" mark when the entry's images carry content credentials (see ../report/credentials.ts). */
function c2paBadge(item) {
    const title = (0,credentials/* c2paTitle */.Tc)(item.images.map((i) => i.contentCredentials));
    return title ? `<span class="badge c2pa" title="${esc(title)}">C2PA</span>` : '';
}
function sizeText(img) {
    const px = img.width && img.height ? `${img.width}×${img.height} ` : '';
    const kb = img.bytes >= 1024 * 1024
        ? `${(img.bytes / 1024 / 1024).toFixed(1)} MB`
        : `${Math.ceil(img.bytes / 1024)} KB`;
    return `${px}${img.format ?? ''} ${kb}`.replace(/ +/g, ' ').trim();
}
function costText(item) {
    if (item.cost !== undefined)
        return (0,format/* formatUsd */.UK)(item.cost);
    if (item.estimate !== undefined)
        return `est. ${(0,format/* formatUsd */.UK)(item.estimate)}`;
    return '—';
}
/** `2026-11-24 10:00 UTC`: the same for every reader, wherever the page is opened. */
function formatDate(iso) {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

;// CONCATENATED MODULE: ./src/site/gallery.ts
/**
 * `gallery.html`: a page to look at a manifest's images — from the CLI (`pixazo-images gallery`,
 * every entry, beside the workspace's files) or in the action's artifact (the entries this run
 * changed, beside the images uploaded with it). Image paths are relative to the page, so it works
 * opened from disk.
 */






/** The page's file name, in the folder it is written to (at the root of the artifact). */
const GALLERY_FILE = 'gallery.html';
/** Writes `gallery.html` into `outDir` (created if needed) and returns its absolute path. */
async function writeGallery(opts) {
    const { report, workspace } = opts;
    const scope = opts.scope ?? 'all';
    const imageRoot = opts.imageRoot ?? workspace;
    const manifestDir = external_node_path_default().dirname(external_node_path_default().resolve(workspace, report.manifest));
    const changed = new Set(['generated', 'reused', 'failed', 'pending']);
    const entries = scope === 'run' ? report.entries.filter((e) => changed.has(e.status)) : report.entries;
    const written = new Set(report.filesWritten);
    const items = [];
    for (const item of galleryItems(entries, opts.lock, manifestDir, workspace)) {
        const keep = await Promise.all(item.images.map(async (img) => scope === 'run' ? written.has(img.workspacePath) : isFile(external_node_path_default().join(imageRoot, img.workspacePath))));
        items.push({ ...item, images: item.images.filter((_, i) => keep[i]) });
    }
    const outDir = external_node_path_default().resolve(opts.outDir);
    const unchanged = report.entries.length - entries.length;
    const html = renderGalleryPage(items, {
        manifest: report.manifest,
        madeAt: opts.madeAt ?? new Date().toISOString(),
        ...(scope === 'run' &&
            unchanged > 0 && {
            subtitle: `The entries this run changed; ${unchanged} more ${unchanged === 1 ? 'is' : 'are'} unchanged and not in this artifact.`,
        }),
        href: (img) => relativeUrl(outDir, external_node_path_default().join(imageRoot, img.workspacePath)),
    });
    const file = external_node_path_default().join(outDir, GALLERY_FILE);
    await (0,fs/* writeFileAtomic */.Zf)(file, html, opts.writeRoot ?? workspace);
    return file;
}
/** A relative URL from the page's folder to `file`, each segment percent-encoded (`#`, `?`, spaces). */
function relativeUrl(fromDir, file) {
    return (0,paths/* toPosix */.d7)(external_node_path_default().relative(fromDir, file)).split('/').map(encodeURIComponent).join('/');
}
async function isFile(file) {
    try {
        return (await (0,promises_.stat)(file)).isFile();
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/publish/artifact.ts
/**
 * `publish: artifact`: the written images, the lockfile, the image index, the report and a gallery
 * page go up as one workflow artifact through `@actions/artifact`, which is imported only when a run
 * publishes this way.
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
/**
 * Checks up front what the library would reject midway. The library zips every file into one upload,
 * so one file it refuses (a name, or a file it cannot read) would fail them all: such files are set
 * aside, by name and reason, and the rest still go up. A file outside the root is our own mistake.
 */
async function checkFiles(files, root) {
    if (files.length === 0)
        throw new ArtifactError('no files to upload');
    const ok = [];
    const refused = [];
    for (const file of files) {
        // The library's own check is a string prefix test, which lets /a/bc pass for root /a/b.
        if (!(0,paths/* isInside */.FK)(root, (0,external_node_path_.resolve)(file)))
            throw new ArtifactError(`${file} is not inside the artifact root ${root}`);
        const rel = (0,external_node_path_.relative)(root, (0,external_node_path_.resolve)(file));
        const bad = BAD_PATH_CHARS.find(([c]) => rel.includes(c));
        const reason = bad
            ? `the name contains a ${bad[1]}, which artifacts may not hold (" : < > | * ? or line breaks)`
            : await unreadable(file);
        if (reason)
            refused.push({ path: rel, reason });
        else
            ok.push(file);
    }
    return { ok, refused };
}
/** Why the zip could not read `file`, or undefined when it can. */
async function unreadable(file) {
    try {
        if (!(await (0,promises_.stat)(file)).isFile())
            return 'not a regular file';
        await (0,promises_.access)(file, external_node_fs_.constants.R_OK);
        return undefined;
    }
    catch (err) {
        const code = err.code;
        return code === 'ENOENT' ? 'the file is gone' : `the file cannot be read (${code ?? String(err)})`;
    }
}
/** The error for files left out of an uploaded artifact: every one by name, and what to do. */
function refusedFilesError(name, refused, uploaded) {
    const list = refused.map((r) => `${JSON.stringify(r.path)}: ${r.reason}`).join('; ');
    const others = uploaded > 0 ? `the other ${uploaded} were uploaded` : 'so nothing was uploaded';
    return new ArtifactError(`${(0,words/* plural */.L)(refused.length, 'file')} could not be put into artifact ${name}, ${others}: ${list}. ` +
        'The files are still in the workspace and recorded in the lockfile; rename the output (`out:`) to a ' +
        'portable name, or use publish: commit.');
}
/**
 * Uploads `files` as the artifact `name`, stored uncompressed (images are compressed already).
 * Needs ACTIONS_RESULTS_URL and ACTIONS_RUNTIME_TOKEN, as on any runner. A name can be used once per
 * workflow run. Throws {@link ArtifactError} before any network call for a bad name or file list.
 * Files the artifact cannot hold are left out and returned in `refused`; the others are uploaded.
 */
async function uploadImagesArtifact(opts) {
    validateArtifactName(opts.name);
    const root = (0,external_node_path_.resolve)(opts.rootDirectory);
    const { ok, refused } = await checkFiles(opts.files, root);
    if (ok.length === 0)
        throw refusedFilesError(opts.name, refused, 0);
    const days = opts.retentionDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
        throw new ArtifactError(`artifact-retention-days must be a whole number of days, at least 1: ${days}`);
    }
    const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(110), __webpack_require__.e(351), __webpack_require__.e(935)]).then(__webpack_require__.bind(__webpack_require__, 77935));
    const client = new DefaultArtifactClient();
    let result;
    try {
        result = await client.uploadArtifact(opts.name, ok, root, {
            compressionLevel: 0,
            ...(days !== undefined && { retentionDays: days }),
        });
    }
    catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        throw new ArtifactError(`uploading artifact ${opts.name} failed: ${message}`, { cause: err });
    }
    opts.logger.info(`Uploaded artifact ${opts.name} (${(0,words/* plural */.L)(ok.length, 'file')}, id ${result.id ?? 'unknown'})`);
    return { id: result.id, size: result.size ?? 0, uploaded: ok.length, refused };
}
/**
 * Writes `gallery.html` at the root of a staged artifact, `stage`, which holds this run's images at
 * their workspace paths: the entries the run generated, reused or failed to make, with the images it
 * wrote, so a reviewer downloads one zip and opens one file. Returns the page's path, to upload with
 * the rest. `lockfilePath` is the workspace's lockfile (sizes, dates, costs).
 */
async function stageGallery(stage, report, workspace, lockfilePath) {
    const text = await (0,fs/* readTextIfExists */.TP)(lockfilePath);
    const lock = text === undefined ? (0,lockfile/* emptyLockfile */.rA)() : (0,lockfile/* parseLockfile */.tg)(text, report.lockfile);
    return writeGallery({
        report,
        lock,
        workspace,
        outDir: stage,
        imageRoot: stage,
        writeRoot: stage,
        scope: 'run',
    });
}


/***/ })

};
