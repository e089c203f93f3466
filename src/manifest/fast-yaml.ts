/**
 * The fast reader: a manifest's data without a YAML tree, for the common case of a plain
 * document. `yaml` builds a tree with source positions, which every message needs, but its
 * generator-based parser takes ~0.15 s for 1,000 entries and ~1 s for 10,000; js-yaml's event
 * parser reads the same text in a fifth of the time. A valid manifest never needs a position, so
 * the loader reads it here first and goes back to `yaml` (parse.ts) only when this reader
 * declines or the data has any problem at all: every message still comes from the located path.
 *
 * This reader declines (returns `undefined`) whenever its result could differ from what `yaml`
 * makes of the same text: anything that is not one plain document (syntax it rejects, several
 * documents or none, `%` directives), node properties (tags, anchors, aliases), keys that are
 * null or empty (js-yaml spells a null key `null`, yaml spells it ``), multi-line flow
 * collections (yaml warns about their closing indent), tabs in indentation, stray byte order
 * marks and indented document markers. Scalars resolve through tags written to
 * `yaml`'s core schema (the same patterns and number conversions), so a plain scalar means the
 * same thing on both paths; test/manifest/fast-yaml.test.ts holds the two readers to that.
 */
import {
  boolCoreTag,
  COLLECTION_STYLE,
  constructFromEvents,
  defineScalarTag,
  EVENT_ID,
  type Event,
  FAILSAFE_SCHEMA,
  NOT_RESOLVED,
  nullCoreTag,
  parseEvents,
  Schema,
} from 'js-yaml';

const DIGITS = [...'0123456789'];

/** Integers as `yaml`'s core schema reads them (decimal, `0o` octal, `0x` hex; parseInt). */
const intTag = defineScalarTag('tag:yaml.org,2002:int', {
  implicit: true,
  implicitFirstChars: ['-', '+', ...DIGITS],
  resolve: (s) => {
    if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
    if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
    if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
    return NOT_RESOLVED;
  },
  identify: () => false,
});

/** Floats as `yaml`'s core schema reads them (`.inf`/`.nan`, exponent and decimal forms; parseFloat). */
const floatTag = defineScalarTag('tag:yaml.org,2002:float', {
  implicit: true,
  implicitFirstChars: ['-', '+', '.', ...DIGITS],
  resolve: (s) => {
    if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s))
      return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
    if (
      /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s) ||
      /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)
    )
      return parseFloat(s);
    return NOT_RESOLVED;
  },
  identify: () => false,
});

const SCHEMA = new Schema([...FAILSAFE_SCHEMA.tags, nullCoreTag, boolCoreTag, intTag, floatTag]);

/** A closing `]` or `}` first on its line: yaml may warn about its indent, so the located path reads it. */
const FLOW_END_FIRST = /^[ \t]*[\]}]/m;
/**
 * A tab in a line's leading white space, or a byte order mark past the start: the two libraries
 * differ on where YAML allows them.
 */
const ODD_WHITESPACE = /^ *\t|\uFEFF/m;
/** A document marker that is not at the start of its line: js-yaml may still take it for one. */
const INDENTED_MARKER = /^[ \t]+(?:---|\.\.\.)/m;

/**
 * The data of `src` (BOM already removed) when it is one plain YAML document that `yaml` would
 * read to the same value without a warning; `undefined` otherwise (the caller reads it with `yaml`).
 */
export function readPlainYaml(src: string): unknown {
  if (ODD_WHITESPACE.test(src) || INDENTED_MARKER.test(src)) return undefined;
  let events: Event[];
  let docs: unknown[];
  try {
    events = parseEvents(src, {});
    if (!plainEvents(events, src)) return undefined;
    docs = constructFromEvents(events, { source: src, schema: SCHEMA, maxAliases: 0 });
  } catch {
    return undefined;
  }
  if (docs.length !== 1) return undefined;
  const data = docs[0];
  return data !== null && data !== undefined && plainKeys(data) ? data : undefined;
}

/** One document, no directives, no tags, anchors or aliases, no multi-line flow collection. */
function plainEvents(events: readonly Event[], src: string): boolean {
  let documents = 0;
  let flow = false;
  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1 || e.directives.length > 0) return false;
        break;
      case EVENT_ID.ALIAS:
        return false;
      case EVENT_ID.SCALAR:
        if (e.anchorStart !== -1 || e.tagStart !== -1) return false;
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING:
        if (e.anchorStart !== -1 || e.tagStart !== -1) return false;
        flow ||= e.style === COLLECTION_STYLE.FLOW;
        break;
    }
  }
  return !flow || !FLOW_END_FIRST.test(src);
}

/** No key is `null` or empty anywhere (a null key reads as `null` here but `` in yaml). */
function plainKeys(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(plainKeys);
  if (typeof value !== 'object' || value === null) return true;
  for (const key in value) {
    if (key === 'null' || key === '') return false;
    if (!plainKeys((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}
