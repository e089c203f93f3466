/**
 * Positions for validation messages: how the checks ask where something stands in the manifest
 * (locator.ts answers from the YAML tree), and the stand-in used when the text was read without one.
 */
import type { SourcePos } from './types.js';

/** A path into the manifest, as zod reports it: map keys and sequence indexes. */
export type Path = readonly PropertyKey[];

/** Where things stand in the manifest text, as messages need them. */
export interface Positions {
  /** 1-based position of a character offset in the source. */
  offset(offset: number): SourcePos;
  /** Where the value at `path` stands (or its deepest existing ancestor). */
  value(path: Path): SourcePos;
  /** Where the key of the last segment of `path` stands (falls back to `value`). */
  key(path: Path): SourcePos;
  /** Where `needle` first appears in the source text of the value at `path`. */
  inside(path: Path, needle: string): SourcePos;
}

const FIRST: SourcePos = { line: 1, col: 1 };

/**
 * The positions of a manifest read without a tree (fast-yaml.ts): every call answers line 1.
 * Only a manifest with no problem at all is kept from that reading, so no message shows them.
 */
export const UNLOCATED: Positions = {
  offset: () => FIRST,
  value: () => FIRST,
  key: () => FIRST,
  inside: () => FIRST,
};
