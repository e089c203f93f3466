/**
 * Where things are in a lockfile's text. The lockfile is JSON that `JSON.parse` has already accepted;
 * this one linear pass adds what `JSON.parse` does not say: keys that appear twice in one object (a
 * textual merge that kept both sides, which `JSON.parse` resolves as "last one wins") and the line a
 * value is on. The `yaml` package reads JSON too, but is quadratic on large flow collections (about
 * 13 s for a 10,000-entry lockfile against 30 ms here), so it is not used for the lockfile.
 */

/** A key found twice in one object: `path` is the object's, `line` (1-based) the second occurrence's. */
export interface DuplicateKey {
  path: readonly (string | number)[];
  key: string;
  line: number;
}

type Frame =
  | { kind: 'object'; keys: Set<string> | undefined; key: string | undefined }
  | { kind: 'array'; index: number };

/**
 * Visits every key of valid JSON text: `visit(path, key, line)` with the path of the object that holds
 * it. Returning true stops the walk. Only valid JSON is walked (call after `JSON.parse` succeeded).
 */
function walkKeys(
  text: string,
  visit: (path: readonly (string | number)[], key: string, line: number, frame: Frame) => boolean,
): void {
  const stack: Frame[] = [];
  const path: (string | number)[] = [];
  let line = 1;
  let expectKey = false;
  // The path entry of the container currently open, pushed when it opens and popped when it closes.
  const enter = (): void => {
    const top = stack.at(-1);
    if (top) path.push(top.kind === 'object' ? (top.key ?? '') : top.index);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34) {
      const j = closingQuote(text, i);
      const top = stack.at(-1);
      if (expectKey && top?.kind === 'object') {
        const raw = text.slice(i + 1, j);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        top.key = key;
        if (visit(path, key, line, top)) return;
        expectKey = false;
      }
      i = j;
    } else if (c === 123) {
      enter();
      stack.push({ kind: 'object', keys: undefined, key: undefined });
      expectKey = true;
    } else if (c === 91) {
      enter();
      stack.push({ kind: 'array', index: 0 });
    } else if (c === 125 || c === 93) {
      stack.pop();
      if (stack.length > 0) path.pop();
      expectKey = false;
    } else if (c === 44) {
      const top = stack.at(-1);
      if (top?.kind === 'array') top.index++;
      else expectKey = true;
    }
  }
}

/** The index of the quote closing the string opened at `open`: one preceded by an even run of backslashes. */
function closingQuote(text: string, open: number): number {
  let j = text.indexOf('"', open + 1);
  for (;;) {
    let slashes = 0;
    while (text.charCodeAt(j - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return j;
    j = text.indexOf('"', j + 1);
  }
}

/** Every key that appears twice in one object, in text order. */
export function duplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  walkKeys(text, (path, key, line, frame) => {
    if (frame.kind !== 'object') return false;
    frame.keys ??= new Set();
    if (frame.keys.has(key)) found.push({ path: [...path], key, line });
    else frame.keys.add(key);
    return false;
  });
  return found;
}

/**
 * The line of the deepest key of `target` present in the text: a missing key points at its parent's
 * key, an array index at the array's key or the element's first key. Undefined for the root.
 */
export function lineOf(text: string, target: readonly PropertyKey[]): number | undefined {
  let best: number | undefined;
  let bestDepth = -1;
  walkKeys(text, (path, key, line) => {
    const depth = path.length;
    if (depth >= target.length || depth < bestDepth || String(target[depth]) !== key) return false;
    for (let k = 0; k < depth; k++) if (String(path[k]) !== String(target[k])) return false;
    best = line;
    bestDepth = depth;
    return depth === target.length - 1;
  });
  return best;
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
