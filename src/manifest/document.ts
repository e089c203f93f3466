/**
 * The YAML layer: parses with source positions, reports syntax errors and duplicate keys, and
 * turns the tree into data without letting the YAML library warn, stringify or throw.
 */
import {
  type Document,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type YAMLMap,
} from 'yaml';
import type { IssueList } from './issues.js';
import { Locator } from './locator.js';
import { syntaxHint } from './yaml-hints.js';

/** A parsed manifest text: the tree (for positions) and its data (for the schema). */
export interface ReadYaml {
  readonly doc: Document;
  readonly at: Locator;
  /**
   * `undefined` when the text could not be read as data (the reason is in the issues). A repeated
   * key or a key that is a list or map is reported but leaves data to check further: the last of
   * the repeated keys counts, as everywhere in YAML tools, and the odd key is left out.
   */
  readonly raw: unknown;
}

/** Parses `text`, adding every YAML-level problem to `issues`. */
export function readYaml(text: string, issues: IssueList): ReadYaml {
  // A BOM is invisible in editors; dropping it keeps columns on line 1 as the user sees them.
  const src = text.replace(/^\uFEFF/, '');
  const lines = new LineCounter();
  // Duplicate keys are found below in one pass per map: the library's own check compares each key
  // with every earlier one, quadratic in a manifest of thousands of entries.
  const doc = parseDocument(src, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const at = new Locator(doc, lines, src);
  const sourceLines = src.split(/\r?\n/);
  for (const e of doc.errors) {
    const pos = at.offset(e.pos[0]);
    const hint = syntaxHint(e.code, sourceLines[pos.line - 1] ?? '');
    issues.error(pos, `YAML syntax error: ${e.message}${hint}`);
  }
  for (const w of doc.warnings) issues.warning(at.offset(w.pos[0]), `YAML: ${w.message}`);
  const duplicates = (map: YAMLMap): void => {
    for (const d of duplicateKeys(map))
      issues.error(
        at.offset(d.offset),
        `duplicate key \`${d.key}\`; each key may appear once in a map (remove or rename one)`,
      );
  };
  // After a syntax error the tree is a guess: checking it would add confusing follow-up errors.
  if (doc.errors.length > 0) {
    visit(doc, { Map: (_, map) => duplicates(map) });
    return { doc, at, raw: undefined };
  }
  const raw = toData(doc, at, issues, duplicates);
  if (raw === null || raw === undefined) {
    if (!issues.hasErrors)
      issues.error({ line: 1, col: 1 }, 'the manifest is empty; it needs `version: 1` and an `images:` map');
    return { doc, at, raw: undefined };
  }
  return { doc, at, raw };
}

/** Keys repeated within one map (scalars equal by value, as the library compares them), with offsets. */
function duplicateKeys(map: YAMLMap): { key: string; offset: number }[] {
  const found: { key: string; offset: number }[] = [];
  const seen = new Set<unknown>();
  for (const pair of map.items) {
    if (!isScalar(pair.key) || Number.isNaN(pair.key.value)) continue;
    const value = pair.key.value;
    if (seen.has(value)) found.push({ key: String(value), offset: pair.key.range?.[0] ?? 0 });
    else seen.add(value);
  }
  return found;
}

/**
 * The document as data. Keys that are lists or maps cannot be expressed in a manifest; they are
 * reported here and dropped rather than letting the YAML library stringify them. An alias without
 * an anchor is reported and leaves no data: the library would throw on it.
 */
function toData(doc: Document, at: Locator, issues: IssueList, onMap: (map: YAMLMap) => void): unknown {
  // One walk of the tree: duplicate keys (onMap), then keys and aliases a manifest cannot hold.
  let unresolved = false;
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      onMap(node);
      for (let i = 0; i < node.items.length; i++) {
        const pair = node.items[i]!;
        if (isCollection(pair.key) || isAlias(pair.key)) {
          const start = (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0;
          issues.error(at.offset(start), 'keys must be plain text, not a list, map or alias');
          node.items.splice(i--, 1);
          continue;
        }
        walk(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item);
    } else if (isPair(node)) {
      walk(node.value);
    } else if (isAlias(node) && !node.resolve(doc)) {
      unresolved = true;
      issues.error(
        at.offset(node.range?.[0] ?? 0),
        `alias \`*${node.source}\` has no anchor \`&${node.source}\` before it`,
      );
    }
  };
  walk(doc.contents);
  if (unresolved) return undefined;
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    // e.g. an alias explosion ("billion laughs"): refuse the document rather than expand it.
    issues.error({ line: 1, col: 1 }, `cannot read the YAML: ${(err as Error).message}`);
    return undefined;
  }
}
