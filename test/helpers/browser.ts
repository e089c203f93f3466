/**
 * The one place that finds a Chromium for the gallery's browser test and for scripts/screenshots.ts,
 * in this order: `$CHROMIUM`; an installed Google Chrome or Chromium (GitHub's hosted runners ship
 * Chrome on Linux, Windows and macOS); then the Chromium that the `@sparticuz/chromium` dev
 * dependency ships inside its npm tarball (Linux x64/arm64), so `npm ci && npm test` needs no
 * browser installed by hand. A candidate is chosen only after it was launched and closed here: a
 * binary that exists but cannot start on this machine (missing libraries) is passed over.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** A Chromium that started on this machine, with the flags it needs. */
export interface FoundChromium {
  executablePath: string;
  /** Flags this build needs on top of the caller's own (the npm-shipped build's serverless flags). */
  args: string[];
  /** Where it came from, for a log line: `$CHROMIUM`, `installed`, `@sparticuz/chromium`. */
  source: string;
}

/** What to search; tests pass their own to check the order and the message. */
export interface FindOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Installed browsers to try; default: {@link installedCandidates}. */
  installed?: string[];
  /** Whether to fall back to `@sparticuz/chromium`; default true. */
  bundled?: boolean;
}

const HOW_TO_GET =
  'set CHROMIUM to a Chrome or Chromium binary, install Google Chrome, or run `npm ci` on Linux x64/arm64 (the @sparticuz/chromium dev dependency ships one)';

/** The one line shown when no browser can be found. */
export const NO_CHROMIUM = `no Chromium found: ${HOW_TO_GET}`;

/** Paths where Google Chrome or Chromium is installed on `platform`, most likely first. */
export function installedCandidates(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  if (platform === 'win32') {
    const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter(
      (r): r is string => !!r,
    );
    return [
      ...roots.map((r) => path.win32.join(r, 'Google', 'Chrome', 'Application', 'chrome.exe')),
      ...roots.map((r) => path.win32.join(r, 'Chromium', 'Application', 'chrome.exe')),
    ];
  }
  if (platform === 'darwin') {
    const apps = ['/Applications', path.join(env['HOME'] ?? os.homedir(), 'Applications')];
    return apps.flatMap((a) => [
      path.join(a, 'Google Chrome.app/Contents/MacOS/Google Chrome'),
      path.join(a, 'Chromium.app/Contents/MacOS/Chromium'),
    ]);
  }
  // Linux and the other Unixes: by name on PATH (as `which` would), then the packages' own paths.
  const names = ['google-chrome', 'google-chrome-stable', 'chromium', 'chromium-browser'];
  const dirs = (env['PATH'] ?? '').split(path.delimiter).filter(Boolean);
  return [
    ...names.flatMap((n) => dirs.map((d) => path.join(d, n))),
    '/opt/google/chrome/chrome',
    '/usr/lib/chromium/chromium',
    '/snap/bin/chromium',
  ];
}

/** Launches and closes `executablePath`; the first line of the error when it does not start. */
async function startError(executablePath: string, args: string[]): Promise<string | undefined> {
  try {
    const browser = await chromium.launch({ executablePath, args, headless: true, timeout: 30_000 });
    await browser.close();
    return undefined;
  } catch (err) {
    return (err instanceof Error ? err.message : String(err)).split('\n')[0];
  }
}

/**
 * Unpacks `@sparticuz/chromium` into a folder of its own under the OS temp folder, once per
 * version: the package unpacks into `$TMPDIR` and trusts whatever it finds there, so it is pointed
 * at a fresh staging folder that is renamed into place only when complete (an interrupted unpack, or
 * another process unpacking at the same time, never leaves a half-written browser to be used).
 */
async function unpackSparticuz(): Promise<FoundChromium | undefined> {
  let version: string;
  try {
    // The package exports no ./package.json: read it beside its entry (build/index.js).
    const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
    version = (
      JSON.parse(await readFile(path.join(path.dirname(entry), '../package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return undefined; // not installed (npm ci --omit=dev)
  }
  const { default: Sparticuz } = await import('@sparticuz/chromium');
  const home = path.join(os.tmpdir(), `pixazo-sparticuz-chromium-${version}`);
  const binary = path.join(home, 'chromium');
  if (!existsSync(binary)) {
    const staging = await mkdtemp(`${home}.partial-`);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = staging;
    try {
      await Sparticuz.executablePath();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    try {
      await rename(staging, home);
    } catch {
      // Another process finished first: use its copy.
      await rm(staging, { recursive: true, force: true });
    }
  }
  // Playwright adds its own headless flag; the package's `--headless='shell'` would contradict it.
  const args = Sparticuz.args.filter((a) => !a.startsWith('--headless'));
  return { executablePath: binary, args, source: `@sparticuz/chromium ${version}` };
}

/**
 * The first Chromium, in the order above, that starts on this machine. Throws one line: when
 * `$CHROMIUM` is set but does not start (it was asked for by name), or when none is found.
 */
export async function findChromium(options: FindOptions = {}): Promise<FoundChromium> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const wanted = env['CHROMIUM'];
  if (wanted) {
    const error = existsSync(wanted) ? await startError(wanted, []) : 'no such file';
    if (error) throw new Error(`CHROMIUM=${wanted} does not start (${error}); ${HOW_TO_GET}`);
    return { executablePath: wanted, args: [], source: '$CHROMIUM' };
  }
  const seen = new Set<string>();
  for (const candidate of options.installed ?? installedCandidates(env, platform)) {
    if (seen.has(candidate) || !existsSync(candidate)) continue;
    seen.add(candidate);
    if (!(await startError(candidate, [])))
      return { executablePath: candidate, args: [], source: 'installed' };
  }
  if (options.bundled !== false && platform === 'linux' && ['x64', 'arm64'].includes(process.arch)) {
    const shipped = await unpackSparticuz();
    if (shipped && !(await startError(shipped.executablePath, shipped.args))) return shipped;
  }
  throw new Error(NO_CHROMIUM);
}
