/**
 * Every workflow we ship or run (examples/workflows/*.yml, .github/workflows/*.yml) and action.yml
 * pass GitHub's own parser, @actions/workflow-parser (the one behind the Actions language
 * service): schema, keys, expressions and the contexts each key may use. Offline: the parser
 * carries its schemas. On top, the steps that use this action pass only inputs it has and read
 * only outputs it has.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ACTION_REF, documents, readAction } from '../../scripts/gen-docs.js';
import { parseManifestText } from '../../src/manifest/parse.js';

// The parser's ESM build imports its JSON schemas without `with { type: 'json' }`, which only
// bundlers accept; Node needs the attribute, so it is added for that package's JSON files.
registerHooks({
  load(url, context, next) {
    if (url.includes('/@actions/workflow-parser/') && url.endsWith('.json'))
      return next(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
    return next(url, context);
  },
});

const ROOT = path.resolve(import.meta.dirname, '../..');

type Parser = typeof import('@actions/workflow-parser');
type ActionParser = typeof import('@actions/workflow-parser/actions/action-parser');
let wp: Parser;
let ap: ActionParser;
beforeAll(async () => {
  wp = await import('@actions/workflow-parser');
  ap = await import('@actions/workflow-parser/actions/action-parser');
});

/** Every problem GitHub's parser finds in a workflow, as `file (Line: l, Col: c): message`. */
async function workflowErrors(name: string, content: string): Promise<string[]> {
  const parsed = wp.parseWorkflow({ name, content }, new wp.NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value) {
    const template = await wp.convertWorkflowTemplate(parsed.context, parsed.value);
    errors.push(...(template.errors ?? []).map((e) => e.Message));
  }
  return [...new Set(errors)];
}

function actionErrors(name: string, content: string): string[] {
  const parsed = ap.parseAction({ name, content }, new wp.NoOperationTraceWriter());
  return parsed.context.errors.getErrors().map((e) => e.message);
}

function yamlFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${dir}/${f}`);
}

const WORKFLOWS = [...yamlFiles('examples/workflows'), ...yamlFiles('.github/workflows')];

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  'runs-on'?: string;
  strategy?: { matrix?: Record<string, unknown> };
  steps?: Step[];
}
interface Workflow {
  name: string;
  on: {
    push?: { paths?: string[]; tags?: string[] };
    pull_request?: { paths?: string[]; types?: string[] };
    workflow_run?: { workflows: string[] };
  };
  jobs: Record<string, Job>;
}

function read(file: string): Workflow {
  return parse(readFileSync(path.join(ROOT, file), 'utf8')) as Workflow;
}

/** Names of the artifacts a job's `actions/<kind>` steps upload or download. */
function artifactNames(job: Job, kind: 'upload-artifact' | 'download-artifact'): string[] {
  return (job.steps ?? [])
    .filter((s) => s.uses?.startsWith(`actions/${kind}@`))
    .map((s) => String(s.with?.name ?? ''));
}

describe('the validator itself', () => {
  test('finds what GitHub would refuse (so a pass means something)', async () => {
    const broken = [
      'on:\n  pushh: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo',
      'on: push\npermissions:\n  contents: wrte\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo',
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: echo',
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secret.X }}',
    ];
    for (const w of broken) expect(await workflowErrors('broken.yml', w)).not.toEqual([]);
    // A `${{ secrets.… }}` in an action.yml description makes the action fail to load.
    const action =
      'name: x\ndescription: x\ninputs:\n  k:\n    description: "use ${{ secrets.K }}"\nruns:\n  using: node24\n  main: index.js\n';
    expect(actionErrors('action.yml', action).join('\n')).toMatch(/Unrecognized named-value: 'secrets'/);
  });
});

describe('workflows', () => {
  test('there are examples and a CI workflow to check', () => {
    expect(WORKFLOWS).toContain('.github/workflows/ci.yml');
    expect(WORKFLOWS.filter((f) => f.startsWith('examples/')).length).toBeGreaterThanOrEqual(5);
  });

  test.each(WORKFLOWS)('%s is valid for GitHub Actions', async (file) => {
    expect(await workflowErrors(file, readFileSync(path.join(ROOT, file), 'utf8'))).toEqual([]);
  });

  test.each(WORKFLOWS)('%s uses only inputs and outputs that action.yml has', (file) => {
    const action = readAction();
    const inputs = Object.keys(action.inputs);
    const outputs = Object.keys(action.outputs);
    const wf = read(file);
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    let ours = 0;
    for (const job of Object.values(wf.jobs)) {
      for (const step of job.steps ?? []) {
        if (step.uses !== './' && step.uses !== ACTION_REF) {
          expect(step.uses ?? '', 'another version of this action').not.toMatch(/pixazo-images@/);
          continue;
        }
        ours++;
        for (const key of Object.keys(step.with ?? {})) expect(inputs, `${file}: with.${key}`).toContain(key);
        if (!step.id) continue;
        for (const m of text.matchAll(new RegExp(`steps\\.${step.id}\\.outputs\\.([\\w-]+)`, 'g')))
          expect(outputs, `${file}: steps.${step.id}.outputs.${m[1]}`).toContain(m[1]);
      }
    }
    // A workflow_run workflow works with what the workflow it follows produced; the release
    // workflow publishes the action rather than using it.
    if (!wf.on.workflow_run && !wf.on.push?.tags)
      expect(ours, 'the workflow uses the action').toBeGreaterThan(0);
  });

  test.each(WORKFLOWS.filter((f) => read(f).on.workflow_run))(
    '%s follows a workflow of the examples by its name, and downloads what that one uploads',
    (file) => {
      const wf = read(file);
      const followed = wf.on.workflow_run!.workflows.map((name) => {
        const match = WORKFLOWS.filter((f) => read(f).name === name);
        expect(match, `a workflow named ${name}`).toHaveLength(1);
        return read(match[0]!);
      });
      const uploads = new Set(
        followed.flatMap((f) => Object.values(f.jobs).flatMap((j) => artifactNames(j, 'upload-artifact'))),
      );
      const downloads = Object.values(wf.jobs).flatMap((j) => artifactNames(j, 'download-artifact'));
      expect(downloads.length).toBeGreaterThan(0);
      for (const name of downloads) expect([...uploads], `artifact ${name}`).toContain(name);
    },
  );
});

describe('what the examples promise', () => {
  test('the pull request examples watch every path the push example watches (a new reference image too)', () => {
    const push = read('examples/workflows/images-push.yml').on.push!.paths!;
    expect(push).toContain('docs/photos/**');
    for (const file of ['images-pr.yml', 'images-pr-approve.yml', 'images-sharded.yml']) {
      const on = read(`examples/workflows/${file}`).on;
      expect((on.pull_request ?? on.push)!.paths, file).toEqual(expect.arrayContaining(push));
    }
  });

  test('approve before spend: the key only in the run the label started, and that label is the one removed', () => {
    const wf = read('examples/workflows/images-pr-approve.yml');
    const job = wf.jobs.images!;
    const label = /github\.event\.label\.name == '([\w-]+)'/.exec(job.if ?? '')?.[1];
    expect(label).toBe('generate-images');
    expect(wf.on.pull_request!.types).toContain('labeled');
    const action = job.steps!.find((s) => s.uses === ACTION_REF)!;
    expect(action.with!['api-key']).toBe(
      "${{ github.event.action == 'labeled' && secrets.PIXAZO_API_KEY || '' }}",
    );
    const removal = job.steps!.find((s) => s.run?.includes('labels/'));
    expect(removal?.run).toMatch(new RegExp(`labels/${label}"$`));
  });

  test('the sharded example prunes, which only shard 1 does, and names no artifact per shard', () => {
    const text = readFileSync(path.join(ROOT, 'examples/workflows/images-sharded.yml'), 'utf8');
    const step = read('examples/workflows/images-sharded.yml').jobs.images!.steps!.find(
      (s) => s.uses === ACTION_REF,
    )!;
    expect(step.with!.prune).toBe(true);
    expect(text).toMatch(/only shard 1/);
    for (const f of WORKFLOWS)
      expect(readFileSync(path.join(ROOT, f), 'utf8')).not.toMatch(/artifact-name:.*matrix/);
  });

  test('the CI runs the test suite on Linux, Windows and macOS', () => {
    const test = read('.github/workflows/ci.yml').jobs.test!;
    expect(test['runs-on']).toBe('${{ matrix.os }}');
    expect(test.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
    expect(test.steps!.some((s) => s.run === 'npm test')).toBe(true);
  });
});

describe('action.yml', () => {
  test('is valid for the runner (no expression where the runner refuses one)', () => {
    expect(actionErrors('action.yml', readFileSync(path.join(ROOT, 'action.yml'), 'utf8'))).toEqual([]);
  });

  test('has branding, and every input and output has a description', () => {
    const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      description: string;
      branding: { icon: string; color: string };
      runs: { using: string; main: string };
    };
    expect(action.description.length).toBeGreaterThan(20);
    // The GitHub Marketplace refuses an action whose description is 125 characters or more.
    expect(action.description.length, action.description).toBeLessThan(125);
    expect(action.branding).toEqual({ icon: expect.any(String), color: expect.any(String) });
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    const { inputs, outputs } = readAction();
    for (const [name, spec] of [...Object.entries(inputs), ...Object.entries(outputs)])
      expect(spec.description.length, name).toBeGreaterThan(10);
  });
});

describe('the yaml blocks of the README and docs/', () => {
  // Examples that are not example files (the quickstart's workflow, the manifests) are checked too.
  const blocks = documents()
    .flatMap((f) => [
      ...readFileSync(path.join(ROOT, f), 'utf8').matchAll(/^( *)```yaml\n([\s\S]*?)^\1```$/gm),
    ])
    .map((m) => m[2]!.replace(new RegExp(`^${m[1]}`, 'gm'), ''));

  test('every workflow in it is valid for GitHub Actions', async () => {
    const workflows = blocks.filter((b) => /^jobs:/m.test(b));
    expect(workflows.length).toBeGreaterThanOrEqual(6);
    for (const w of workflows) expect(await workflowErrors('docs.yml', w), w).toEqual([]);
  });

  test('every manifest in it is valid', () => {
    const manifests = blocks.filter((b) => /^version: 1$/m.test(b) && /^images:/m.test(b));
    expect(manifests.length).toBeGreaterThanOrEqual(2);
    const ws = mkdtempSync(path.join(os.tmpdir(), 'pixazo-readme-'));
    try {
      // The reference manifest names a local input image.
      mkdirSync(path.join(ws, 'docs/photos'), { recursive: true });
      writeFileSync(path.join(ws, 'docs/photos/team.png'), 'png');
      for (const m of manifests) {
        const manifest = parseManifestText(m, { path: path.join(ws, 'images.config.yaml'), workspace: ws });
        expect(manifest.entries.length).toBeGreaterThan(0);
      }
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
