/**
 * "What changed" in a regenerated entry: the word diff (LCS over words), the changed parameters
 * between resolved entries, and their markdown — hostile prompt text escaped, long prompts folded.
 */
import { describe, expect, test } from 'vitest';
import type { ResolvedEntry } from '../../src/manifest/types.js';
import { changesSection, entryChanges, promptDiff } from '../../src/report/changes.js';
import { renderComment, renderSummary } from '../../src/report/markdown.js';
import { type DiffPart, wordDiff } from '../../src/report/word-diff.js';
import { entry, report } from '../helpers/reports.js';

const d = (kind: DiffPart['kind'], text: string): DiffPart => ({ kind, text });

describe('wordDiff', () => {
  const cases: [string, string, string, DiffPart[]][] = [
    ['identical', 'a red boat', 'a red boat', [d('same', 'a red boat')]],
    [
      'one word replaced',
      'a red boat',
      'a blue boat',
      [d('same', 'a'), d('del', 'red'), d('ins', 'blue'), d('same', 'boat')],
    ],
    ['words added at the end', 'a boat', 'a boat at dawn', [d('same', 'a boat'), d('ins', 'at dawn')]],
    ['words removed at the start', 'very old boat', 'boat', [d('del', 'very old'), d('same', 'boat')]],
    ['from nothing', '', 'a boat', [d('ins', 'a boat')]],
    ['to nothing', 'a boat', '', [d('del', 'a boat')]],
    ['whitespace is not a change', 'a  red\nboat', 'a red boat', [d('same', 'a red boat')]],
    [
      'moved word: LCS keeps the longest common run',
      'boat on a calm sea',
      'a calm sea with a boat',
      [d('del', 'boat on'), d('same', 'a calm sea'), d('ins', 'with a boat')],
    ],
    [
      'interleaved',
      'a b c d',
      'a x c y',
      [d('same', 'a'), d('del', 'b'), d('ins', 'x'), d('same', 'c'), d('del', 'd'), d('ins', 'y')],
    ],
  ];
  test.each(cases)('%s', (_name, before, after, parts) => {
    expect(wordDiff(before, after)).toEqual(parts);
  });

  test('rebuilds both texts from its parts', () => {
    const before = 'the quick brown fox jumps over the lazy dog near the river bank';
    const after = 'a quick red fox leaps over the sleepy dog by the river';
    const parts = wordDiff(before, after);
    const side = (k: DiffPart['kind']) =>
      parts
        .filter((p) => p.kind === 'same' || p.kind === k)
        .map((p) => p.text)
        .join(' ');
    expect(side('del')).toBe(before);
    expect(side('ins')).toBe(after);
  });

  test('very long prompts with a local edit stay cheap and exact', () => {
    const words = Array.from({ length: 20_000 }, (_, i) => `w${i}`);
    const after = [...words];
    after[10_000] = 'changed';
    expect(wordDiff(words.join(' '), after.join(' ')).filter((p) => p.kind !== 'same')).toEqual([
      d('del', 'w10000'),
      d('ins', 'changed'),
    ]);
  });
});

const resolved = (over: Partial<ResolvedEntry>): ResolvedEntry =>
  ({
    id: 'hero',
    model: 'gpt-image-2',
    mode: 'text-to-image',
    prompt: 'A lighthouse',
    params: { quality: 'low', size: '1024x1024' },
    inputs: [],
    format: 'webp',
    count: 1,
    out: ['hero.webp'],
    outWorkspace: ['hero.webp'],
    ...over,
  }) as ResolvedEntry;

describe('entryChanges', () => {
  test('prompt and parameters of regenerated entries with a base version; nothing for new or unchanged ones', () => {
    const base = [resolved({}), resolved({ id: 'same' })];
    const now = [
      resolved({
        prompt: 'A lighthouse at dawn',
        params: { quality: 'high', size: '1024x1024', background: 'auto' },
      }),
      resolved({ id: 'same' }),
      resolved({ id: 'new' }),
    ];
    const reports = [entry({ id: 'hero' }), entry({ id: 'same', action: 'unchanged' }), entry({ id: 'new' })];
    const changes = entryChanges(base, now, reports);
    expect([...changes.keys()]).toEqual(['hero']);
    expect(changes.get('hero')).toEqual({
      prompt: { before: 'A lighthouse', after: 'A lighthouse at dawn' },
      params: [
        { key: 'background', before: '—', after: 'auto' },
        { key: 'quality', before: 'low', after: 'high' },
      ],
    });
  });
});

describe('the markdown', () => {
  const hostile = 'a boat @octocat <img src=x onerror=alert(1)> [link](https://evil.example) `code` | pipe';
  const changed = entry({
    change: {
      prompt: { before: 'a calm sea', after: hostile },
      params: [{ key: 'quality', before: 'low', after: '<b>high</b>' }],
    },
  });

  test('summary and comment show the diff and the parameters, with every untrusted text escaped', () => {
    for (const md of [
      renderSummary(report([changed])),
      renderComment(report([changed]), { marker: '<!-- m -->' }),
    ]) {
      expect(md).toContain('**What changed**');
      expect(md).toContain('quality: <code>low</code> → <code>&lt;b&gt;high&lt;/b&gt;</code>');
      expect(md).toContain('<del>calm sea</del>');
      expect(md).toMatch(/<ins>boat @\S*octocat &lt;img src=x onerror=alert&#40;1&#41;&gt;/);
      expect(md).not.toContain('<img src=x');
      expect(md).not.toContain('@octocat');
      expect(md).not.toContain('](https://evil');
      expect(md).not.toMatch(/`code`|\| pipe/);
    }
  });

  test('a long prompt is folded into a details block; a short one is inline', () => {
    const long = `${'word '.repeat(80)}end`;
    const folded = changesSection([
      entry({ change: { prompt: { before: long, after: `${long} more` }, params: [] } }),
    ]);
    expect(folded.join('\n')).toMatch(/<details>\n<summary>prompt: 0 word\(s\) removed, 1 added<\/summary>/);
    const inline = changesSection([entry({ change: { prompt: { before: 'a', after: 'b' }, params: [] } })]);
    expect(inline.join('\n')).toContain('**hero**<br>prompt: <del>a</del> <ins>b</ins>');
    expect(inline.join('\n')).not.toContain('<details>');
  });

  test('the section is bounded: a flood of changes is cut with a count', () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      entry({
        id: `e${i}`,
        change: { prompt: { before: 'x '.repeat(400), after: 'y '.repeat(400) }, params: [] },
      }),
    );
    const text = changesSection(many).join('\n');
    expect(text.length).toBeLessThan(20_000);
    expect(text).toMatch(/… and \d+ more \(size limit\)/);
    expect(promptDiff('a', 'b '.repeat(5000)).length).toBeLessThan(4100);
  });
});
