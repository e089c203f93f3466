/**
 * The sticky comment's sections: scope keys, the hidden JSON marker (escaped, validated when read
 * back), one run replacing only its own section, totals across sections, unreadable sections kept
 * as text with their numbers left out, plans never hiding results, and the size limit.
 */
import { describe, expect, test } from 'vitest';
import {
  composeComment,
  parseSections,
  runScope,
  type SectionData,
  sectionData,
} from '../../src/report/comment-sections.js';
import { commentMarker, renderCommentSection } from '../../src/report/markdown.js';
import type { RunReport } from '../../src/report/types.js';
import { entry, report } from '../helpers/reports.js';

const MARKER = commentMarker('images.config.yaml');

function compose(
  r: RunReport,
  scope = runScope(undefined),
  existing?: string,
  kind: SectionData['kind'] = 'results',
  maxChars?: number,
) {
  return composeComment({
    marker: MARKER,
    manifest: r.manifest,
    existing,
    data: sectionData(r, scope, kind),
    render: (max, previews) => renderCommentSection(r, { maxChars: max, previews }),
    ...(maxChars ? { maxChars } : {}),
  });
}

describe('runScope', () => {
  test.each([
    [undefined, [], 'all', 'full run'],
    [{ index: 1, total: 2 }, [], 'shard-1-of-2', 'shard 1/2'],
    [undefined, ['logo*', 'hero'], 'only-hero%2Clogo%2A', 'only: hero, logo*'],
    [undefined, ['hero', 'logo*'], 'only-hero%2Clogo%2A', 'only: hero, logo*'],
    [{ index: 2, total: 3 }, ['a-->b'], 'only-a%2D%2D%3Eb-shard-2-of-3', 'only: a-->b, shard 2/3'],
  ])('shard %j, only %j: key %s', (shard, only, key, label) => {
    expect(runScope(shard, only)).toEqual({ key, label });
    expect(key).toMatch(/^[A-Za-z0-9._~%-]+$/);
  });
});

describe('composeComment', () => {
  const shard1 = report([entry({ id: 'hero', cost: 0.04 })], { cost: 0.04, estimatedCost: 0.04 });
  const shard2 = report([entry({ id: 'logo', cost: 0.03 }), entry({ id: 'team', cost: 0.02 })], {
    cost: 0.05,
    estimatedCost: 0.05,
  });

  test('a section per scope, totals added up, a re-run replacing only its own section', () => {
    const one = compose(shard1, runScope({ index: 1, total: 2 }))!;
    const both = compose(shard2, runScope({ index: 2, total: 2 }), one)!;
    expect(both.startsWith(MARKER)).toBe(true);
    expect(parseSections(both).map((s) => [s.key, s.data?.cost])).toEqual([
      ['shard-1-of-2', 0.04],
      ['shard-2-of-2', 0.05],
    ]);
    expect(both).toContain('**Across 2 run scopes**: **3** generated');
    expect(both).toMatch(/Cost: \*\*\$0\.09/);

    const rerun = report([entry({ id: 'hero', cost: 0.07, reason: 'forced' })], { cost: 0.07 });
    const after = compose(rerun, runScope({ index: 1, total: 2 }), both)!;
    const [s1, s2] = parseSections(after);
    expect(s1!.text).toContain('forced');
    expect(s2!.text).toBe(parseSections(both)[1]!.text);
    expect(after).toMatch(/Cost: \*\*\$0\.12/);
    expect(after.split(MARKER)).toHaveLength(2);
  });

  test('a full run is its own scope: shard and only sections stay beside it', () => {
    const shards = compose(shard1, runScope({ index: 1, total: 2 }))!;
    const full = compose(shard2, runScope(undefined), shards)!;
    expect(parseSections(full).map((s) => s.key)).toEqual(['shard-1-of-2', 'all']);
  });

  test('hostile text in the section data cannot close the hidden marker, and reads back intact', () => {
    const hostile = [
      'x --> <img src=x onerror=alert(1)> @octocat',
      'y"}-->\n<!-- pixazo-images:section-end all -->',
    ];
    const r = report([entry({ id: 'hero<script>', prompt: '--> <b>bold</b>' })]);
    const body = compose(r, runScope({ index: 1, total: 2 }, hostile))!;
    const markerLine = body.split('\n').find((l) => l.startsWith('<!-- pixazo-images:section '))!;
    // The only `-->` on the marker line is its own end.
    expect(markerLine.indexOf('-->')).toBe(markerLine.length - 3);
    expect(body).not.toContain('<img src=x');
    expect(body).not.toContain('<script>');
    expect(body).not.toContain('@octocat');
    const [s] = parseSections(body);
    expect(s!.data?.label).toBe(`only: ${[...hostile].sort().join(', ')}, shard 1/2`);
    expect(s!.key).toBe(runScope({ index: 1, total: 2 }, hostile).key);
  });

  test.each([
    ['not JSON', (t: string) => t.replace(/ \{.*\} -->/, ' {oops -->')],
    ['a negative cost', (t: string) => t.replace('"cost":0.04', '"cost":-5')],
    ['a missing field', (t: string) => t.replace('"failed":0,', '')],
    ['another scope in the data', (t: string) => t.replace('"scope":"shard-1-of-2"', '"scope":"all"')],
  ])(
    'a section that cannot be read back (%s) is kept as text, out of the totals, with a note',
    (_why, spoil) => {
      const one = compose(shard1, runScope({ index: 1, total: 2 }))!;
      const spoiled = spoil(one);
      expect(spoiled).not.toBe(one);
      const both = compose(shard2, runScope({ index: 2, total: 2 }), spoiled)!;
      const sections = parseSections(both);
      expect(sections.map((s) => s.key)).toEqual(['shard-1-of-2', 'shard-2-of-2']);
      expect(sections[0]!.data).toBeUndefined();
      expect(sections[0]!.text).toBe(parseSections(spoiled)[0]!.text);
      expect(both).toMatch(/Cost: \*\*\$0\.05/);
      expect(both).toMatch(/1 section could not be read back .* not in these totals/);
    },
  );

  test('a plan does not replace a results section of its scope, but fills its own', () => {
    const results = compose(shard1, runScope({ index: 1, total: 2 }))!;
    expect(compose(shard1, runScope({ index: 1, total: 2 }), results, 'plan')).toBeUndefined();
    const other = compose(shard2, runScope({ index: 2, total: 2 }), results, 'plan')!;
    expect(parseSections(other).map((s) => s.data?.kind)).toEqual(['results', 'plan']);
  });

  test('stays under the limit with many entries in several sections: other sections shrink to their numbers', () => {
    const big = (prefix: string) =>
      report(
        Array.from({ length: 500 }, (_, i) =>
          entry({ id: `${prefix}-${i}`, mediaUrls: [`https://media.example/${prefix}/${i}.webp`] }),
        ),
      );
    let body: string | undefined;
    for (const i of [1, 2, 3]) body = compose(big(`s${i}`), runScope({ index: i, total: 3 }), body);
    expect(body!.length).toBeLessThanOrEqual(65_000);
    const sections = parseSections(body!);
    expect(sections.map((s) => s.key)).toEqual(['shard-1-of-3', 'shard-2-of-3', 'shard-3-of-3']);
    expect(sections.every((s) => s.data?.generated === 500)).toBe(true);
    expect(body).toContain('**Across 3 run scopes**: **1500** generated');
    expect(body).toContain("under GitHub's size limit");
    // This run's section shows rows, with fewer previews than a lone section would.
    expect(sections[2]!.text).toContain('| **s3-0**');
    expect((sections[2]!.text.match(/<img /g) ?? []).length).toBeLessThanOrEqual(20);
  });
});
