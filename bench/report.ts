/** One figure of the benchmark: what was measured, its target, and whether it holds. */
export interface Row {
  /** Section of the benchmark (1–8). */
  section: number;
  name: string;
  value: string;
  target: string;
  /** undefined: reported only, no target. */
  ok?: boolean;
  note?: string;
}

export function verdict(ok: boolean | undefined): string {
  return ok === undefined ? '—' : ok ? 'yes' : 'NO';
}

/** A plain-text table for the terminal. */
export function textTable(rows: readonly Row[]): string {
  const head = ['#', 'figure', 'measured', 'target', 'holds'];
  const cells = rows.map((r) => [String(r.section), r.name, r.value, r.target, verdict(r.ok)]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((x, i) => x.padEnd(widths[i]!)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** The same table in Markdown (notes as a last column). */
export function markdownTable(rows: readonly Row[]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    '| # | figure | measured | target | holds | note |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.section} | ${esc(r.name)} | ${esc(r.value)} | ${esc(r.target)} | ${verdict(r.ok)} | ${esc(r.note ?? '')} |`,
    ),
  ].join('\n');
}

export const ms = (x: number): string => `${Math.round(x)} ms`;
export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
export const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
