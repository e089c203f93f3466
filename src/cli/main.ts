import { realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BudgetError, ConfigError } from '../engine/errors.js';
import { runEngine } from '../engine/run.js';
import { cancellation, openManifest } from '../engine/session.js';
import { PixazoClient, realClock } from '../gateway/client.js';
import { manifestJsonSchema } from '../manifest/schema.js';
import { ManifestError, type ManifestIssue } from '../manifest/types.js';
import { LockfileError } from '../plan/lockfile.js';
import { idMatcher, splitList, unmatchedPatternWarnings } from '../plan/select.js';
import type { RunReport } from '../report/types.js';
import { GitCli } from '../shared/git.js';
import { inputUrlDeps } from '../shared/input-urls.js';
import { galleryCommand } from './gallery.js';
import { COMMANDS, type Command, HELP, usageError, version } from './help.js';
import { type CliStream, Progress } from './progress.js';
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

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  'gateway-url': { type: 'string' },
  concurrency: { type: 'string' },
  'max-cost': { type: 'string' },
  force: { type: 'string', multiple: true },
  only: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  'input-url-template': { type: 'string' },
  report: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/**
 * Colors only on a terminal, never when NO_COLOR is set (https://no-color.org, any value) or on a
 * dumb terminal. Decided per stream: `plan | less` keeps colored errors, `2>log` keeps them out of the log.
 */
export function wantsColor(stream: CliStream, env: NodeJS.ProcessEnv): boolean {
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
  const po = paint(wantsColor(out, env));
  const pe = paint(wantsColor(err, env));
  let args: { values: Values; positionals: string[] };
  try {
    args = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    err.write(usageError((e as Error).message));
    return EXIT.invalid;
  }
  const v = args.values;
  // `pixazo-images help plan` is `pixazo-images plan --help`.
  const [first, ...rest] = args.positionals;
  const helpCommand = first === 'help';
  const [command, ...extra] = helpCommand ? rest : args.positionals;
  if (v.version) {
    out.write(`${version()}\n`);
    return EXIT.ok;
  }
  if (command !== undefined && !isCommand(command)) {
    err.write(usageError(`unknown command ${command}`));
    return EXIT.invalid;
  }
  if (!command || v.help || helpCommand) {
    out.write(HELP[command ?? '']);
    return command || v.help || helpCommand ? EXIT.ok : EXIT.invalid;
  }
  if (extra.length > 0) {
    err.write(usageError(`unexpected argument ${extra[0]}`));
    return EXIT.invalid;
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
    const config = path.resolve(cwd, v.config ?? 'images.config.yaml');
    const { manifest, lockfilePath } = await openManifest({ workspace, config });
    for (const w of manifest.warnings) err.write(issueLine({ ...w, file: shown(w.file) }, pe));
    if (command === 'validate') {
      if (v.json)
        writeJson(out, validation(manifest.displayPath, manifest.entries.length, [], manifest.warnings));
      else
        out.write(
          `${shown(manifest.displayPath)}: ${manifest.entries.length} ${manifest.entries.length === 1 ? 'entry' : 'entries'}, ${po.green('valid')}\n`,
        );
      return EXIT.ok;
    }
    const ids = manifest.entries.map((e) => e.id);
    const unmatched = [
      ...unmatchedPatternWarnings('--only', (v.only ?? []).flatMap(splitList), ids),
      ...unmatchedPatternWarnings('--force', (v.force ?? []).flatMap(splitList), ids),
    ];
    for (const w of unmatched) err.write(`${pe.yellow('warning:')} ${w}\n`);
    if (command === 'gallery') {
      out.write(
        `${await galleryCommand({ manifest, lockfilePath, cwd, ...(v.out !== undefined && { out: v.out }) })}\n`,
      );
      return EXIT.ok;
    }
    const dryRun = command === 'plan' || !!v['dry-run'];
    const apiKey = env.PIXAZO_API_KEY?.trim() ?? '';
    if (!dryRun && !apiKey)
      throw new ConfigError(
        'PIXAZO_API_KEY is not set: export your Pixazo subscription key, or run `pixazo-images plan` to estimate without one.',
      );
    const run = runOptions(v);
    const gatewayUrl = (v['gateway-url'] ?? env.PIXAZO_GATEWAY_URL ?? 'https://gateway.pixazo.ai').replace(
      /\/+$/,
      '',
    );
    if (!/^https?:\/\/[^/]+/.test(gatewayUrl))
      throw new ConfigError(`--gateway-url must be an http(s) URL, got "${gatewayUrl}"`);
    const progress = new Progress(err, !!err.isTTY && !v.json && env.TERM !== 'dumb', pe);
    const cancel = cancellation((name) =>
      progress.line(`Received ${name}: no new submissions; recording what is running…`),
    );
    let report: RunReport;
    try {
      report = await runEngine(
        { manifest, lockfilePath, dryRun, ...run, signal: cancel.signal },
        {
          clock: realClock,
          events: (e) => progress.event(e),
          ...(dryRun
            ? {}
            : {
                gateway: new PixazoClient({
                  baseUrl: gatewayUrl,
                  apiKey,
                  logger: { debug: () => {}, warning: (m) => progress.line(pe.yellow(`warning: ${m}`)) },
                }),
              }),
          ...(await inputUrlDeps(
            v['input-url-template'] ? { inputUrlTemplate: v['input-url-template'] } : {},
            { serverUrl: 'https://github.com' },
            workspace,
          )),
        },
      );
    } catch (e) {
      progress.done();
      if (!(e instanceof BudgetError)) throw e;
      // The refused plan is still worth seeing: what would have been generated, and its cost.
      if (v.report) await writeReport(cwd, v.report, e.report);
      if (v.json) writeJson(out, { ...e.report, error: e.message });
      else out.write(`${planTable(e.report, po)}\n`);
      err.write(`${pe.red('error:')} ${e.message}\n`);
      return EXIT.failed;
    } finally {
      cancel.dispose();
    }
    progress.done();
    if (v.report) await writeReport(cwd, v.report, report);
    if (v.json) writeJson(out, report);
    else out.write(`${planTable(report, po)}\n`);
    if (cancel.received()) return EXIT.failed;
    return report.totals.failed > 0 ? EXIT.failed : EXIT.ok;
  } catch (e) {
    const code = exitCodeOf(e);
    if (e instanceof ManifestError) {
      const issues = e.issues.map((i) => ({ ...i, file: shown(i.file) }));
      for (const i of issues) err.write(issueLine(i, pe));
      const n = issues.filter((i) => i.severity === 'error').length;
      err.write(`${n} problem${n === 1 ? '' : 's'} in the manifest; nothing was sent to the gateway.\n`);
      if (v.json) {
        const errors = issues.filter((i) => i.severity === 'error');
        const warnings = issues.filter((i) => i.severity === 'warning');
        writeJson(
          out,
          command === 'validate'
            ? validation(issues[0]?.file ?? v.config ?? 'images.config.yaml', 0, errors, warnings)
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
}

function isCommand(s: string): s is Command {
  return (COMMANDS as readonly string[]).includes(s);
}

/** Bad input (manifest, flags, lockfile) is 2; anything else that stopped the run is 1. */
function exitCodeOf(e: unknown): number {
  return e instanceof ManifestError || e instanceof ConfigError || e instanceof LockfileError
    ? EXIT.invalid
    : EXIT.failed;
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

/** The run's options from the flags; every bad flag is a ConfigError (exit 2). */
function runOptions(v: Values) {
  const concurrency = v.concurrency === undefined ? 4 : Number(v.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new ConfigError(`--concurrency must be a whole number from 1 to 64, got "${v.concurrency}"`);
  const maxCost = v['max-cost'] === undefined ? undefined : Number(v['max-cost'].trim().replace(/^\$/, ''));
  if (maxCost !== undefined && (v['max-cost']!.trim() === '' || !(maxCost >= 0) || !Number.isFinite(maxCost)))
    throw new ConfigError(`--max-cost must be a number of USD, got "${v['max-cost']}"`);
  const force = idMatcher((v.force ?? []).flatMap(splitList));
  const only = idMatcher((v.only ?? []).flatMap(splitList));
  return {
    ...(maxCost !== undefined ? { maxCost } : {}),
    concurrency,
    pollInterval: { min: 2000, max: 10000 },
    pollTimeoutMs: 15 * 60_000,
    ...(force ? { force } : {}),
    ...(only ? { only } : {}),
    // The CLI never deletes: orphans are reported, and `prune: true` in the action removes them.
    prune: false,
  };
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
