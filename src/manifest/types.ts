import type { PricingOverrides } from '../models/pricing.js';
import type { Mode, OutputFormat, ParamValue } from '../models/registry.js';

/** A position in a source file, 1-based. */
export interface SourcePos {
  readonly line: number;
  readonly col: number;
}

/** One validation problem, located in the manifest. */
export interface ManifestIssue {
  /** Path of the manifest as the user knows it (workspace-relative where possible). */
  readonly file: string;
  /** 1-based; 0 (with col 0) when the problem is the file as a whole, e.g. it does not exist. */
  readonly line: number;
  readonly col: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

/** Thrown when the manifest cannot be used; carries every problem found. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  constructor(readonly issues: readonly ManifestIssue[]) {
    super(
      issues
        .filter((i) => i.severity === 'error')
        .map((i) => `${i.line ? `${i.file}:${i.line}:${i.col}` : i.file}: ${i.message}`)
        .join('\n') || 'invalid manifest',
    );
  }
}

/** One entry of `input_images`, resolved. */
export type InputRef =
  | { readonly kind: 'url'; readonly url: string }
  /** A local file: `path` relative to the manifest's folder, `abs` absolute (inside the workspace). */
  | { readonly kind: 'file'; readonly path: string; readonly abs: string; readonly workspacePath: string }
  /** `@id` (all images: index undefined) or `@id#n` (1-based index). */
  | { readonly kind: 'ref'; readonly id: string; readonly index?: number };

/** A manifest entry with defaults applied, vars substituted and paths resolved. */
export interface ResolvedEntry {
  readonly id: string;
  readonly model: string;
  readonly mode: Mode;
  /** Final prompt (vars substituted). */
  readonly prompt: string;
  /** Effective parameters (see `effectiveParams` in the registry): hashed and sent. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly inputs: readonly InputRef[];
  readonly format: OutputFormat;
  readonly count: number;
  /** Output paths, one per image, relative to the manifest's folder, `/`-separated. */
  readonly out: readonly string[];
  /** Output paths relative to the workspace, `/`-separated (same order). */
  readonly outWorkspace: readonly string[];
  readonly maxAgeMs?: number;
  readonly alt?: string;
  readonly variant?: string | number;
  /** `candidates: N` (not hashed): a pull request run buys N candidates for a reviewer to pick from. */
  readonly candidates?: number;
}

/** Where candidate sets awaiting a pick are written (`candidates-dir`). */
export interface CandidatesDir {
  /** Absolute folder (inside the workspace, outside `.git`). */
  readonly abs: string;
  /** Relative to the manifest's folder, `/`-separated (how the lockfile records paths). */
  readonly rel: string;
  /** Workspace-relative, `/`-separated. */
  readonly workspacePath: string;
}

export type { PricingOverrides };

/** Where the image index (`index:`) is written. */
export interface IndexTarget {
  /** Absolute path (inside the workspace, outside `.git`). */
  readonly abs: string;
  /** Workspace-relative, `/`-separated: how reports and publishing name it. */
  readonly workspacePath: string;
}

export interface Manifest {
  /** Absolute path of the manifest file. */
  readonly path: string;
  /** Path as shown to the user in messages and annotations (workspace-relative). */
  readonly displayPath: string;
  /** Absolute path of the folder holding the manifest (all manifest paths are relative to it). */
  readonly dir: string;
  /** Absolute workspace root. */
  readonly workspace: string;
  /** Entries in manifest order. */
  readonly entries: readonly ResolvedEntry[];
  readonly pricing: PricingOverrides;
  /** The image index to keep, when the manifest sets `index:`. */
  readonly index?: IndexTarget;
  /** Where candidate sets go (`candidates-dir`); absent in hand-built manifests: the default applies. */
  readonly candidatesDir?: CandidatesDir;
  /** Non-fatal problems (e.g. output_compression with png). */
  readonly warnings: readonly ManifestIssue[];
}
