import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/engine/errors.js';
import { inputUrlDeps } from '../../src/publish/input-urls.js';
import { emulatorAndWorkspace } from '../helpers/setup.js';
import { runOn } from '../helpers/workspace.js';

const CHAIN = `version: 1
images:
  base:
    prompt: A base character
  scene:
    prompt: The character in a forest
    input_images: ["@base"]
    number_of_images: 2
    out: "{id}-{n}.{ext}"
  detail:
    prompt: A close-up of the second scene
    input_images: ["@scene#2", "https://example.com/texture.png"]
  other:
    prompt: Unrelated
`;

const t = emulatorAndWorkspace({ 'images.config.yaml': CHAIN });

const submitted = () => t.emu.log.filter((r) => r.kind === 'submit' && r.answer === 202);
const bodyOf = (prompt: string) =>
  submitted().find((r) => (r.body as { prompt: string }).prompt === prompt)?.body as
    | { input_images?: string[] }
    | undefined;
/** A template standing in for raw.githubusercontent.com: the sha is part of the URL, as in the real one. */
const template = (sha: string) => ({
  inputUrlTemplate: `https://raw.example.com/{owner}/{repo}/${sha}/{path}`,
});
const ctx = { owner: 'octo', repo: 'site', serverUrl: 'https://github.com' };

describe('@id chains', () => {
  it('generates a three-level chain in order, sending each upstream’s fresh media URLs', async () => {
    const { report } = await runOn(t.ws, t.emu);
    expect(report.totals.generated).toBe(4);
    const order = submitted().map((r) => (r.body as { prompt: string }).prompt);
    expect(order.indexOf('A base character')).toBeLessThan(order.indexOf('The character in a forest'));
    expect(order.indexOf('The character in a forest')).toBeLessThan(
      order.indexOf('A close-up of the second scene'),
    );
    const base = report.entries.find((e) => e.id === 'base')!;
    const scene = report.entries.find((e) => e.id === 'scene')!;
    expect(bodyOf('The character in a forest')!.input_images).toEqual(base.mediaUrls);
    expect(bodyOf('A close-up of the second scene')!.input_images).toEqual([
      scene.mediaUrls![1],
      'https://example.com/texture.png',
    ]);
    expect(
      submitted().find((r) => (r.body as { prompt: string }).prompt === 'The character in a forest')!.path,
    ).toContain('image-to-image');
    expect(scene.dependsOn).toEqual(['base']);
  });

  it('an entry may reference one listed after it, and identical dependants are made once', async () => {
    await t.ws.write(
      'images.config.yaml',
      `version: 1
images:
  late-child:
    prompt: Child of a later entry
    input_images: ["@twin-b"]
  twin-a:
    prompt: Same picture
  twin-b:
    prompt: Same picture
`,
    );
    const { report } = await runOn(t.ws, t.emu);
    expect(report.totals).toEqual({ generated: 2, reused: 1, unchanged: 0, failed: 0 });
    const twinA = report.entries.find((e) => e.id === 'twin-a')!;
    expect(report.entries.find((e) => e.id === 'twin-b')).toMatchObject({
      action: 'copy',
      reason: 'copied — same as twin-a',
    });
    // The copy passes on its leader's fresh media URLs: no committed-file URL is needed.
    expect(bodyOf('Child of a later entry')!.input_images).toEqual(twinA.mediaUrls);
  });

  it('changing the base regenerates its dependants and nothing else, saying why', async () => {
    await runOn(t.ws, t.emu);
    t.emu.resetCounters();
    await t.ws.write('images.config.yaml', CHAIN.replace('A base character', 'A base character, smiling'));
    const { report } = await runOn(t.ws, t.emu);
    expect(t.emu.counters.accepted).toBe(3);
    expect(report.entries.find((e) => e.id === 'other')!.status).toBe('unchanged');
    expect(report.entries.find((e) => e.id === 'scene')!.reason).toBe('input base changed');
    expect(report.entries.find((e) => e.id === 'detail')!.reason).toBe('input scene changed');
  });

  it('an upstream failure blocks exactly its dependants; the rest of the run goes on', async () => {
    await t.ws.write(
      'images.config.yaml',
      CHAIN.replace('prompt: A base character', 'prompt: "[[FAIL]] A base character"'),
    );
    const { report } = await runOn(t.ws, t.emu);
    expect(t.emu.counters.accepted).toBe(2); // base (refused by the gateway) and other
    const byId = Object.fromEntries(report.entries.map((e) => [e.id, e]));
    expect(byId.base!.status).toBe('failed');
    expect(byId.scene!.error).toBe('blocked by base: it failed in this run');
    expect(byId.detail!.error).toBe('blocked by scene: it failed in this run');
    expect(byId.other!.status).toBe('generated');
  });

  it('a changed dependant of an unchanged upstream sends the upstream’s committed file URL', async () => {
    await runOn(t.ws, t.emu);
    t.emu.resetCounters();
    await t.ws.write('images.config.yaml', CHAIN.replace('in a forest', 'in a desert'));
    const { report } = await runOn(t.ws, t.emu, {}, await inputUrlDeps(template('c0ffee'), ctx, t.ws.dir));
    expect(t.emu.counters.accepted).toBe(2); // scene, and detail which is made from it
    expect(bodyOf('The character in a desert')!.input_images).toEqual([
      'https://raw.example.com/octo/site/c0ffee/base.webp',
    ]);
    expect(report.entries.find((e) => e.id === 'scene')!.status).toBe('generated');
  });

  it('without a way to build URLs for local files, nothing is submitted', async () => {
    await runOn(t.ws, t.emu);
    t.emu.resetCounters();
    await t.ws.write('images.config.yaml', CHAIN.replace('in a forest', 'in a desert'));
    const err = await runOn(t.ws, t.emu).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/input-url-template/);
    expect(t.emu.counters.submissions).toBe(0);
  });
});

describe('local reference images', () => {
  const LOCAL = `version: 1
images:
  restyled:
    prompt: Restyle this photo
    input_images: ["photos/team photo.png"]
  plain:
    prompt: No reference
`;

  beforeEach(async () => {
    await t.ws.write('images.config.yaml', LOCAL);
    await t.ws.write('photos/team photo.png', Buffer.from('first version of the photo'));
  });

  it('sends a template URL (path encoded per segment) and hashes the bytes, not the URL', async () => {
    const { report } = await runOn(t.ws, t.emu, {}, await inputUrlDeps(template('sha1'), ctx, t.ws.dir));
    expect(report.totals.generated).toBe(2);
    expect(bodyOf('Restyle this photo')!.input_images).toEqual([
      'https://raw.example.com/octo/site/sha1/photos/team%20photo.png',
    ]);

    t.emu.resetCounters();
    const newCommit = await runOn(t.ws, t.emu, {}, await inputUrlDeps(template('sha2'), ctx, t.ws.dir));
    expect(t.emu.counters.submissions).toBe(0);
    expect(newCommit.report.totals.unchanged).toBe(2);

    await t.ws.write('photos/team photo.png', Buffer.from('second version of the photo'));
    const edited = await runOn(t.ws, t.emu, {}, await inputUrlDeps(template('sha3'), ctx, t.ws.dir));
    expect(t.emu.counters.accepted).toBe(1);
    expect(edited.report.entries.find((e) => e.id === 'restyled')!.reason).toBe('inputs changed');
  });

  it('refuses, before spending, a reference image that is not committed at the checked-out commit', async () => {
    t.ws.git('init', '-q', '-b', 'main');
    t.ws.git('add', 'images.config.yaml');
    t.ws.git('commit', '-qm', 'manifest only');
    const deps = await inputUrlDeps({}, ctx, t.ws.dir);
    const err = await runOn(t.ws, t.emu, {}, deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/photos\/team photo\.png is not committed \(untracked\)/);
    expect(t.emu.counters.submissions).toBe(0);

    t.ws.git('add', '-A');
    t.ws.git('commit', '-qm', 'photo');
    const sha = t.ws.git('rev-parse', 'HEAD').trim();
    await runOn(t.ws, t.emu, {}, await inputUrlDeps({}, ctx, t.ws.dir));
    expect(bodyOf('Restyle this photo')!.input_images).toEqual([
      `https://raw.githubusercontent.com/octo/site/${sha}/photos/team%20photo.png`,
    ]);

    await t.ws.write('photos/team photo.png', Buffer.from('edited, not committed'));
    t.emu.resetCounters();
    const dirty = await runOn(t.ws, t.emu, {}, await inputUrlDeps({}, ctx, t.ws.dir)).catch(
      (e: unknown) => e,
    );
    expect((dirty as Error).message).toMatch(/modified and not committed/);
    expect(t.emu.counters.submissions).toBe(0);
  });

  it('a private repository cannot use the default raw URL: the error explains the choice', async () => {
    const deps = await inputUrlDeps({}, { ...ctx, privateRepo: true }, t.ws.dir);
    const err = await runOn(t.ws, t.emu, {}, deps).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/private repository.*input-url-template/s);
    expect(t.emu.counters.submissions).toBe(0);
  });
});
