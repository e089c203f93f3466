/**
 * The artifact upload against the REAL @actions/artifact and a local fake of the results service:
 * twirp CreateArtifact → Azure block upload of the zip → FinalizeArtifact. The zip the fake received
 * is opened and compared byte for byte.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ArtifactError,
  artifactName,
  refusedFilesError,
  uploadImagesArtifact,
  validateArtifactName,
} from '../../src/publish/artifact.js';
import { type ResultsService, startResultsService } from '../fakes/results-service.js';
import { unzip as readZip } from '../helpers/zip.js';

let service: ResultsService;
let workspace: string;
const savedEnv = { ...process.env };
const logger = { info: () => {} };

/** Entries of a zip by name, their bytes (test/helpers/zip.ts). */
function unzip(zip: Buffer): Map<string, Buffer> {
  return new Map([...readZip(zip)].map(([name, { data }]) => [name, data]));
}

async function put(rel: string, bytes: Buffer): Promise<string> {
  const file = join(workspace, rel);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, bytes);
  return file;
}

beforeAll(async () => {
  service = await startResultsService();
  workspace = await mkdtemp(join(tmpdir(), 'pixazo-artifact-'));
});

beforeEach(() => {
  Object.assign(process.env, service.env('run-backend-1', 'job-backend-1'), { GITHUB_WORKSPACE: workspace });
  // The runner's repository maximum would silently cap what we ask for.
  delete process.env.GITHUB_RETENTION_DAYS;
});

afterEach(() => {
  process.env = { ...savedEnv };
});

afterAll(async () => {
  await service.close();
  await rm(workspace, { recursive: true, force: true });
});

describe('uploadImagesArtifact', () => {
  it('uploads the files as a zip the service stores, with id and retention', async () => {
    const contents = new Map([
      ['docs/img/hero.webp', randomBytes(70_000)],
      ['docs/img/hero-anime-1.png', randomBytes(1234)],
      ['images.lock.json', Buffer.from('{"version":1}\n')],
    ]);
    const files = await Promise.all([...contents].map(([rel, bytes]) => put(rel, bytes)));

    const result = await uploadImagesArtifact({
      name: 'generated-images',
      files,
      rootDirectory: workspace,
      retentionDays: 7,
      logger,
    });

    const stored = service.artifacts.find((a) => a.name === 'generated-images');
    expect(stored).toMatchObject({ finalized: true, runId: 'run-backend-1', jobId: 'job-backend-1' });
    expect(result.id).toBe(stored?.id);
    expect(result.size).toBe(stored?.bytes?.length);
    expect(stored?.retentionDays).toBe(7);
    expect(stored?.mimeType).toBe('application/zip');
    const entries = unzip(stored?.bytes ?? Buffer.alloc(0));
    expect(new Set(entries.keys())).toEqual(new Set(contents.keys()));
    for (const [rel, bytes] of contents) expect(entries.get(rel)).toEqual(bytes);
    // The zip went up through the Azure block protocol, not a single put.
    expect(
      service.requests.filter((r) => r.startsWith('PUT /devstoreaccount1/artifacts/')).length,
    ).toBeGreaterThan(1);
  });

  it('sends no expiry when retention is not set', async () => {
    const file = await put('plain.png', randomBytes(100));
    await uploadImagesArtifact({ name: 'no-retention', files: [file], rootDirectory: workspace, logger });
    expect(service.artifacts.find((a) => a.name === 'no-retention')?.expiresAt).toBeUndefined();
  });

  it('reports a name used twice in the run as an ArtifactError', async () => {
    const file = await put('twice.png', randomBytes(100));
    const upload = () =>
      uploadImagesArtifact({ name: 'twice', files: [file], rootDirectory: workspace, logger });
    await upload();
    await expect(upload()).rejects.toThrow(ArtifactError);
  });

  it.each([
    ['my:images', 'colon'],
    ['a/b', 'forward slash'],
    ['a\\b', 'backslash'],
    ['what?', 'question mark'],
    ['two\nlines', 'line feed'],
    ['"quoted"', 'double quote'],
    ['  ', 'empty'],
  ])('refuses the artifact name %j before any call (%s)', async (name, why) => {
    expect(() => validateArtifactName(name)).toThrow(why);
    const before = service.requests.length;
    const file = await put('x.png', randomBytes(10));
    await expect(
      uploadImagesArtifact({ name, files: [file], rootDirectory: workspace, logger }),
    ).rejects.toThrow(ArtifactError);
    expect(service.requests.length).toBe(before);
  });

  it('uploads the files it can when some cannot go into an artifact, and names those with the reason', async () => {
    const good = new Map([
      ['keep/hero.png', randomBytes(2000)],
      ['keep/images.lock.json', Buffer.from('{"version":1}\n')],
    ]);
    const files = await Promise.all([...good].map(([rel, bytes]) => put(rel, bytes)));
    const colon = await put('keep/a:b.png', randomBytes(10));
    const question = await put('keep/what?.png', randomBytes(10));
    const gone = join(workspace, 'keep/gone.png');
    await mkdir(join(workspace, 'keep/folder.png'), { recursive: true });

    const result = await uploadImagesArtifact({
      name: 'partial',
      files: [files[0]!, colon, question, gone, join(workspace, 'keep/folder.png'), files[1]!],
      rootDirectory: workspace,
      logger,
    });

    const stored = service.artifacts.find((a) => a.name === 'partial');
    expect(stored?.finalized).toBe(true);
    expect(result.id).toBe(stored?.id);
    expect(result.uploaded).toBe(2);
    const entries = unzip(stored?.bytes ?? Buffer.alloc(0));
    expect(new Set(entries.keys())).toEqual(new Set(good.keys()));
    for (const [rel, bytes] of good) expect(entries.get(rel)).toEqual(bytes);
    expect(result.refused).toEqual([
      { path: 'keep/a:b.png', reason: expect.stringContaining('colon') },
      { path: 'keep/what?.png', reason: expect.stringContaining('question mark') },
      { path: 'keep/gone.png', reason: 'the file is gone' },
      { path: 'keep/folder.png', reason: 'not a regular file' },
    ]);
    const message = refusedFilesError('partial', result.refused, result.uploaded).message;
    expect(message).toMatch(/4 files could not be put into artifact partial, the other 2 were uploaded/);
    expect(message).toContain('"keep/a:b.png": the name contains a colon');
  });

  it('uploads nothing, with the reasons, when no file can go into an artifact', async () => {
    const before = service.requests.length;
    const colon = await put('only/a:b.png', randomBytes(10));
    await expect(
      uploadImagesArtifact({ name: 'none-fit', files: [colon], rootDirectory: workspace, logger }),
    ).rejects.toThrow(/so nothing was uploaded: "only\/a:b.png": the name contains a colon/);
    expect(service.requests.length).toBe(before);
  });

  it('refuses files outside the root, an empty list and a bad retention', async () => {
    const outside = join(`${workspace}-sibling`, 'x.png');
    const inside = await put('ok.png', randomBytes(10));
    const base = { name: 'bad', rootDirectory: workspace, logger };
    await expect(uploadImagesArtifact({ ...base, files: [outside] })).rejects.toThrow(/not inside/);
    await expect(uploadImagesArtifact({ ...base, files: [] })).rejects.toThrow(/no files/);
    await expect(uploadImagesArtifact({ ...base, files: [inside], retentionDays: 0 })).rejects.toThrow(
      /retention/,
    );
  });
});

describe('artifactName', () => {
  it.each([
    ['generated-images', undefined, 'generated-images'],
    ['generated-images', { index: 2, total: 4 }, 'generated-images-2-of-4'],
    ['site-images', { index: 1, total: 1 }, 'site-images-1-of-1'],
  ])('%s with shard %j is %s, a name the service takes', (name, shard, expected) => {
    expect(artifactName(name, shard)).toBe(expected);
    expect(() => validateArtifactName(artifactName(name, shard))).not.toThrow();
  });

  it('gives every shard of a matrix its own name', () => {
    const names = [1, 2, 3, 4].map((index) => artifactName('generated-images', { index, total: 4 }));
    expect(new Set(names).size).toBe(4);
  });
});
