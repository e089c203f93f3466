/**
 * `publish: artifact` through the built action (dist/index.js), with the REAL @actions/artifact
 * uploading to a local fake of the Actions results service; the zip it received is opened and checked.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { ACTIONS_BOT, type GitHubApi, startGitHubApi } from '../fakes/github-api.js';
import { type ResultsService, startResultsService } from '../fakes/results-service.js';
import { runAction } from '../helpers/run-action.js';
import {
  annotations,
  IMAGE_FILES,
  inputsFor,
  LOCKFILE,
  logOf,
  MANIFEST,
  pullRequestEvent,
  type RunnerLayout,
  runnerLayout,
  unzip,
} from './publish-fixtures.js';

const RUN_ID = '4242';

let emu: Emulator;
let service: ResultsService;
let layout: RunnerLayout;
let ws: string;
beforeAll(async () => {
  emu = await startEmulator({ latency: 30 });
  service = await startResultsService();
});
afterAll(async () => {
  await emu.close();
  await service.close();
});
beforeEach(async () => {
  emu.resetCounters();
  service.artifacts.length = 0;
  service.failAll = false;
  layout = await runnerLayout();
  ws = await layout.workspace('site', { 'images.config.yaml': MANIFEST });
});
afterEach(() => layout.cleanup());

/** The runner's environment for the artifact client: results service, runtime token, fixed RUNNER_TEMP. */
const env = (extra: Record<string, string> = {}) => ({
  ...service.env(RUN_ID, 'job-1'),
  RUNNER_TEMP: layout.runnerTemp,
  ...extra,
});
const artifactInputs = (extra: Record<string, string> = {}) =>
  inputsFor(emu, { publish: 'artifact', 'artifact-retention-days': '3', ...extra });

describe('publish: artifact (built action, real @actions/artifact)', () => {
  it('uploads the written images, the lockfile and the report, stored uncompressed; artifact-id output', async () => {
    const run = await runAction({ workspace: ws, inputs: artifactInputs(), env: env() });
    expect(run.code, logOf(run)).toBe(0);
    expect(service.artifacts).toHaveLength(1);
    const [artifact] = service.artifacts;
    expect(artifact).toMatchObject({ name: 'generated-images', finalized: true, retentionDays: 3 });
    expect(run.outputs['artifact-id']).toBe(String(artifact!.id));
    expect(run.outputs['commit-sha']).toBe('');

    const zip = unzip(artifact!.bytes!);
    expect([...zip.keys()].sort()).toEqual([...IMAGE_FILES, LOCKFILE, 'pixazo-images-report.json'].sort());
    for (const f of [...IMAGE_FILES, LOCKFILE]) {
      expect(zip.get(f)!.data.equals(await readFile(path.join(ws, f))), f).toBe(true);
    }
    // Images are compressed already: compression level 0 stores them.
    for (const f of IMAGE_FILES) expect(zip.get(f)!.stored, f).toBe(true);
    const report = JSON.parse(zip.get('pixazo-images-report.json')!.data.toString('utf8')) as {
      entries: { id: string; status: string }[];
      filesWritten: string[];
    };
    expect(report.entries.map((e) => [e.id, e.status]).sort()).toEqual([
      ['gulls', 'generated'],
      ['harbour', 'generated'],
      ['hero', 'generated'],
    ]);
    // The same report as the `report` output, which stays under RUNNER_TEMP.
    expect(run.outputs.report!.startsWith(layout.runnerTemp + path.sep)).toBe(true);
    expect(JSON.parse(await readFile(run.outputs.report!, 'utf8'))).toEqual(report);
    // The staging folder is gone; nothing was written into the workspace beyond images and lockfile.
    expect((await readdir(layout.runnerTemp)).filter((f) => f.startsWith('pixazo-images-artifact-'))).toEqual(
      [],
    );
    expect((await readdir(ws)).sort()).toEqual(['images.config.yaml', 'images.lock.json', 'img']);

    emu.resetCounters();
    const again = await runAction({
      workspace: ws,
      inputs: artifactInputs({ 'artifact-name': 'again' }),
      env: env(),
    });
    expect(again.code, logOf(again)).toBe(0);
    expect(again.outputs['artifact-id']).toBe('');
    expect(service.artifacts).toHaveLength(1);
    expect(again.stdout).toMatch(/no artifact to upload/);
  });

  it('a refused upload fails the step after the outputs and summary are written', async () => {
    // Another job of this run took the name already.
    const first = await runAction({ workspace: ws, inputs: artifactInputs({ only: 'hero' }), env: env() });
    expect(first.code, logOf(first)).toBe(0);
    const ws2 = await layout.workspace('second', { 'images.config.yaml': MANIFEST });
    const run = await runAction({ workspace: ws2, inputs: artifactInputs({ shard: '1/2' }), env: env() });
    expect(run.code).toBe(1);
    const [error] = annotations(run, 'error');
    expect(error).toMatch(/already exists/);
    expect(error).toMatch(/distinct artifact names/);
    // The images were paid for: outputs, files and summary are all there.
    expect(run.outputs.generated).toBe('1');
    expect(run.outputs.files).toBe('img/gulls-1.webp\nimg/gulls-2.webp');
    expect(run.outputs['artifact-id']).toBe('');
    expect(run.summary).toContain('gulls');
    expect(await readFile(path.join(ws2, 'img/gulls-1.webp'))).toBeTruthy();
  });

  describe('on a pull request', () => {
    let api: GitHubApi;
    beforeAll(async () => {
      api = await startGitHubApi({ users: { ghs_e2e_token: ACTIONS_BOT } });
    });
    afterAll(() => api.close());

    it('the sticky comment links the artifact and previews the media URLs', async () => {
      const run = await runAction({
        workspace: ws,
        inputs: artifactInputs(),
        env: env({ GITHUB_API_URL: api.url }),
        eventName: 'pull_request',
        event: pullRequestEvent({ number: 5, headRef: 'feature' }),
      });
      expect(run.code, logOf(run)).toBe(0);
      expect(api.comments).toHaveLength(1);
      const body = api.comments[0]!.body;
      const id = run.outputs['artifact-id'];
      expect(body).toContain(`https://github.com/octo/site/actions/runs/${RUN_ID}/artifacts/${id}`);
      expect(body).toContain(`<img src="${emu.url}/media/`);
      expect(run.summary).toContain(`<img src="${emu.url}/media/`);
    });
  });
});
