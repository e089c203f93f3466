/** Colors: whether a stream gets them, and the painter. */
import type { CliStream } from './sink.js';

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

/** Colors for a terminal (see wantsColor); the identity when disabled. */
export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

export function paint(enabled: boolean): Paint {
  const wrap = (open: number, close: number) => (s: string) =>
    enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
  };
}
