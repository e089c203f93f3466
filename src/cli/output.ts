/**
 * What the CLI prints once a command has run or stopped: the report (a table or JSON), and the
 * problem that stopped it with its exit code.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../engine/errors.js';
import { ManifestError, type ManifestIssue } from '../manifest/types.js';
import { LockfileError } from '../plan/lockfile.js';
import type { RunReport } from '../report/types.js';
import { redact } from '../shared/redact.js';
import { defaultOf } from '../shared/settings.js';
import { plural } from '../shared/words.js';
import type { Command, CommandLine } from './args.js';
import { type Paint, paint, wantsColor } from './color.js';
import type { CliStream } from './sink.js';
import { planTable } from './table.js';
import { wrapItem } from './text-width.js';

/** Exit codes: 0 success, 1 an entry failed or the budget was exceeded, 2 invalid manifest or arguments. */
export const EXIT = { ok: 0, failed: 1, invalid: 2 } as const;

/** Tables fit this many columns when the output is not a terminal that says its width. */
const DEFAULT_WIDTH = 80;

/** What every step of a command needs: the flags, the streams, where it runs. */
export interface Session {
  readonly v: CommandLine['values'];
  /** `pick`'s arguments (id, k). */
  readonly args?: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly out: CliStream;
  readonly err: CliStream;
  /** Colors of stderr. */
  readonly pe: Paint;
  readonly cwd: string;
  /** The manifest's absolute path (`--config`, relative to `cwd`). */
  readonly config: string;
  /** The git repository holding the manifest, else the manifest's folder. */
  readonly workspace: string;
  /** A workspace-relative path as the terminal shows it: relative to the current directory. */
  readonly shown: (file: string) => string;
}

/** The report: JSON, or the table and what generate would refuse; and the --report file. */
export async function show(
  s: Session,
  r: RunReport,
  wouldRefuse: string[],
  extra: Record<string, unknown> = {},
): Promise<void> {
  const { v, out } = s;
  if (v.report) await writeReport(s.cwd, v.report, r);
  if (v.json) {
    writeJson(out, { ...r, ...extra, ...(wouldRefuse.length ? { wouldRefuse } : {}) });
    return;
  }
  const po = paint(wantsColor(out, s.env));
  const width = v.wide ? undefined : out.isTTY && out.columns ? out.columns : DEFAULT_WIDTH;
  out.write(`${planTable(r, po, width ? { width } : {})}\n`);
  if (r.concurrency)
    out.write(`${po.dim(`Concurrency (${r.concurrency.mode}): ${r.concurrency.summary}.`)}\n`);
  if (wouldRefuse.length > 0) {
    out.write(`\n${po.bold('generate would refuse, before any submission:')}\n`);
    for (const w of wouldRefuse) for (const line of wrapItem(w, width)) out.write(`${po.yellow(line)}\n`);
  }
}

/** Reports what stopped the command, on stderr (and as JSON with --json); returns the exit code. */
export function failure(e: unknown, command: Command, s: Session): number {
  const { v, out, err, pe } = s;
  const code = exitCodeOf(e);
  if (e instanceof ManifestError) {
    const issues = e.issues.map((i) => ({ ...i, file: s.shown(i.file) }));
    for (const i of issues) err.write(issueLine(i, pe));
    const n = issues.filter((i) => i.severity === 'error').length;
    err.write(`${plural(n, 'problem')} in the manifest; nothing was sent to the gateway.\n`);
    if (v.json) {
      const errors = issues.filter((i) => i.severity === 'error');
      const warnings = issues.filter((i) => i.severity === 'warning');
      writeJson(
        out,
        command === 'validate'
          ? validation(issues[0]?.file ?? v.config ?? defaultOf('config'), 0, errors, warnings)
          : { error: e.message, issues },
      );
    }
    return code;
  }
  const message = e instanceof Error ? e.message : String(e);
  err.write(`${pe.red('error:')} ${message}\n`);
  if (v.json) writeJson(out, { error: message });
  return code;
}

/** Bad input (manifest, flags, lockfile) is 2; anything else that stopped the run is 1. */
function exitCodeOf(e: unknown): number {
  return e instanceof ManifestError || e instanceof ConfigError || e instanceof LockfileError
    ? EXIT.invalid
    : EXIT.failed;
}

/** `file:line:col: error: message`, the form editors and terminals turn into links. */
export function issueLine(i: ManifestIssue, p: Paint): string {
  const level = i.severity === 'error' ? p.red('error') : p.yellow('warning');
  const where = i.line ? `${i.file}:${i.line}:${i.col}` : i.file;
  return `${where}: ${level}: ${i.message}\n`;
}

export function validation(
  manifest: string,
  entries: number,
  errors: readonly ManifestIssue[],
  warnings: readonly ManifestIssue[],
): Record<string, unknown> {
  return { valid: errors.length === 0, manifest, entries, errors, warnings };
}

export function writeJson(out: CliStream, value: unknown): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function writeReport(cwd: string, file: string, report: RunReport): Promise<void> {
  await writeFile(path.resolve(cwd, file), redact(`${JSON.stringify(report, null, 2)}\n`));
}
