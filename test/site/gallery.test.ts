/**
 * The gallery page: `pixazo-images gallery` on a workspace a real run generated (against the
 * emulator), the artifact's page, escaping of untrusted text, and the page's security policy. The
 * page in a real browser is test/site/browser.test.ts.
 */
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cli, EXIT } from '../../src/cli/main.js';
import type { CliStream } from '../../src/cli/sink.js';
import { stageGallery } from '../../src/publish/artifact.js';
import type { EntryReport } from '../../src/report/types.js';
import { galleryStatus } from '../../src/site/gallery-data.js';
import { renderGalleryPage } from '../../src/site/gallery-page.js';
import { lowQualityManifest } from '../helpers/manifests.js';
import { emulatorAndWorkspace } from '../helpers/setup.js';
import { runOn } from '../helpers/workspace.js';

const MANIFEST = lowQualityManifest(`  hero:
    prompt: A lighthouse on a cliff at dawn
    alt: A lighthouse at dawn
  team:
    prompt: Three developers at a desk
    number_of_images: 2
    out: "img/team #{n}.{ext}"
    alt: Three developers
  broken:
    model: gpt-image-1.5
    prompt: A broken thing [[FAIL]]
    output_format: png
`);

const t = emulatorAndWorkspace({ 'docs/images.config.yaml': MANIFEST });
const CONFIG = 'docs/images.config.yaml';

/** `cli()` in-process in the workspace, its output captured. */
async function gallery(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  const code = await cli(
    ['gallery', '--config', CONFIG, ...args],
    { PATH: process.env.PATH },
    {
      stdout: stdout as unknown as CliStream,
      stderr: stderr as unknown as CliStream,
      cwd: t.ws.dir,
    },
  );
  stdout.end();
  stderr.end();
  return { code, stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
}

/** Each card's id, status and image sources, read back from the page. */
function cards(html: string): { id: string; status: string; srcs: string[] }[] {
  return [...html.matchAll(/<article class="card[^"]*" data-status="([^"]+)"[\s\S]*?<\/article>/g)].map(
    (m) => ({
      status: m[1]!,
      id: /<code>([^<]*)<\/code>/.exec(m[0])![1]!,
      srcs: [...m[0].matchAll(/<img src="([^"]+)"/g)].map((s) => s[1]!),
    }),
  );
}

describe('pixazo-images gallery', () => {
  it('writes every entry beside the manifest, images by relative paths that exist, failures marked', async () => {
    await runOn(t.ws, t.emu, {}, {}, CONFIG);
    // A new entry since the run: planned, no image yet.
    await t.ws.write(CONFIG, `${MANIFEST}  logo:\n    prompt: A logo\n    alt: The logo\n`);
    const r = await gallery();
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^Wrote docs\/gallery\.html \(4 entries\): file:\/\/\//);
    const file = path.join(t.ws.dir, 'docs/gallery.html');
    const html = await readFile(file, 'utf8');
    const got = cards(html);
    expect(got.map((c) => [c.id, c.status])).toEqual([
      ['hero', 'current'],
      ['team', 'current'],
      ['broken', 'failed'],
      ['logo', 'new'],
    ]);
    expect(got[1]!.srcs).toEqual(['img/team%20%231.webp', 'img/team%20%232.webp']);
    for (const src of got.flatMap((c) => c.srcs))
      expect((await stat(path.join(t.ws.dir, 'docs', decodeURIComponent(src)))).isFile()).toBe(true);
    expect(html).toContain('A broken thing [[FAIL]]');
    // The gateway's own words, from the lockfile's record of the refusal.
    expect(html).toMatch(/class="note">refused before: Image generation failed/);
    expect(html).toContain('est. $0.012');
  });

  it('--out writes elsewhere, with paths leading back to the images; never inside .git', async () => {
    await runOn(t.ws, t.emu, {}, {}, CONFIG);
    const r = await gallery('--out', 'review');
    expect(r.code).toBe(EXIT.ok);
    const html = await readFile(path.join(t.ws.dir, 'review/gallery.html'), 'utf8');
    expect(cards(html)[0]!.srcs).toEqual(['../docs/img/hero.webp']);
    // Not a git repository: the workspace is the manifest's folder (docs/), wherever this runs.
    const git = await gallery('--out', 'docs/.git/x');
    expect(git.code).toBe(EXIT.invalid);
    expect(git.stderr).toContain('--out docs/.git/x: is inside `.git`; write the gallery elsewhere');
    const outside = await gallery('--out', '.git/x');
    expect(outside.code).toBe(EXIT.invalid);
    expect(outside.stderr).toContain('is outside the workspace');
  });

  it("in the artifact: the run's changed entries, with the images staged beside the page", async () => {
    const { report } = await runOn(t.ws, t.emu, {}, {}, CONFIG);
    await t.ws.write(CONFIG, MANIFEST.replace('at dawn\n', 'at dusk\n'));
    const second = (await runOn(t.ws, t.emu, {}, {}, CONFIG)).report;
    const stage = await mkdtemp(path.join(os.tmpdir(), 'pixazo-stage-'));
    try {
      for (const f of second.filesWritten) await cp(path.join(t.ws.dir, f), path.join(stage, f));
      const page = await stageGallery(stage, second, t.ws.dir, path.join(t.ws.dir, 'docs/images.lock.json'));
      expect(page).toBe(path.join(stage, 'gallery.html'));
      const html = await readFile(page, 'utf8');
      // The refused entry is skipped in this run, and still shown as failed.
      expect(cards(html)).toEqual([
        { id: 'hero', status: 'generated', srcs: ['docs/img/hero.webp'] },
        { id: 'broken', status: 'failed', srcs: [] },
      ]);
      expect(html).toContain('1 more is unchanged and not in this artifact');
      expect(report.totals.failed).toBe(1);
    } finally {
      await rm(stage, { recursive: true, force: true });
    }
  });
});

describe('the page', () => {
  const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> "quoted" \'single\'';
  const html = renderGalleryPage(
    [
      {
        id: 'x',
        status: 'failed',
        note: `refused: ${hostile}`,
        alt: hostile,
        prompt: hostile,
        model: 'gpt-image-2"><script>alert(3)</script>',
        quality: 'low',
        images: [{ workspacePath: 'a.png', bytes: 10, width: 4, height: 2, format: 'png' }],
      },
    ],
    { manifest: hostile, madeAt: '2026-11-24T10:00:00Z', href: () => 'a.png' },
  );

  it('escapes every untrusted text: no markup of ours but ours', () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img src=x|"quoted"|'single'/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('allows only its own style and script, by hash, and no network', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(csp).toContain(`script-src ${sha(/<script>([\s\S]*?)<\/script>/.exec(html)![1]!)}`);
    expect(csp).toContain(`style-src ${sha(/<style>([\s\S]*?)<\/style>/.exec(html)![1]!)}`);
    expect(csp).toMatch(/default-src 'none'/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('shows sizes, date and cost as a reviewer reads them', () => {
    const page = renderGalleryPage(
      [
        {
          id: 'y',
          status: 'current',
          prompt: 'p',
          model: 'gpt-image-2',
          quality: 'medium',
          cost: 0.047,
          date: '2026-11-24T10:00:00.000Z',
          images: [{ workspacePath: 'y.webp', bytes: 48_211, width: 1536, height: 1024, format: 'webp' }],
        },
      ],
      { manifest: 'images.config.yaml', madeAt: '2026-11-24T11:00:00Z', href: (i) => i.workspacePath },
    );
    expect(page).toContain('<dt>file</dt><dd>y.webp</dd>');
    expect(page).toContain('<dd>1536×1024 webp 48 KB</dd>');
    expect(page).toContain('<dd>$0.047</dd>');
    expect(page).toContain('<dd>2026-11-24 10:00 UTC</dd>');
    expect(page).toContain('width="1536" height="1024"');
  });

  it('marks an entry whose images carry C2PA content credentials, with a title saying what it means', () => {
    const card = (id: string, contentCredentials?: boolean) => ({
      id,
      status: 'current' as const,
      prompt: 'p',
      model: 'gpt-image-2',
      quality: 'medium',
      images: [
        {
          workspacePath: `${id}.png`,
          bytes: 1,
          format: 'png' as const,
          ...(contentCredentials !== undefined && { contentCredentials }),
        },
      ],
    });
    const page = renderGalleryPage([card('with', true), card('without', false), card('unknown')], {
      manifest: 'images.config.yaml',
      madeAt: '2026-11-24T11:00:00Z',
      href: (i) => i.workspacePath,
    });
    const marks = page.match(/<span class="badge c2pa" title="([^"]*)">C2PA<\/span>/g) ?? [];
    expect(marks).toHaveLength(1);
    expect(marks[0]).toContain(
      'carries C2PA content credentials as delivered by the gateway: the file says it was made by AI',
    );
    expect(page.indexOf('class="badge c2pa"')).toBeLessThan(page.indexOf('<code>without</code>'));
  });
});

const entry = (over: Partial<EntryReport>): EntryReport => ({
  id: 'a',
  action: 'generate',
  reason: 'new',
  status: 'planned',
  model: 'gpt-image-2',
  quality: 'low',
  images: 1,
  estimatedCost: 0.012,
  cost: 0,
  files: ['a.webp'],
  prompt: 'p',
  ...over,
});

it.each([
  [{ status: 'generated' }, true, 'generated'],
  [{ status: 'unchanged', action: 'unchanged' }, true, 'current'],
  [{ status: 'kept', action: 'kept' }, true, 'edited'],
  [{ status: 'pending', action: 'resume' }, true, 'pending'],
  [{ status: 'planned', action: 'resume' }, false, 'pending'],
  [{ status: 'planned', action: 'skip' }, false, 'failed'],
  [{ status: 'planned', action: 'generate' }, true, 'outdated'],
  [{ status: 'planned', action: 'generate' }, false, 'new'],
  [{ status: 'planned', action: 'move' }, true, 'outdated'],
] as const)('galleryStatus(%j, record: %s) is %s', (over, hasRecord, status) => {
  expect(galleryStatus(entry(over), hasRecord)).toBe(status);
});
