/**
 * Local reference images at a terminal: the URL template comes from the `origin` remote when it is
 * on GitHub, and validate, plan and generate agree on what cannot be sent (no URL, not committed,
 * not pushed), checked offline against the remote-tracking branches. Real git, with a bare remote
 * standing in for GitHub (`origin`'s URL names github.com, its push URL is the bare repository).
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { cli, EXIT } from '../../src/cli/main.js';
import { githubServer, parseRemoteUrl } from '../../src/cli/repo.js';
import { DEFAULT_API_KEY, type Emulator, startEmulator } from '../emulator/index.js';
import { commitFiles, createGitFixture, type GitFixture, writeFiles } from '../fakes/git-repo.js';

// A PNG signature and a few bytes: the manifest checks that the file exists, the gateway never sees it.
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

const manifest = (ref: string) => `version: 1
defaults:
  quality: low
  out: img/{id}.{ext}
images:
  anime:
    prompt: The reference, as an anime illustration
    input_images: ["${ref}"]
`;

describe('the remote URL', () => {
  test.each([
    ['https://github.com/acme/site.git', 'github.com', 'acme', 'site'],
    ['https://github.com/acme/site', 'github.com', 'acme', 'site'],
    ['https://x-access-token:t0ken@github.com/acme/site.git', 'github.com', 'acme', 'site'],
    ['git@github.com:acme/site.git', 'github.com', 'acme', 'site'],
    ['ssh://git@github.com/acme/site.git', 'github.com', 'acme', 'site'],
    ['ssh://git@github.example.com:2222/acme/site.git', 'github.example.com', 'acme', 'site'],
    ['https://ghe.example.com:8443/acme/site.git/', 'ghe.example.com:8443', 'acme', 'site'],
  ])('%s → %s %s/%s', (url, host, owner, repo) => {
    expect(parseRemoteUrl(url)).toEqual({ host, owner, repo });
  });

  test.each(['/srv/git/site.git', '../site', 'C:\\repos\\site', 'https://gitlab.com/group/sub/site.git', ''])(
    '%j names no owner/repo',
    (url) => {
      expect(parseRemoteUrl(url)).toBeUndefined();
    },
  );

  test.each([
    ['github.com', {}, 'https://github.com'],
    ['acme.ghe.com', {}, 'https://acme.ghe.com'],
    ['github.example.com', {}, 'https://github.example.com'],
    ['ghe.example.com:8443', {}, 'https://ghe.example.com:8443'],
    ['code.example.com', { GITHUB_SERVER_URL: 'https://code.example.com' }, 'https://code.example.com'],
    ['code.example.com', {}, undefined],
    ['gitlab.com', {}, undefined],
  ])('host %s (%j) → %s', (host, env, server) => {
    expect(githubServer(host, env)).toBe(server);
  });
});

describe('local reference images and the origin remote', () => {
  let emu: Emulator;
  let fx: GitFixture;
  beforeAll(async () => {
    emu = await startEmulator({ latency: 20, imageScale: 0.1 });
  });
  afterAll(async () => {
    await emu.close();
  });

  async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const env = { PATH: process.env.PATH, PIXAZO_API_KEY: DEFAULT_API_KEY, PIXAZO_GATEWAY_URL: emu.url };
    const code = await cli(args, env, { stdout, stderr, cwd: fx.work });
    return { code, stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
  }

  /** A clone whose origin says github.com (or `url`) and pushes to the bare repository. */
  async function repo(url: string | null = 'https://github.com/acme/site.git'): Promise<void> {
    fx = await createGitFixture({ 'images.config.yaml': manifest('refs/ref.png'), 'refs/ref.png': PNG });
    if (url === null) await fx.git(fx.work, 'remote', 'remove', 'origin');
    else {
      await fx.git(fx.work, 'remote', 'set-url', 'origin', url);
      await fx.git(fx.work, 'remote', 'set-url', '--push', 'origin', fx.remote);
    }
  }

  const submittedInputs = (): unknown[] =>
    emu.log
      .filter((l) => l.kind === 'submit')
      .map((l) => (l.body as { input_images?: unknown }).input_images);

  it('committed and pushed on github.com: nothing refused, and generate sends its raw URL at HEAD', async () => {
    await repo();
    try {
      const validate = await run('validate');
      expect(validate).toMatchObject({ code: EXIT.ok, stderr: '' });
      const plan = await run('plan');
      expect(plan.code).toBe(EXIT.ok);
      expect(plan.stdout).not.toContain('would refuse');
      emu.resetCounters();
      const generated = await run('generate');
      expect(generated.code).toBe(EXIT.ok);
      const head = (await fx.git(fx.work, 'rev-parse', 'HEAD')).trim();
      expect(submittedInputs()).toEqual([
        [`https://raw.githubusercontent.com/acme/site/${head}/refs/ref.png`],
      ]);
    } finally {
      await fx.cleanup();
    }
  });

  it('untracked, then committed but not pushed: validate and plan say what generate refuses; pushed, it goes', async () => {
    await repo();
    try {
      await writeFiles(fx.work, { 'images.config.yaml': manifest('refs/new.png'), 'refs/new.png': PNG });
      const untracked = await run('plan');
      expect(untracked.code).toBe(EXIT.ok);
      expect(untracked.stdout).toMatch(
        /\ngenerate would refuse, before any submission:\n {2}anime: refs\/new\.png is not committed \(untracked\)/,
      );
      // Piped (80 columns): the refusal wraps under its own indent, no line runs past the width.
      for (const line of untracked.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
      expect(untracked.stdout).toMatch(/\n {2}anime: .*\n {4}\S/);

      const sha = await commitFiles(fx.git, fx.work, { 'refs/new.png': PNG }, 'add the reference');
      const notPushed = `anime: refs/new.png is committed, but commit ${sha.slice(0, 7)} is not pushed to origin`;
      const validate = await run('validate');
      expect(validate.code).toBe(EXIT.ok);
      expect(validate.stderr).toContain(`warning: generate would refuse ${notPushed}`);
      const json = JSON.parse((await run('validate', '--json')).stdout) as { wouldRefuse: string[] };
      expect(json.wouldRefuse).toEqual([expect.stringContaining(notPushed)]);
      const plan = await run('plan', '--json');
      expect(plan.code).toBe(EXIT.ok);
      expect((JSON.parse(plan.stdout) as { wouldRefuse: string[] }).wouldRefuse).toEqual([
        expect.stringContaining(notPushed),
      ]);
      emu.resetCounters();
      const refused = await run('generate');
      expect(refused.code).toBe(EXIT.invalid);
      expect(refused.stderr).toContain(`error: Nothing was submitted:\n${notPushed}`);
      expect(emu.counters.submissions).toBe(0);

      await fx.git(fx.work, 'push', '--quiet', 'origin', 'main');
      expect((await run('plan')).stdout).not.toContain('would refuse');
      const generated = await run('generate');
      expect(generated.code).toBe(EXIT.ok);
      expect(submittedInputs()).toEqual([
        [`https://raw.githubusercontent.com/acme/site/${sha}/refs/new.png`],
      ]);
    } finally {
      await fx.cleanup();
    }
  });

  it('a GitHub Enterprise origin: the /raw/ URL on that server', async () => {
    await repo('git@github.example.com:acme/site.git');
    try {
      emu.resetCounters();
      const generated = await run('generate');
      expect(generated.code).toBe(EXIT.ok);
      const head = (await fx.git(fx.work, 'rev-parse', 'HEAD')).trim();
      expect(submittedInputs()).toEqual([[`https://github.example.com/acme/site/raw/${head}/refs/ref.png`]]);
    } finally {
      await fx.cleanup();
    }
  });

  it.each([
    ['no origin', null],
    ['an origin off GitHub', 'https://gitlab.com/acme/site.git'],
  ])('%s: no URL unless --input-url-template gives one', async (_, url) => {
    await repo(url);
    try {
      const plan = await run('plan');
      expect(plan.code).toBe(EXIT.ok);
      // The CLI names its flag, never the action's input; the line wraps at 80 columns.
      expect(plan.stdout.replace(/\n {4}/g, ' ')).toContain(
        '  anime: the local input refs/ref.png needs a public URL for the gateway to fetch — set `--input-url-template`',
      );
      const template = 'https://cdn.example.com/site/{path}';
      expect((await run('plan', '--input-url-template', template)).stdout).not.toContain('would refuse');
      emu.resetCounters();
      expect((await run('generate', '--input-url-template', template)).code).toBe(EXIT.ok);
      expect(submittedInputs()).toEqual([['https://cdn.example.com/site/refs/ref.png']]);
    } finally {
      await fx.cleanup();
    }
  });
});
