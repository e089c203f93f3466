/**
 * The CLI's last resort: an error thrown outside `cli()`'s own handling (before it starts, or by a
 * promise nobody awaited) would reach Node's default printer — a stack trace that bypasses the
 * redactor. Here it becomes one line on stderr through the same sink as every other line (src/cli/
 * sink.ts), and exit code 1. `PIXAZO_DEBUG=1` adds the stack, redacted too.
 */
import { secrets } from '../shared/redact.js';
import { guarded } from './sink.js';

/** Prints `err` as the CLI's one last line (redacted) and ends the process with exit code 1. */
export function lastResort(err: unknown, env: NodeJS.ProcessEnv = process.env): never {
  // The key may not have been read yet when this runs: registered here so it cannot show.
  secrets.addKey(env.PIXAZO_API_KEY?.trim() ?? '');
  const stderr = guarded(process.stderr);
  const message = err instanceof Error ? err.message : String(err);
  stderr.write(`error: ${message.split('\n')[0]} (an unexpected error; set PIXAZO_DEBUG=1 for details)\n`);
  if (env.PIXAZO_DEBUG && env.PIXAZO_DEBUG !== '0' && err instanceof Error && err.stack)
    stderr.write(`${err.stack}\n`);
  process.exit(1);
}

/** Routes uncaught exceptions and unhandled rejections to `lastResort` for the rest of the process. */
export function installLastResort(): void {
  process.on('uncaughtException', (err) => lastResort(err));
  process.on('unhandledRejection', (reason) => lastResort(reason));
}
