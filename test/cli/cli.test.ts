/**
 * The CLI as a user meets it, in-process with captured streams: exit codes, messages, colors,
 * tables, JSON. What only a process shows (the built bundle, pipes, a pseudo-terminal, Node
 * versions, the npm package) is in process.test.ts and package.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, EXIT } from '../../src/cli/main.js';
import type { CliStream } from '../../src/cli/sink.js';
import type { RunReport } from '../../src/report/types.js';
import { DEFAULT_API_KEY, type Emulator, startEmulator } from '../emulator/index.js';
import { CLI_SITE } from '../helpers/manifests.js';
import { type TempWorkspace, tempWorkspace } from '../helpers/workspace.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape codes is the point.
const ESC = /\u001b\[/;

/** A stream that remembers what was written; `tty` makes it claim to be a terminal. */
class Capture extends Writable {
  text = '';
  isTTY: boolean;
  constructor(tty = false) {
    super();
    this.isTTY = tty;
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process in `cwd`, with no color-related variables unless given. */
async function run(
  cwd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; ttyOut?: boolean; ttyErr?: boolean } = {},
): Promise<Result> {
  const stdout = new Capture(opts.ttyOut);
  const stderr = new Capture(opts.ttyErr);
  const env = { PATH: process.env.PATH, ...opts.env };
  const code = await cli(args, env, { stdout: stdout as CliStream, stderr: stderr as CliStream, cwd });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const GOOD = CLI_SITE;

/** Three problems on known lines: an unknown key, a bad value, a missing {n}. */
const BAD = `version: 1
images:
  hero:
    prompt: A lighthouse
    qualty: high
  team:
    prompt: Developers
    output_format: gif
  pair:
    prompt: Two
    number_of_images: 2
`;

let ws: TempWorkspace;
beforeAll(async () => {
  ws = await tempWorkspace({ 'images.config.yaml': GOOD, 'bad.yaml': BAD, 'sub/.keep': '' });
});
afterAll(async () => {
  await ws.cleanup();
});

describe('help', () => {
  test.each(['validate', 'plan', 'generate', 'gallery', 'schema'])(
    '%s: --help, -h and help <command>: usage with examples, exit 0',
    async (command) => {
      for (const args of [
        [command, '--help'],
        ['help', command],
        [command, '-h'],
      ]) {
        const r = await run(ws.dir, args);
        expect(r.code).toBe(EXIT.ok);
        expect(r.stdout).toContain(`Usage: pixazo-images ${command}`);
        expect(r.stdout).toMatch(/Examples?:\n {2}.*pixazo-images/);
        expect(r.stderr).toBe('');
      }
    },
  );

  test('--help lists every command; no command prints it too but exits 2', async () => {
    const help = await run(ws.dir, ['--help']);
    expect(help.code).toBe(EXIT.ok);
    for (const c of ['validate', 'plan', 'generate', 'gallery', 'schema'])
      expect(help.stdout).toMatch(new RegExp(`^ {2}${c} `, 'm'));
    expect(help.stdout).toContain('Exit codes: 0 success, 1');
    const none = await run(ws.dir, []);
    expect(none.code).toBe(EXIT.invalid);
    expect(none.stdout).toBe(help.stdout);
  });

  test.each([
    ['validate', []],
    ['plan', ['PIXAZO_API_KEY', 'PIXAZO_GATEWAY_URL']],
    ['gallery', ['PIXAZO_API_KEY', 'PIXAZO_GATEWAY_URL']],
    ['schema', ['PIXAZO_API_KEY', 'PIXAZO_GATEWAY_URL', 'NO_COLOR']],
  ])('%s --help lists no environment variable it does not read (%j)', async (command, unused) => {
    const r = await run(ws.dir, [command, '--help']);
    expect(r.code).toBe(EXIT.ok);
    for (const name of unused) expect(r.stdout).not.toContain(name);
    expect(r.stdout).toContain('the git repository that holds the manifest');
  });

  test('generate --help lists the key and the gateway variables', async () => {
    const r = await run(ws.dir, ['generate', '--help']);
    for (const name of ['PIXAZO_API_KEY', 'PIXAZO_GATEWAY_URL', 'NO_COLOR']) expect(r.stdout).toContain(name);
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await run(ws.dir, ['--version']);
    expect(r).toEqual({ code: EXIT.ok, stdout: `${pkg.version}\n`, stderr: '' });
  });

  test.each([
    [['plna'], "unknown command 'plna'; did you mean 'plan'?", ''],
    [['frobnicate'], "unknown command 'frobnicate'", ''],
    [['generate', '--dryrun'], "unknown option '--dryrun'; did you mean '--dry-run'?", 'generate '],
    [['plan', '--onyl', 'hero'], "unknown option '--onyl'; did you mean '--only'?", 'plan '],
    [['plan', '--frobnicate'], "unknown option '--frobnicate'", 'plan '],
    [['plan', '--dry-run'], "'plan' does not take --dry-run (generate does)", 'plan '],
    [
      ['validate', '--max-cost', '1'],
      "'validate' does not take --max-cost (plan and generate do)",
      'validate ',
    ],
    [['--prune'], '--prune needs a command: pixazo-images generate --prune', ''],
    [['plan', '--config'], "option '--config' needs a value (--config FILE)", 'plan '],
    [['plan', '--json=yes'], "option '--json' takes no value (got '--json=yes')", 'plan '],
    [['plan', 'extra'], "unexpected argument 'extra'", 'plan '],
  ])('bad arguments %j: exit 2, one sentence and where the usage is', async (args, message, command) => {
    const r = await run(ws.dir, args);
    expect(r).toEqual({
      code: EXIT.invalid,
      stdout: '',
      stderr: `error: ${message}\nRun 'pixazo-images ${command}--help' for usage.\n`,
    });
  });

  test.each([
    [
      ['generate', '--concurrency', '0', '--dry-run'],
      '--concurrency must be `auto` or a whole number from 1 to 64, got "0"',
    ],
    [['plan', '--max-cost', 'lots'], '--max-cost must be a number of USD, got "lots"'],
    [['plan', '--shard', '5/4'], '--shard must be i/n with i between 1 and n, got "5/4"'],
    [['plan', '--shard', 'half'], '--shard must look like i/n (for example 1/4), got "half"'],
    [
      ['generate', '--dry-run', '--poll-timeout', 'soon'],
      '--poll-timeout must be a duration like 15m: a positive number and a unit',
    ],
    [['generate', '--dry-run', '--max-image-bytes', 'big'], '--max-image-bytes must be a size like 50MiB'],
    [
      ['generate', '--dry-run', '--webhook-url', 'ftp://hooks.example'],
      '--webhook-url must be an http(s) URL',
    ],
    [['generate', '--gateway-url', 'ftp://x', '--dry-run'], '--gateway-url must be an http(s) URL'],
  ])('bad values %j: exit 2 and the reason, before the manifest is read', async (args, message) => {
    // A manifest that does not exist: a flag problem is reported first.
    const r = await run(ws.dir, [...args, '--config', 'missing.yaml']);
    expect(r.code).toBe(EXIT.invalid);
    expect(r.stderr).toContain(`error: ${message}`);
    expect(r.stderr).not.toContain('missing.yaml');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('every bad value is named at once, and a webhook URL (often a secret) is never repeated', async () => {
    const hook = 'https://hooks.example/T0KEN\nsecret';
    const r = await run(ws.dir, ['generate', '--dry-run', '--shard', '0/2', '--webhook-url', hook]);
    expect(r.code).toBe(EXIT.invalid);
    expect(r.stderr).toContain(
      '--shard must be i/n with i between 1 and n, got "0/2"\n--webhook-url has a control character',
    );
    expect(r.stderr).not.toContain('T0KEN');
  });

  test('an unusable gateway URL from the environment names the environment variable, the flag names itself', async () => {
    const env = { PIXAZO_GATEWAY_URL: 'ftp://proxy.example' };
    const fromEnv = await run(ws.dir, ['generate', '--dry-run'], { env });
    expect(fromEnv.code).toBe(EXIT.invalid);
    expect(fromEnv.stderr).toContain(
      'error: PIXAZO_GATEWAY_URL must be an http(s) URL, got "ftp://proxy.example"',
    );
    const fromFlag = await run(ws.dir, ['generate', '--dry-run', '--gateway-url', 'ftp://x'], { env });
    expect(fromFlag.stderr).toContain('error: --gateway-url must be an http(s) URL, got "ftp://x"');
  });
});

describe('each command takes its own options', () => {
  const lists = (help: string): string[] =>
    [...help.matchAll(/^ {2}(?:-\w, )? *--([\w-]+)/gm)].map((m) => m[1]!);
  test.each([
    ['validate', ['config', 'input-url-template', 'json', 'help']],
    [
      'plan',
      [
        'config',
        'max-cost',
        'force',
        'only',
        'shard',
        'retry-unknown-submits',
        'input-url-template',
        'json',
        'report',
        'wide',
        'candidates',
        'help',
      ],
    ],
    [
      'generate',
      [
        'config',
        'max-cost',
        'force',
        'only',
        'shard',
        'retry-unknown-submits',
        'prune',
        'dry-run',
        'gateway-url',
        'concurrency',
        'poll-timeout',
        'max-image-bytes',
        'webhook-url',
        'input-url-template',
        'json',
        'report',
        'wide',
        'candidates',
        'help',
      ],
    ],
    ['pick', ['config', 'json', 'report', 'wide', 'help']],
    ['schema', ['help']],
  ])('%s --help lists exactly its options', async (command, options) => {
    const r = await run(ws.dir, [command, '--help']);
    expect(lists(r.stdout)).toEqual(options);
  });

  test('help fits 80 columns', async () => {
    for (const args of [
      ['--help'],
      ...['validate', 'plan', 'generate', 'pick', 'schema'].map((c) => [c, '--help']),
    ]) {
      const r = await run(ws.dir, args);
      for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    }
  });
});

describe('validate', () => {
  test('a valid manifest: exit 0, a one-line verdict; --json parses', async () => {
    const r = await run(ws.dir, ['validate']);
    expect(r).toEqual({ code: EXIT.ok, stdout: 'images.config.yaml: 2 entries, valid\n', stderr: '' });
    const j = await run(ws.dir, ['validate', '--json']);
    expect(j.code).toBe(EXIT.ok);
    expect(JSON.parse(j.stdout)).toEqual({
      valid: true,
      manifest: 'images.config.yaml',
      entries: 2,
      errors: [],
      warnings: [],
    });
  });

  test('a bad manifest: exit 2, every problem as file:line:col: message, nothing else on stdout', async () => {
    const r = await run(ws.dir, ['validate', '--config', 'bad.yaml']);
    expect(r.code).toBe(EXIT.invalid);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    const located = lines.filter((l) => /^bad\.yaml:\d+:\d+: error: /.test(l));
    expect(located.length).toBeGreaterThanOrEqual(3);
    expect(r.stderr).toMatch(/^bad\.yaml:5:5: error: .*qualty.*did you mean `quality`/m);
    expect(r.stderr).toMatch(/^bad\.yaml:8:20: error: .*gif/m);
    expect(r.stderr).toMatch(/^bad\.yaml:\d+:\d+: error: .*\{n\}/m);
    expect(lines.at(-1)).toMatch(/^\d+ problems in the manifest; nothing was sent to the gateway\.$/);
  });

  test('a bad manifest with --json: {valid: false, errors: [{file, line, col, message}]} on stdout', async () => {
    const r = await run(ws.dir, ['validate', '--config', 'bad.yaml', '--json']);
    expect(r.code).toBe(EXIT.invalid);
    const j = JSON.parse(r.stdout) as {
      valid: boolean;
      errors: { file: string; line: number; col: number }[];
    };
    expect(j.valid).toBe(false);
    expect(j.errors.length).toBeGreaterThanOrEqual(3);
    expect(j.errors[0]).toMatchObject({ file: 'bad.yaml', line: 5, col: 5, severity: 'error' });
  });

  test('a YAML syntax error is located too', async () => {
    await ws.write('syntax.yaml', 'version: 1\nimages:\n  hero: { prompt: "unclosed\n');
    const r = await run(ws.dir, ['validate', '-c', 'syntax.yaml']);
    expect(r.code).toBe(EXIT.invalid);
    expect(r.stderr).toMatch(/^syntax\.yaml:\d+:\d+: error: YAML syntax error/m);
  });

  test('a missing manifest: exit 2, naming the file', async () => {
    const r = await run(ws.dir, ['validate', '-c', 'nope.yaml']);
    expect(r.code).toBe(EXIT.invalid);
    expect(r.stderr).toMatch(
      /^nope\.yaml: error: no such file; create the manifest, or point `--config` at it$/m,
    );
    expect(r.stderr).not.toMatch(/:1:1|`config` input/);
  });

  test('--config is relative to the current directory, paths in messages too; the workspace is the git root', async () => {
    const repo = await tempWorkspace({
      'site/images.config.yaml': 'version: 1\nimages:\n  a:\n    prompt: x\n    out: ../shared/a.webp\n',
      'site/bad.yaml': 'version: 1\nimages:\n  a:\n    promt: x\n',
    });
    try {
      const site = path.join(repo.dir, 'site');
      // Not a git repository: the workspace is the current directory, so ../shared escapes it.
      const outside = await run(site, ['validate']);
      expect(outside.code).toBe(EXIT.invalid);
      expect(outside.stderr).toMatch(/^images\.config\.yaml:5:10: error: .*outside the workspace/m);
      repo.git('init', '-q');
      const inside = await run(site, ['validate']);
      expect(inside.stderr).toBe('');
      expect(inside).toMatchObject({ code: EXIT.ok, stdout: 'images.config.yaml: 1 entry, valid\n' });
      // From the repository root the same files are named by their path from there.
      const fromRoot = await run(repo.dir, ['validate', '-c', 'site/bad.yaml']);
      expect(fromRoot.stderr).toMatch(/^site\/bad\.yaml:4:5: error: /m);
    } finally {
      await repo.cleanup();
    }
  });
});

test.each([
  ['from another git repository', true],
  ['from a folder outside any repository', false],
])('the workspace is the repository holding the manifest, run %s', async (_name, otherIsGit) => {
  const root = await tempWorkspace({
    'site/images.config.yaml': 'version: 1\nimages:\n  a:\n    prompt: x\n    out: ../shared/a.webp\n',
    'site/sub/images.config.yaml':
      'version: 1\nimages:\n  a:\n    prompt: x\n    out: ../../../escape/a.webp\n',
    'tool/readme.txt': 'another project\n',
  });
  try {
    const site = path.join(root.dir, 'site');
    const tool = path.join(root.dir, 'tool');
    if (otherIsGit) execFileSync('git', ['init', '-q'], { cwd: tool });
    // Not a repository: the workspace is the manifest's folder, so ../shared escapes it.
    const folder = await run(tool, ['validate', '-c', '../site/images.config.yaml']);
    expect(folder.code).toBe(EXIT.invalid);
    expect(folder.stderr).toMatch(/outside the workspace/);
    expect(folder.stderr).not.toMatch(/^error: config/m);
    execFileSync('git', ['init', '-q'], { cwd: root.dir });
    // The repository holding the manifest is the workspace, wherever the command runs.
    const inRepo = await run(tool, ['validate', '-c', '../site/images.config.yaml']);
    expect(inRepo.stderr).toBe('');
    expect(inRepo).toMatchObject({ code: EXIT.ok, stdout: '../site/images.config.yaml: 1 entry, valid\n' });
    const leaving = await run(tool, ['validate', '-c', path.join(site, 'sub/images.config.yaml')]);
    expect(leaving.code).toBe(EXIT.invalid);
    expect(leaving.stderr).toMatch(
      /^\.\.\/site\/sub\/images\.config\.yaml:5:10: error: .*outside the workspace/m,
    );
  } finally {
    await root.cleanup();
  }
});

describe('colors', () => {
  test('none when the streams are not terminals', async () => {
    const bad = await run(ws.dir, ['validate', '-c', 'bad.yaml']);
    const plan = await run(ws.dir, ['plan']);
    for (const text of [bad.stderr, plan.stdout, plan.stderr]) expect(text).not.toMatch(ESC);
  });

  test('on a terminal, per stream; never with NO_COLOR (any value), TERM=dumb or FORCE_COLOR=0', async () => {
    const colored = await run(ws.dir, ['validate', '-c', 'bad.yaml'], { ttyErr: true });
    expect(colored.stderr).toMatch(ESC);
    const table = await run(ws.dir, ['plan'], { ttyOut: true });
    expect(table.stdout).toMatch(ESC);
    expect(table.stderr).not.toMatch(ESC); // stderr is not a terminal here
    for (const env of [{ NO_COLOR: '1' }, { NO_COLOR: '' }, { TERM: 'dumb' }, { FORCE_COLOR: '0' }]) {
      const bad = await run(ws.dir, ['validate', '-c', 'bad.yaml'], { env, ttyErr: true });
      const plan = await run(ws.dir, ['plan'], { env, ttyOut: true });
      for (const text of [bad.stderr, plan.stdout]) expect(text).not.toMatch(ESC);
    }
  });

  test('FORCE_COLOR colors a pipe too (and wins over NO_COLOR)', async () => {
    for (const env of [{ FORCE_COLOR: '1' }, { FORCE_COLOR: '' }, { FORCE_COLOR: '3', NO_COLOR: '1' }]) {
      const bad = await run(ws.dir, ['validate', '-c', 'bad.yaml'], { env });
      const plan = await run(ws.dir, ['plan'], { env });
      for (const text of [bad.stderr, plan.stdout]) expect(text).toMatch(ESC);
    }
  });
});

describe('plan', () => {
  test('a table (id, action, reason, model, quality, images, est. cost) with a total; writes nothing', async () => {
    const r = await run(ws.dir, ['plan']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toBe(''); // the plan is the table, once: no per-entry lines before it
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^id\s+action\s+reason\s+model\s+quality\s+images\s+est\. cost$/);
    expect(lines[1]).toMatch(/^hero\s+generate\s+new\s+gpt-image-2\s+low\s+1\s+\$0\.012$/);
    expect(lines[2]).toMatch(/^team\s+generate\s+new\s+gpt-image-2\s+medium\s+2\s+\$0\.094$/);
    expect(r.stdout).toMatch(/^total\s+3\s+\$0\.106$/m);
    expect(r.stdout).toContain('\n2 entries: 2 generate\nEstimated cost: $0.106 for 3 images\n');
    expect(existsSync(path.join(ws.dir, 'images.lock.json'))).toBe(false);
    expect(existsSync(path.join(ws.dir, 'img'))).toBe(false);
  });

  test('unpriced images are counted apart, never as free', async () => {
    await ws.write(
      'unpriced.yaml',
      `${GOOD}  banner:\n    model: gpt-image-1.5\n    prompt: A banner\n    output_format: png\n`,
    );
    const r = await run(ws.dir, ['plan', '-c', 'unpriced.yaml']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^banner\s+generate\s+new\s+gpt-image-1\.5\s+\S+\s+1\s+unpriced$/m);
    expect(r.stdout).toMatch(/^total\s+4\s+\$0\.106$/m);
    expect(r.stdout).toContain(
      'Estimated cost: $0.106 for 3 priced images; 1 image unpriced (add a pricing: entry)\n',
    );
    const only = await run(ws.dir, ['plan', '-c', 'unpriced.yaml', '--only', 'banner']);
    expect(only.stdout).toContain('Estimated cost: unknown, 1 image unpriced (add a pricing: entry)\n');
  });

  test('--json is the run report; --report writes the same to a file', async () => {
    const r = await run(ws.dir, ['plan', '--json', '--report', 'sub/report.json', '--only', 'team']);
    expect(r.code).toBe(EXIT.ok);
    const report = JSON.parse(r.stdout) as RunReport;
    expect(report).toMatchObject({ dryRun: true, estimatedCost: 0.094, manifest: 'images.config.yaml' });
    expect(report.entries.map((e) => [e.id, e.action, e.status])).toEqual([['team', 'generate', 'planned']]);
    expect(JSON.parse(readFileSync(path.join(ws.dir, 'sub/report.json'), 'utf8'))).toEqual(report);
  });

  test('--shard plans a share of the entries; the shards together are the whole', async () => {
    const ids = async (shard: string) =>
      (JSON.parse((await run(ws.dir, ['plan', '--json', '--shard', shard])).stdout) as RunReport).entries.map(
        (e) => e.id,
      );
    const [one, two] = [await ids('1/2'), await ids('2/2')];
    expect([...one, ...two].sort()).toEqual(['hero', 'team']);
    expect(one.filter((id) => two.includes(id))).toEqual([]);
  });

  test('over --max-cost: exit 1, the refused plan is still shown, and the way out', async () => {
    const r = await run(ws.dir, ['plan', '--max-cost', '0.05']);
    expect(r.code).toBe(EXIT.failed);
    expect(r.stdout).toMatch(/^total\s+3\s+\$0\.106$/m);
    expect(r.stderr).toBe(
      'error: The plan would cost $0.106, over `--max-cost` $0.050: nothing was submitted. Raise it, or narrow the run with `--only` or `--shard`.\n',
    );
    const j = await run(ws.dir, ['plan', '--max-cost', '$0.05', '--json']);
    expect(j.code).toBe(EXIT.failed);
    expect(JSON.parse(j.stdout)).toMatchObject({
      estimatedCost: 0.106,
      error: expect.stringMatching(/max-cost/),
    });
    expect((await run(ws.dir, ['plan', '--max-cost', '0.106'])).code).toBe(EXIT.ok);
  });

  test('a bad manifest with --json: the issues as JSON, exit 2', async () => {
    const r = await run(ws.dir, ['plan', '-c', 'bad.yaml', '--json']);
    expect(r.code).toBe(EXIT.invalid);
    const j = JSON.parse(r.stdout) as { issues: { line: number }[] };
    expect(j.issues.length).toBeGreaterThanOrEqual(3);
  });

  test('the schema command prints the committed JSON Schema', async () => {
    const r = await run(ws.dir, ['schema']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe(readFileSync(path.join(ROOT, 'schema/images.config.schema.json'), 'utf8'));
  });
});

describe('generate against the emulator', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ latency: 20, imageScale: 0.1 });
  });
  afterAll(async () => {
    await emu.close();
  });

  test('needs PIXAZO_API_KEY: exit 2 with what to do', async () => {
    const r = await run(ws.dir, ['generate', '--gateway-url', emu.url]);
    expect(r.code).toBe(EXIT.invalid);
    expect(r.stderr).toContain('PIXAZO_API_KEY is not set');
    expect(emu.counters.submissions).toBe(0);
  });

  test('writes the images and the lockfile, reports the cost; a re-run makes no call; the key is never printed', async () => {
    const site = await tempWorkspace({ 'images.config.yaml': GOOD });
    try {
      const env = { PIXAZO_API_KEY: DEFAULT_API_KEY, PIXAZO_GATEWAY_URL: emu.url };
      const first = await run(site.dir, ['generate'], { env });
      expect(first.stderr).not.toContain('error');
      expect(first.code).toBe(EXIT.ok);
      expect(first.stdout).toMatch(/^id\s+action\s+reason\s+model\s+quality\s+images\s+cost$/m);
      expect(first.stdout).toMatch(/^hero\s+generated\s+new\s+gpt-image-2\s+low\s+1\s+\$0\.012$/m);
      expect(first.stdout).toMatch(/^total\s+3\s+\$0\.106$/m);
      expect(first.stdout).toContain(
        'Cost of this run: $0.106 for 3 images\nEstimate was $0.106; recorded spend of this manifest (all runs): $0.106\n',
      );
      expect(first.stderr).toMatch(/hero: written — img\/hero\.webp/); // plain progress lines
      expect(first.stderr).not.toMatch(/: planned/); // the table shows the plan
      for (const f of ['img/hero.webp', 'img/team-1.webp', 'img/team-2.webp', 'images.lock.json'])
        expect(existsSync(path.join(site.dir, f))).toBe(true);
      expect((await site.lock()).spent_usd).toBeCloseTo(0.106, 6);

      const calls = emu.counters.submissions + emu.counters.statusCalls;
      // A no-op: no image counts that add up to a total of 0.
      const noop = await run(site.dir, ['generate'], { env });
      expect(noop.stdout).toMatch(/^hero\s+unchanged\s+unchanged\s+gpt-image-2\s+low\s+—\s+—$/m);
      expect(noop.stdout).toMatch(/^total\s+0\s+\$0\.000$/m);
      expect(noop.stdout).toContain(
        '\n2 entries: 2 unchanged\nCost of this run: $0.000 (nothing generated)\n',
      );
      const again = await run(site.dir, ['generate', '--json'], { env });
      expect(again.code).toBe(EXIT.ok);
      const report = JSON.parse(again.stdout) as RunReport;
      expect(report.totals).toEqual({ generated: 0, reused: 0, unchanged: 2, failed: 0 });
      expect(emu.counters.submissions + emu.counters.statusCalls).toBe(calls);
      for (const text of [first.stdout, first.stderr, again.stdout, again.stderr])
        expect(text).not.toContain(DEFAULT_API_KEY);
    } finally {
      await site.cleanup();
    }
  });

  test('a refused entry: exit 1, the others are kept, the error is printed in full', async () => {
    const site = await tempWorkspace({
      'images.config.yaml': `${GOOD}  broken:\n    prompt: "[[FAIL]] this one is refused"\n`,
    });
    try {
      const env = { PIXAZO_API_KEY: DEFAULT_API_KEY };
      const r = await run(site.dir, ['generate', '--gateway-url', emu.url], { env });
      expect(r.code).toBe(EXIT.failed);
      expect(r.stdout).toMatch(/^broken\s+failed\s/m);
      expect(r.stdout).toMatch(/^Errors:\n {2}broken: FAILED: /m);
      expect(existsSync(path.join(site.dir, 'img/hero.webp'))).toBe(true);
      // Refused in an earlier run: the plan lists it and is still a plan (exit 0).
      const plan = await run(site.dir, ['plan']);
      expect(plan.code).toBe(EXIT.ok);
      expect(plan.stdout).toMatch(/^broken\s+skip\s+refused before: /m);
      expect(plan.stdout).toContain('\n3 entries: 2 unchanged, 1 skip\n');
      expect(plan.stdout).toMatch(/^Skipped:\n {2}broken: refused before: /m);
    } finally {
      await site.cleanup();
    }
  });

  test.each([
    ['a line break', `${DEFAULT_API_KEY}\nsecond-half`, /PIXAZO_API_KEY has a control character/],
    [
      'U+2028',
      `${DEFAULT_API_KEY}\u2028second-half`,
      /PIXAZO_API_KEY has a character outside printable ASCII \(U\+2028\)/,
    ],
    [
      'a non-Latin letter',
      `${DEFAULT_API_KEY}жsecond-half`,
      /PIXAZO_API_KEY has a character outside printable ASCII/,
    ],
  ])(
    'a key with %s: exit 2 naming PIXAZO_API_KEY, before any call, the key not printed',
    async (_n, key, why) => {
      emu.resetCounters();
      const r = await run(ws.dir, ['generate', '--gateway-url', emu.url], { env: { PIXAZO_API_KEY: key } });
      expect(r.code).toBe(EXIT.invalid);
      expect(r.stderr).toMatch(why);
      expect(r.stdout + r.stderr).not.toContain('second-half');
      expect(emu.counters.submissions).toBe(0);
    },
  );

  test.each([
    [
      'U+2028',
      'https://hooks.example/T0/\u2028secret-part',
      /--webhook-url has a character outside printable ASCII \(U\+2028\)/,
    ],
    [
      'a non-Latin letter in the path',
      'https://hooks.example/T0/жsecret-part',
      /--webhook-url has a character outside printable ASCII/,
    ],
  ])('a webhook URL with %s: exit 2 naming --webhook-url, never repeating it', async (_n, hook, why) => {
    emu.resetCounters();
    const env = { PIXAZO_API_KEY: DEFAULT_API_KEY };
    const r = await run(ws.dir, ['generate', '--gateway-url', emu.url, '--webhook-url', hook], { env });
    expect(r.code).toBe(EXIT.invalid);
    expect(r.stderr).toMatch(why);
    expect(r.stdout + r.stderr).not.toContain('secret-part');
    expect(emu.counters.submissions).toBe(0);
  });

  test('a wrong key: exit 1, nothing written, the key not printed', async () => {
    const site = await tempWorkspace({ 'images.config.yaml': GOOD });
    try {
      const env = { PIXAZO_API_KEY: 'sk-wrong-key-0123456789' };
      const r = await run(site.dir, ['generate', '--gateway-url', emu.url], { env });
      expect(r.code).toBe(EXIT.failed);
      expect(r.stdout).toMatch(/refused the API key/);
      // The CLI's name for the key, never the action's input.
      expect(r.stdout.replace(/\n {4}/g, ' ')).toContain('check `PIXAZO_API_KEY`');
      expect(r.stdout + r.stderr).not.toContain('`api-key` input');
      expect(r.stdout + r.stderr).not.toContain('sk-wrong-key-0123456789');
      expect(existsSync(path.join(site.dir, 'img'))).toBe(false);
    } finally {
      await site.cleanup();
    }
  });
});

describe('docs/cli.md', () => {
  /** The fenced blocks of docs/cli.md without a language, in order. */
  const blocks = (): string[] => {
    const found: string[] = [];
    let open: { lang: string; lines: string[] } | undefined;
    for (const line of readFileSync(path.join(ROOT, 'docs/cli.md'), 'utf8').split('\n')) {
      if (!line.startsWith('```')) open?.lines.push(line);
      else if (!open) open = { lang: line.slice(3), lines: [] };
      else {
        if (open.lang === '') found.push(`${open.lines.join('\n')}\n`);
        open = undefined;
      }
    }
    return found;
  };

  test('shows the real plan of the example manifest, and the real answers to typos', async () => {
    const site = await tempWorkspace({
      'images.config.yaml': readFileSync(path.join(ROOT, 'images.config.yaml'), 'utf8'),
    });
    try {
      const plan = await run(site.dir, ['plan']);
      expect(blocks()).toContain(plan.stdout);
      const typos = blocks().find((b) => b.startsWith('$ pixazo-images plna'))!;
      for (const args of [['plna'], ['generate', '--dryrun'], ['plan', '--only', 'heor']]) {
        const r = await run(site.dir, args);
        expect(typos).toContain(`$ pixazo-images ${args.join(' ')}\n${r.stderr}`);
      }
    } finally {
      await site.cleanup();
    }
  });
});
