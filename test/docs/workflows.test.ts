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
    const wf = parse(readFileSync(path.join(ROOT, file), 'utf8')) as {
      jobs: Record<string, { steps?: { id?: string; uses?: string; with?: Record<string, unknown> }[] }>;
    };
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
    expect(ours, 'the workflow uses the action').toBeGreaterThan(0);
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
