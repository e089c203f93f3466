import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The inputs of action.yml with their defaults, as the runner would apply them. */
export async function actionDefaults(): Promise<Record<string, string>> {
  const action = parse(await readFile(path.join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  return Object.fromEntries(
    Object.entries(action.inputs).map(([name, spec]) => [name, String(spec.default ?? '')]),
  );
}

export interface ActionRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Killed (SIGKILL) because it was still running after `timeoutMs`. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** The JSON report's text (output `report`), read before the run's RUNNER_TEMP is removed. */
  report: string | undefined;
  /** `::error file=…,line=…::message` and friends, parsed. */
  annotations: { level: string; props: Record<string, string>; message: string }[];
}

export interface RunActionOptions {
  workspace: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  event?: Record<string, unknown>;
  eventName?: string;
  /** Called with the child once it is running (e.g. to send SIGINT). */
  onSpawn?: (child: import('node:child_process').ChildProcess, output: () => string) => void;
  timeoutMs?: number;
  /** Called after the run with the folder holding its RUNNER_TEMP, outputs and summary, before it is removed. */
  inspect?: (tmp: string) => Promise<void>;
}

/**
 * Run the built bundle exactly as the runner does: `node dist/index.js` with `INPUT_<NAME>` (upper
 * case, hyphens kept) for every input with action.yml defaults applied, and GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY and GITHUB_EVENT_PATH files.
 */
export async function runAction(opts: RunActionOptions): Promise<ActionRun> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'pixazo-runner-'));
  try {
    const files = {
      output: path.join(tmp, 'output'),
      summary: path.join(tmp, 'summary.md'),
      event: path.join(tmp, 'event.json'),
    };
    await writeFile(files.output, '');
    await writeFile(files.summary, '');
    await writeFile(files.event, JSON.stringify(opts.event ?? {}));
    const inputs = { ...(await actionDefaults()), ...opts.inputs };
    if (inputs['github-token'] === '${{ github.token }}') inputs['github-token'] = 'ghs_e2e_token';
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmp,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_WORKSPACE: opts.workspace,
      RUNNER_TEMP: path.join(tmp, 'runner-temp'),
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_EVENT_NAME: opts.eventName ?? 'push',
      GITHUB_REPOSITORY: 'octo/site',
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_RUN_ID: '4242',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: 'http://127.0.0.1:9',
      ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
      ...opts.env,
    };
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/index.js')], {
      cwd: opts.workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    opts.onSpawn?.(child, () => stdout);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 60_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (c, s) => resolve([c, s])),
    );
    clearTimeout(timer);
    const outputs = parseOutputs(await readFile(files.output, 'utf8'));
    await opts.inspect?.(tmp);
    return {
      code,
      signal,
      timedOut,
      stdout,
      stderr,
      outputs,
      summary: await readFile(files.summary, 'utf8'),
      report: outputs.report ? await readFile(outputs.report, 'utf8').catch(() => undefined) : undefined,
      annotations: parseAnnotations(stdout),
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** GITHUB_OUTPUT's heredoc format: `name<<DELIM\nvalue\nDELIM`. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (m) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
      out[m[1]!] = value.join('\n');
    } else if (lines[i]!.includes('=')) {
      const [k, ...v] = lines[i]!.split('=');
      out[k!] = v.join('=');
    }
  }
  return out;
}

function parseAnnotations(stdout: string): ActionRun['annotations'] {
  const res: ActionRun['annotations'] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)( [^:]*)?::(.*)$/.exec(line);
    if (!m) continue;
    const props = Object.fromEntries(
      (m[2] ?? '')
        .trim()
        .split(',')
        .filter(Boolean)
        .map((kv) => {
          const [k, ...v] = kv.split('=');
          return [k!, decodeURIComponent(v.join('=').replace(/%2C/g, ','))];
        }),
    );
    res.push({ level: m[1]!, props, message: m[3]!.replace(/%0A/g, '\n').replace(/%25/g, '%') });
  }
  return res;
}
