/**
 * The CLI's table: it fits the width it is given (ids and reasons wrap, then quality and model give
 * way), --wide shows everything on one line per entry, and no text of the manifest or the gateway
 * can drive the terminal.
 */
import { describe, expect, test } from 'vitest';
import { paint } from '../../src/cli/color.js';
import { planTable } from '../../src/cli/table.js';
import { displayWidth } from '../../src/cli/text-width.js';
import type { EntryReport } from '../../src/report/types.js';
import { entry, report } from '../helpers/reports.js';

const plain = paint(false);

const LONG_REASON = 'prompt changed, quality changed, aspect_ratio changed, input hero regenerated';

function wideReport(): ReturnType<typeof report> {
  return report([
    entry({ id: 'hero', reason: LONG_REASON }),
    entry({ id: 'an-illustration-for-the-installation-guide', dependsOn: ['hero'], images: 2, cost: 0.094 }),
    entry({ id: 'banner', model: 'gpt-image-1.5', quality: 'high', cost: null }),
  ]);
}

const header = (table: string) => table.split('\n')[0]!.split(/\s{2,}/);

/**
 * The text of one column for the `n`th entry (0-based), its wrapped lines joined: the cells are cut
 * out of the lines at the header's offsets; an entry's lines run until the next one's action.
 */
function cellText(table: string, name: string, n = 0): string {
  const lines = table.split('\n');
  const head = lines[0]!;
  const starts = [...head.matchAll(/\S+(?: \S+)*/g)].map((m) => m.index);
  const col = head.split(/\s{2,}/).indexOf(name);
  const slice = (line: string, i: number) => line.slice(starts[i], starts[i + 1]).trim();
  const body = lines.slice(
    1,
    lines.findIndex((l) => l.startsWith('─')),
  );
  const first = body.flatMap((l, i) => (slice(l, 1) ? [i] : []));
  const rows = body.slice(first[n], first[n + 1]);
  // A piece that ends in a break character continues the same word.
  return rows
    .map((l) => slice(l, col))
    .filter(Boolean)
    .reduce(
      (text, piece) => (text === '' ? piece : /[-_/]$/.test(text) ? text + piece : `${text} ${piece}`),
      '',
    );
}

describe('the table fits the width', () => {
  test.each([80, 72, 64, 56, 48, 40])('%i columns: no line is wider, nothing is lost', (width) => {
    const table = planTable(wideReport(), plain, { width });
    const lines = table.split('\n');
    for (const line of lines.slice(0, lines.findIndex((l) => l.startsWith('total')) + 1))
      expect(line.length, line).toBeLessThanOrEqual(width);
    // Wrapped, not cut (a word longer than its column is broken: compared without the breaks).
    const squeezed = (s: string) => s.replace(/\s+/g, '');
    expect(squeezed(cellText(table, 'reason'))).toBe(squeezed(LONG_REASON));
    expect(squeezed(cellText(table, 'id', 1))).toBe(
      squeezed('an-illustration-for-the-installation-guide ← hero'),
    );
    if (width >= 64) expect(cellText(table, 'reason')).toBe(LONG_REASON);
    expect(header(table)).toEqual(expect.arrayContaining(['id', 'action', 'reason', 'images', 'cost']));
  });

  test('as the width shrinks, quality gives way first, then model', () => {
    const seen: string[][] = [];
    for (let width = 200; width >= 40; width--) {
      const h = header(planTable(wideReport(), plain, { width }));
      if (seen.at(-1)?.join() !== h.join()) seen.push(h);
    }
    expect(seen).toEqual([
      ['id', 'action', 'reason', 'model', 'quality', 'images', 'cost'],
      ['id', 'action', 'reason', 'model', 'images', 'cost'],
      ['id', 'action', 'reason', 'images', 'cost'],
    ]);
  });

  test('--wide (no width): every column, one line per entry, whatever its length', () => {
    const table = planTable(wideReport(), plain);
    const lines = table.split('\n');
    expect(header(table)).toHaveLength(7);
    expect(lines[1]).toMatch(
      new RegExp(`^hero\\s+generated\\s+${LONG_REASON}\\s+gpt-image-2\\s+medium\\s+1\\s+\\$0\\.047$`),
    );
    expect(lines[2]).toMatch(/^an-illustration-for-the-installation-guide ← hero\s+generated\s/);
    expect(lines[3]).toMatch(/^banner\s+generated\s+new\s+gpt-image-1\.5\s+high\s+1\s+unpriced$/);
    expect(lines[4]).toMatch(/^─+/);
  });

  test('an error is cut in the table and printed whole below it', () => {
    const error = `FAILED: ${'the gateway explains at length why '.repeat(5)}`.trim();
    const table = planTable(report([entry({ status: 'failed', error, cost: 0 })]), plain, { width: 80 });
    const below = table.split('\nErrors:\n')[1]!.split('\n');
    // Whole, wrapped to the width with a hanging indent.
    expect(below.join(' ').replace(/\s+/g, ' ').trim()).toBe(`hero: ${error}`);
    expect(below[0]).toMatch(/^ {2}hero: FAILED/);
    expect(below[1]).toMatch(/^ {4}\S/);
    for (const line of table.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(table.split('\nErrors:')[0]).not.toContain(error);
    expect(table.split('\nErrors:')[0]).toContain('…');
  });
});

describe('what the table says', () => {
  test('images and cost count only what is made: the images column adds up to its total', () => {
    const entries: EntryReport[] = [
      entry({ id: 'a', images: 2, cost: 0.094 }),
      entry({ id: 'b', status: 'unchanged', action: 'unchanged', reason: 'unchanged', images: 3, cost: 0 }),
      entry({ id: 'c', status: 'reused', action: 'copy', reason: 'same as a', images: 2, cost: 0 }),
    ];
    const table = planTable(report(entries, { cost: 0.094 }), plain, { width: 80 });
    expect(table).toMatch(/^a\s+generated\s+new\s+gpt-image-2\s+medium\s+2\s+\$0\.094$/m);
    expect(table).toMatch(/^b\s+unchanged\s+unchanged\s+gpt-image-2\s+medium\s+—\s+—$/m);
    expect(table).toMatch(/^c\s+reused\s+same as a\s+gpt-image-2\s+medium\s+—\s+—$/m);
    expect(table).toMatch(/^total\s+2\s+\$0\.094$/m);
    expect(table).toContain(
      '\n3 entries: 1 generated, 1 unchanged, 1 reused\nCost of this run: $0.094 for 2 images\n',
    );
  });

  test('possibly charged FAILED requests: with a question mark, and apart from the cost', () => {
    const failed = entry({ status: 'failed', cost: 0, possiblyCharged: 0.047, error: 'FAILED: no' });
    const table = planTable(report([failed], { cost: 0, possiblyCharged: 0.047 }), plain, { width: 80 });
    expect(table).toMatch(/^hero\s+failed\s+FAILED: no\s+gpt-image-2\s+medium\s+—\s+\$0\.047\?$/m);
    expect(table).toContain('Possibly charged for FAILED requests: $0.047 (not in the cost)');
  });

  test('control characters in ids, reasons and errors become spaces', () => {
    const hostile = entry({
      id: 'evil\u001b[2J',
      reason: 'r\u0007\r',
      status: 'failed',
      error: 'e\u001b]0;x\u0007',
    });
    const table = planTable(
      report([hostile], { orphans: [{ id: 'o\u001b[1m', files: ['f\n.webp'], pruned: false }] }),
      plain,
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point.
    expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });

  test('colors only when asked', () => {
    const r = wideReport();
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape codes is the point.
    const esc = /\u001b\[/;
    expect(planTable(r, plain)).not.toMatch(esc);
    expect(planTable(r, paint(true))).toMatch(esc);
  });
});

describe('wide characters', () => {
  const entries: EntryReport[] = [
    entry({ id: '灯台-ヒーロー', reason: 'new ✅ entry' }),
    entry({ id: 'hero', reason: 'prompt changed 🎨🖌️' }),
    entry({ id: 'café-é', reason: 'new' }),
  ];
  test.each([undefined, 80, 48])('columns line up by display width (width %s)', (width) => {
    const table = planTable(report(entries), plain, width === undefined ? {} : { width });
    const lines = table.split('\n');
    const header = lines[0]!;
    // Each entry's action cell starts where the header's does, counted in columns.
    const at = displayWidth(header.slice(0, header.indexOf('action')));
    // The first line of each row (a narrow table wraps the id below it).
    for (const id of ['灯台', 'hero', 'café']) {
      const row = lines.find((l) => l.startsWith(id))!;
      expect(displayWidth(row.slice(0, row.indexOf('generate'))), row).toBe(at);
    }
    if (width !== undefined)
      for (const line of lines.slice(0, lines.indexOf('')))
        expect(displayWidth(line), line).toBeLessThanOrEqual(width);
  });
});
