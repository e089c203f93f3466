import type { RunReport } from '../report/types.js';

/** The plan costs more than `max-cost`, or holds unpriced images while `max-cost` is set. */
export class BudgetError extends Error {
  override readonly name = 'BudgetError';
  constructor(
    message: string,
    /** The plan that was refused (nothing was submitted). */
    readonly report: RunReport,
  ) {
    super(message);
  }
}

/** A problem with how the run is configured (inputs, flags, environment): exit code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
