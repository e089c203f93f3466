export const id = 682;
export const ids = [682];
export const modules = {

/***/ 36682:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  locatedManifest: () => (/* binding */ locatedManifest)
});

// UNUSED EXPORTS: parseManifestText

// EXTERNAL MODULE: ./src/manifest/check.ts + 9 modules
var check = __webpack_require__(6777);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./src/manifest/locator.ts
/**
 * Source positions from the YAML tree: walks a path (as zod reports it) through the AST to the
 * deepest node that exists and turns its offset into a 1-based line and column.
 */

/** Maps paths and offsets of one parsed document to positions. */
class Locator {
    doc;
    lines;
    source;
    /** Key → pair of each map looked into, so locating every entry of a large manifest stays O(n). */
    pairs = new WeakMap();
    constructor(doc, lines, source) {
        this.doc = doc;
        this.lines = lines;
        this.source = source;
    }
    /** 1-based position of a character offset in the source. */
    offset(offset) {
        const { line, col } = this.lines.linePos(offset);
        // linePos reports line 0 before the first newline is known; clamp so callers always get ≥ 1.
        return { line: Math.max(1, line), col: Math.max(1, col) };
    }
    /**
     * Where the value at `path` stands, or — when it does not exist — the deepest ancestor that
     * does (so a missing key points at the map that lacks it). An empty value (`key:` and nothing)
     * has no text of its own: its key is reported instead.
     */
    value(path) {
        const { node, pair } = this.find(path);
        const empty = (0,dist/* isScalar */.jn)(node) && node.range && node.range[0] === node.range[1];
        if ((node === null || empty) && pair && isNodeWithRange(pair.key))
            return this.offset(pair.key.range[0]);
        if (node?.range)
            return this.offset(node.range[0]);
        return { line: 1, col: 1 };
    }
    /** Where the key of the last segment of `path` stands (falls back to `value`). */
    key(path) {
        const found = this.find(path);
        if (found.depth === path.length && found.pair && isNodeWithRange(found.pair.key))
            return this.offset(found.pair.key.range[0]);
        return this.value(path);
    }
    /**
     * Where `needle` first appears in the source text of the value at `path` — to point inside a
     * prompt or an `out` template at the offending `{{var}}` or `{placeholder}`. Escapes and
     * folding can make the source differ from the value; then the value's own position is used.
     */
    inside(path, needle) {
        const { node, depth } = this.find(path);
        if (depth === path.length && node?.range) {
            const at = this.source.slice(node.range[0], node.range[1]).indexOf(needle);
            if (at >= 0)
                return this.offset(node.range[0] + at);
        }
        return this.value(path);
    }
    find(path) {
        let node = this.doc.contents ?? null;
        let pair;
        let depth = 0;
        for (const seg of path) {
            const target = (0,dist/* isAlias */.Vj)(node) ? (node.resolve(this.doc) ?? null) : node;
            let next;
            if ((0,dist/* isMap */.jh)(target)) {
                const p = this.pairOf(target, String(seg));
                if (p)
                    next = { node: p.value ?? null, pair: p };
            }
            else if ((0,dist/* isSeq */.oP)(target) && typeof seg === 'number' && seg < target.items.length) {
                next = { node: target.items[seg] ?? null, pair: undefined };
            }
            if (!next)
                break;
            ({ node, pair } = next);
            depth++;
        }
        return { node, pair, depth };
    }
    /** The pair of `map` with key `key`; the last one wins, as in toJS() (duplicates are reported separately). */
    pairOf(map, key) {
        let index = this.pairs.get(map);
        if (index?.size !== map.items.length) {
            const byKey = new Map();
            for (const item of map.items) {
                const k = keyText(item.key);
                if (k !== undefined)
                    byKey.set(k, item);
            }
            index = { size: map.items.length, byKey };
            this.pairs.set(map, index);
        }
        return index.byKey.get(key);
    }
}
/** The key of a pair as toJS() spells it in a plain object. */
function keyText(key) {
    if ((0,dist/* isScalar */.jn)(key))
        return key.value === null || key.value === undefined ? '' : String(key.value);
    if (key === null || key === undefined)
        return '';
    return undefined;
}
function isNodeWithRange(n) {
    return typeof n === 'object' && n !== null && Array.isArray(n.range);
}

;// CONCATENATED MODULE: ./src/manifest/document.ts
/**
 * The YAML layer: parses with source positions, reports syntax errors and duplicate keys, and
 * turns the tree into plain data without letting the YAML library warn, stringify or throw.
 */



/** Parses `text`, adding every YAML-level problem to `issues`. */
function readYaml(text, issues) {
    const src = (0,check/* withoutBom */.vA)(text);
    const lines = new dist/* LineCounter */.HN();
    // Duplicate keys are found below in one pass per map: the library's own check compares each key
    // with every earlier one, quadratic in a manifest of thousands of entries.
    const doc = (0,dist/* parseDocument */.Tp)(src, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    const at = new Locator(doc, lines, src);
    for (const e of doc.errors)
        issues.error(at.offset(e.pos[0]), `YAML syntax error: ${e.message}`);
    for (const w of doc.warnings)
        issues.warning(at.offset(w.pos[0]), `YAML: ${w.message}`);
    const duplicates = (map) => {
        for (const d of duplicateKeys(map))
            issues.error(at.offset(d.offset), `duplicate key \`${d.key}\`; each key may appear once in a map (remove or rename one)`);
    };
    // After a syntax error the tree is a guess: checking it would add confusing follow-up errors.
    if (doc.errors.length > 0) {
        (0,dist/* visit */.YR)(doc, { Map: (_, map) => duplicates(map) });
        return { doc, at, raw: undefined };
    }
    const raw = plainData(doc, at, issues, duplicates);
    if (!issues.hasErrors && (raw === null || raw === undefined))
        issues.error({ line: 1, col: 1 }, 'the manifest is empty; it needs `version: 1` and an `images:` map');
    return { doc, at, raw };
}
/** Keys repeated within one map (scalars equal by value, as the library compares them), with offsets. */
function duplicateKeys(map) {
    const found = [];
    const seen = new Set();
    for (const pair of map.items) {
        if (!(0,dist/* isScalar */.jn)(pair.key) || Number.isNaN(pair.key.value))
            continue;
        const value = pair.key.value;
        if (seen.has(value))
            found.push({ key: String(value), offset: pair.key.range?.[0] ?? 0 });
        else
            seen.add(value);
    }
    return found;
}
/**
 * The document as plain data. Keys that are lists or maps and aliases without an anchor cannot
 * be expressed in a manifest; they are reported here (and dropped) rather than letting the YAML
 * library stringify them or throw.
 */
function plainData(doc, at, issues, onMap) {
    // One walk of the tree (a plain recursion: the library's visit() allocates a path per node):
    // duplicate keys (onMap), then keys and aliases a manifest cannot hold.
    const walk = (node) => {
        if ((0,dist/* isMap */.jh)(node)) {
            onMap(node);
            for (let i = 0; i < node.items.length; i++) {
                const pair = node.items[i];
                if ((0,dist/* isCollection */.P3)(pair.key) || (0,dist/* isAlias */.Vj)(pair.key)) {
                    const start = pair.key.range?.[0] ?? 0;
                    issues.error(at.offset(start), 'keys must be plain text, not a list, map or alias');
                    node.items.splice(i--, 1);
                    continue;
                }
                walk(pair.value);
            }
        }
        else if ((0,dist/* isSeq */.oP)(node)) {
            for (const item of node.items)
                walk(item);
        }
        else if ((0,dist/* isPair */.tO)(node)) {
            walk(node.value);
        }
        else if ((0,dist/* isAlias */.Vj)(node) && !node.resolve(doc)) {
            issues.error(at.offset(node.range?.[0] ?? 0), `alias \`*${node.source}\` has no anchor \`&${node.source}\` before it`);
        }
    };
    walk(doc.contents);
    if (issues.hasErrors)
        return undefined;
    try {
        return doc.toJS({ maxAliasCount: 1000 });
    }
    catch (err) {
        // e.g. an alias explosion ("billion laughs"): refuse the document rather than expand it.
        issues.error({ line: 1, col: 1 }, `cannot read the YAML: ${err.message}`);
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/manifest/issues.ts
var manifest_issues = __webpack_require__(9597);
// EXTERNAL MODULE: ./src/manifest/types.ts
var types = __webpack_require__(52628);
;// CONCATENATED MODULE: ./src/manifest/parse.ts
/**
 * The located reader: manifest text → `yaml` tree with positions → the checks of check.ts, so
 * every problem is reported at its line and column. A plain, valid manifest takes the quick path
 * instead (check.ts); this is where everything else is read.
 */




/**
 * Validates manifest text as if read from `opts.path` (used for relative paths and messages).
 * Synchronous: it checks local files (`out` containment, `input_images`) with sync fs calls.
 * @throws ManifestError with every problem found; never anything else for bad input.
 */
function parseManifestText(text, opts) {
    const where = whereOf(opts);
    return quickManifest(text, where) ?? locatedManifest(text, where);
}
/** The manifest read with positions: every problem is thrown located. */
function locatedManifest(text, where) {
    const issues = new manifest_issues/* IssueList */.o3(where.file);
    const { at, raw } = readYaml(text, issues);
    if (issues.hasErrors)
        throw new types/* ManifestError */.S(issues.all());
    const manifest = (0,check/* checkManifest */.K7)(raw, at, issues, where);
    if (!manifest)
        throw new types/* ManifestError */.S(issues.all());
    return manifest;
}


/***/ })

};
