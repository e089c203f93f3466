/** Every output of action.yml, set once per run, whether it finished or stopped early. */

import type { RunReport } from '../report/types.js';
import { formatCostOutput } from '../shared/format.js';
import type { Published } from './deliver.js';
import { setOutput } from './sinks.js';

let outputsSet = false;

/** Every output of action.yml; without a report (the run stopped early) the counts are 0. */
export function setOutputs(
  report: RunReport | undefined,
  reportPath: string,
  published: Published | undefined,
): void {
  setOutput('generated', String(report?.totals.generated ?? 0));
  setOutput('reused', String(report?.totals.reused ?? 0));
  setOutput('unchanged', String(report?.totals.unchanged ?? 0));
  setOutput('failed', String(report?.totals.failed ?? 0));
  setOutput('cost', formatCostOutput(report?.cost ?? 0));
  setOutput('estimated-cost', formatCostOutput(report?.estimatedCost ?? 0));
  setOutput('unpriced', String(report?.unpriced ?? 0));
  setOutput('files', (report?.filesWritten ?? []).join('\n'));
  setOutput('deleted', (report?.filesDeleted ?? []).join('\n'));
  setOutput('changed', String(report !== undefined && changedWorkspace(report)));
  setOutput('report', reportPath);
  setOutput('commit-sha', published?.commitSha ?? '');
  setOutput('artifact-id', published?.artifactId !== undefined ? String(published.artifactId) : '');
  outputsSet = true;
}

/** Whether the run left something to commit: image files written or deleted, or a changed lockfile. */
function changedWorkspace(report: RunReport): boolean {
  return report.filesWritten.length > 0 || report.filesDeleted.length > 0 || report.lockfileChanged;
}

/** Every output exists even when the run stops early, so later steps can read them: 0 and empty. */
export function setMissingOutputs(): void {
  if (!outputsSet) setOutputs(undefined, '', undefined);
}
