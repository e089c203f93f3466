/**
 * The YAML layer: parses with source positions, reports syntax errors and duplicate keys, and
 * turns the tree into plain data without letting the YAML library warn, stringify or throw.
 */
import { type Document, isAlias, isCollection, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { IssueList } from './issues.js';
import { Locator } from './positions.js';

/** A parsed manifest text: the tree (for positions) and its plain data (for the schema). */
export interface ReadYaml {
  readonly doc: Document;
  readonly at: Locator;
  /** `undefined` when the text could not be read as data (the reason is in the issues). */
  readonly raw: unknown;
}

/** Parses `text`, adding every YAML-level problem to `issues`. */
export function readYaml(text: string, issues: IssueList): ReadYaml {
  // A BOM is invisible in editors; dropping it keeps columns on line 1 as the user sees them.
  const src = text.replace(/^\uFEFF/, '');
  const lines = new LineCounter();
  const doc = parseDocument(src, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = new Locator(doc, lines, src);
  for (const e of doc.errors) {
    const pos = at.offset(e.pos[0]);
    if (e.code === 'DUPLICATE_KEY') {
      const key = keyAt(doc, e.pos[0]) ?? src.slice(e.pos[0], e.pos[1]);
      issues.error(pos, `duplicate key \`${key}\`; each key may appear once in a map (remove or rename one)`);
    } else issues.error(pos, `YAML syntax error: ${e.message}`);
  }
  for (const w of doc.warnings) issues.warning(at.offset(w.pos[0]), `YAML: ${w.message}`);
  // After a syntax error the tree is a guess: checking it would add confusing follow-up errors.
  if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return { doc, at, raw: undefined };
  const raw = plainData(doc, at, issues);
  if (!issues.hasErrors && (raw === null || raw === undefined))
    issues.error({ line: 1, col: 1 }, 'the manifest is empty; it needs `version: 1` and an `images:` map');
  return { doc, at, raw };
}

/** The text of the map key starting at `offset` (yaml reports duplicates by a one-character range). */
function keyAt(doc: Document, offset: number): string | undefined {
  let text: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        text = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return text;
}

/**
 * The document as plain data. Keys that are lists or maps and aliases without an anchor cannot
 * be expressed in a manifest; they are reported here (and dropped) rather than letting the YAML
 * library stringify them or throw.
 */
function plainData(doc: Document, at: Locator, issues: IssueList): unknown {
  visit(doc, {
    Pair(_, pair) {
      if (isCollection(pair.key) || isAlias(pair.key)) {
        const start = (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0;
        issues.error(at.offset(start), 'keys must be plain text, not a list, map or alias');
        return visit.REMOVE;
      }
      return undefined;
    },
    Alias(_, alias) {
      if (!alias.resolve(doc))
        issues.error(
          at.offset(alias.range?.[0] ?? 0),
          `alias \`*${alias.source}\` has no anchor \`&${alias.source}\` before it`,
        );
    },
  });
  if (issues.hasErrors) return undefined;
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    // e.g. an alias explosion ("billion laughs"): refuse the document rather than expand it.
    issues.error({ line: 1, col: 1 }, `cannot read the YAML: ${(err as Error).message}`);
    return undefined;
  }
}
