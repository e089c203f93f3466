/**
 * Where a module reports progress: `debug` for internals, `info` for results, `warning` for what the
 * user should fix but did not stop the run. The action hands `@actions/core`'s functions, the CLI its
 * terminal, tests a recorder. A module that needs fewer levels takes a `Pick` of this.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
}

/** Says nothing: the default where logging is optional. */
export const silentLogger: Logger = { debug() {}, info() {}, warning() {} };
