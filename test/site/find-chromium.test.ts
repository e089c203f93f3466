/**
 * test/helpers/browser.ts: where a Chromium is looked for on each OS, that `$CHROMIUM` is taken at
 * its word (and named when it does not start), that a browser that cannot start is passed over, and
 * that finding none is one line saying how to get one. (That the chosen browser really runs the
 * gallery is test/site/browser.test.ts.)
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { findChromium, installedCandidates, NO_CHROMIUM } from '../helpers/browser.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pixazo-find-chromium-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('installed browsers looked for', () => {
  test.each([
    [
      'win32',
      { PROGRAMFILES: 'C:\\Program Files', LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' },
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    ],
    ['darwin', { HOME: '/Users/me' }, '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
    ['linux', { PATH: '/usr/local/bin:/usr/bin' }, '/usr/local/bin/google-chrome'],
  ] as const)('%s: Google Chrome first', (platform, env, first) => {
    const found = installedCandidates(env, platform);
    expect(found[0]).toBe(first);
    expect(found.length).toBeGreaterThan(1);
  });

  test('Linux: every name in every PATH folder, then the packages’ own paths', () => {
    const found = installedCandidates({ PATH: '/a:/b' }, 'linux');
    expect(found).toEqual(
      expect.arrayContaining(['/a/chromium', '/b/chromium-browser', '/opt/google/chrome/chrome']),
    );
  });
});

describe('findChromium', () => {
  test('none found: one line saying how to get one', async () => {
    const err = await findChromium({ env: {}, installed: [], bundled: false }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(NO_CHROMIUM);
    expect(NO_CHROMIUM).not.toContain('\n');
    expect(NO_CHROMIUM).toMatch(/CHROMIUM.*Google Chrome.*npm ci/);
  });

  test('$CHROMIUM that does not exist is named, not silently replaced by another browser', async () => {
    const missing = path.join(dir, 'no-such-chrome');
    const err = await findChromium({ env: { CHROMIUM: missing } }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(
      new RegExp(
        `^CHROMIUM=${missing.replaceAll('\\', '\\\\')} does not start \\(no such file\\); set CHROMIUM`,
      ),
    );
    expect((err as Error).message).not.toContain('\n');
  });

  test.skipIf(process.platform === 'win32')(
    'an installed browser that cannot start is passed over',
    async () => {
      const broken = path.join(dir, 'chrome');
      writeFileSync(
        broken,
        '#!/bin/sh\necho "error while loading shared libraries: libnss3.so" >&2\nexit 127\n',
      );
      chmodSync(broken, 0o755);
      const err = await findChromium({ env: {}, installed: [broken], bundled: false }).catch((e: Error) => e);
      expect((err as Error).message).toBe(NO_CHROMIUM);
    },
  );
});
