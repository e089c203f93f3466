/**
 * The image index (`index:`) written by real engine runs against the gateway emulator: its shape and
 * values against the files on disk, a no-op leaving it untouched, renames and moves followed, alt
 * edits picked up without a gateway call, and records from before sizes were kept.
 */
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { imageSize } from 'image-size';
import { describe, expect, it } from 'vitest';
import { stableStringify } from '../../src/plan/lockfile.js';
import { type ImageIndex, imageIndexSchema } from '../../src/site/index-schema.js';
import { GALLERY_HERO } from '../helpers/manifests.js';
import { emulatorAndWorkspace } from '../helpers/setup.js';
import { runOn } from '../helpers/workspace.js';

const MANIFEST = `version: 1
index: ../site/data/images.json
defaults:
  quality: low
  out: img/{id}.{ext}
images:
${GALLERY_HERO}  team:
    prompt: Three developers at a desk
    output_format: jpeg
    number_of_images: 2
    out: img/team-{n}.{ext}
    alt: Three developers
  logo:
    model: gpt-image-1.5
    prompt: A round logo [[C2PA]]
    output_format: png
`;

const t = emulatorAndWorkspace({ 'docs/images.config.yaml': MANIFEST });
const CONFIG = 'docs/images.config.yaml';
const INDEX = 'site/data/images.json';

const run = (opts = {}) => runOn(t.ws, t.emu, opts, {}, CONFIG);
const calls = () => t.emu.counters.submissions + t.emu.counters.statusCalls + t.emu.counters.mediaGets;
const indexText = async () => (await t.ws.read(INDEX)).toString('utf8');
const readIndex = async (): Promise<ImageIndex> => imageIndexSchema.parse(JSON.parse(await indexText()));
const lockOf = async () => JSON.parse((await t.ws.read('docs/images.lock.json')).toString('utf8'));

describe('the image index', () => {
  it('describes every generated image exactly as it is on disk, in the lockfile format', async () => {
    const { report } = await run();
    expect(report.index).toEqual({ file: INDEX, changed: true });
    const index = await readIndex();
    expect(Object.keys(index.images)).toEqual(['hero', 'logo', 'team']);
    expect(index.images.team!.alt).toBe('Three developers');
    // No alt in the manifest: no key (a forgotten alt), unlike `alt: ""` (a decorative image).
    expect(Object.hasOwn(index.images.logo!, 'alt')).toBe(false);
    expect(index.images.logo!.model).toBe('gpt-image-1.5');
    const lock = await lockOf();
    for (const [id, image] of Object.entries(index.images)) {
      expect(image.generated_at).toBe(lock.images[id].generated_at);
      expect(image.files).toHaveLength(lock.images[id].files.length);
      for (const f of image.files) {
        // Relative to the index's own folder, as a site imports it.
        const bytes = await readFile(path.resolve(t.ws.dir, path.dirname(INDEX), f.path));
        const size = imageSize(bytes);
        expect({ width: f.width, height: f.height }).toEqual({ width: size.width, height: size.height });
        expect(f.bytes).toBe(bytes.length);
        expect(f.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        expect(f.format).toBe({ jpg: 'jpeg', png: 'png', webp: 'webp' }[size.type!]);
      }
    }
    expect(index.images.team!.files.map((f) => f.path)).toEqual([
      '../../docs/img/team-1.jpg',
      '../../docs/img/team-2.jpg',
    ]);
    expect(await indexText()).toBe(stableStringify(index));
    // The lockfile records the sizes too, so the next index needs no image read.
    expect(lock.images.hero.files[0]).toMatchObject({
      width: index.images.hero!.files[0]!.width,
      height: index.images.hero!.files[0]!.height,
    });
  });

  it('is left untouched by a no-op run', async () => {
    await run();
    const before = await stat(path.join(t.ws.dir, INDEX));
    t.emu.resetCounters();
    const { report } = await run();
    expect(calls()).toBe(0);
    expect(report.index).toEqual({ file: INDEX, changed: false });
    expect((await stat(path.join(t.ws.dir, INDEX))).mtimeMs).toBe(before.mtimeMs);
  });

  it('follows a rename and a move, without a gateway call', async () => {
    await run();
    const hero = (await readIndex()).images.hero!;
    t.emu.resetCounters();
    await t.ws.write(
      CONFIG,
      MANIFEST.replace('  hero:\n', '  lighthouse:\n').replace('out: img/team-{n}', 'out: art/team-{n}'),
    );
    const { report } = await run();
    expect(t.emu.counters.submissions).toBe(0);
    expect(report.index).toEqual({ file: INDEX, changed: true });
    const index = await readIndex();
    expect(Object.keys(index.images)).toEqual(['lighthouse', 'logo', 'team']);
    // Same bytes, now at the renamed entry's `{id}` path.
    expect(index.images.lighthouse!.files).toEqual([
      { ...hero.files[0], path: '../../docs/img/lighthouse.webp' },
    ]);
    expect(index.images.team!.files.map((f) => f.path)).toEqual([
      '../../docs/art/team-1.jpg',
      '../../docs/art/team-2.jpg',
    ]);
  });

  it('picks up an alt edit (alt is not hashed) on a run that generates nothing', async () => {
    await run();
    t.emu.resetCounters();
    await t.ws.write(CONFIG, MANIFEST.replace('alt: A lighthouse at dawn', 'alt: The lighthouse'));
    const { report } = await run();
    expect(calls()).toBe(0);
    expect(report.lockfileChanged).toBe(false);
    expect(report.index).toEqual({ file: INDEX, changed: true });
    expect((await readIndex()).images.hero!.alt).toBe('The lighthouse');
  });

  it('writes alt: "" for a decorative image and no alt key for an entry without alt', async () => {
    await run();
    await t.ws.write(
      CONFIG,
      MANIFEST.replace('    output_format: png\n', '    output_format: png\n    alt: ""\n'),
    );
    const { report } = await run();
    expect(report.index).toEqual({ file: INDEX, changed: true });
    expect((await readIndex()).images.logo!.alt).toBe('');
    await t.ws.write(CONFIG, MANIFEST);
    await run();
    const text = await indexText();
    expect(Object.hasOwn(JSON.parse(text).images.logo, 'alt')).toBe(false);
    expect(JSON.parse(text).images.hero.alt).toBe('A lighthouse at dawn');
  });

  it('leaves out an entry whose generation failed, and keeps the others', async () => {
    await t.ws.write(CONFIG, MANIFEST.replace('A round logo', 'A round logo [[FAIL]]'));
    const { report } = await run();
    expect(report.totals.failed).toBe(1);
    expect(Object.keys((await readIndex()).images)).toEqual(['hero', 'team']);
  });

  it('sizes records from before sizes were kept by reading headers, without touching the lockfile', async () => {
    await run();
    const expected = await indexText();
    const lock = await lockOf();
    for (const r of Object.values(lock.images) as { files: Record<string, unknown>[] }[])
      for (const f of r.files) {
        delete f.width;
        delete f.height;
      }
    const legacy = stableStringify(lock);
    await writeFile(path.join(t.ws.dir, 'docs/images.lock.json'), legacy);
    await t.ws.write(INDEX, '{"version": 1, "images": {}}\n');
    t.emu.resetCounters();
    const { report } = await run();
    expect(calls()).toBe(0);
    expect(report.index).toEqual({ file: INDEX, changed: true });
    expect(await indexText()).toBe(expected);
    expect((await t.ws.read('docs/images.lock.json')).toString()).toBe(legacy);
  });

  it('says per file whether it carries C2PA content credentials, as the lockfile records them', async () => {
    await run();
    const index = await readIndex();
    const lock = await lockOf();
    expect(index.images.logo!.files.map((f) => f.content_credentials)).toEqual([true]);
    expect(index.images.hero!.files.map((f) => f.content_credentials)).toEqual([false]);
    expect(index.images.team!.files.map((f) => f.content_credentials)).toEqual([false, false]);
    expect(lock.images.logo.files[0].content_credentials).toBe(true);
  });

  it('leaves content_credentials out (unknown, not false) for records from before it was kept', async () => {
    await run();
    const lock = await lockOf();
    for (const r of Object.values(lock.images) as { files: Record<string, unknown>[] }[])
      for (const f of r.files) delete f.content_credentials;
    await writeFile(path.join(t.ws.dir, 'docs/images.lock.json'), stableStringify(lock));
    t.emu.resetCounters();
    await run({ force: (id: string) => id === 'hero' });
    const index = await readIndex();
    expect(Object.hasOwn(index.images.logo!.files[0]!, 'content_credentials')).toBe(false);
    // The regenerated entry is known again.
    expect(index.images.hero!.files[0]!.content_credentials).toBe(false);
  });

  it('writes nothing on a dry run', async () => {
    const { report } = await run({ dryRun: true });
    expect(report.index).toEqual({ file: INDEX, changed: false });
    await expect(stat(path.join(t.ws.dir, INDEX))).rejects.toThrow(/ENOENT/);
  });

  it('refuses an index that is the lockfile, before any call', async () => {
    await t.ws.write(CONFIG, MANIFEST.replace('../site/data/images.json', 'images.lock.json'));
    await expect(run()).rejects.toThrow('index: docs/images.lock.json is the lockfile');
    expect(calls()).toBe(0);
  });
});
