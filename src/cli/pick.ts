/**
 * `pixazo-images pick <id> <k>` (§10): the same pick as the `/pixazo pick` command, locally and
 * without a permission check. The id and k are checked against the manifest and the lockfile first
 * (the same check the action makes); the run itself makes no gateway call.
 */
import { ConfigError } from '../engine/errors.js';
import type { Gateway } from '../gateway/types.js';
import type { Manifest } from '../manifest/types.js';
import { parseCommands } from '../plan/commands-parse.js';
import { fingerprintAll } from '../plan/fingerprint.js';
import { emptyLockfile, parseLockfile } from '../plan/lockfile.js';
import { commandProblems } from '../report/command-problems.js';
import { readTextIfExists } from '../shared/fs.js';

/** The pick `args` ask for, once the manifest and lockfile say it can be made; else a ConfigError. */
export async function pickOf(
  args: readonly string[],
  manifest: Manifest,
  lockfilePath: string,
): Promise<{ id: string; k: number }> {
  const [command] = parseCommands(`/pixazo pick ${args.join(' ')}`);
  const text = await readTextIfExists(lockfilePath);
  const lock = text === undefined ? emptyLockfile() : parseLockfile(text, lockfilePath);
  const problems = command
    ? commandProblems([command], manifest, lock, await fingerprintAll(manifest.entries))
    : [];
  if (command?.kind !== 'pick' || problems.length > 0)
    throw new ConfigError(problems.join('\n') || 'usage: pixazo-images pick <id> <k>');
  return { id: command.id, k: command.k };
}

/** The gateway of a run that must make no call (a pick): any call is a bug, refused loudly. */
export function noCalls(): Gateway {
  const refuse = (): never => {
    throw new Error('pick makes no gateway call');
  };
  return { submit: refuse, status: refuse, download: refuse };
}
