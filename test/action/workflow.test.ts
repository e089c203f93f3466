/**
 * src/action/workflow.ts speaks the runner's protocol in place of `@actions/core` (see its header):
 * every call the action makes must write exactly what `@actions/core` writes — stdout, the
 * GITHUB_OUTPUT file (random heredoc delimiters aside), the job summary — and fail the same way.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as real from '@actions/core';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import * as ours from '../../src/action/workflow.js';

let dir: string;
let saved: NodeJS.ProcessEnv;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pixazo-workflow-'));
  saved = { ...process.env };
  process.exitCode = undefined;
});
afterEach(() => {
  process.env = saved;
  process.exitCode = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** What `fn` writes to stdout. */
async function stdoutOf(fn: () => unknown): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return out;
}

/** Runs `call` against both modules and expects the same output. */
async function same(call: (m: typeof ours | typeof real) => unknown): Promise<string> {
  const mine = await stdoutOf(() => call(ours));
  const theirs = await stdoutOf(() => call(real as never));
  expect(mine).toBe(theirs);
  return mine;
}

const AWKWARD = 'line one\nline two\r\n100% done: a, b :: c';

describe('workflow commands are byte for byte those of @actions/core', () => {
  test.each([
    ['info', (m: typeof ours) => m.info(AWKWARD)],
    ['debug', (m: typeof ours) => m.debug(AWKWARD)],
    ['setSecret', (m: typeof ours) => m.setSecret('s3cr3t%value\nwith newline')],
    ['startGroup', (m: typeof ours) => m.startGroup(AWKWARD)],
    ['endGroup', (m: typeof ours) => m.endGroup()],
    ['warning without properties', (m: typeof ours) => m.warning(AWKWARD)],
    ['notice', (m: typeof ours) => m.notice(AWKWARD)],
    ['error from an Error', (m: typeof ours) => m.error(new Error(AWKWARD))],
    [
      'warning with every annotation property',
      (m: typeof ours) =>
        m.warning(AWKWARD, {
          title: 'pixazo-images: a, b',
          file: 'docs/images.config.yaml',
          startLine: 12,
          endLine: 13,
          startColumn: 5,
          endColumn: 9,
        }),
    ],
    [
      'an annotation at line 0 (left out, as core does)',
      (m: typeof ours) => m.warning('x', { file: 'a', startLine: 0 }),
    ],
  ])('%s', async (_name, call) => {
    const out = await same(call as (m: typeof ours | typeof real) => unknown);
    expect(out.length).toBeGreaterThan(0);
  });

  test('setFailed: the same annotation and exit code 1', async () => {
    await same((m) => m.setFailed(AWKWARD));
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    await stdoutOf(() => ours.setFailed('x'));
    expect(process.exitCode).toBe(1);
  });

  test('group: the same lines around the work, and its result', async () => {
    const out = await same((m) => m.group('Planning', async () => 42));
    expect(out).toBe('::group::Planning\n::endgroup::\n');
    await expect(
      stdoutOf(() => ours.group('g', async () => Promise.reject(new Error('boom')))),
    ).rejects.toThrow('boom');
  });
});

test('getInput: the same names, trimming and empty value', () => {
  process.env['INPUT_API-KEY'] = '  key  ';
  process.env.INPUT_MAX_COST = '1.5';
  for (const name of ['api-key', 'max cost', 'missing'])
    expect(ours.getInput(name)).toBe(real.getInput(name));
  expect(ours.getInput('api-key')).toBe('key');
});

describe('outputs', () => {
  /** The output file with its random delimiters replaced by a placeholder. */
  const normalized = (file: string) =>
    readFileSync(file, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIM');

  test('appended to GITHUB_OUTPUT as the same heredocs', async () => {
    const a = path.join(dir, 'ours');
    const b = path.join(dir, 'theirs');
    writeFileSync(a, '');
    writeFileSync(b, '');
    const calls: [string, unknown][] = [
      ['cost', '0.47'],
      ['report', AWKWARD],
      ['empty', ''],
      ['json', { a: [1, 2] }],
    ];
    process.env.GITHUB_OUTPUT = a;
    const outA = await stdoutOf(() => {
      for (const [k, v] of calls) ours.setOutput(k, v);
    });
    process.env.GITHUB_OUTPUT = b;
    const outB = await stdoutOf(() => {
      for (const [k, v] of calls) real.setOutput(k, v);
    });
    expect(outA).toBe(outB);
    expect(normalized(a)).toBe(normalized(b));
    expect(normalized(a)).toContain('report<<DELIM\nline one\nline two\r\n100% done: a, b :: c\nDELIM\n');
  });

  test('without GITHUB_OUTPUT: the same set-output command', async () => {
    delete process.env.GITHUB_OUTPUT;
    await same((m) => m.setOutput('cost', AWKWARD));
  });

  test('a missing output file is an error, as in core', () => {
    process.env.GITHUB_OUTPUT = path.join(dir, 'absent');
    expect(() => ours.setOutput('x', 'y')).toThrow(/Missing file at path/);
    expect(() => real.setOutput('x', 'y')).toThrow(/Missing file at path/);
  });
});

describe('job summary', () => {
  test('appends the markdown and a line end, like core.summary.addRaw(text, true).write()', async () => {
    const a = path.join(dir, 'a.md');
    const b = path.join(dir, 'b.md');
    writeFileSync(a, 'before\n');
    writeFileSync(b, 'before\n');
    process.env.GITHUB_STEP_SUMMARY = a;
    ours.appendSummary('## title\n\n| a |');
    process.env.GITHUB_STEP_SUMMARY = b;
    await real.summary.addRaw('## title\n\n| a |', true).write();
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
  });

  test('no GITHUB_STEP_SUMMARY: an error', () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    expect(() => ours.appendSummary('x')).toThrow(/GITHUB_STEP_SUMMARY/);
  });
});
