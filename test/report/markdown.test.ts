import { describe, expect, test } from 'vitest';
import {
  escapeHtmlAttribute,
  escapeMarkdown,
  escapeUrlForMarkdown,
  safeImageUrl,
  truncate,
} from '../../src/report/escape.js';
import { commentMarker, renderComment, renderSummary } from '../../src/report/markdown.js';
import { formatDuration, formatUsd } from '../../src/shared/format.js';
import { entry, report } from '../helpers/reports.js';

const raw = (p: string) => `https://github.com/o/r/blob/abc/${p}?raw=true`;

/** Every raw `<…>` tag we did not write ourselves would show up as an unexpected tag name. */
function tagNames(md: string): string[] {
  return [...md.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase());
}
const OUR_TAGS = new Set(['img', 'details', 'summary', 'sub', 'br']);

describe('escapeMarkdown', () => {
  test.each([
    ['html', '<img src=x onerror=alert(1)>', ['<img', 'onerror=alert(1)>']],
    ['script', '<script>alert(1)</script>', ['<script', '</script>']],
    ['link', '[click](https://evil)', ['[click]', '](', 'https://evil']],
    ['image', '![x](https://evil/x.png)', ['![', '](']],
    ['mention', 'thanks @octocat', ['@octocat']],
    ['team mention', 'cc @github/security', ['@github']],
    ['email autolink', 'mail me@example.com', ['@example']],
    ['issue reference', 'fixes #1', ['#1']],
    ['table pipe', 'a | b', ['|']],
    ['backticks', 'run `rm -rf /`', ['`']],
    ['newlines', 'line one\nline two\r\n\r\n| x |', ['\n', '\r', '|']],
    ['emphasis', '**bold** _it_ ~~strike~~', ['**', '_it_', '~~']],
    ['heading', '# Title', ['# ']],
    ['autolink', 'see www.evil.com or http://evil.com', ['www.evil', 'http://']],
    ['bidi override', 'abc\u202Edef', ['\u202E']],
    ['math', '$x^2$', ['$x']],
    ['entity smuggling', '&lt;b&gt;', ['&lt;b']],
  ])('%s: %j is neutralized', (_name, input, forbidden) => {
    const out = escapeMarkdown(input);
    for (const bad of forbidden) expect(out).not.toContain(bad);
    expect(tagNames(out)).toEqual([]);
    expect(out).not.toMatch(/[\r\n]/);
  });

  test('mentions keep their text, with an invisible joiner after @', () => {
    expect(escapeMarkdown('@octocat')).toBe('@\u200Doctocat');
  });

  test('plain text passes unchanged', () => {
    expect(escapeMarkdown('A lighthouse on a cliff, at dawn: 3/2 + 1.5')).toBe(
      'A lighthouse on a cliff, at dawn: 3/2 + 1.5',
    );
  });

  test('truncates before escaping, so a reference is never cut', () => {
    const out = escapeMarkdown('<'.repeat(50), 10);
    expect(out).toBe(`${'&lt;'.repeat(9)}…`);
  });

  test('truncate counts code points and never splits a surrogate pair', () => {
    expect(truncate('🖼️🖼️🖼️🖼️', 3)).toBe('🖼️…');
    expect(truncate('short', 10)).toBe('short');
  });
});

describe('escapeHtmlAttribute', () => {
  test.each([
    ['" onerror="alert(1)', '&quot; onerror=&quot;alert(1)'],
    ["it's <b>", 'it&#39;s &lt;b&gt;'],
    ['a | b', 'a &#124; b'],
    ['two\nlines', 'two lines'],
  ])('%j → %j', (input, expected) => {
    expect(escapeHtmlAttribute(input)).toBe(expected);
  });
});

describe('URLs', () => {
  test.each([
    ['https://h/a b (1).png', 'https://h/a%20b%20%281%29.png'],
    ['https://h/x.png?a=1&b=2', 'https://h/x.png?a=1&amp;b=2'],
    ['https://h/"><script>', 'https://h/%22%3E%3Cscript%3E'],
    ['https://h/a|b', 'https://h/a%7Cb'],
    ['https://h/é.png', 'https://h/%C3%A9.png'],
  ])('escapeUrlForMarkdown(%j) → %j', (input, expected) => {
    expect(escapeUrlForMarkdown(input)).toBe(expected);
  });

  test.each([
    'data:image/png;base64,AAAA',
    'javascript:alert(1)',
    'java\nscript:alert(1)',
    'file:///etc/passwd',
    'not a url',
    '',
  ])('safeImageUrl refuses %j', (url) => {
    expect(safeImageUrl(url)).toBeUndefined();
  });

  test('safeImageUrl accepts https and escapes it', () => {
    expect(safeImageUrl('https://cdn.example/a b.webp')).toBe('https://cdn.example/a%20b.webp');
  });
});

describe('formatting', () => {
  test.each([
    [0.047, '$0.047'],
    [0.094, '$0.094'],
    [1.2, '$1.200'],
    [0, '$0.000'],
    [1234.5, '$1,234.500'],
    [0.0125, '$0.0125'],
    [0.12345, '$0.12345'],
    [0.1 + 0.2, '$0.300'],
    [0.1234567, '$0.123457'],
    [0.0000001, '<$0.000001'],
    [-0.047, '-$0.047'],
    [null, 'unpriced'],
    [Number.NaN, 'n/a'],
  ])('formatUsd(%s) → %s', (amount, expected) => {
    expect(formatUsd(amount)).toBe(expected);
  });

  test.each([
    [undefined, '—'],
    [41.23, '41.2 s'],
    [125, '2m 05s'],
    [119.6, '2m 00s'],
  ])('formatDuration(%s) → %s', (s, expected) => {
    expect(formatDuration(s)).toBe(expected);
  });
});

describe('renderSummary', () => {
  test('totals, costs, cumulative spend and a row per entry', () => {
    const md = renderSummary(
      report([
        entry(),
        entry({
          id: 'icon',
          action: 'generate',
          status: 'reused',
          reason: 'new; restored from cache',
          cost: 0,
          durationS: undefined,
        }),
        entry({ id: 'logo', action: 'unchanged', status: 'unchanged', reason: 'up to date', cost: 0 }),
      ]),
      { previewUrl: raw },
    );
    expect(md).toContain('**1** generated · **1** reused · **1** unchanged · **0** failed');
    expect(md).toContain('Cost of this run: **$0.094**');
    expect(md).toContain('estimate: $0.094');
    expect(md).toContain('$1.234');
    for (const id of ['hero', 'icon', 'logo']) expect(md).toMatch(new RegExp(`^\\| ${id} \\|`, 'm'));
    expect(md).toContain('| $0.047 | 41.2 s |');
    // The plan's action stays in the report; the table says how it was carried out.
    expect(md).toMatch(/^\| icon \|.*♻️ reuse/m);
    expect(md).toContain(
      '<img src="https://github.com/o/r/blob/abc/docs/img/hero.webp?raw=true" width="160" alt="hero">',
    );
  });

  test('unpriced entries say "unpriced", never $0', () => {
    const unpriced = entry({
      id: 'legacy',
      model: 'gpt-image-1.5',
      quality: 'high',
      cost: null,
      estimatedCost: null,
    });
    const md = renderSummary(report([unpriced], { cost: 0, estimatedCost: 0, unpriced: 1 }));
    const row = md.split('\n').find((l) => l.startsWith('| legacy |'))!;
    expect(row).toContain('unpriced');
    expect(row).not.toMatch(/\$0/);
    expect(md).toContain('1 image **unpriced**');
    expect(md).toContain('`pricing:`');
  });

  test('previews only with a safe URL; alt text is the entry alt, escaped', () => {
    const entries = [
      entry({ id: 'a', alt: 'A "quoted" <alt> | x' }),
      entry({ id: 'b' }),
      entry({ id: 'c', mediaUrls: ['data:image/png;base64,AAAA'] }),
      entry({ id: 'd', status: 'failed', error: 'boom', cost: 0 }),
    ];
    const md = renderSummary(report(entries), {
      previewUrl: (p) => (p.includes('/a.') ? raw(p) : undefined),
    });
    expect(md).toContain('alt="A &quot;quoted&quot; &lt;alt&gt; &#124; x"');
    expect(md.match(/<img /g)).toHaveLength(1);
    expect(md).not.toContain('data:');
  });

  test('media URLs preview generated entries when nothing was published', () => {
    const md = renderSummary(report([entry({ mediaUrls: ['https://cdn.example/x.webp'] })]));
    expect(md).toContain('<img src="https://cdn.example/x.webp"');
  });

  test('before → after when the base branch had an image', () => {
    const e = entry({ action: 'generate', reason: 'prompt changed', previousFiles: ['docs/img/hero.webp'] });
    const md = renderSummary(report([e]), {
      previewUrl: raw,
      previousUrl: (p) => `https://base.example/${p}`,
    });
    expect(md).toMatch(
      /<img src="https:\/\/base\.example\/docs\/img\/hero\.webp"[^>]*> → <img src="https:\/\/github\.com/,
    );
  });

  test.each([
    [{ planOnly: true }, 'planned only — no API key (a pull request awaiting approval, or from a fork)'],
    [{ dryRun: true }, '**Dry run**'],
    [{ cancelled: true }, '**Cancelled**'],
  ])('notice for %j', (over, text) => {
    expect(renderSummary(report([entry()], over))).toContain(text);
  });

  test('possibly charged, errors, orphans, outcome unknown', () => {
    const failed = entry({
      id: 'bad',
      status: 'failed',
      cost: 0,
      possiblyCharged: 0.047,
      error: 'FAILED: <b>nope</b> @admin',
    });
    const md = renderSummary(
      report([failed], {
        possiblyCharged: 0.047,
        orphans: [{ id: 'old', files: ['a.webp', 'b.webp'], pruned: false }],
        submissions: {
          attempted: 1,
          accepted: 0,
          refused: 0,
          outcomeUnknown: 1,
          notSubmitted: 0,
          retries: 2,
          rateLimited: 0,
        },
      }),
    );
    expect(md).toContain('Possibly charged for FAILED requests: **$0.047**');
    expect(md).toContain('possibly charged $0.047');
    expect(md).toContain('- **bad**: FAILED: &lt;b&gt;nope&lt;/b&gt; @\u200Dadmin');
    expect(md).toContain('- **old**: 2 files kept');
    expect(md).toContain('1 outcome unknown');
    expect(md).toContain('2 retries');
  });

  test('orphans: pruned files are "deleted"; a record whose files were gone already is "dropped"', () => {
    const md = renderSummary(
      report([], {
        orphans: [
          { id: 'pruned', files: ['p.webp'], pruned: true },
          { id: 'gone', files: ['g-1.webp', 'g-2.webp'], pruned: true },
        ],
        filesDeleted: ['p.webp'],
      }),
    );
    expect(md).toContain('- **pruned**: 1 file deleted');
    expect(md).toContain('- **gone**: record dropped (its files were gone)');
  });

  test('hostile ids, reasons and prompts inject nothing', () => {
    const hostile = entry({
      id: '<img src=x onerror=alert(1)>',
      reason: '[click](https://evil) @octocat | `x`\n# h',
      prompt: '<script>alert(1)</script>',
      alt: '"><script>',
      error: '</details><img src=x>',
      status: 'failed',
    });
    for (const md of [
      renderSummary(report([hostile]), { previewUrl: raw }),
      renderComment(report([hostile]), { marker: commentMarker('m.yaml') }),
    ]) {
      expect(tagNames(md).every((t) => OUR_TAGS.has(t))).toBe(true);
      expect(md).not.toContain('](https://evil');
      expect(md).not.toContain('@octocat');
      const row = md.split('\n').find((l) => l.includes('onerror'))!;
      // A row of our table keeps its column count: no extra `|` from the data.
      expect(row.split('|').length).toBe(md.includes('| id |') ? 11 : 6);
    }
  });

  test('many unchanged entries are collapsed', () => {
    const unchanged = Array.from({ length: 30 }, (_, i) =>
      entry({ id: `u${i}`, action: 'unchanged', status: 'unchanged', cost: 0 }),
    );
    const md = renderSummary(report([entry(), ...unchanged]));
    expect(md).toContain('<summary>30 unchanged entries</summary>');
    expect(md.indexOf('| hero |')).toBeLessThan(md.indexOf('<details>'));
  });
});

describe('size limits', () => {
  const huge = (n: number) =>
    report(
      Array.from({ length: n }, (_, i) =>
        entry({
          id: `entry-${i}-${'x'.repeat(40)}`,
          status: i % 2 ? 'unchanged' : 'generated',
          action: i % 2 ? 'unchanged' : 'generate',
          reason: `prompt changed ${'<&>'.repeat(30)}`,
          prompt: 'p'.repeat(500),
          error: i % 7 === 0 ? 'e'.repeat(1000) : undefined,
          previousFiles: [`docs/img/${i}.webp`],
        }),
      ),
      { orphans: Array.from({ length: 500 }, (_, i) => ({ id: `o${i}`, files: ['x'], pruned: true })) },
    );

  test('20,000 entries: summary under 1 MiB, comment under 65,536 characters', () => {
    const r = huge(20_000);
    const summary = renderSummary(r, { previewUrl: raw, previousUrl: raw });
    expect(Buffer.byteLength(summary)).toBeLessThan(1024 * 1024);
    expect(summary).toContain('not shown (summary size limit');
    expect(summary).toContain('10000 unchanged entries, not listed');
    expect(summary).toContain('- … and 450 more');
    expect(summary.match(/<img /g)!.length).toBeLessThanOrEqual(100);

    const comment = renderComment(r, {
      marker: commentMarker('images.config.yaml'),
      previewUrl: raw,
      previousUrl: raw,
    });
    expect(comment.length).toBeLessThan(65_536);
    expect(comment.startsWith('<!-- pixazo-images:images.config.yaml -->')).toBe(true);
    expect(comment).toContain('not shown (comment size limit');
    expect(comment).toContain('<details>');
  });

  test('a tiny limit is still honoured', () => {
    const summary = renderSummary(huge(50), { maxBytes: 2_000 });
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(2_000);
    expect(summary).toContain('truncated to fit the size limit');
  });
});

describe('renderComment', () => {
  test('marker first, changed entries only, before → after, costs', () => {
    const md = renderComment(
      report([
        entry({ previousFiles: ['docs/img/hero.webp'], reason: 'prompt changed' }),
        entry({ id: 'new-one' }),
        entry({ id: 'same', action: 'unchanged', status: 'unchanged', cost: 0 }),
      ]),
      {
        marker: commentMarker('images.config.yaml'),
        previewUrl: raw,
        previousUrl: (p) => `https://base.example/${p}`,
      },
    );
    expect(md.split('\n')[0]).toBe('<!-- pixazo-images:images.config.yaml -->');
    expect(md).toContain('| entry | change | before | after | cost |');
    expect(md).toMatch(
      /\| \*\*hero\*\*.*\| <img src="https:\/\/base\.example\/[^|]*\| <img src="https:\/\/github\.com/,
    );
    expect(md).toMatch(/\| \*\*new-one\*\*.*\| — \| <img/);
    expect(md).not.toContain('**same**');
    expect(md).toContain('$0.047');
  });

  test('fork plan-only: the plan, its estimate, and why nothing ran', () => {
    const planned = entry({ status: 'planned', cost: 0, estimatedCost: 0.128, durationS: undefined });
    const md = renderComment(report([planned], { planOnly: true, estimatedCost: 0.128, cost: 0 }), {
      marker: commentMarker('images.config.yaml'),
      forkPlanOnly: true,
      previewUrl: raw,
    });
    expect(md).toContain('secrets are unavailable');
    expect(md).toContain('nothing was generated');
    expect(md).toContain('**$0.128**');
    expect(md).toContain('est. $0.128');
    expect(md).not.toContain('<img');
  });

  test('artifact link, and a note when nothing changed', () => {
    const md = renderComment(report([entry({ action: 'unchanged', status: 'unchanged' })]), {
      marker: commentMarker('images.config.yaml'),
      artifactUrl: 'https://github.com/o/r/actions/runs/1/artifacts/2',
    });
    expect(md).toContain(
      '[Download the generated images](https://github.com/o/r/actions/runs/1/artifacts/2)',
    );
    expect(md).toContain('No image changes.');
  });

  test('the job summary links the artifact too, and names the gallery in it', () => {
    const url = 'https://github.com/o/r/actions/runs/1/artifacts/2';
    const md = renderSummary(report([entry()]), { artifactUrl: url });
    expect(md).toContain(
      `📦 [Download the generated images](${url}), then open \`gallery.html\` in the zip.`,
    );
    expect(renderSummary(report([entry()]), { artifactUrl: 'javascript:alert(1)' })).not.toContain(
      'Download',
    );
  });

  test.each([
    ['images.config.yaml', '<!-- pixazo-images:images.config.yaml -->'],
    ['./docs/images.config.yaml', '<!-- pixazo-images:docs/images.config.yaml -->'],
    ['a\\b.yaml', '<!-- pixazo-images:a/b.yaml -->'],
    ['evil --> <b>x</b>.yaml', '<!-- pixazo-images:evil%20--%3E%20%3Cb%3Ex%3C/b%3E.yaml -->'],
  ])('commentMarker(%j)', (path, marker) => {
    expect(commentMarker(path)).toBe(marker);
  });

  test("one manifest's marker is not found inside another's", () => {
    expect(commentMarker('docs/images.config.yaml')).not.toContain(commentMarker('images.config.yaml'));
  });
});

describe('the C2PA mark', () => {
  const cases: [string, boolean[] | undefined, RegExp | null][] = [
    [
      'every file carries credentials',
      [true],
      /<kbd title="carries C2PA content credentials as delivered by the gateway: the file says it was made by AI[^"]*">C2PA<\/kbd>/,
    ],
    [
      'some files do',
      [true, false],
      /<kbd title="1 of 2 files: carries C2PA content credentials[^"]*">C2PA<\/kbd>/,
    ],
    ['none does', [false], null],
    ['unknown (an older record)', undefined, null],
  ];
  test.each(cases)('%s', (_name, flags, mark) => {
    const e = entry({
      contentCredentials: flags,
      ...(flags && { files: flags.map((_, i) => `img/hero-${i}.png`) }),
    });
    for (const md of [
      renderSummary(report([e])),
      renderComment(report([e]), { marker: commentMarker('m.yaml') }),
    ]) {
      if (mark) expect(md).toMatch(mark);
      else expect(md).not.toContain('C2PA');
    }
  });
});
