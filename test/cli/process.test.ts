/**
 * The built CLI (dist/cli/index.js, from `npm run build`) as a person runs it: through pipes, on a
 * pseudo-terminal (util-linux `script`), and on every Node it meets: the one running the tests,
 * others listed in PIXAZO_TEST_NODES (colon separated) or found on PATH. A supported Node runs the
 * commands; an older one gets one line saying what it needs, exit 2.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MIN_NODE } from '../../src/cli/node-version.js';
import { DEFAULT_API_KEY, type Emulator, startEmulator } from '../emulator/index.js';
import { CLI_SITE, lowQualityManifest } from '../helpers/manifests.js';
import { type Ran, spawnCollect } from '../helpers/spawn.js';
import { type TempWorkspace, tempWorkspace } from '../helpers/workspace.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ENTRY = path.join(ROOT, 'dist/cli/index.js');
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape codes is the point.
const ESC = /\u001b\[/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: a color or style (SGR), not a cursor movement.
const SGR = /\u001b\[[0-9;]*m/;

const MANIFEST = CLI_SITE;

/** Only what the CLI reads: no color or terminal variables leak in from the test runner. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
}

const exec = spawnCollect;

function piped(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; node?: string }): Promise<Ran> {
  return exec(opts.node ?? process.execPath, [ENTRY, ...args], { cwd: opts.cwd, env: cleanEnv(opts.env) });
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
const hasScript = spawnSync('script', ['--version']).status === 0;

/** On a pseudo-terminal `cols` wide: stdout and stderr both reach it (one stream, CRLF line ends). */
async function onTerminal(
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; cols: number },
): Promise<Ran> {
  const command = `stty cols ${opts.cols} rows 40; exec ${[process.execPath, ENTRY, ...args].map(quote).join(' ')}`;
  const r = await exec('script', ['-q', '-e', '-c', command, '/dev/null'], {
    cwd: opts.cwd,
    env: cleanEnv({ TERM: 'xterm-256color', ...opts.env }),
  });
  return { ...r, stdout: r.stdout.replaceAll('\r\n', '\n') };
}

/** Node binaries to try besides this one, with their versions. */
function otherNodes(): { bin: string; version: string }[] {
  const listed = (process.env.PIXAZO_TEST_NODES ?? '').split(':').filter(Boolean);
  const onPath = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((d) => path.join(d, 'node'))
    .filter((f) => existsSync(f));
  const seen = new Map<string, string>();
  for (const bin of [...listed, ...onPath]) {
    try {
      const version = execFileSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
      if (version !== process.versions.node && ![...seen.values()].includes(version)) seen.set(bin, version);
    } catch {
      // Not a runnable Node: ignore.
    }
  }
  return [...seen].map(([bin, version]) => ({ bin, version }));
}

const supported = (v: string): boolean => {
  const [major = 0, minor = 0] = v.split('.').map(Number);
  return major > MIN_NODE.major || (major === MIN_NODE.major && minor >= MIN_NODE.minor);
};

let ws: TempWorkspace;
let emu: Emulator;
beforeAll(async () => {
  if (!existsSync(ENTRY)) throw new Error('dist/cli/index.js is missing: run `npm run build` first');
  ws = await tempWorkspace({
    'images.config.yaml': MANIFEST,
    'bad.yaml': 'version: 1\nimages:\n  a:\n    promt: x\n',
  });
  emu = await startEmulator({ latency: 20, imageScale: 0.1 });
});
afterAll(async () => {
  await ws.cleanup();
  await emu.close();
});

describe('piped', () => {
  test('plan: the table once on stdout, nothing on stderr, no escape codes', async () => {
    const r = await piped(['plan'], { cwd: ws.dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^id\s+action\s+reason\s+model\s+quality\s+images\s+est\. cost\n/);
    expect(r.stdout).toMatch(/^total\s+3\s+\$0\.106$/m);
    expect(r.stdout).not.toMatch(ESC);
  });

  test('typos and bad manifests: exit 2, a located or suggested message, no stack, no escapes', async () => {
    const typo = await piped(['plna'], { cwd: ws.dir });
    expect(typo).toEqual({
      status: 2,
      stdout: '',
      stderr: "error: unknown command 'plna'; did you mean 'plan'?\nRun 'pixazo-images --help' for usage.\n",
    });
    const bad = await piped(['validate', '-c', 'bad.yaml'], { cwd: ws.dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^bad\.yaml:4:5: error: .*promt/m);
    expect(bad.stderr).not.toMatch(ESC);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  test('FORCE_COLOR=1 colors a pipe; NO_COLOR alone changes nothing there', async () => {
    expect((await piped(['plan'], { cwd: ws.dir, env: { FORCE_COLOR: '1' } })).stdout).toMatch(SGR);
    expect((await piped(['plan'], { cwd: ws.dir, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ESC);
  });

  test('generate: plain progress lines (no plan lines, no escapes), then the table; the key never shows', async () => {
    const site = await tempWorkspace({ 'images.config.yaml': MANIFEST });
    try {
      const r = await piped(['generate', '--gateway-url', emu.url], {
        cwd: site.dir,
        env: { PIXAZO_API_KEY: DEFAULT_API_KEY },
      });
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/^ +\+\d+\.\ds {2}hero: submitted — /m);
      expect(r.stderr).toMatch(/^ +\+\d+\.\ds {2}team: written — img\/team-1\.webp, img\/team-2\.webp$/m);
      expect(r.stderr).not.toMatch(/planned/);
      expect(r.stdout).toMatch(/^total\s+3\s+\$0\.106$/m);
      for (const text of [r.stdout, r.stderr]) {
        expect(text).not.toMatch(ESC);
        expect(text).not.toContain(DEFAULT_API_KEY);
      }
    } finally {
      await site.cleanup();
    }
  });
});

describe('piped, against a gateway that reflects the key', () => {
  const REFLECTING = lowQualityManifest(`  echoed:
    prompt: "[[ECHO]] media URLs carry the key"
  failing:
    prompt: "[[FAIL]] the gateway fails it quoting the key"
`);
  const HOOK = 'https://hooks.example.com/services/T0CLI/B0CLI/cliHookSecret123';
  const b64 = (text: string) => Buffer.from(text).toString('base64');

  test('generate --json --report: the key and the webhook secret are in no stream and no file', async () => {
    const site = await tempWorkspace({ 'images.config.yaml': REFLECTING });
    const saved = { mediaUrl: emu.options.mediaUrl, failMessage: emu.options.failMessage };
    try {
      const key = DEFAULT_API_KEY;
      emu.options.mediaUrl = (url, job) =>
        job.prompt.includes('[[ECHO]]')
          ? `${emu.url}/media/v1/${key}/0.png?sig=${encodeURIComponent(key)}`
          : url;
      emu.options.failMessage = `refused for ${key} (${b64(`:${key}`)}); hook ${HOOK}`;
      const r = await piped(
        ['generate', '--json', '--report', 'report.json', '--gateway-url', emu.url, '--webhook-url', HOOK],
        {
          cwd: site.dir,
          env: { PIXAZO_API_KEY: key },
        },
      );
      expect(r.status).toBe(1);
      // The texts reached the user, redacted.
      expect(r.stdout).toContain('refused for ***');
      expect(r.stdout).toMatch(/\/media\/v1\/\*\*\*\/0\.png/);
      const files = [
        r.stdout,
        r.stderr,
        String(await site.read('report.json')),
        String(await site.read('images.lock.json')),
      ];
      for (const text of files)
        for (const secret of [key, encodeURIComponent(key), b64(key), 'cliHookSecret123'])
          expect(text).not.toContain(secret);
    } finally {
      Object.assign(emu.options, saved);
      await site.cleanup();
    }
  });
});

describe.skipIf(!hasScript)('on a terminal', () => {
  test('plan: a colored table that fits the terminal', async () => {
    for (const cols of [100, 60]) {
      const r = await onTerminal(['plan'], { cwd: ws.dir, cols });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(SGR);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing escape codes to measure text.
      const lines = r.stdout.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').split('\n');
      const table = lines.slice(0, lines.findIndex((l) => l.startsWith('total')) + 1);
      expect(table.length).toBeGreaterThan(3);
      for (const line of table) expect(line.length, line).toBeLessThanOrEqual(cols);
    }
  });

  test('NO_COLOR on a terminal: no colors', async () => {
    const r = await onTerminal(['plan'], { cwd: ws.dir, cols: 100, env: { NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^total\s+3\s+\$0\.106$/m);
    expect(r.stdout).not.toMatch(SGR);
  });

  test('generate: the live block of requests in flight, then the table', async () => {
    const site = await tempWorkspace({ 'images.config.yaml': MANIFEST });
    try {
      const r = await onTerminal(['generate', '--gateway-url', emu.url], {
        cwd: site.dir,
        cols: 100,
        env: { PIXAZO_API_KEY: DEFAULT_API_KEY },
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/\d in flight, \d done of 2 to generate/);
      // log-update redraws the block in place: erase-line and cursor-up sequences.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape codes is the point.
      expect(r.stdout).toMatch(/\u001b\[2K/);
      expect(r.stdout).toMatch(/total\s+3\s+\$0\.106/);
      expect(r.stdout).not.toContain(DEFAULT_API_KEY);
    } finally {
      await site.cleanup();
    }
  });
});

describe('Node versions', () => {
  const nodes = otherNodes();
  const old = nodes.filter((n) => !supported(n.version));
  const others = nodes.filter((n) => supported(n.version));

  test(`this Node (${process.versions.node}) is one the CLI supports`, () => {
    expect(supported(process.versions.node)).toBe(true);
  });

  test.skipIf(old.length === 0).each(old)(
    'Node $version: one line saying what it needs, exit 2',
    async ({ bin, version }) => {
      for (const args of [['--version'], ['plan'], ['--help']]) {
        const r = await piped(args, { cwd: ws.dir, node: bin });
        expect(r.status).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe(
          `pixazo-images needs Node.js ${MIN_NODE.major}.${MIN_NODE.minor} or later, and this is Node.js ${version}: install Node.js 24 (or 22) LTS from https://nodejs.org or with your version manager (\`nvm install 24\`).\n`,
        );
      }
      // npm test and npm start on such a Node: one line too, before anything fails obscurely.
      const check = await exec(bin, [path.join(ROOT, 'scripts/check-node.mjs')], {
        cwd: ROOT,
        env: cleanEnv({ npm_lifecycle_event: 'pretest' }),
      });
      expect(check.status).toBe(1);
      expect(check.stderr).toMatch(
        new RegExp(`^npm test needs Node 24, but this is Node ${version} \\(.*\\): run \`npm rebuild node\``),
      );
      expect(check.stderr.trimEnd().split('\n')).toHaveLength(1);
    },
  );

  test.skipIf(others.length === 0).each(others)('Node $version runs the commands', async ({ bin }) => {
    const plan = await piped(['plan'], { cwd: ws.dir, node: bin });
    expect(plan).toMatchObject({ status: 0, stderr: '' });
    expect(plan.stdout).toMatch(/^total\s+3\s+\$0\.106$/m);
    expect((await piped(['validate', '-c', 'bad.yaml'], { cwd: ws.dir, node: bin })).status).toBe(2);
  });
});
