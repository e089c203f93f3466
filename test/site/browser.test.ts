/**
 * The gallery in a real headless Chromium (found by test/helpers/browser.ts: `$CHROMIUM`, an
 * installed Chrome or Chromium, or the one the @sparticuz/chromium dev dependency ships), driven by
 * playwright-core, opened from `file://` as a reviewer opens it: every image loads, the filters
 * show and hide the right cards, nothing is fetched from anywhere else, and the console stays clean.
 * Both pages are checked: the CLI's (beside the manifest) and the artifact's (beside the staged images).
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { galleryCommand } from '../../src/cli/gallery.js';
import { openManifest } from '../../src/engine/session.js';
import { stageGallery } from '../../src/publish/artifact.js';
import { findChromium } from '../helpers/browser.js';
import { GALLERY_HERO, lowQualityManifest } from '../helpers/manifests.js';
import { emulatorAndWorkspace } from '../helpers/setup.js';
import { runOn } from '../helpers/workspace.js';

const MANIFEST = lowQualityManifest(`${GALLERY_HERO}  team:
    prompt: Three developers at a desk
    output_format: jpeg
    number_of_images: 2
    out: "img/team #{n}.{ext}"
    alt: Three developers
  banner:
    model: gpt-image-1.5
    prompt: An old banner
    output_format: png
    alt: A banner
  broken:
    prompt: A broken thing [[FAIL]]
    alt: <b>not bold</b>
`);

const t = emulatorAndWorkspace({ 'site/images.config.yaml': MANIFEST });
const CONFIG = 'site/images.config.yaml';

let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  // Not found: one line saying how to get one (never a skip: the gallery must be seen working).
  const browser = await findChromium();
  // A fresh, empty profile: nothing cached or remembered from another run.
  profile = await mkdtemp(path.join(os.tmpdir(), 'pixazo-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: browser.executablePath,
    headless: true,
    viewport: { width: 1280, height: 2400 },
    args: [
      ...browser.args,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await context?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/** Opens `file` and keeps every console error, page error and request the page makes. */
async function open(file: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  // Lazy images in the (tall) viewport start loading at once; wait until each has settled. (Code run
  // in the page is given as text: this project's TypeScript knows no DOM.)
  await page.waitForFunction('Array.from(document.images).every((img) => img.complete)');
  return { page, errors, requests };
}

const naturalWidths = (page: Page) =>
  page.evaluate<number[]>('Array.from(document.images, (img) => img.naturalWidth)');
const visible = (page: Page) => page.locator('article.card:visible').count();
const visibleIds = (page: Page) => page.locator('article.card:visible code').allInnerTexts();

describe('the gallery in Chromium', () => {
  it("the CLI's page: every image loads, the filters work, no network, no console error", async () => {
    await runOn(t.ws, t.emu, {}, {}, CONFIG);
    const { manifest, lockfilePath } = await openManifest({ workspace: t.ws.dir, config: CONFIG });
    await galleryCommand({ manifest, lockfilePath, cwd: t.ws.dir });
    const { page, errors, requests } = await open(path.join(t.ws.dir, 'site/gallery.html'));

    const widths = await naturalWidths(page);
    expect(widths).toHaveLength(4);
    for (const w of widths) expect(w).toBeGreaterThan(0);
    expect(await visible(page)).toBe(4);
    await expect(page.locator('#count').textContent()).resolves.toBe('4 of 4 entries');

    await page.getByRole('button', { name: 'failed (1)' }).click();
    expect(await visibleIds(page)).toEqual(['broken']);
    // The alt text is shown as text, not markup.
    await expect(page.locator('article.card:visible .alt').textContent()).resolves.toBe('<b>not bold</b>');
    await page.getByRole('button', { name: 'up to date (3)' }).click();
    expect(await visible(page)).toBe(3);
    await page.getByRole('button', { name: 'gpt-image-1.5 (1)' }).click();
    expect(await visibleIds(page)).toEqual(['banner']);
    await expect(page.locator('#count').textContent()).resolves.toBe('1 of 4 entries');
    await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'all (4)' }).click();
    await page.getByRole('group', { name: 'Model' }).getByRole('button', { name: 'gpt-image-2 (3)' }).click();
    expect(await visibleIds(page)).toEqual(['hero', 'team', 'broken']);
    await expect(
      page.getByRole('button', { name: 'gpt-image-2 (3)' }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');

    expect(requests.every((u) => u.startsWith('file://'))).toBe(true);
    expect(errors).toEqual([]);
  });

  it("the artifact's page: the run's images, staged beside it, all load", async () => {
    await runOn(t.ws, t.emu, {}, {}, CONFIG);
    await t.ws.write(CONFIG, MANIFEST.replace('at a desk', 'at a round table'));
    const { report } = await runOn(t.ws, t.emu, {}, {}, CONFIG);
    const stage = await mkdtemp(path.join(os.tmpdir(), 'pixazo-artifact-'));
    try {
      for (const f of report.filesWritten) await cp(path.join(t.ws.dir, f), path.join(stage, f));
      const page = await stageGallery(stage, report, t.ws.dir, path.join(t.ws.dir, 'site/images.lock.json'));
      const opened = await open(page);
      expect(await visibleIds(opened.page)).toEqual(['team', 'broken']);
      const widths = await naturalWidths(opened.page);
      expect(widths).toHaveLength(2);
      for (const w of widths) expect(w).toBeGreaterThan(0);
      expect(opened.errors).toEqual([]);
    } finally {
      await rm(stage, { recursive: true, force: true });
    }
  });
});
