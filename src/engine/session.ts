import path from 'node:path';
import { loadManifest } from '../manifest/load.js';
import type { Manifest } from '../manifest/types.js';
import { lockfilePathFor } from '../plan/lockfile.js';
import { ConfigError } from './errors.js';

/** Load the manifest and find its lockfile; both adapters start here. */
export async function openManifest(opts: {
  workspace: string;
  config: string;
  lockfile?: string;
}): Promise<{ manifest: Manifest; lockfilePath: string }> {
  const abs = path.resolve(opts.workspace, opts.config);
  const display = path.relative(opts.workspace, abs).split(path.sep).join('/') || opts.config;
  const manifest = await loadManifest({ path: abs, workspace: opts.workspace, displayPath: display });
  const lockfilePath = opts.lockfile ? path.resolve(opts.workspace, opts.lockfile) : lockfilePathFor(abs);
  const rel = path.relative(opts.workspace, lockfilePath);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new ConfigError(
      `lockfile ${opts.lockfile ?? lockfilePath} is outside the workspace ${opts.workspace}: use a path inside it`,
    );
  }
  return { manifest, lockfilePath };
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
  return {
    signal: controller.signal,
    received: () => got,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
