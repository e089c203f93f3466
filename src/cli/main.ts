import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { inputUrlDeps } from '../action/input-urls.js';
import { BudgetError, ConfigError } from '../engine/errors.js';
import { runEngine } from '../engine/run.js';
import { cancellation, openManifest } from '../engine/session.js';
import { PixazoClient, realClock } from '../gateway/client.js';
import { manifestJsonSchema } from '../manifest/schema.js';
import { ManifestError } from '../manifest/types.js';
import { LockfileError } from '../plan/lockfile.js';
import { idMatcher, splitList } from '../plan/select.js';
import type { RunReport } from '../report/types.js';
import { HELP, usageError } from './help.js';
import { Progress } from './progress.js';
import { paint, planTable } from './table.js';

export const EXIT = { ok: 0, failed: 1, invalid: 2 } as const;

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
  help: { type: 'boolean', short: 'h' },
} as const;

/** The CLI: same engine, lockfile and files as the action. Returns the exit code. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = process.stdout;
  const err = process.stderr;
  let args: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    args = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    err.write(usageError((e as Error).message));
    return EXIT.invalid;
  }
  const [command, ...extra] = args.positionals;
  const v = args.values;
  if (!command || v.help) {
    out.write(HELP[command ?? ''] ?? HELP['']!);
    return command || v.help ? EXIT.ok : EXIT.invalid;
  }
  if (!['validate', 'plan', 'generate', 'schema'].includes(command) || extra.length > 0) {
    err.write(usageError(extra.length ? `unexpected argument ${extra[0]}` : `unknown command ${command}`));
    return EXIT.invalid;
  }
  if (command === 'schema') {
    out.write(`${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
    return EXIT.ok;
  }

  const color = !!out.isTTY && !('NO_COLOR' in env) && env.TERM !== 'dumb';
  const p = paint(color);
  try {
    const cwd = realpathSync(process.cwd());
    const workspace = findWorkspace(cwd);
    const config = path.resolve(cwd, v.config ?? 'images.config.yaml');
    const { manifest, lockfilePath } = await openManifest({ workspace, config });
    for (const w of manifest.warnings) err.write(`${w.file}:${w.line}:${w.col}: warning: ${w.message}\n`);
    if (command === 'validate') {
      if (v.json)
        out.write(
          `${JSON.stringify({ valid: true, entries: manifest.entries.length, warnings: manifest.warnings }, null, 2)}\n`,
        );
      else out.write(`${manifest.displayPath}: ${manifest.entries.length} entries, valid\n`);
      return EXIT.ok;
    }
    const dryRun = command === 'plan' || !!v['dry-run'];
    const apiKey = env.PIXAZO_API_KEY?.trim() ?? '';
    if (!dryRun && !apiKey)
      throw new ConfigError(
        'PIXAZO_API_KEY is not set: export your Pixazo subscription key, or run `pixazo-images plan` to estimate without one.',
      );
    const concurrency = v.concurrency === undefined ? 4 : Number(v.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new ConfigError(`--concurrency must be a whole number ≥ 1, got "${v.concurrency}"`);
    const maxCost = v['max-cost'] === undefined ? undefined : Number(v['max-cost'].replace(/^\$/, ''));
    if (maxCost !== undefined && !(maxCost >= 0))
      throw new ConfigError(`--max-cost must be a number of USD, got "${v['max-cost']}"`);
    const force = idMatcher((v.force ?? []).flatMap(splitList));
    const only = idMatcher((v.only ?? []).flatMap(splitList));

    const progress = new Progress(err, !!err.isTTY && !v.json, p);
    const cancel = cancellation((name) =>
      progress.line(`Received ${name}: no new submissions; recording what is running…`),
    );
    let report: RunReport;
    try {
      report = await runEngine(
        {
          manifest,
          lockfilePath,
          dryRun,
          ...(maxCost !== undefined ? { maxCost } : {}),
          concurrency,
          pollInterval: { min: 2000, max: 10000 },
          pollTimeoutMs: 15 * 60_000,
          ...(force ? { force } : {}),
          ...(only ? { only } : {}),
          prune: false,
          signal: cancel.signal,
        },
        {
          clock: realClock,
          events: (e) => progress.event(e),
          ...(dryRun
            ? {}
            : {
                gateway: new PixazoClient({
                  baseUrl: (
                    v['gateway-url'] ??
                    env.PIXAZO_GATEWAY_URL ??
                    'https://gateway.pixazo.ai'
                  ).replace(/\/+$/, ''),
                  apiKey,
                  logger: { debug: () => {}, warning: (m) => progress.line(p.yellow(`warning: ${m}`)) },
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
      if (e instanceof BudgetError) {
        out.write(`${v.json ? JSON.stringify(e.report, null, 2) : planTable(e.report, p)}\n`);
        err.write(`${p.red('error:')} ${e.message}\n`);
        return EXIT.failed;
      }
      throw e;
    } finally {
      cancel.dispose();
    }
    progress.done();
    if (v.report) await writeFile(path.resolve(v.report), `${JSON.stringify(report, null, 2)}\n`);
    out.write(`${v.json ? JSON.stringify(report, null, 2) : planTable(report, p)}\n`);
    if (cancel.received()) return EXIT.failed;
    return report.totals.failed > 0 ? EXIT.failed : EXIT.ok;
  } catch (e) {
    return reportError(e, err, p);
  }
}

/** Bad input is printed as `file:line:col: message` lines, never a stack trace. */
function reportError(e: unknown, err: NodeJS.WritableStream, p: ReturnType<typeof paint>): number {
  if (e instanceof ManifestError) {
    for (const i of e.issues)
      err.write(
        `${i.file}:${i.line}:${i.col}: ${i.severity === 'error' ? p.red('error') : p.yellow('warning')}: ${i.message}\n`,
      );
    return EXIT.invalid;
  }
  if (e instanceof ConfigError || e instanceof LockfileError) {
    err.write(`${p.red('error:')} ${e.message}\n`);
    return EXIT.invalid;
  }
  err.write(`${p.red('error:')} ${e instanceof Error ? e.message : String(e)}\n`);
  return EXIT.failed;
}

/** The workspace: the enclosing git repository's root, else the current directory. */
function findWorkspace(cwd: string): string {
  try {
    return (
      execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim() || cwd
    );
  } catch {
    return cwd;
  }
}
