/**
 * What changed in an entry regenerated because its prompt or parameters changed: a word diff of the
 * prompt (after `{{vars}}`) and the parameters that differ (`quality: low → high`), between the base
 * commit's manifest and this run's. Computed from resolved entries (vars substituted, defaults
 * filled), rendered for the job summary and the PR comment with every text escaped.
 */
import type { ResolvedEntry } from '../manifest/types.js';
import { escapeMarkdown } from './escape.js';
import { details } from './sections.js';
import type { EntryChange, EntryReport, ParamChange } from './types.js';
import { wordDiff } from './word-diff.js';

const NONE = '—';

/**
 * The changes of the entries this run regenerates (or plans to), by id: only entries whose base
 * version (same id) had another prompt or other parameters. New entries, renames and unchanged ones
 * have none.
 */
export function entryChanges(
  base: readonly ResolvedEntry[],
  current: readonly ResolvedEntry[],
  reports: readonly EntryReport[],
): Map<string, EntryChange> {
  const before = new Map(base.map((e) => [e.id, e]));
  const now = new Map(current.map((e) => [e.id, e]));
  const out = new Map<string, EntryChange>();
  for (const r of reports) {
    if (r.action !== 'generate') continue;
    const a = before.get(r.id);
    const b = now.get(r.id);
    if (!a || !b) continue;
    const params: ParamChange[] = [];
    if (a.model !== b.model) params.push({ key: 'model', before: a.model, after: b.model });
    const keys = [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])].sort();
    for (const key of keys) {
      const x = a.params[key];
      const y = b.params[key];
      if (x !== y)
        params.push({
          key,
          before: x === undefined ? NONE : String(x),
          after: y === undefined ? NONE : String(y),
        });
    }
    const change: EntryChange = { params };
    if (a.prompt !== b.prompt) change.prompt = { before: a.prompt, after: b.prompt };
    if (change.prompt || params.length > 0) out.set(r.id, change);
  }
  return out;
}

/** Prompts longer than this (characters) are folded into a `<details>` block. */
const FOLD_AT = 280;
/** Entries listed at most; the rest are counted. */
const MAX_LISTED = 30;
/** Characters of the whole section at most: the comment's tables keep their room. */
const MAX_SECTION = 16_000;
/** Characters of one prompt's diff at most (a hostile prompt cannot fill the comment). */
const MAX_DIFF = 4000;

/** `quality: low → high · size: 1024x1024 → 1536x1024`, escaped (`<code>`, not a code span: entities render). */
export function paramsLine(params: readonly ParamChange[]): string {
  const code = (v: string) => `<code>${escapeMarkdown(v, 80)}</code>`;
  return params.map((p) => `${escapeMarkdown(p.key, 40)}: ${code(p.before)} → ${code(p.after)}`).join(' · ');
}

/** The prompt's word diff as inline HTML: `<del>` for words that went, `<ins>` for words that came. */
export function promptDiff(before: string, after: string): string {
  let out = '';
  for (const part of wordDiff(before, after)) {
    const text = escapeMarkdown(part.text);
    const piece = part.kind === 'same' ? text : `<${part.kind}>${text}</${part.kind}>`;
    if (out.length + piece.length > MAX_DIFF) return `${out} …`;
    out += (out ? ' ' : '') + piece;
  }
  return out;
}

/** Lines for one entry: its id and changed parameters, then the prompt diff (folded when long). */
function entryLines(id: string, change: EntryChange): string[] {
  const head = `**${escapeMarkdown(id, 80)}**${change.params.length ? ` — ${paramsLine(change.params)}` : ''}`;
  if (!change.prompt) return [head, ''];
  const { before, after } = change.prompt;
  const diff = promptDiff(before, after);
  if (Math.max(before.length, after.length) <= FOLD_AT) return [`${head}<br>prompt: ${diff}`, ''];
  const parts = wordDiff(before, after);
  const count = (k: 'del' | 'ins') =>
    parts.filter((p) => p.kind === k).reduce((n, p) => n + p.text.split(' ').length, 0);
  return [head, '', ...details(`prompt: ${count('del')} word(s) removed, ${count('ins')} added`, [diff])];
}

/**
 * "What changed" for the entries of `reports` that carry a change (see {@link entryChanges}):
 * lines of markdown, or none.
 */
export function changesSection(reports: readonly EntryReport[], maxChars = MAX_SECTION): string[] {
  const changed = reports.filter((e) => e.change);
  if (changed.length === 0) return [];
  const lines = [
    '**What changed** (against the base branch’s manifest; ~~struck~~ words went, underlined words came):',
    '',
  ];
  let size = lines[0]!.length;
  let listed = 0;
  for (const e of changed.slice(0, MAX_LISTED)) {
    const more = entryLines(e.id, e.change!);
    const n = more.reduce((a, l) => a + l.length + 1, 0);
    if (size + n > maxChars) break;
    lines.push(...more);
    size += n;
    listed++;
  }
  if (listed < changed.length) lines.push(`_… and ${changed.length - listed} more (size limit)._`, '');
  return lines;
}
