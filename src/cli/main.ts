import { existsSync, realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BudgetError, ConfigError } from '../engine/errors.js';
import { inputProblems } from '../engine/inputs.js';
import { runEngine } from '../engine/run.js';
import { cancellation, openManifest } from '../engine/session.js';
import type { EngineDeps } from '../engine/types.js';
import { lazyGateway } from '../gateway/lazy.js';
import { realClock } from '../gateway/options.js';
import { manifestJsonSchema } from '../manifest/schema.js';
import { type Manifest, ManifestError, type ManifestIssue } from '../manifest/types.js';
import { LockfileError } from '../plan/lockfile.js';
import { splitList, unmatchedPatternWarnings } from '../plan/select.js';
import { GitCli } from '../publish/git.js';
import type { RunReport } from '../report/types.js';
import { inputUrlDeps } from '../shared/input-urls.js';
import { type Command, type CommandLine, parseCommandLine, UsageError } from './args.js';
import { apiKeyFrom, readFlags } from './flags.js';
import { helpText, usageError, version } from './help.js';
import { type CliStream, Progress } from './progress.js';
import { originContext } from './repo.js';
import { type Paint, paint, planTable } from './table.js';

/** Exit codes: 0 success, 1 an entry failed or the budget was exceeded, 2 invalid manifest or arguments. */
export const EXIT = { ok: 0, failed: 1, invalid: 2 } as const;

/** Where the CLI writes and which folder it runs in (tests hand their own). */
export interface CliIO {
  stdout: CliStream;
  stderr: CliStream;
  /** The current directory: `--config` is relative to it, the workspace is found from it. */
  cwd: string;
}

/** Tables fit this many columns when the output is not a terminal that says its width. */
const DEFAULT_WIDTH = 80;

/**
 * Colors on a terminal, decided per stream (`plan | less` keeps colored errors, `2>log` keeps them
 * out of the log). FORCE_COLOR wins both ways (`0`/`false` off, anything else on, even in a pipe),
 * then NO_COLOR (https://no-color.org, any value) and TERM=dumb turn them off.
 */
export function wantsColor(stream: CliStream, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !/^(0|false)$/i.test(force);
  return !!stream.isTTY && !('NO_COLOR' in env) && env.TERM !== 'dumb';
}

/** The CLI: same engine, lockfile and files as the action. Returns the exit code. */
export async function cli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: Partial<CliIO> = {},
): Promise<number> {
  const out = io.stdout ?? process.stdout;
  const err = io.stderr ?? process.stderr;
  const pe = paint(wantsColor(err, env));
  let line: CommandLine;
  try {
    line = parseCommandLine(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err.write(usageError(e.message, e.command));
    return EXIT.invalid;
  }
  const { command, values: v } = line;
  if (v.version) {
    out.write(`${version()}\n`);
    return EXIT.ok;
  }
  if (!command || line.help) {
    out.write(helpText(command));
    return command || line.help ? EXIT.ok : EXIT.invalid;
  }
  if (command === 'schema') {
    out.write(`${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
    return EXIT.ok;
  }

  const cwd = resolved(io.cwd ?? process.cwd());
  const workspace = await findWorkspace(cwd);
  // Issues name the manifest relative to the workspace; the terminal wants it relative to here.
  const shown = (file: string): string => path.relative(cwd, path.resolve(workspace, file)) || file;
  try {
    const flags = readFlags(v, env);
    const config = path.resolve(cwd, v.config ?? 'images.config.yaml');
    const { manifest, lockfilePath } = await openManifest({ workspace, config });
    for (const w of manifest.warnings) err.write(issueLine({ ...w, file: shown(w.file) }, pe));
    const inputs = await inputDeps(workspace, env, v['input-url-template']);
    if (command === 'validate') {
      const all = manifest.entries.map((entry) => ({ entry, action: 'generate' as const }));
      const refusals = await inputProblems(all, manifest.entries, inputs);
      for (const r of refusals) err.write(`${pe.yellow('warning:')} generate would refuse ${r}\n`);
      const n = manifest.entries.length;
      if (v.json)
        writeJson(out, {
          ...validation(manifest.displayPath, n, [], manifest.warnings),
          ...(refusals.length ? { wouldRefuse: refusals } : {}),
        });
      else
        out.write(
          `${shown(manifest.displayPath)}: ${n} ${n === 1 ? 'entry' : 'entries'}, ${paint(wantsColor(out, env)).green('valid')}\n`,
        );
      return EXIT.ok;
    }
    const ids = manifest.entries.map((e) => e.id);
    const unmatched = [
      ...unmatchedPatternWarnings('--only', (v.only ?? []).flatMap(splitList), ids),
      ...unmatchedPatternWarnings('--force', (v.force ?? []).flatMap(splitList), ids),
    ];
    for (const w of unmatched) err.write(`${pe.yellow('warning:')} ${w}\n`);
    const dryRun = command === 'plan' || v['dry-run'] === true;
    const apiKey = dryRun ? '' : apiKeyFrom(env);
    if (!dryRun && !apiKey)
      throw new ConfigError(
        'PIXAZO_API_KEY is not set: export your Pixazo subscription key, or run `pixazo-images plan` to estimate without one.',
      );
    const mode = dryRun ? 'quiet' : err.isTTY && !v.json && env.TERM !== 'dumb' ? 'live' : 'plain';
    const progress = new Progress(err, mode, pe);
    const cancel = cancellation((name) =>
      progress.line(`Received ${name}: no new submissions; recording what is running…`),
    );
    const deps: EngineDeps = {
      clock: realClock,
      events: (e) => progress.event(e),
      ...inputs,
      // Loaded on first call: a run with nothing to generate never loads the HTTP client.
      ...(dryRun
        ? {}
        : {
            gateway: lazyGateway(async () => {
              const { PixazoClient } = await import('../gateway/client.js');
              return new PixazoClient({
                ...flags.client,
                apiKey,
                logger: { debug: () => {}, warning: (m) => progress.line(pe.yellow(`warning: ${m}`)) },
              });
            }),
          }),
    };
    let report: RunReport;
    try {
      report = await runEngine({ manifest, lockfilePath, dryRun, ...flags.run, signal: cancel.signal }, deps);
    } catch (e) {
      progress.done();
      if (!(e instanceof BudgetError)) throw e;
      // The refused plan is still worth seeing: what would have been generated, and its cost.
      await show(e.report, [], { error: e.message });
      err.write(`${pe.red('error:')} ${e.message}\n`);
      return EXIT.failed;
    } finally {
      cancel.dispose();
    }
    progress.done();
    // A run stops on these before spending; a plan lists them.
    const refusals = dryRun ? await inputProblems(plannedOf(report, manifest), manifest.entries, inputs) : [];
    await show(report, refusals);
    if (dryRun) return EXIT.ok;
    if (cancel.received()) return EXIT.failed;
    return report.totals.failed > 0 ? EXIT.failed : EXIT.ok;

    async function show(
      r: RunReport,
      wouldRefuse: string[],
      extra: Record<string, unknown> = {},
    ): Promise<void> {
      if (v.report) await writeReport(cwd, v.report, r);
      if (v.json) {
        writeJson(out, { ...r, ...extra, ...(wouldRefuse.length ? { wouldRefuse } : {}) });
        return;
      }
      const po = paint(wantsColor(out, env));
      const width = v.wide ? undefined : out.isTTY && out.columns ? out.columns : DEFAULT_WIDTH;
      const gone = r.dryRun || r.planOnly ? goneOrphans(r, workspace) : new Set<string>();
      out.write(`${planTable(r, po, { ...(width ? { width } : {}), gone })}\n`);
      if (wouldRefuse.length > 0) {
        out.write(`\n${po.bold('generate would refuse, before any submission:')}\n`);
        for (const w of wouldRefuse) out.write(`  ${po.yellow(w)}\n`);
      }
    }
  } catch (e) {
    return failure(e, command, v, { out, err, pe, shown });
  }
}

/** Reports what stopped the command, on stderr (and as JSON with --json); returns the exit code. */
function failure(
  e: unknown,
  command: Command,
  v: CommandLine['values'],
  o: { out: CliStream; err: CliStream; pe: Paint; shown: (file: string) => string },
): number {
  const code = exitCodeOf(e);
  if (e instanceof ManifestError) {
    const issues = e.issues.map((i) => ({ ...i, file: o.shown(i.file) }));
    for (const i of issues) o.err.write(issueLine(i, o.pe));
    const n = issues.filter((i) => i.severity === 'error').length;
    o.err.write(`${n} problem${n === 1 ? '' : 's'} in the manifest; nothing was sent to the gateway.\n`);
    if (v.json) {
      const errors = issues.filter((i) => i.severity === 'error');
      const warnings = issues.filter((i) => i.severity === 'warning');
      writeJson(
        o.out,
        command === 'validate'
          ? validation(issues[0]?.file ?? v.config ?? 'images.config.yaml', 0, errors, warnings)
          : { error: e.message, issues },
      );
    }
    return code;
  }
  const message = e instanceof Error ? e.message : String(e);
  o.err.write(`${o.pe.red('error:')} ${message}\n`);
  if (v.json) writeJson(o.out, { error: message });
  return code;
}

/** Bad input (manifest, flags, lockfile) is 2; anything else that stopped the run is 1. */
function exitCodeOf(e: unknown): number {
  return e instanceof ManifestError || e instanceof ConfigError || e instanceof LockfileError
    ? EXIT.invalid
    : EXIT.failed;
}

/**
 * How local reference images reach the gateway: --input-url-template, else the default for the
 * GitHub host of the `origin` remote; checked to be committed at HEAD and pushed there.
 */
async function inputDeps(
  workspace: string,
  env: NodeJS.ProcessEnv,
  template: string | undefined,
): Promise<Pick<EngineDeps, 'inputUrl' | 'checkInput'>> {
  const origin = await originContext(workspace, env);
  const ctx = origin && (origin.onGitHub || template) ? origin.ctx : { serverUrl: 'https://github.com' };
  return inputUrlDeps(template ? { inputUrlTemplate: template } : {}, ctx, workspace);
}

/** The report's entries as the plan had them, for the checks a run makes before spending. */
function plannedOf(report: RunReport, manifest: Manifest) {
  const byId = new Map(manifest.entries.map((e) => [e.id, e]));
  return report.entries.flatMap((r) => {
    const entry = byId.get(r.id);
    return entry ? [{ entry, action: r.action }] : [];
  });
}

/** Orphans none of whose files is left: the next generate drops their records without asking. */
function goneOrphans(report: RunReport, workspace: string): Set<string> {
  return new Set(
    report.orphans
      .filter((o) => o.files.every((f) => !existsSync(path.resolve(workspace, f))))
      .map((o) => o.id),
  );
}

/** `file:line:col: error: message`, the form editors and terminals turn into links. */
function issueLine(i: ManifestIssue, p: Paint): string {
  const level = i.severity === 'error' ? p.red('error') : p.yellow('warning');
  return `${i.file}:${i.line}:${i.col}: ${level}: ${i.message}\n`;
}

function validation(
  manifest: string,
  entries: number,
  errors: readonly ManifestIssue[],
  warnings: readonly ManifestIssue[],
): Record<string, unknown> {
  return { valid: errors.length === 0, manifest, entries, errors, warnings };
}

function writeJson(out: CliStream, value: unknown): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function writeReport(cwd: string, file: string, report: RunReport): Promise<void> {
  await writeFile(path.resolve(cwd, file), `${JSON.stringify(report, null, 2)}\n`);
}

/** The real path (symlinks resolved, as git reports the repository root), or the path itself. */
function resolved(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/** The workspace: the enclosing git repository's root, else the current directory. */
async function findWorkspace(cwd: string): Promise<string> {
  try {
    const { top } = await new GitCli(cwd).locate();
    return top ? resolved(top) : cwd;
  } catch {
    return cwd;
  }
}
