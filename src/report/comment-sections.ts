/**
 * The sticky PR comment as sections, one per run scope (a full run, a shard `1/2`, an `only:`
 * selection): each run replaces only its own section, found by hidden markers, and the totals at the
 * top add up the numbers every section carries in a hidden, escaped, zod-validated JSON marker. So the
 * jobs of a shard matrix, or several `only:` runs, all show in one comment.
 */
import { z } from 'zod';
import type { Shard } from '../plan/select.js';
import { formatUsd } from '../shared/format.js';
import { escapeMarkdown, plural } from './escape.js';
import { COMMENT_MAX_CHARS } from './markdown.js';
import { isUnchanged } from './previews.js';
import type { RunReport } from './types.js';

/** Which part of the manifest a run covered: `key` finds its section, `label` names it (raw text). */
export interface RunScope {
  key: string;
  label: string;
}

/** Characters that survive in a key as they are: none can end an HTML comment or break the marker. */
function keyPart(text: string): string {
  return text.replace(/[^A-Za-z0-9._~]/g, (ch) =>
    Array.from(Buffer.from(ch, 'utf8'), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/**
 * The scope of a run with these `shard` and `only` inputs. The `only` patterns are sorted, so the same
 * selection written in another order is the same scope; a run with neither is the full run, `all`.
 */
export function runScope(shard: Shard | undefined, only: readonly string[] = []): RunScope {
  const patterns = [...new Set(only.map((p) => p.trim()).filter(Boolean))].sort();
  const keys: string[] = [];
  const labels: string[] = [];
  if (patterns.length > 0) {
    keys.push(`only-${keyPart(patterns.join(','))}`);
    labels.push(`only: ${patterns.join(', ')}`);
  }
  if (shard) {
    keys.push(`shard-${shard.index}-of-${shard.total}`);
    labels.push(`shard ${shard.index}/${shard.total}`);
  }
  return keys.length === 0
    ? { key: 'all', label: 'full run' }
    : { key: keys.join('-'), label: labels.join(', ') };
}

const count = z.number().int().nonnegative();
const usd = z.number().nonnegative().finite();
/** What a section carries for the totals; read back from comments, so validated, never trusted. */
const sectionDataSchema = z.object({
  v: z.literal(1),
  scope: z.string().max(500),
  label: z.string().max(500),
  kind: z.enum(['plan', 'results']),
  at: z.string().max(40),
  generated: count,
  reused: count,
  unchanged: count,
  failed: count,
  planned: count,
  unpriced: count,
  cost: usd,
  estimatedCost: usd,
  possiblyCharged: usd,
});
export type SectionData = z.infer<typeof sectionDataSchema>;

/** The numbers of `report` for its section. */
export function sectionData(report: RunReport, scope: RunScope, kind: 'plan' | 'results'): SectionData {
  const t = report.totals;
  return {
    v: 1,
    scope: scope.key,
    label: scope.label,
    kind,
    at: report.startedAt,
    generated: t.generated,
    reused: t.reused,
    unchanged: t.unchanged,
    failed: t.failed,
    planned: report.entries.filter((e) => e.status === 'planned' && !isUnchanged(e)).length,
    unpriced: report.unpriced,
    cost: report.cost,
    estimatedCost: report.estimatedCost,
    possiblyCharged: report.possiblyCharged,
  };
}

const START = 'pixazo-images:section';
const END = 'pixazo-images:section-end';
const BLOCK =
  /<!-- pixazo-images:section ([A-Za-z0-9._~%-]+) ([^\n]*?) -->\n([\s\S]*?)\n<!-- pixazo-images:section-end \1 -->/g;

/** JSON inside an HTML comment: `<`, `>`, `&` and `@` as `\u` escapes: no text can close the comment or mention anyone. */
function hiddenJson(data: SectionData): string {
  return JSON.stringify(data).replace(
    /[<>&@]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A section found in a comment: its key, its full text, and its numbers when they could be read. */
export interface ParsedSection {
  key: string;
  text: string;
  data?: SectionData;
}

/** The sections of an existing comment body, in order; text outside sections (title, totals) is ours to redo. */
export function parseSections(body: string): ParsedSection[] {
  const out: ParsedSection[] = [];
  for (const m of body.matchAll(BLOCK)) {
    const key = m[1]!;
    let data: SectionData | undefined;
    try {
      const parsed = sectionDataSchema.safeParse(JSON.parse(m[2]!));
      if (parsed.success && parsed.data.scope === key) data = parsed.data;
    } catch {
      data = undefined;
    }
    out.push({ key, text: m[0], ...(data ? { data } : {}) });
  }
  return out;
}

function when(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? '' : ` · ${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function block(data: SectionData, content: string): string {
  const kind = data.kind === 'plan' ? ' (plan only)' : '';
  return [
    `<!-- ${START} ${data.scope} ${hiddenJson(data)} -->`,
    `#### ${escapeMarkdown(data.label, 200)}${kind}${when(data.at)}`,
    '',
    content.trimEnd(),
    `<!-- ${END} ${data.scope} -->`,
  ].join('\n');
}

function countsLine(
  d: Pick<SectionData, 'generated' | 'reused' | 'unchanged' | 'failed' | 'planned'>,
): string {
  return (
    `**${d.generated}** generated · **${d.reused}** reused · **${d.unchanged}** unchanged · **${d.failed}** failed` +
    (d.planned > 0 ? ` · **${d.planned}** planned` : '')
  );
}

/** A section reduced to its numbers, when the comment would be too long with every section in full. */
function compact(s: ParsedSection & { data: SectionData }): ParsedSection {
  const d = s.data;
  const text = block(
    d,
    `${countsLine(d)} · cost ${formatUsd(d.cost)}\n\n_Entries left out to keep the comment under GitHub's size ` +
      "limit: see that run's job summary._",
  );
  return { key: s.key, text, data: d };
}

/** The totals across sections, and a note for sections whose numbers could not be read. */
function totalsAcross(sections: readonly ParsedSection[]): string[] {
  const readable = sections.flatMap((s) => (s.data ? [s.data] : []));
  const sum = (f: (d: SectionData) => number) => readable.reduce((a, d) => a + f(d), 0);
  const lines = [
    `**Across ${plural(sections.length, 'run scope')}**: ${countsLine({
      generated: sum((d) => d.generated),
      reused: sum((d) => d.reused),
      unchanged: sum((d) => d.unchanged),
      failed: sum((d) => d.failed),
      planned: sum((d) => d.planned),
    })}`,
    `Cost: **${formatUsd(sum((d) => d.cost))}** · estimate: ${formatUsd(sum((d) => d.estimatedCost))}` +
      (sum((d) => d.possiblyCharged) > 0
        ? ` · possibly charged for FAILED requests: ${formatUsd(sum((d) => d.possiblyCharged))}`
        : '') +
      (sum((d) => d.unpriced) > 0
        ? ` · ${plural(
            sum((d) => d.unpriced),
            'image',
          )} unpriced`
        : ''),
  ];
  const unreadable = sections.length - readable.length;
  if (unreadable > 0)
    lines.push(
      `_${plural(unreadable, 'section')} could not be read back (edited, or written by another version): ` +
        'kept as it was, its numbers are not in these totals._',
    );
  return lines.flatMap((l) => [l, '']);
}

/** Options of {@link composeComment}. */
export interface ComposeOptions {
  /** The comment's hidden marker (one comment per PR per manifest). */
  marker: string;
  /** Manifest path as shown. */
  manifest: string;
  /** The body of the comment as it is now (latest read), if there is one. */
  existing: string | undefined;
  /** This run's numbers. */
  data: SectionData;
  /** Renders this run's section content within `maxChars`, embedding at most `previews` images. */
  render: (maxChars: number, previews: number) => string;
  maxChars?: number;
}

/**
 * The comment body with this run's section put in (in place of the section of the same scope, else
 * appended) and every other section kept; undefined when this run only planned and its scope's section
 * shows results (a plan never hides images someone paid for). Kept under `maxChars`: this run gets
 * fewer previews when there are several sections, and other sections are reduced to their numbers,
 * largest first, when they leave this run less than its share.
 */
export function composeComment(o: ComposeOptions): string | undefined {
  const max = o.maxChars ?? COMMENT_MAX_CHARS;
  const found = o.existing ? parseSections(o.existing) : [];
  const mine = found.find((s) => s.key === o.data.scope);
  if (o.data.kind === 'plan' && mine?.data?.kind === 'results') return undefined;
  let sections: ParsedSection[] = mine
    ? found.map((s) => (s === mine ? { key: s.key, text: '', data: o.data } : s))
    : [...found, { key: o.data.scope, text: '', data: o.data }];
  const title = [o.marker, `### 🖼️ Generated images: ${escapeMarkdown(o.manifest, 200)}`, ''];
  const footer = [
    '',
    '<sub>One section per run scope (a shard, an `only:` selection, or the full run); each run replaces its own.</sub>',
  ];
  const fixed = () =>
    [...title, ...totalsAcross(sections), ...footer].join('\n').length +
    sections.reduce((a, s) => a + (s.key === o.data.scope ? 0 : s.text.length + 2), 0) +
    400;
  const share = Math.floor(max / sections.length);
  // Other sections give way (to their numbers) while this run would get less than its share.
  while (max - fixed() < share) {
    const largest = sections
      .filter(
        (s): s is ParsedSection & { data: SectionData } =>
          s.key !== o.data.scope && !!s.data && !s.text.includes("under GitHub's size limit"),
      )
      .sort((a, b) => b.text.length - a.text.length)[0];
    if (!largest) break;
    sections = sections.map((s) => (s === largest ? compact(largest) : s));
  }
  const previews = sections.length > 1 ? Math.max(10, Math.floor(60 / sections.length)) : 60;
  const ownText = block(o.data, o.render(Math.max(1000, max - fixed()), previews));
  const texts = sections.map((s) => (s.key === o.data.scope ? ownText : s.text));
  const body = [...title, ...totalsAcross(sections), ...texts.flatMap((t) => [t, '']), ...footer].join('\n');
  // Unreadable sections (their size unknown to the shares above) are the last resort: dropped from the end.
  return body.length <= max ? body : body.slice(0, max - 200) + '\n\n_… cut at the comment size limit._';
}
