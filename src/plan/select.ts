import { createHash } from 'node:crypto';
import picomatch from 'picomatch';
import { didYouMean } from '../manifest/suggest.js';
import type { ResolvedEntry } from '../manifest/types.js';
import type { Shard } from '../shared/read-settings.js';

/** Shards are read with the other settings (src/shared/read-settings.ts). */
export type { Shard };

/** Matches entry ids against a list of ids or globs (`all` and `*` match everything). */
export type IdMatcher = (id: string) => boolean;

/** Ids are matched as globs in which `*` also matches a leading dot. */
const GLOB = { dot: true } as const;

export function idMatcher(patterns: readonly string[]): IdMatcher | undefined {
  if (patterns.length === 0) return undefined;
  if (patterns.some((p) => p === 'all')) return () => true;
  const isMatch = picomatch([...patterns], GLOB);
  return (id) => isMatch(id);
}

/**
 * One warning per pattern that matches none of `ids` (a typo would otherwise silently do nothing),
 * naming the option as the user wrote it (`--only`, `input only`), with a did-you-mean when an id
 * is close. `all` is a keyword, not a pattern.
 */
export function unmatchedPatternWarnings(
  option: string,
  patterns: readonly string[],
  ids: readonly string[],
): string[] {
  const quote = (s: string) => `'${s}'`;
  return [...new Set(patterns)]
    .filter((p) => {
      if (p === 'all') return false;
      const isMatch = picomatch(p, GLOB);
      return !ids.some((id) => isMatch(id));
    })
    .map((p) => `${option} ${quote(p)} matches no entry${didYouMean(p, ids, quote)}`);
}

/**
 * The entries this shard handles. Entries linked by `@id` references form one group that stays
 * in one shard (a dependant needs its upstream's fresh result); a group goes to the shard chosen
 * by a hash of its smallest id, so the split is deterministic across jobs and runs.
 */
export function shardEntries(entries: readonly ResolvedEntry[], shard: Shard): ResolvedEntry[] {
  if (shard.total === 1) return [...entries];
  const parent = new Map<string, string>(entries.map((e) => [e.id, e.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const e of entries) {
    for (const input of e.inputs) {
      if (input.kind !== 'ref' || !parent.has(input.id)) continue;
      const a = find(e.id);
      const b = find(input.id);
      // Keep the smallest id as the group's root.
      if (a !== b) a < b ? parent.set(b, a) : parent.set(a, b);
    }
  }
  return entries.filter((e) => shardOf(find(e.id), shard.total) === shard.index);
}

/** 1-based shard of a key. */
export function shardOf(key: string, total: number): number {
  const h = createHash('sha256').update(key).digest();
  return (h.readUInt32BE(0) % total) + 1;
}
