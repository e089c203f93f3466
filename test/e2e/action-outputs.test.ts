/**
 * The outputs later steps script against, through the built action (dist/index.js): every output of
 * action.yml is set whatever happens (a later `if:` never reads an empty count), and `changed` and
 * `deleted` say what the run did to the workspace.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAction } from '../../scripts/gen-docs.js';
import { writeFiles } from '../fakes/git-repo.js';
import { type ActionRun, runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';
import {
  annotations,
  gitEnv,
  IMAGE_FILES,
  inputsFor,
  logOf,
  MANIFEST,
  pullRequestEvent,
} from './fixtures.js';

const t = setup({
  emulator: { latency: 20 },
  workspace: { kind: 'git', files: { 'README.md': '# site\n', 'images.config.yaml': MANIFEST } },
});

const OUTPUTS = Object.keys(readAction().outputs);

function run(inputs: Record<string, string> = {}, more: Partial<Parameters<typeof runAction>[0]> = {}) {
  return runAction({
    workspace: t.fx.work,
    inputs: inputsFor(t.emu, { publish: 'none', ...inputs }),
    env: gitEnv(t.fx),
    ...more,
  });
}

/** The outputs of a run that stopped before doing anything: all there, counts 0, nothing changed. */
function expectEarlyStop(r: ActionRun): void {
  expect(r.code, logOf(r)).toBe(1);
  expect(Object.keys(r.outputs).sort()).toEqual([...OUTPUTS].sort());
  expect(r.outputs).toMatchObject({
    generated: '0',
    reused: '0',
    unchanged: '0',
    failed: '0',
    cost: '0.0000',
    unpriced: '0',
    files: '',
    deleted: '',
    changed: 'false',
    'commit-sha': '',
    'artifact-id': '',
  });
  expect(t.emu.counters.submissions).toBe(0);
}

describe('every output is set when the run stops early', () => {
  it('an invalid manifest: no plan, so no report', async () => {
    await writeFiles(t.fx.work, { 'images.config.yaml': 'version: 1\nimages:\n  hero:\n    qualty: high\n' });
    const r = await run();
    expectEarlyStop(r);
    expect(r.outputs['estimated-cost']).toBe('0.0000');
    expect(r.outputs.report).toBe('');
  });

  it('a detached pull request checkout with publish: commit: stopped before planning or spending', async () => {
    await t.fx.git(t.fx.work, 'checkout', '--quiet', '--detach');
    const r = await run(
      { publish: 'commit' },
      { eventName: 'pull_request', event: pullRequestEvent({ number: 3, headRef: 'feature' }) },
    );
    expectEarlyStop(r);
    expect(annotations(r, 'error').join('\n')).toMatch(/HEAD is detached/);
    expect(r.outputs.report).toBe('');
  });

  it('over max-cost: the plan exists, so its estimate and report are there', async () => {
    const r = await run({ 'max-cost': '0.01' });
    expectEarlyStop(r);
    expect(r.outputs['estimated-cost']).toBe('0.0480');
    expect(path.isAbsolute(r.outputs.report!)).toBe(true);
    expect(JSON.parse(r.report!)).toMatchObject({ estimatedCost: 0.048 });
  });
});

describe('changed and deleted', () => {
  it('say what each run wrote and deleted: generated, moved, pruned, then nothing', async () => {
    const first = await run();
    expect(first.code, logOf(first)).toBe(0);
    expect(first.outputs).toMatchObject({ changed: 'true', deleted: '' });
    expect(first.outputs.files!.split('\n').sort()).toEqual(IMAGE_FILES);

    // hero's `out` moves; harbour leaves the manifest and is pruned.
    const moved = MANIFEST.replace(
      '    alt: A lighthouse\n',
      '    alt: A lighthouse\n    out: art/{id}.{ext}\n',
    ).replace('  harbour:\n    prompt: A quiet harbour at night\n', '');
    expect(moved).not.toBe(MANIFEST);
    await writeFiles(t.fx.work, { 'images.config.yaml': moved });
    const second = await run({ prune: 'true' });
    expect(second.code, logOf(second)).toBe(0);
    expect(second.outputs).toMatchObject({ changed: 'true', generated: '0', files: 'art/hero.webp' });
    expect(second.outputs.deleted!.split('\n').sort()).toEqual(['img/harbour.webp', 'img/hero.webp']);
    for (const gone of second.outputs.deleted!.split('\n'))
      expect(existsSync(path.join(t.fx.work, gone)), gone).toBe(false);
    expect(t.emu.counters.submissions).toBe(3);

    const third = await run({ prune: 'true' });
    expect(third.code, logOf(third)).toBe(0);
    expect(third.outputs).toMatchObject({ changed: 'false', files: '', deleted: '', unchanged: '2' });
  });

  it('in a shard matrix only shard 1 prunes, so every job may set prune: true', async () => {
    expect((await run()).code).toBe(0);
    await writeFiles(t.fx.work, {
      'images.config.yaml': MANIFEST.replace('  harbour:\n    prompt: A quiet harbour at night\n', ''),
    });
    const two = await run({ shard: '2/2', prune: 'true' });
    expect(two.code, logOf(two)).toBe(0);
    expect(two.outputs.deleted).toBe('');
    expect(existsSync(path.join(t.fx.work, 'img/harbour.webp'))).toBe(true);
    const one = await run({ shard: '1/2', prune: 'true' });
    expect(one.code, logOf(one)).toBe(0);
    expect(one.outputs).toMatchObject({ deleted: 'img/harbour.webp', changed: 'true' });
    expect(existsSync(path.join(t.fx.work, 'img/harbour.webp'))).toBe(false);
  });

  it('a lockfile-only change is a change: a FAILED generation is recorded, so later runs do not pay again', async () => {
    await writeFiles(t.fx.work, {
      'images.config.yaml': 'version: 1\nimages:\n  bad:\n    prompt: "[[FAIL]] a refused prompt"\n',
    });
    const r = await run({ 'fail-on-error': 'false' });
    expect(r.code, logOf(r)).toBe(0);
    expect(r.outputs).toMatchObject({ failed: '1', files: '', deleted: '', changed: 'true' });
    expect(existsSync(path.join(t.fx.work, 'images.lock.json'))).toBe(true);

    const again = await run({ 'fail-on-error': 'false' });
    expect(again.outputs).toMatchObject({ failed: '1', changed: 'false' });
    expect(t.emu.counters.submissions).toBe(1);
  });
});
