/**
 * Makes the README's pictures, docs/job-summary.png and docs/pr-comment.png, from a real run:
 * the engine generates the example manifest on the gateway emulator, then a changed manifest (as a
 * pull request would), and the real renderers (src/report/markdown.ts) turn the second run's report
 * into the job summary and the PR comment. Those are rendered as GitHub renders markdown (marked,
 * GFM, raw HTML kept) into a page styled like github.com, served on loopback with the images, and
 * photographed by headless Chromium. Then docs/gallery.png: `pixazo-images gallery` on the same
 * workspace after a refused entry and a prompt edited since, opened from disk. And
 * docs/pr-comment-changes.png: a pull request that edits a prompt and a quality, on a gateway whose
 * images carry C2PA content credentials: the comment's "what changed" and its C2PA marks. And
 * docs/pr-comment-candidates.png: a pull request run that bought a candidate set, its grid (§10).
 *
 *   node --import tsx scripts/screenshots.ts           (run by hand, never in CI; the browser is the
 *   node --import tsx scripts/screenshots.ts changes   one test/helpers/browser.ts finds; `changes`
 *   node --import tsx scripts/screenshots.ts candidates  makes only docs/pr-comment-changes.png,
 *                                                      `candidates` only docs/pr-comment-candidates.png)
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { marked } from 'marked';
import { type Browser, chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { galleryCommand } from '../src/cli/gallery.js';
import { runEngine } from '../src/engine/run.js';
import { openManifest } from '../src/engine/session.js';
import { PixazoClient } from '../src/gateway/client.js';
import { attachChanges } from '../src/publish/base-changes.js';
import { commentMarker, renderComment, renderSummary } from '../src/report/markdown.js';
import type { RunReport } from '../src/report/types.js';
import { realClock } from '../src/shared/clock.js';
import { DEFAULT_API_KEY, startEmulator } from '../test/emulator/index.js';
import { findChromium } from '../test/helpers/browser.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'docs');
let browser: Promise<Browser> | undefined;
let tab: Page | undefined;
/**
 * One page of the browser the browser test uses (test/helpers/browser.ts), started once and reused
 * for every shot: the npm-shipped Chromium runs as a single process, which does not survive closing
 * its last page.
 */
async function browserPage(): Promise<Page> {
  browser ??= findChromium().then((found) =>
    chromium.launch({
      executablePath: found.executablePath,
      headless: true,
      args: [...found.args, '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    }),
  );
  tab ??= await (await browser).newPage({ deviceScaleFactor: 1 });
  return tab;
}

/** The pull request's change to the example manifest: a new prompt (and so a new chain) and a new entry. */
function changeManifest(text: string): string {
  return (
    text.replace('A lighthouse on a cliff at dawn, {{style}}', 'A lighthouse on a cliff at dusk, {{style}}') +
    '  logo:\n    prompt: A round logo with a paintbrush and a sparkle, {{style}}\n    quality: low\n' +
    '    alt: The project logo\n'
  );
}

async function generate(workspace: string, gatewayUrl: string, candidates = false): Promise<RunReport> {
  const { manifest, lockfilePath } = await openManifest({ workspace, config: 'images.config.yaml' });
  return runEngine(
    {
      manifest,
      lockfilePath,
      dryRun: false,
      // A pull request run: entries with `candidates` buy sets to pick from (§10).
      ...(candidates && { candidates: true }),
      prune: false,
      concurrency: 4,
      pollInterval: { min: 100, max: 400 },
      pollTimeoutMs: 60_000,
    },
    {
      clock: realClock,
      gateway: new PixazoClient({ baseUrl: gatewayUrl, apiKey: DEFAULT_API_KEY }),
    },
  );
}

/** GitHub's markdown look, close enough for a picture: fonts, tables, code, details. */
const CSS = `
body { margin: 0; background: #fff; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif,
  "Noto Color Emoji"; color: #1f2328; }
.frame { margin: 16px; border: 1px solid #d1d9e0; border-radius: 6px; overflow: hidden; width: max-content; max-width: 1160px; }
.head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; color: #59636e; font-size: 14px; }
.head b { color: #1f2328; }
.bot { display: inline-block; background: #eaeef2; border: 1px solid #d1d9e0; border-radius: 2em; padding: 0 7px; font-size: 12px; margin-left: 4px; }
.markdown-body { padding: 8px 20px 16px; }
h2 { font-size: 1.5em; font-weight: 600; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; margin: 16px 0; }
h3 { font-size: 1.25em; font-weight: 600; margin: 16px 0; }
p, blockquote, table, details { margin: 0 0 16px; }
blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; margin-left: 0; }
table { border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; vertical-align: middle; }
th { font-weight: 600; background: #fff; }
tr:nth-child(2n) td { background: #f6f8fa; }
code { font: 85% ui-monospace, SFMono-Regular, Menlo, monospace; background: #eff1f3; border-radius: 6px; padding: .2em .4em; }
img { vertical-align: middle; border-radius: 3px; }
sub { color: #59636e; }
summary { cursor: pointer; }
kbd { display: inline-block; font: 11px ui-monospace, SFMono-Regular, Menlo, monospace; padding: 3px 5px; line-height: 10px;
  color: #1f2328; background: #f6f8fa; border: 1px solid #d1d9e0; border-bottom-color: #d1d9e0; border-radius: 6px;
  box-shadow: inset 0 -1px 0 #d1d9e0; vertical-align: middle; }
`;

function page(title: string, head: string, markdown: string): string {
  const body = marked.parse(markdown, { gfm: true, async: false });
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><style>${CSS}</style></head>
<body><div class="frame"><div class="head">${head}</div><div class="markdown-body">${body}</div></div></body></html>`;
}

/** Serves `files` (URL path → file) and `pages` (URL path → HTML) on loopback. */
async function serve(
  routes: (url: string) => { type: string; body: Buffer | string } | undefined,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const hit = routes(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!hit) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': hit.type }).end(hit.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const TYPES: Record<string, string> = { '.png': 'image/png', '.webp': 'image/webp', '.jpg': 'image/jpeg' };

/**
 * The gallery as a reviewer sees it: after the pull request's run, an entry the gateway refuses and
 * a prompt edited but not generated yet, so every kind of card shows.
 */
async function galleryShot(ws: string, gatewayUrl: string, manifest: string, file: string): Promise<void> {
  const refused =
    '  mascot:\n    prompt: A mascot holding a paintbrush [[FAIL]]\n    quality: low\n    alt: The mascot\n';
  writeFileSync(path.join(ws, 'images.config.yaml'), changeManifest(manifest) + refused);
  await generate(ws, gatewayUrl);
  writeFileSync(
    path.join(ws, 'images.config.yaml'),
    changeManifest(manifest).replace('reviewing a pull request together', 'pair programming') + refused,
  );
  const opened = await openManifest({ workspace: ws, config: 'images.config.yaml' });
  await galleryCommand({ ...opened, cwd: ws });
  await shoot(pathToFileURL(path.join(ws, 'gallery.html')).href, file, { width: 1280, height: 1140 });
}

/**
 * Screenshot `url` with headless Chromium, then trim the white margin and keep a small one; a page
 * with a background of its own (`size` given) is kept whole at that size.
 */
async function shoot(url: string, file: string, size?: { width: number; height: number }): Promise<void> {
  const raw = `${file}.raw.png`;
  const page = await browserPage();
  await page.setViewportSize(size ?? { width: 1220, height: 2400 });
  await page.goto(url, { waitUntil: 'networkidle' });
  // Code run in the page is given as text: this project's TypeScript knows no DOM.
  await page.waitForFunction('Array.from(document.images).every((img) => img.complete)');
  await page.screenshot({ path: raw });
  const image = sharp(raw);
  if (!size)
    image
      .trim({ background: '#ffffff', threshold: 1 })
      .extend({ top: 12, bottom: 12, left: 12, right: 12, background: '#ffffff' });
  await image.png({ compressionLevel: 9, palette: true, quality: 90 }).toFile(file);
  rmSync(raw);
}

/** The pull request of the "what changed" picture: hero's prompt reworded, team's quality raised. */
function editManifest(text: string): string {
  return text
    .replace(
      'A lighthouse on a cliff at dawn, {{style}}',
      'A red lighthouse on a rocky cliff at dusk, {{style}}',
    )
    .replace(
      /(Three developers reviewing a pull request together, \{\{style\}\}\n {4}quality: )low/,
      '$1high',
    );
}

/**
 * docs/pr-comment-changes.png: the base is the example manifest, generated on a gateway whose images
 * carry (test-only) C2PA content credentials; the pull request edits a prompt and a quality. The
 * base's manifest text goes through the action's own path (attachChanges), then the real renderer.
 */
async function changesShot(file: string): Promise<void> {
  const emu = await startEmulator({ latency: [300, 900], imageScale: 0.5, contentCredentials: true });
  const work = mkdtempSync(path.join(os.tmpdir(), 'pixazo-shots-changes-'));
  try {
    const ws = path.join(work, 'ws');
    const base = path.join(work, 'base');
    mkdirSync(ws);
    const manifest = readFileSync(path.join(ROOT, 'images.config.yaml'), 'utf8');
    writeFileSync(path.join(ws, 'images.config.yaml'), manifest);
    await generate(ws, emu.url);
    cpSync(ws, base, { recursive: true });
    writeFileSync(path.join(ws, 'images.config.yaml'), editManifest(manifest));
    const report = await generate(ws, emu.url);
    await attachChanges(report, {
      workspace: ws,
      config: 'images.config.yaml',
      baseText: manifest,
      logger: { debug: (m) => console.log(m) },
    });
    let origin = '';
    const server = await serve((url) => {
      const m = /^\/(ws|base)\/(.+)$/.exec(url);
      if (m) {
        const f = path.join(m[1] === 'ws' ? ws : base, m[2]!);
        if (!f.startsWith(work)) return undefined;
        try {
          return { type: TYPES[path.extname(f)] ?? 'application/octet-stream', body: readFileSync(f) };
        } catch {
          return undefined;
        }
      }
      if (url !== '/comment.html') return undefined;
      const before = new Set(report.entries.flatMap((e) => e.previousFiles ?? []));
      return {
        type: 'text/html',
        body: page(
          'PR comment',
          '<b>github-actions</b> <span class="bot">bot</span> commented',
          renderComment(report, {
            marker: commentMarker(report.manifest),
            previewUrl: (p) => `${origin}/ws/${p}`,
            previousUrl: (p) => (before.has(p) ? `${origin}/base/${p}` : undefined),
          }),
        ),
      };
    });
    origin = server.url;
    try {
      await shoot(`${origin}/comment.html`, file);
    } finally {
      await server.close();
    }
  } finally {
    await emu.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * docs/pr-comment-candidates.png: a pull request that rewords hero's prompt and gives it
 * `candidates: 4`; the pull request run buys the set, and the comment shows the numbered grid with
 * the commands to answer.
 */
async function candidatesShot(file: string): Promise<void> {
  const emu = await startEmulator({ latency: [300, 900], imageScale: 0.5 });
  const work = mkdtempSync(path.join(os.tmpdir(), 'pixazo-shots-candidates-'));
  try {
    const ws = path.join(work, 'ws');
    mkdirSync(ws);
    const manifest = readFileSync(path.join(ROOT, 'images.config.yaml'), 'utf8');
    writeFileSync(path.join(ws, 'images.config.yaml'), manifest);
    await generate(ws, emu.url);
    writeFileSync(
      path.join(ws, 'images.config.yaml'),
      manifest.replace(
        '    prompt: A lighthouse on a cliff at dawn, {{style}}\n',
        '    prompt: A red lighthouse on a rocky cliff at dusk, {{style}}\n    candidates: 4\n',
      ),
    );
    const report = await generate(ws, emu.url, true);
    let origin = '';
    const server = await serve((url) => {
      const m = /^\/ws\/(.+)$/.exec(url);
      if (m) {
        const f = path.join(ws, m[1]!);
        if (!f.startsWith(work)) return undefined;
        try {
          return { type: TYPES[path.extname(f)] ?? 'application/octet-stream', body: readFileSync(f) };
        } catch {
          return undefined;
        }
      }
      if (url !== '/comment.html') return undefined;
      return {
        type: 'text/html',
        body: page(
          'PR comment',
          '<b>github-actions</b> <span class="bot">bot</span> commented',
          renderComment(report, {
            marker: commentMarker(report.manifest),
            previewUrl: (p) => `${origin}/ws/${p}`,
          }),
        ),
      };
    });
    origin = server.url;
    try {
      await shoot(`${origin}/comment.html`, file);
    } finally {
      await server.close();
    }
  } finally {
    await emu.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('candidates')) {
    try {
      await candidatesShot(path.join(OUT, 'pr-comment-candidates.png'));
    } finally {
      await (await browser?.catch(() => undefined))?.close();
    }
    console.log(`wrote ${path.join(OUT, 'pr-comment-candidates.png')}`);
    return;
  }
  if (process.argv.includes('changes')) {
    try {
      await changesShot(path.join(OUT, 'pr-comment-changes.png'));
    } finally {
      await (await browser?.catch(() => undefined))?.close();
    }
    console.log(`wrote ${path.join(OUT, 'pr-comment-changes.png')}`);
    return;
  }
  const emu = await startEmulator({ latency: [300, 900], imageScale: 0.5 });
  const work = mkdtempSync(path.join(os.tmpdir(), 'pixazo-shots-'));
  try {
    const ws = path.join(work, 'ws');
    const base = path.join(work, 'base');
    mkdirSync(ws);
    const manifest = readFileSync(path.join(ROOT, 'images.config.yaml'), 'utf8');
    writeFileSync(path.join(ws, 'images.config.yaml'), manifest);
    // The base branch: the example manifest, generated and "committed".
    await generate(ws, emu.url);
    cpSync(ws, base, { recursive: true });
    // The pull request: a changed prompt and a new entry.
    writeFileSync(path.join(ws, 'images.config.yaml'), changeManifest(manifest));
    const report = await generate(ws, emu.url);

    let origin = '';
    const server = await serve((url) => {
      const m = /^\/(ws|base)\/(.+)$/.exec(url);
      if (m) {
        const file = path.join(m[1] === 'ws' ? ws : base, m[2]!);
        if (!file.startsWith(work)) return undefined;
        try {
          return { type: TYPES[path.extname(file)] ?? 'application/octet-stream', body: readFileSync(file) };
        } catch {
          return undefined;
        }
      }
      if (url === '/summary.html')
        return {
          type: 'text/html',
          body: page(
            'Job summary',
            '<b>images</b> summary',
            renderSummary(report, { previewUrl: (p) => `${origin}/ws/${p}` }),
          ),
        };
      if (url === '/comment.html') {
        const before = new Set(report.entries.flatMap((e) => e.previousFiles ?? []));
        return {
          type: 'text/html',
          body: page(
            'PR comment',
            '<b>github-actions</b> <span class="bot">bot</span> commented',
            renderComment(report, {
              marker: commentMarker(report.manifest),
              previewUrl: (p) => `${origin}/ws/${p}`,
              previousUrl: (p) => (before.has(p) ? `${origin}/base/${p}` : undefined),
            }),
          ),
        };
      }
      return undefined;
    });
    origin = server.url;
    try {
      mkdirSync(OUT, { recursive: true });
      await shoot(`${origin}/summary.html`, path.join(OUT, 'job-summary.png'));
      await shoot(`${origin}/comment.html`, path.join(OUT, 'pr-comment.png'));
    } finally {
      await server.close();
    }
    await galleryShot(ws, emu.url, manifest, path.join(OUT, 'gallery.png'));
    await changesShot(path.join(OUT, 'pr-comment-changes.png'));
    await candidatesShot(path.join(OUT, 'pr-comment-candidates.png'));
    console.log(
      `wrote ${['job-summary.png', 'pr-comment.png', 'gallery.png', 'pr-comment-changes.png', 'pr-comment-candidates.png'].map((f) => path.join(OUT, f)).join(', ')}`,
    );
  } finally {
    await (await browser?.catch(() => undefined))?.close();
    await emu.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
