/**
 * What changed in each regenerated entry against the pull request's base: the base commit's
 * manifest text (read with the before-previews, see ./base-images.ts) goes through the same manifest
 * loader as this run's — vars substituted, defaults filled — and each entry regenerated because its
 * prompt or parameters changed gets its change (see ../report/changes.ts). Never fails: a base
 * manifest that does not load (another schema, a path gone since) gives no changes, with a debug line.
 */
import path from 'node:path';
import { loadManifest } from '../manifest/load.js';
import { parseManifestText } from '../manifest/parse.js';
import { entryChanges } from '../report/changes.js';
import type { RunReport } from '../report/types.js';
import type { Logger } from '../shared/logger.js';

/** Options of {@link attachChanges}. */
export interface BaseChangesOptions {
  workspace: string;
  /** The manifest, relative to the workspace (the action's `config`). */
  config: string;
  /** The manifest's text at the base commit; undefined: nothing to compare with. */
  baseText: string | undefined;
  logger: Pick<Logger, 'debug'>;
}

/** Sets `change` on the report's entries that were regenerated because their prompt or parameters changed. */
export async function attachChanges(report: RunReport, o: BaseChangesOptions): Promise<void> {
  if (o.baseText === undefined) return;
  const abs = path.resolve(o.workspace, o.config);
  const opts = { path: abs, workspace: o.workspace, displayPath: `${report.manifest} (base)` };
  try {
    // The base is read as if it were the manifest here, so its paths and vars resolve alike.
    const base = parseManifestText(o.baseText, opts);
    const current = await loadManifest({ ...opts, displayPath: report.manifest });
    const changes = entryChanges(base.entries, current.entries, report.entries);
    for (const e of report.entries) {
      const change = changes.get(e.id);
      if (change) e.change = change;
    }
  } catch (err) {
    o.logger.debug(`no "what changed": the base's manifest does not load here: ${(err as Error).message}`);
  }
}
