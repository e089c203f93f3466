#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 486:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _last_resort_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(12);
/* harmony import */ var _node_version_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(793);
// The Node version is checked before anything else loads: on an older Node, undici (under the
// gateway client) throws while loading, so main.js is imported only once the check has passed.


// Whatever escapes cli() is printed as one redacted line, never as Node's stack trace.
(0,_last_resort_js__WEBPACK_IMPORTED_MODULE_0__/* .installLastResort */ .$)();
const tooOld = (0,_node_version_js__WEBPACK_IMPORTED_MODULE_1__/* .nodeTooOld */ .u)(process.versions.node);
if (tooOld) {
    process.stderr.write(`${tooOld}\n`);
    process.exitCode = 2;
}
else {
    try {
        const { cli } = await Promise.all(/* import() */[__nccwpck_require__.e(278), __nccwpck_require__.e(76)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9076));
        process.exitCode = await cli(process.argv.slice(2));
    }
    catch (err) {
        (0,_last_resort_js__WEBPACK_IMPORTED_MODULE_0__/* .lastResort */ .y)(err);
    }
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 12:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ installLastResort),
/* harmony export */   y: () => (/* binding */ lastResort)
/* harmony export */ });
/* harmony import */ var _shared_redact_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8932);
/* harmony import */ var _sink_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(807);
/**
 * The CLI's last resort: an error thrown outside `cli()`'s own handling (before it starts, or by a
 * promise nobody awaited) would reach Node's default printer — a stack trace that bypasses the
 * redactor. Here it becomes one line on stderr through the same sink as every other line (src/cli/
 * sink.ts), and exit code 1. `PIXAZO_DEBUG=1` adds the stack, redacted too.
 */


/** Prints `err` as the CLI's one last line (redacted) and ends the process with exit code 1. */
function lastResort(err, env = process.env) {
    // The key may not have been read yet when this runs: registered here so it cannot show.
    _shared_redact_js__WEBPACK_IMPORTED_MODULE_0__/* .secrets */ .O3.addKey(env.PIXAZO_API_KEY?.trim() ?? '');
    const stderr = (0,_sink_js__WEBPACK_IMPORTED_MODULE_1__/* .guarded */ .N)(process.stderr);
    const message = err instanceof Error ? err.message : String(err);
    stderr.write(`error: ${message.split('\n')[0]} (an unexpected error; set PIXAZO_DEBUG=1 for details)\n`);
    if (env.PIXAZO_DEBUG && env.PIXAZO_DEBUG !== '0' && err instanceof Error && err.stack)
        stderr.write(`${err.stack}\n`);
    process.exit(1);
}
/** Routes uncaught exceptions and unhandled rejections to `lastResort` for the rest of the process. */
function installLastResort() {
    process.on('uncaughtException', (err) => lastResort(err));
    process.on('unhandledRejection', (reason) => lastResort(reason));
}


/***/ }),

/***/ 793:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   u: () => (/* binding */ nodeTooOld)
/* harmony export */ });
/* unused harmony export MIN_NODE */
/**
 * The oldest Node the CLI runs on. undici (under the gateway client) needs 22.19 and throws while
 * loading on anything older, so the entry checks this before it loads anything else. Kept free of
 * imports: it must run on any Node.
 */
const MIN_NODE = { major: 22, minor: 19 };
/** One line saying which Node is needed and how to get it, or undefined when `version` will do. */
function nodeTooOld(version) {
    const [major = 0, minor = 0] = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
    if (major > MIN_NODE.major || (major === MIN_NODE.major && minor >= MIN_NODE.minor))
        return undefined;
    return (`pixazo-images needs Node.js ${MIN_NODE.major}.${MIN_NODE.minor} or later, and this is Node.js ${version}: ` +
        'install Node.js 24 (or 22) LTS from https://nodejs.org or with your version manager (`nvm install 24`).');
}


/***/ }),

/***/ 807:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ guarded)
/* harmony export */ });
/* harmony import */ var _shared_redact_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8932);
/**
 * The CLI's two streams, routed through the one redactor (src/shared/redact.ts): everything written
 * to stdout or stderr is redacted of the key and the webhook URL's secret part, and no line can start
 * a workflow command (the CLI issues none, and may run inside a workflow step).
 */

/** `stream` with every `write` passing the redactor; everything else (isTTY, columns, events) as is. */
function guarded(stream) {
    const write = (chunk, ...rest) => {
        const text = typeof chunk === 'string'
            ? chunk
            : chunk instanceof Uint8Array
                ? Buffer.from(chunk).toString('utf8')
                : chunk;
        return stream.write(typeof text === 'string' ? (0,_shared_redact_js__WEBPACK_IMPORTED_MODULE_0__/* .forLog */ .Ig)(text) : text, ...rest);
    };
    return new Proxy(stream, {
        get(target, prop) {
            if (prop === 'write')
                return write;
            const value = Reflect.get(target, prop, target);
            return typeof value === 'function' ? value.bind(target) : value;
        },
    });
}


/***/ }),

/***/ 8932:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   Ig: () => (/* binding */ forLog),
/* harmony export */   O3: () => (/* binding */ secrets),
/* harmony export */   pO: () => (/* binding */ Redactor)
/* harmony export */ });
/* unused harmony exports MASK, formsOf, webhookSecrets, neutraliseCommands */
/* harmony import */ var _references_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9451);
/* harmony import */ var _secret_input_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4624);
/**
 * The one redactor at the sinks (SPEC §9). The secrets of a run — the API key and the part of
 * `webhook-url` beyond its origin — are registered once, where the inputs are read (action and CLI);
 * every text the tool emits or writes (log lines, annotations, outputs, job summary, PR comment, JSON
 * report, lockfile, image index, gallery, CLI streams) passes {@link redact} on its way out. So a
 * gateway or CDN that reflects the key in an error text, a media URL or a redirect target is covered
 * without each source having to remember. Text printed to a log also passes
 * {@link neutraliseCommands}: a line we did not issue cannot start a workflow command.
 */


/** What a secret is replaced with. */
const MASK = '***';
/** Shortest derived form (base64 slices, webhook fragments) we replace: shorter would mask ordinary text. */
const MIN_FORM = 6;
/**
 * The stable part of `base64(prefix + secret + suffix)` for a prefix of `offset` bytes (0–2): the
 * characters that depend on the secret's bytes only. Together the three offsets find the secret inside
 * any base64 blob (`Basic base64(user:key)`, `base64(key:)`, a JSON body …) whatever precedes it.
 */
function base64Slice(secret, offset) {
    const padded = Buffer.concat([Buffer.alloc(offset), secret]);
    const full = Math.floor(padded.length / 3) * 3;
    const rest = padded.length - full;
    const encoded = padded.toString('base64');
    // Chars of the last, partial group that hold secret bits only: 1 of 2 (1 byte left), 2 of 3 (2 bytes).
    const end = (full / 3) * 4 + (rest === 0 ? 0 : rest === 1 ? 1 : 2);
    // Chars of the first group that still hold prefix bits: 0, 2 or 3.
    const start = [0, 2, 3][offset];
    return encoded.slice(start, end);
}
/** Every spelling of `secret` we might emit: plain, URL-encoded, JSON-escaped, markdown-escaped, base64. */
function formsOf(secret) {
    const forms = new Set([
        secret,
        encodeURIComponent(secret),
        encodeURI(secret),
        JSON.stringify(secret).slice(1, -1),
        (0,_references_js__WEBPACK_IMPORTED_MODULE_0__/* .toReferences */ .EI)(secret),
    ]);
    const bytes = Buffer.from(secret, 'utf8');
    for (let offset = 0; offset < 3; offset++) {
        const slice = base64Slice(bytes, offset);
        // A short secret's slices are a few letters that ordinary text holds: not worth masking.
        if (slice.length < MIN_FORM)
            continue;
        forms.add(slice);
        forms.add(slice.replace(/\+/g, '-').replace(/\//g, '_'));
    }
    return [...forms].filter((f) => f.length > 0);
}
/**
 * The secret parts of a webhook URL: everything beyond its origin (path, query, fragment, and any
 * user:password), and on their own the query values and the long path segments, so an echo of one
 * piece is caught too. Its origin stays readable. Returns [] for an unparsable URL (refused anyway).
 */
function webhookSecrets(raw) {
    let u;
    try {
        u = new URL(raw);
    }
    catch {
        return [];
    }
    const parts = new Set();
    // Whole, and cut where an echo may have cut it (without the fragment, without the query).
    for (const beyond of [`${u.pathname}${u.search}${u.hash}`, `${u.pathname}${u.search}`, u.pathname])
        if (beyond.length > 1)
            parts.add(beyond.slice(1));
    // The raw text beyond the origin, as the user wrote it (URL parsing may re-encode it).
    const rawBeyond = raw.trim().replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
    if (rawBeyond.length > 1)
        parts.add(rawBeyond.replace(/^\//, ''));
    if (u.username)
        parts.add(decodeURIComponent(u.username));
    if (u.password)
        parts.add(decodeURIComponent(u.password));
    for (const value of u.searchParams.values())
        if (value.length >= MIN_FORM)
            parts.add(value);
    for (const seg of u.pathname.split('/'))
        if (seg.length >= 12)
            parts.add(decodeURIComponent(seg));
    if (u.hash.length > MIN_FORM)
        parts.add(u.hash.slice(1));
    return [...parts].filter((p) => p.length >= MIN_FORM);
}
/** A set of secrets and the text replacement they imply. */
class Redactor {
    #forms = [];
    /** Registers the API key (every form of it). Empty is ignored. */
    addKey(key) {
        // A key too short to be one is refused before it is sent (secret-input.ts); masking its few
        // characters would corrupt ordinary text, the lockfile included.
        if (key.length >= _secret_input_js__WEBPACK_IMPORTED_MODULE_1__/* .MIN_KEY_LENGTH */ .uu)
            this.#add(formsOf(key));
    }
    /** Registers `webhook-url`'s parts beyond its origin. Empty is ignored. */
    addWebhook(url) {
        if (url)
            this.#add(webhookSecrets(url).flatMap(formsOf));
    }
    /** Whether anything is registered. */
    get active() {
        return this.#forms.length > 0;
    }
    /** `text` with every registered form replaced by `***`. */
    redact(text) {
        let out = text;
        for (const form of this.#forms)
            if (out.includes(form))
                out = out.split(form).join(MASK);
        return out;
    }
    /** Forgets every secret (tests). */
    clear() {
        this.#forms = [];
    }
    #add(forms) {
        // Longest first: a long form must be replaced whole before a shorter one cuts it apart.
        this.#forms = [...new Set([...this.#forms, ...forms])].sort((a, b) => b.length - a.length);
    }
}
/** The process's secrets: registered where the inputs are read, applied at every sink. */
const secrets = new Redactor();
/** Replaces the process's secrets in `text`: every sink calls this on what it emits. */
function redact(text) {
    return secrets.active ? secrets.redact(text) : text;
}
/**
 * A line that, after optional whitespace, starts with `::` (or the old `##[` form) would be read by the
 * Actions runner as a workflow command (`::error`, `::add-mask`, `::stop-commands` …). Text we print
 * but did not issue as a command gets a zero-width space between the two characters: the log reads the
 * same, the runner sees no command.
 */
function neutraliseCommands(text) {
    return text.replace(/^([^\S\r\n]*)(:)(:)|^([^\S\r\n]*)(#)(#\[)/gm, (_m, ws1, a, b, ws2, c, d) => a !== undefined ? `${ws1}${a}\u200B${b}` : `${ws2}${c}\u200B${d}`);
}
/** What a log line or a terminal gets: redacted, and no workflow command we did not issue. */
function forLog(text) {
    return neutraliseCommands(redact(text));
}


/***/ }),

/***/ 9451:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   EI: () => (/* binding */ toReferences),
/* harmony export */   aC: () => (/* binding */ ATTRIBUTE_SPECIALS)
/* harmony export */ });
/* unused harmony export MARKDOWN_SPECIALS */
/**
 * The character references markdown escaping writes (`report/escape.ts`), in one table: the
 * redactor (`redact.ts`) masks a secret in the escaped spelling too, so both must read the same one.
 *
 * Numeric/named character references rather than backslash escapes: they work in markdown text and
 * inside raw HTML (`<details>`, `<sub>`, attributes) alike, where backslashes mean nothing; and
 * CommonMark treats a character reference as literal text, never as syntax, so `&#91;x&#93;&#40;y&#41;`
 * renders as the characters of a link without being one. `|` must go even inside HTML attributes:
 * GFM splits table rows on it before anything else is parsed.
 */
const REFERENCES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
    '`': '&#96;',
    '|': '&#124;',
    '[': '&#91;',
    ']': '&#93;',
    '(': '&#40;',
    ')': '&#41;',
    '!': '&#33;',
    '*': '&#42;',
    _: '&#95;',
    '#': '&#35;',
    '~': '&#126;',
    // A backslash before one of our references would escape its `&` and show the reference verbatim.
    '\\': '&#92;',
    // GitHub renders `$…$` as math.
    $: '&#36;',
};
/** Every character markdown text must not show raw. */
const MARKDOWN_SPECIALS = /[&<>"'`|[\]()!*_#~\\$]/g;
/** What matters inside a double-quoted HTML attribute in a GFM table row: HTML and the row's `|`. */
const ATTRIBUTE_SPECIALS = /[&<>"'`|]/g;
/** `text` with each character `specials` matches written as its character reference. */
function toReferences(text, specials = MARKDOWN_SPECIALS) {
    return text.replace(specials, (ch) => REFERENCES[ch] ?? ch);
}


/***/ }),

/***/ 4624:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Lv: () => (/* binding */ checkWebhookUrl),
/* harmony export */   dD: () => (/* binding */ keyProblem),
/* harmony export */   uu: () => (/* binding */ MIN_KEY_LENGTH)
/* harmony export */ });
/* harmony import */ var _words_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(152);
/**
 * The rule for the two secret inputs (SPEC §9), shared by the action (`api-key`, `webhook-url`) and
 * the CLI (`PIXAZO_API_KEY`, `--webhook-url`): after trimming, every character must be printable
 * ASCII (U+0020–U+007E). Anything else — a pasted line break, U+2028, a non-Latin letter — would
 * make every request fail with an undici header error, so it is an input error before any call.
 * A webhook's international host name is the one exception: it is turned into its punycode form.
 * Messages describe the character, never repeat the value (both are often secrets).
 */

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** What is wrong with `ch`, in words a user recognises. */
function describe(ch) {
    const code = `U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return /\p{Cc}/u.test(ch)
        ? `a control character (a line break, tab or the like: ${code})`
        : `a character outside printable ASCII (${code})`;
}
/** The first character of `text` outside printable ASCII, described, or undefined. */
function firstBad(text) {
    for (const ch of text)
        if (!PRINTABLE_ASCII.test(ch))
            return describe(ch);
    return undefined;
}
/**
 * Shortest API key accepted. A shorter one is no subscription key (a slip: part of the secret, a
 * placeholder), and the redactor would mask every occurrence of those few characters in ordinary
 * text — the lockfile included — so it is refused before anything is sent or masked.
 */
const MIN_KEY_LENGTH = 8;
/**
 * Checks an API key (already trimmed). Returns the problem, completing "<input> …", or undefined
 * when the key may be sent (empty: not given, which the caller decides about).
 */
function keyProblem(key) {
    const bad = firstBad(key);
    if (bad)
        return `has ${bad} inside: set it again without it`;
    if (key.length > 0 && key.length < MIN_KEY_LENGTH)
        return `is ${(0,_words_js__WEBPACK_IMPORTED_MODULE_0__/* .plural */ .L)(key.length, 'character')} long, too short for a subscription key (${MIN_KEY_LENGTH} or more): set the whole key`;
    return undefined;
}
/**
 * Checks a webhook URL (already trimmed): an http(s) URL whose characters are printable ASCII but
 * for its host name, which may be international and is forwarded in punycode (`new URL` does that).
 */
function checkWebhookUrl(raw) {
    // The host as written: after the scheme and any user:password@, up to the port, path, query or fragment.
    const m = /^([a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?)([^/?#:]*)(.*)$/is.exec(raw);
    const outside = m ? `${m[1]}${m[3]}` : raw;
    const bad = firstBad(outside) ?? (m ? hostProblem(m[2]) : undefined);
    if (bad)
        return { bad };
    let u;
    try {
        u = new URL(raw);
    }
    catch {
        return { notUrl: true };
    }
    if ((u.protocol !== 'https:' && u.protocol !== 'http:') || !m)
        return { notUrl: true };
    // Only a non-ASCII host needed the parser; otherwise the URL is forwarded exactly as written.
    return { url: PRINTABLE_ASCII.test(raw) ? raw : u.href };
}
/** A host may hold letters of any script, but no control, format or separator characters. */
function hostProblem(host) {
    for (const ch of host)
        if (/[\p{C}\p{Z}]/u.test(ch))
            return describe(ch);
    return undefined;
}


/***/ }),

/***/ 152:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ plural)
/* harmony export */ });
/** Wording shared by every message: the one place a count meets its noun. */
/** `1 image`, `3 images`; `words` for irregular plurals (`1 entry`, `2 entries`). */
function plural(n, word, words = `${word}s`) {
    return `${n} ${n === 1 ? word : words}`;
}


/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 99:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:sqlite");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 6466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 7830:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/web");

/***/ }),

/***/ 7997:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers");

/***/ }),

/***/ 8500:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(486);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
