import { realpathSync } from 'node:fs';
import path from 'node:path';
import { BudgetError, ConfigError } from '../engine/errors.js';
import { inputProblems } from '../engine/inputs.js';
import { runEngine } from '../engine/run.js';
import { cancellation, openManifest } from '../engine/session.js';
import type { EngineDeps } from '../engine/types.js';
import { lazyGateway } from '../gateway/lazy.js';
import { manifestJsonSchema } from '../manifest/schema.js';
import type { Manifest } from '../manifest/types.js';
import { acquireRunLock } from '../plan/run-lock.js';
import { unmatchedPatternWarnings } from '../plan/select.js';
import type { RunReport } from '../report/types.js';
import { realClock } from '../shared/clock.js';
import { GitCli } from '../shared/git.js';
import { splitList } from '../shared/read-settings.js';
import { CLI_NAMES, defaultOf } from '../shared/settings.js';
import { plural } from '../shared/words.js';
import { type Command, type CommandLine, parseCommandLine, UsageError } from './args.js';
import { paint, wantsColor } from './color.js';
import { apiKeyFrom, readFlags } from './flags.js';
import { galleryCommand } from './gallery.js';
import { helpText, usageError, version } from './help.js';
import { EXIT, failure, issueLine, type Session, show, validation, writeJson } from './output.js';
import { noCalls, pickOf } from './pick.js';
import { Progress } from './progress.js';
import { inputDeps } from './repo.js';
import { type CliStream, guarded } from './sink.js';

export { EXIT };

/** Where the CLI writes and which folder it runs in (tests hand their own). */
export interface CliIO {
  stdout: CliStream;
  stderr: CliStream;
  /** The current directory: `--config` is relative to it (the workspace is found from the manifest). */
  cwd: string;
}

/** The CLI: same engine, lockfile and files as the action. Returns the exit code. */
export async function cli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: Partial<CliIO> = {},
): Promise<number> {
  // Every line the CLI prints passes the redactor (the key is registered when it is read).
  const out = guarded(io.stdout ?? process.stdout);
  const err = guarded(io.stderr ?? process.stderr);
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
  const given = path.resolve(cwd, v.config ?? defaultOf('config'));
  // Symlinks resolved like the workspace's, so the manifest is found inside it.
  const config = path.join(resolved(path.dirname(given)), path.basename(given));
  const workspace = await findWorkspace(path.dirname(config));
  const s: Session = {
    v,
    ...(line.args && { args: line.args }),
    env,
    out,
    err,
    pe,
    cwd,
    config,
    workspace,
    // Issues name the manifest relative to the workspace; the terminal wants it relative to here.
    shown: (file) => path.relative(cwd, path.resolve(workspace, file)) || file,
  };
  try {
    return await runCommand(command, s);
  } catch (e) {
    return failure(e, command, s);
  }
}

async function runCommand(command: Exclude<Command, 'schema'>, s: Session): Promise<number> {
  const { v, env, err, pe } = s;
  const flags = readFlags(v, env);
  const { manifest, lockfilePath } = await openManifest({
    workspace: s.workspace,
    config: s.config,
    names: CLI_NAMES,
  });
  for (const w of manifest.warnings) err.write(issueLine({ ...w, file: s.shown(w.file) }, pe));
  if (command === 'gallery') {
    const cwd = s.cwd;
    s.out.write(
      `${await galleryCommand({ manifest, lockfilePath, cwd, ...(v.out !== undefined && { out: v.out }) })}\n`,
    );
    return EXIT.ok;
  }
  // `pick <id> <k>` (§10): checked against the manifest and the lockfile before anything is touched.
  const pick = command === 'pick' ? await pickOf(s.args ?? [], manifest, lockfilePath) : undefined;
  const inputs = await inputDeps(s.workspace, env, v['input-url-template']);
  if (command === 'validate') return validate(s, manifest, inputs);
  const ids = manifest.entries.map((e) => e.id);
  const unmatched = [
    ...unmatchedPatternWarnings('--only', splitList(v.only), ids),
    ...unmatchedPatternWarnings('--force', splitList(v.force), ids),
  ];
  for (const w of unmatched) err.write(`${pe.yellow('warning:')} ${w}\n`);
  const dryRun = command === 'plan' || v['dry-run'] === true;
  const apiKey = dryRun || pick ? '' : apiKeyFrom(env);
  if (!dryRun && !apiKey && !pick)
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
      : pick
        ? { gateway: noCalls() }
        : {
            gateway: lazyGateway(async () => {
              const { PixazoClient } = await import('../gateway/client.js');
              return new PixazoClient({
                ...flags.client,
                apiKey,
                names: CLI_NAMES,
                logger: { debug: () => {}, warning: (m) => progress.line(pe.yellow(`warning: ${m}`)) },
              });
            }),
          }),
  };
  let report: RunReport;
  // One run per lockfile: a run that writes it holds its lock from planning to the end; a plan reads only.
  const lock = dryRun
    ? undefined
    : await acquireRunLock(lockfilePath, {
        clock: realClock,
        signal: cancel.signal,
        run: `pixazo-images ${command}`,
        displayRoot: s.cwd,
        onWait: (m) => progress.line(m),
        onWarning: (m) => progress.line(pe.yellow(`warning: ${m}`)),
      }).catch((e: unknown) => {
        cancel.dispose();
        throw e;
      });
  try {
    report = await runEngine(
      {
        manifest,
        lockfilePath,
        dryRun,
        ...flags.run,
        names: CLI_NAMES,
        signal: cancel.signal,
        ...(v.candidates === true && { candidates: true }),
        // A pick touches its entry only.
        ...(pick && { pick, only: (id: string) => id === pick.id }),
      },
      deps,
    );
  } catch (e) {
    progress.done();
    if (!(e instanceof BudgetError)) throw e;
    // The refused plan is still worth seeing: what would have been generated, and its cost.
    await show(s, e.report, [], { error: e.message });
    err.write(`${pe.red('error:')} ${e.message}\n`);
    return EXIT.failed;
  } finally {
    cancel.dispose();
    await lock?.release();
  }
  progress.done();
  // A run stops on these before spending; a plan lists them.
  const refusals = dryRun
    ? await inputProblems(plannedOf(report, manifest), manifest.entries, inputs, CLI_NAMES)
    : [];
  await show(s, report, refusals);
  if (dryRun) return EXIT.ok;
  if (cancel.received()) return EXIT.failed;
  return report.totals.failed > 0 ? EXIT.failed : EXIT.ok;
}

/** validate: the manifest loaded, so it is valid; what generate would refuse is a warning. */
async function validate(
  s: Session,
  manifest: Manifest,
  inputs: Pick<EngineDeps, 'inputUrl' | 'checkInput'>,
): Promise<number> {
  const all = manifest.entries.map((entry) => ({ entry, action: 'generate' as const }));
  const refusals = await inputProblems(all, manifest.entries, inputs, CLI_NAMES);
  for (const r of refusals) s.err.write(`${s.pe.yellow('warning:')} generate would refuse ${r}\n`);
  const n = manifest.entries.length;
  if (s.v.json)
    writeJson(s.out, {
      ...validation(manifest.displayPath, n, [], manifest.warnings),
      ...(refusals.length ? { wouldRefuse: refusals } : {}),
    });
  else {
    const green = paint(wantsColor(s.out, s.env)).green;
    s.out.write(`${s.shown(manifest.displayPath)}: ${plural(n, 'entry', 'entries')}, ${green('valid')}\n`);
  }
  return EXIT.ok;
}

/** The report's entries as the plan had them, for the checks a run makes before spending. */
function plannedOf(report: RunReport, manifest: Manifest) {
  const byId = new Map(manifest.entries.map((e) => [e.id, e]));
  return report.entries.flatMap((r) => {
    const entry = byId.get(r.id);
    return entry ? [{ entry, action: r.action }] : [];
  });
}

/** The real path (symlinks resolved, as git reports the repository root), or the path itself. */
function resolved(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/**
 * The workspace (SPEC §8): the git repository that holds the manifest, else the manifest's folder —
 * wherever the command is run from, so `-c ../site/images.config.yaml` works from another repository.
 */
async function findWorkspace(manifestDir: string): Promise<string> {
  try {
    const { top } = await new GitCli(manifestDir).locate();
    return top ? resolved(top) : manifestDir;
  } catch {
    return manifestDir;
  }
}
