import path from 'node:path';
import { loadManifest } from '../manifest/load.js';
import { pathProblem, toPosix, type Workspace, workspaceOf } from '../manifest/paths.js';
import type { Manifest } from '../manifest/types.js';
import { lockfilePathFor } from '../plan/lockfile.js';
import type { SettingNames } from '../shared/settings.js';
import { ConfigError } from './errors.js';

/**
 * Load the manifest and find its lockfile; both adapters start here. Both paths must resolve
 * inside the workspace and outside `.git`, symlinks followed, before either file is read: a
 * manifest read from elsewhere would show its lines in annotations.
 */
export async function openManifest(opts: {
  workspace: string;
  config: string;
  lockfile?: string;
  /** How messages name settings (`config`): the action's inputs by default. */
  names?: SettingNames;
}): Promise<{ manifest: Manifest; lockfilePath: string }> {
  const ws = workspaceOf(opts.workspace);
  const abs = path.resolve(ws.root, opts.config);
  refuseOutside(abs, ws, `config \`${opts.config}\``, 'the manifest');
  const lockfilePath = opts.lockfile ? path.resolve(ws.root, opts.lockfile) : lockfilePathFor(abs);
  refuseOutside(
    lockfilePath,
    ws,
    opts.lockfile
      ? `lockfile \`${opts.lockfile}\``
      : `lockfile ${toPosix(path.relative(ws.root, lockfilePath))}`,
    'the lockfile',
  );
  const display = toPosix(path.relative(ws.root, abs));
  const manifest = await loadManifest({
    path: abs,
    workspace: ws.root,
    displayPath: display,
    ...(opts.names && { names: opts.names }),
  });
  return { manifest, lockfilePath };
}

function refuseOutside(abs: string, ws: Workspace, named: string, what: string): void {
  const problem = pathProblem(abs, ws);
  if (problem)
    throw new ConfigError(
      `${named} ${problem.why}: ${what} must be inside the workspace (${ws.root}) and outside \`.git\`; use a path inside it`,
    );
}

/** A cancel that came before any run's `cancellation` listened (see `listenForCancel`). */
let cancelledEarly: NodeJS.Signals | undefined;
const early = (name: NodeJS.Signals): void => {
  cancelledEarly ??= name;
};

/**
 * Listen for SIGINT/SIGTERM from the process's first moment: a cancel while the inputs and the
 * manifest are read is then not Node's default (the process killed, no report, no outputs); the
 * next `cancellation` starts aborted, and the run ends cleanly before it submits anything.
 */
export function listenForCancel(): void {
  process.on('SIGINT', early);
  process.on('SIGTERM', early);
}

/**
 * Cancellation as GitHub does it (SIGINT, then SIGTERM 7.5 s later): the first signal aborts,
 * so the engine stops submitting and records what is running; the process exits non-zero after.
 */
export function cancellation(onSignal: (name: string) => void): {
  signal: AbortSignal;
  dispose(): void;
  received(): string | undefined;
} {
  const controller = new AbortController();
  let got: string | undefined;
  const handler = (name: NodeJS.Signals): void => {
    if (got) return;
    got = name;
    onSignal(name);
    controller.abort(new Error(`received ${name}`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  if (cancelledEarly) handler(cancelledEarly);
  return {
    signal: controller.signal,
    received: () => got,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
