/** The job summary through `core.summary`: appended to the runner's file, never failing the run. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../src/action/context.js';
import type { ActionInputs } from '../../src/action/inputs.js';
import { writeSummary } from '../../src/action/summary.js';
import { renderSummary } from '../../src/report/markdown.js';
import type { RunReport } from '../../src/report/types.js';
import { report as runReport } from '../helpers/reports.js';
import { captureStdout, scopedEnv } from './stdout.js';

const stdout = captureStdout();
const setEnv = scopedEnv();
const dir = mkdtempSync(path.join(os.tmpdir(), 'pixazo-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A run with nothing to do: no entries, nothing spent this time. */
const report: RunReport = runReport([], {
  durationS: 3,
  cost: 0,
  estimatedCost: 0,
  spentTotal: 0.5,
  lockfileChanged: false,
});
const inputs = { comment: false } as ActionInputs;
const ctx = { workspace: dir, serverUrl: 'https://github.com', event: {} } as unknown as ActionContext;

// core.summary settles on the file it first finds for the whole process (one step), so every test
// here uses the same path.
const summaryFile = path.join(dir, 'summary.md');

describe('writeSummary', () => {
  it('a summary that cannot be written is a warning, and is not carried into the next one', async () => {
    mkdirSync(summaryFile);
    setEnv({ GITHUB_STEP_SUMMARY: summaryFile });
    await writeSummary(report, inputs, ctx, undefined);
    expect(stdout.lines()).toEqual([expect.stringMatching(/^::warning::Could not write the job summary: /)]);

    rmSync(summaryFile, { recursive: true });
    writeFileSync(summaryFile, 'an earlier step\n');
    await writeSummary(report, inputs, ctx, undefined);
    expect(readFileSync(summaryFile, 'utf8')).toBe(`an earlier step\n${renderSummary(report, {})}\n`);
  });

  it("appends to the runner's file", async () => {
    writeFileSync(summaryFile, 'an earlier step\n');
    setEnv({ GITHUB_STEP_SUMMARY: summaryFile });
    await writeSummary(report, inputs, ctx, undefined);
    expect(readFileSync(summaryFile, 'utf8')).toBe(`an earlier step\n${renderSummary(report, {})}\n`);
    expect(stdout.text()).toBe('');
  });

  it('without a summary file, writes nothing and says nothing', async () => {
    writeFileSync(summaryFile, '');
    setEnv({ GITHUB_STEP_SUMMARY: undefined });
    await writeSummary(report, inputs, ctx, undefined);
    expect(readFileSync(summaryFile, 'utf8')).toBe('');
    expect(stdout.text()).toBe('');
  });
});
