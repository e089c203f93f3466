/** Publishing by commit cannot go on. The message says what to do; `attempts` counts commits tried. */
export class PublishError extends Error {
  override readonly name = 'PublishError';
  constructor(
    message: string,
    readonly attempts = 0,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The end of every message about a commit that did not land. */
export const KEPT =
  'Nothing is lost: the generated images and the lockfile are still in the workspace, uncommitted';
