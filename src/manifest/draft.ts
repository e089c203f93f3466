/**
 * An entry while it is resolved: what every entry's resolution shares ({@link Context}) and what
 * one entry resolves to on its own ({@link Draft}), before the cross-entry checks of `refs.ts`.
 * Apart from `resolve.ts` so that the steps it calls (outputs, vars, sections, refs) can name them.
 */
import type { outputFormat, ParamValue } from '../models/registry.js';
import type { IssueList } from './issues.js';
import type { Locator, Path } from './locator.js';
import type { Workspace } from './paths.js';
import type { RawDefaults } from './schema.js';
import type { SourcePos } from './types.js';

/** What every entry's resolution shares. */
export interface Context {
  readonly at: Locator;
  readonly issues: IssueList;
  /** The keys of `defaults` that passed the schema (a broken one is reported once, not per entry). */
  readonly defaults: RawDefaults;
  readonly vars: Readonly<Record<string, string>>;
  /** Every declared variable name, valid or not, so a broken `vars` value does not also read as "unknown". */
  readonly varNames: ReadonlySet<string>;
  /** Absolute folder of the manifest. */
  readonly dir: string;
  readonly ws: Workspace;
}

/** One `input_images` item, not yet classified (see `refs.ts`). */
export interface InputItem {
  readonly text: string;
  readonly path: Path;
}

/** An entry resolved as far as it can be on its own. */
export interface Draft {
  readonly id: string;
  /** The model asked for; when `defaults` or the entry name it wrongly, the default model (never used: errors were found). */
  readonly model: string;
  readonly prompt: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly format: ReturnType<typeof outputFormat>;
  readonly count: number;
  /** false when `number_of_images` was refused: `count` is a stand-in, `@id#n` is not checked against it. */
  readonly countKnown: boolean;
  readonly out: readonly string[];
  readonly outWorkspace: readonly string[];
  /** Where a problem with the output paths is reported. */
  readonly outPos: SourcePos;
  readonly inputs: readonly InputItem[];
  readonly maxAgeMs?: number;
  readonly alt?: string;
  readonly variant?: string | number;
}
