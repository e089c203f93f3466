/**
 * The heavy publishing libraries (@actions/artifact, @actions/cache, @actions/github: ~1–2.6 MB
 * chunks each in dist/) are loaded only on the paths that use them. A module hook in the spawned
 * action records every file the ESM loader loads; runs that do not publish that way must not load them.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import { gitEnv, inputsFor, logOf, MANIFEST, pullRequestEvent } from './fixtures.js';

const DIST = path.resolve(import.meta.dirname, '../../dist');
const HEAVY_BYTES = 500_000;

const t = setup({
  emulator: { latency: 30 },
  workspace: { kind: 'git', files: { 'README.md': '# site\n', 'images.config.yaml': MANIFEST } },
});
let hooks: string;
let heavy: string[];
beforeAll(async () => {
  hooks = await mkdtemp(path.join(tmpdir(), 'pixazo-trace-'));
  await writeFile(
    path.join(hooks, 'trace.mjs'),
    [
      "import { appendFileSync } from 'node:fs';",
      "import { registerHooks } from 'node:module';",
      'registerHooks({',
      '  load(url, context, next) {',
      "    if (url.startsWith('file:')) appendFileSync(process.env.PIXAZO_TRACE, `${url}\\n`);",
      '    return next(url, context);',
      '  },',
      '});',
    ].join('\n'),
  );
  const chunks = (await readdir(DIST)).filter((f) => /^\d+\.index\.js$/.test(f));
  heavy = [];
  for (const c of chunks) {
    if ((await stat(path.join(DIST, c))).size <= HEAVY_BYTES) continue;
    // A publishing library's chunk (the gateway client's own undici chunk loads whenever a run generates).
    const text = await readFile(path.join(DIST, c), 'utf8');
    if (/DefaultArtifactClient|getOctokit|restoreCache|@azure\//.test(text)) heavy.push(c);
  }
});
afterAll(() => rm(hooks, { recursive: true, force: true }));

/** Runs the action with the trace hook; returns the run and the dist files it loaded. */
async function traced(opts: Parameters<typeof runAction>[0]) {
  const trace = path.join(hooks, `trace-${Math.random().toString(36).slice(2)}.txt`);
  await writeFile(trace, '');
  const run = await runAction({
    ...opts,
    env: { ...opts.env, NODE_OPTIONS: `--import ${path.join(hooks, 'trace.mjs')}`, PIXAZO_TRACE: trace },
  });
  const loaded = (await readFile(trace, 'utf8'))
    .split('\n')
    .filter((u) => u.includes('/dist/'))
    .map((u) => path.basename(new URL(u).pathname));
  return { run, loaded };
}

// A cache service URL that is never contacted unless a lookup happens.
const cacheEnv = { ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/' };

describe('heavy modules load on demand (built action)', () => {
  it('the entry chunk holds none of the @actions publishing libraries', async () => {
    const entry = await readFile(path.join(DIST, 'index.js'), 'utf8');
    for (const marker of ['DefaultArtifactClient', 'getOctokit', 'restoreCache', 'saveCache'])
      expect(entry, marker).not.toContain(marker);
    expect(heavy.length).toBeGreaterThanOrEqual(3);
  });

  it('generating with publish: none and no cache loads no heavy chunk', async () => {
    const { run, loaded } = await traced({
      workspace: t.fx.work,
      inputs: inputsFor(t.emu, { publish: 'none' }),
      env: gitEnv(t.fx),
    });
    expect(run.code, logOf(run)).toBe(0);
    expect(run.outputs.generated).toBe('3');
    expect(loaded).toContain('index.js');
    expect(loaded.filter((f) => heavy.includes(f))).toEqual([]);

    // The control: a cache lookup does load @actions/cache (the service is unreachable: one warning).
    const withCache = await traced({
      workspace: t.fx.work,
      inputs: inputsFor(t.emu, { publish: 'none', cache: 'true', force: 'hero' }),
      env: { ...gitEnv(t.fx), ...cacheEnv },
    });
    expect(withCache.run.code, logOf(withCache.run)).toBe(0);
    expect(withCache.loaded.filter((f) => heavy.includes(f))).not.toEqual([]);
  });

  it('a run with nothing to do loads no heavy chunk, on push and on a pull request', async () => {
    const first = await runAction({ workspace: t.fx.work, inputs: inputsFor(t.emu), env: gitEnv(t.fx) });
    expect(first.code, logOf(first)).toBe(0);
    expect(first.outputs['commit-sha']).not.toBe('');

    // Defaults that would load every library if there were anything to do: cache, commit, comment.
    const defaults = inputsFor(t.emu, { cache: 'true', publish: 'commit', comment: 'true' });
    const onPush = await traced({
      workspace: t.fx.work,
      inputs: defaults,
      env: { ...gitEnv(t.fx), ...cacheEnv },
    });
    expect(onPush.run.code, logOf(onPush.run)).toBe(0);
    expect(onPush.run.outputs.unchanged).toBe('3');
    expect(onPush.loaded.filter((f) => heavy.includes(f))).toEqual([]);

    const onPr = await traced({
      workspace: t.fx.work,
      inputs: defaults,
      env: { ...gitEnv(t.fx), ...cacheEnv },
      eventName: 'pull_request',
      event: pullRequestEvent({ number: 3, headRef: 'main' }),
    });
    expect(onPr.run.code, logOf(onPr.run)).toBe(0);
    expect(onPr.loaded.filter((f) => heavy.includes(f))).toEqual([]);
  });
});
