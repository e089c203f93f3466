import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY } from '../emulator/index.js';
import { runAction } from '../helpers/run-action.js';
import { emulatorAndWorkspace } from '../helpers/setup.js';

const MANIFEST = `version: 1
images:
  team:
    prompt: Restyle the team photo as a watercolour
    input_images: [docs/photos/team.png]
    out: docs/img/{id}.{ext}
`;

const t = emulatorAndWorkspace({ 'images.config.yaml': MANIFEST, 'docs/photos/team.png': 'photo bytes' });
beforeEach(() => {
  t.ws.git('init', '-q', '-b', 'main');
});

const inputs = { 'api-key': DEFAULT_API_KEY, publish: 'none', 'poll-interval': '10ms..50ms' };

describe('local reference images through the built action', () => {
  it('sends a committed reference image as its raw URL at the checked-out commit', async () => {
    t.ws.git('add', '-A');
    t.ws.git('commit', '-qm', 'photo');
    const sha = t.ws.git('rev-parse', 'HEAD').trim();
    const run = await runAction({ workspace: t.ws.dir, inputs: { ...inputs, 'gateway-url': t.emu.url } });
    expect(run.code).toBe(0);
    expect(run.outputs.generated).toBe('1');
    const body = t.emu.log.find((r) => r.kind === 'submit')!.body as { input_images: string[] };
    expect(body.input_images).toEqual([
      `https://raw.githubusercontent.com/octo/site/${sha}/docs/photos/team.png`,
    ]);
  });

  it('refuses an uncommitted reference image before any gateway call, saying how to fix it', async () => {
    t.ws.git('add', 'images.config.yaml');
    t.ws.git('commit', '-qm', 'manifest');
    const run = await runAction({ workspace: t.ws.dir, inputs: { ...inputs, 'gateway-url': t.emu.url } });
    expect(run.code).toBe(1);
    expect(t.emu.counters.submissions).toBe(0);
    const error = run.annotations.find((a) => a.level === 'error')!;
    expect(error.message).toMatch(
      /docs\/photos\/team\.png is not committed \(untracked\).*commit and push it first/,
    );
  });
});

describe('input hygiene and selections through the built action', () => {
  const hero = `version: 1
images:
  hero:
    prompt: A lighthouse at dawn
    out: img/{id}.{ext}
  team:
    prompt: Three developers at a desk
    out: img/{id}.{ext}
`;

  it.each([
    ['api-key', { 'api-key': `${DEFAULT_API_KEY}\nsecond-line` }],
    ['webhook-url', { 'webhook-url': 'https://hooks.example.com/T0/\tsecret-token' }],
  ])(
    '%s with a control character inside: fails before any call, naming the input only',
    async (name, bad) => {
      await t.ws.write('images.config.yaml', hero);
      const run = await runAction({
        workspace: t.ws.dir,
        inputs: { ...inputs, 'gateway-url': t.emu.url, ...bad },
      });
      expect(run.code).toBe(1);
      expect(t.emu.log).toEqual([]);
      const errors = run.annotations.filter((a) => a.level === 'error').map((a) => a.message);
      expect(errors).toEqual([expect.stringMatching(new RegExp(`^input ${name}: .*control character`))]);
      // The key is masked first; outside that line neither value appears.
      expect(run.stdout.split('\n')[0]).toMatch(/^::add-mask::/);
      const rest = run.stdout.split('\n').slice(1).join('\n') + run.stderr;
      for (const secret of [DEFAULT_API_KEY, 'second-line', 'secret-token'])
        expect(rest).not.toContain(secret);
      expect(run.outputs).toMatchObject({ generated: '0', failed: '0', cost: '0.0000', files: '' });
    },
  );

  it.each([
    [
      'U+2028 in api-key',
      { 'api-key': `${DEFAULT_API_KEY}\u2028second-line` },
      'api-key',
      'outside printable ASCII',
    ],
    [
      'a non-Latin letter in webhook-url',
      { 'webhook-url': 'https://hooks.example.com/T0/жsecret-token' },
      'webhook-url',
      'outside printable ASCII',
    ],
  ])('%s: fails before any call, naming the input only', async (_n, bad, name, why) => {
    await t.ws.write('images.config.yaml', hero);
    const run = await runAction({
      workspace: t.ws.dir,
      inputs: { ...inputs, 'gateway-url': t.emu.url, ...bad },
    });
    expect(run.code).toBe(1);
    expect(t.emu.log).toEqual([]);
    const errors = run.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^input ${name}: .*${why}`))]);
    const rest = run.stdout.split('\n').slice(1).join('\n') + run.stderr;
    for (const secret of ['second-line', 'secret-token']) expect(rest).not.toContain(secret);
  });

  it('a hostile `out` (a newline and a workflow command) is a located error, with no call and no fake line', async () => {
    await t.ws.write(
      'images.config.yaml',
      'version: 1\nimages:\n  hero:\n    prompt: A lighthouse at dawn\n    out: "img/{id}.{ext}\\n::error file=README.md::pwned"\n',
    );
    const run = await runAction({ workspace: t.ws.dir, inputs: { ...inputs, 'gateway-url': t.emu.url } });
    expect(run.code).toBe(1);
    expect(t.emu.log).toEqual([]);
    const errors = run.annotations.filter((a) => a.level === 'error');
    expect(errors[0]).toMatchObject({
      props: { file: 'images.config.yaml', line: '5', col: '10' },
      message: expect.stringContaining(
        'images.hero.out: `img/{id}.{ext}\\n::error file=README.md::pwned` must not contain control characters',
      ),
    });
    // The runner saw no command but ours: no annotation on README.md, no line of the log starts one.
    expect(run.annotations.some((a) => a.props.file === 'README.md' || a.message === 'pwned')).toBe(false);
    expect(run.stdout.split('\n').filter((l) => /^\s*::error file=README/.test(l))).toEqual([]);
    expect(run.outputs).toMatchObject({ generated: '0', files: '' });
  });

  it('only and force patterns that match no entry are warnings with a did-you-mean; all is not one', async () => {
    await t.ws.write('images.config.yaml', hero);
    const run = await runAction({
      workspace: t.ws.dir,
      inputs: {
        ...inputs,
        'gateway-url': t.emu.url,
        only: 'heor, team',
        force: 'all\nbanner',
        cache: 'false',
      },
    });
    expect(run.code).toBe(0);
    expect(run.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toEqual([
      "input only: 'heor' matches no entry; did you mean 'hero'?",
      "input force: 'banner' matches no entry",
    ]);
    expect(run.outputs.generated).toBe('1');
  });

  it('a hand-edited image is a warning annotation on its file', async () => {
    await t.ws.write('images.config.yaml', hero);
    const run = (extra: Record<string, string> = {}) =>
      runAction({
        workspace: t.ws.dir,
        inputs: { ...inputs, 'gateway-url': t.emu.url, cache: 'false', ...extra },
      });
    expect((await run()).code).toBe(0);
    await t.ws.write('img/hero.webp', 'touched up by hand');
    const again = await run();
    expect(again.code).toBe(0);
    const warnings = again.annotations.filter((a) => a.level === 'warning');
    expect(warnings).toEqual([
      expect.objectContaining({
        props: { file: 'img/hero.webp' },
        message: expect.stringMatching(/edited by hand/),
      }),
    ]);
  });

  it('past GitHub’s 10 error annotations, the manifest’s problems go on as log lines', async () => {
    const entries = Array.from({ length: 12 }, (_, i) => `  e${i}:\n    prompt: p\n    qualty: high\n`);
    await t.ws.write('images.config.yaml', `version: 1\nimages:\n${entries.join('')}`);
    const run = await runAction({ workspace: t.ws.dir, inputs: { ...inputs, 'gateway-url': t.emu.url } });
    expect(run.code).toBe(1);
    const errors = run.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(10);
    expect(
      errors.slice(0, 9).every((e) => e.props.file === 'images.config.yaml' && /qualty/.test(e.message)),
    ).toBe(true);
    expect(errors[9]!.message).toBe('12 problems in the manifest; nothing was sent to the gateway.');
    const logged = run.stdout
      .split('\n')
      .filter((l) => /^images\.config\.yaml:\d+:\d+: error: .*qualty/.test(l));
    expect(logged).toHaveLength(3);
  });
});
