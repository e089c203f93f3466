/**
 * Source positions from the YAML tree: walks a path (as zod reports it) through the AST to the
 * deepest node that exists and turns its offset into a 1-based line and column.
 */
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type { SourcePos } from './types.js';

/** A path into the manifest, as zod reports it: map keys and sequence indexes. */
export type Path = readonly PropertyKey[];

interface Found {
  /** The deepest node reached. */
  readonly node: Node | null;
  /** The pair whose value `node` is, when the last step went through a map. */
  readonly pair: Pair | undefined;
  /** How many path segments were matched. */
  readonly depth: number;
}

/** Maps paths and offsets of one parsed document to positions. */
export class Locator {
  /** Key → pair of each map looked into, so locating every entry of a large manifest stays O(n). */
  private readonly pairs = new WeakMap<YAMLMap, { size: number; byKey: Map<string, Pair> }>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly source: string,
  ) {}

  /** 1-based position of a character offset in the source. */
  offset(offset: number): SourcePos {
    const { line, col } = this.lines.linePos(offset);
    // linePos reports line 0 before the first newline is known; clamp so callers always get ≥ 1.
    return { line: Math.max(1, line), col: Math.max(1, col) };
  }

  /**
   * Where the value at `path` stands, or — when it does not exist — the deepest ancestor that
   * does (so a missing key points at the map that lacks it). An empty value (`key:` and nothing)
   * has no text of its own: its key is reported instead.
   */
  value(path: Path): SourcePos {
    const { node, pair } = this.find(path);
    const empty = isScalar(node) && node.range && node.range[0] === node.range[1];
    if ((node === null || empty) && pair && isNodeWithRange(pair.key)) return this.offset(pair.key.range[0]);
    if (node?.range) return this.offset(node.range[0]);
    return { line: 1, col: 1 };
  }

  /** Where the key of the last segment of `path` stands (falls back to `value`). */
  key(path: Path): SourcePos {
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
  inside(path: Path, needle: string): SourcePos {
    const { node, depth } = this.find(path);
    if (depth === path.length && node?.range) {
      const at = this.source.slice(node.range[0], node.range[1]).indexOf(needle);
      if (at >= 0) return this.offset(node.range[0] + at);
    }
    return this.value(path);
  }

  private find(path: Path): Found {
    let node: Node | null = (this.doc.contents as Node | null) ?? null;
    let pair: Pair | undefined;
    let depth = 0;
    for (const seg of path) {
      const target = isAlias(node) ? (node.resolve(this.doc) ?? null) : node;
      let next: { node: Node | null; pair: Pair | undefined } | undefined;
      if (isMap(target)) {
        const p = this.pairOf(target, String(seg));
        if (p) next = { node: (p.value as Node | null) ?? null, pair: p };
      } else if (isSeq(target) && typeof seg === 'number' && seg < target.items.length) {
        next = { node: (target.items[seg] as Node | null) ?? null, pair: undefined };
      }
      if (!next) break;
      ({ node, pair } = next);
      depth++;
    }
    return { node, pair, depth };
  }

  /** The pair of `map` with key `key`; the last one wins, as in toJS() (duplicates are reported separately). */
  private pairOf(map: YAMLMap, key: string): Pair | undefined {
    let index = this.pairs.get(map);
    if (index?.size !== map.items.length) {
      const byKey = new Map<string, Pair>();
      for (const item of map.items) {
        const k = keyText(item.key);
        if (k !== undefined) byKey.set(k, item);
      }
      index = { size: map.items.length, byKey };
      this.pairs.set(map, index);
    }
    return index.byKey.get(key);
  }
}

/** The key of a pair as toJS() spells it in a plain object. */
function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
  if (key === null || key === undefined) return '';
  return undefined;
}

function isNodeWithRange(n: unknown): n is Node & { range: [number, number, number] } {
  return typeof n === 'object' && n !== null && Array.isArray((n as Node).range);
}
