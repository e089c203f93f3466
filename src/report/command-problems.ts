/**
 * Whether `/pixazo` commands can be carried out against this manifest and lockfile (§10): the id is
 * an entry of the manifest (matched, never used as a path), `pick` names a candidate of a set that
 * awaits a pick, `reroll` an entry that takes candidates. Every problem is collected, so one reply
 * says everything: sentences of that reply, in markdown, untrusted text escaped or quoted.
 */
import { closest } from '../manifest/suggest.js';
import type { Manifest } from '../manifest/types.js';
import { COMMAND_SYNTAX, type Command } from '../plan/commands-parse.js';
import type { Fingerprint } from '../plan/fingerprint.js';
import type { Lockfile } from '../plan/lockfile.js';
import { collapseWhitespace, escapeMarkdown, truncate } from './escape.js';

/**
 * Untrusted text as inline code: nothing inside a code span is markdown (no mention, link or HTML),
 * and no backtick is left to close it early; one line, truncated.
 */
export function quoted(text: string): string {
  return `\`${truncate(collapseWhitespace(text), 80).replaceAll('`', "'")}\``;
}

/** The problems of `commands`, one sentence each; empty when every command can be carried out. */
export function commandProblems(
  commands: readonly Command[],
  manifest: Manifest,
  lock: Lockfile,
  fingerprints: ReadonlyMap<string, Fingerprint>,
): string[] {
  const ids = manifest.entries.map((e) => e.id);
  const problems: string[] = [];
  for (const c of commands) {
    if (c.kind === 'malformed') {
      problems.push(
        `${quoted(c.line)} is not a command I know: type ${COMMAND_SYNTAX.map((s) => `\`${s}\``).join(' or ')}.`,
      );
      continue;
    }
    const entry = manifest.entries.find((e) => e.id === c.id);
    if (!entry) {
      const near = closest(c.id, ids);
      problems.push(
        `${quoted(c.line)}: there is no entry ${quoted(c.id)} in ${escapeMarkdown(manifest.displayPath)}${near ? ` — did you mean \`${near}\`?` : '.'}`,
      );
      continue;
    }
    const set = lock.candidates[fingerprints.get(entry.id)?.value ?? ''];
    if (c.kind === 'pick') {
      if (!set) {
        problems.push(
          `${quoted(c.line)}: ${quoted(entry.id)} has no candidates awaiting a pick${entry.candidates ? ` — type \`/pixazo reroll ${entry.id}\` to buy a set` : ''}.`,
        );
        continue;
      }
      const n = set.files.length;
      if (c.k < 1 || c.k > n)
        problems.push(
          `${quoted(c.line)}: ${quoted(entry.id)} has candidates 1 to ${n}: type \`/pixazo pick ${entry.id} <1-${n}>\`.`,
        );
      continue;
    }
    if (!entry.candidates)
      problems.push(
        `${quoted(c.line)}: ${quoted(entry.id)} has no \`candidates:\` in the manifest; add \`candidates: 4\` to it to get sets to pick from.`,
      );
  }
  return problems;
}
