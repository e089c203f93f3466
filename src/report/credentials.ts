/**
 * The "C2PA" mark: shown beside an entry whose images carry C2PA content credentials as the gateway
 * delivered them (the tool never rewrites image bytes). Presence only: signatures are not validated.
 * One wording for the job summary, the PR comment and the gallery.
 */

/** What the mark means, for its title (tooltip). */
export const C2PA_TITLE =
  'carries C2PA content credentials as delivered by the gateway: the file says it was made by AI (presence detected; the signature is not validated)';

/** The mark's title for an entry whose `flags` (one per file) say which files carry credentials; undefined for none. */
export function c2paTitle(flags: readonly (boolean | undefined)[] | undefined): string | undefined {
  const n = flags?.filter((f) => f === true).length ?? 0;
  if (!flags || n === 0) return undefined;
  return n === flags.length ? C2PA_TITLE : `${n} of ${flags.length} files: ${C2PA_TITLE}`;
}

/** The mark in markdown (inline HTML GitHub keeps: `kbd` with a `title`), with a leading space; '' for none. */
export function c2paMarkdown(flags: readonly (boolean | undefined)[] | undefined): string {
  const title = c2paTitle(flags);
  return title ? ` <kbd title="${title}">C2PA</kbd>` : '';
}
