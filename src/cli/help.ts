import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Help texts per command, with examples. */
export const COMMANDS = ['validate', 'plan', 'generate', 'gallery', 'schema'] as const;
export type Command = (typeof COMMANDS)[number];

const RUN_OPTIONS = `Options:
  -c, --config FILE             manifest, relative to the current directory (default: images.config.yaml)
      --gateway-url URL         Pixazo gateway (default: $PIXAZO_GATEWAY_URL, else https://gateway.pixazo.ai)
      --concurrency N           requests in flight at once, 1..64 (default: 4)
      --max-cost USD            refuse, before any submission, a plan that would cost more than this
      --force IDS               ids or globs to regenerate regardless (comma separated, or 'all')
      --only IDS                ids or globs to restrict the run to
      --dry-run                 plan and estimate only: no gateway call, no file written
      --json                    print the report as JSON on stdout (for scripts); progress stays on stderr
      --input-url-template T    URL of local reference images: {server} {owner} {repo} {sha} {path}
      --report FILE             also write the JSON report to FILE
  -h, --help                    show this help`;

const FOOTER = `Environment:
  PIXAZO_API_KEY       the Pixazo subscription key (generate only; never printed)
  PIXAZO_GATEWAY_URL   default for --gateway-url
  NO_COLOR             no colors (colors are only used on a terminal anyway)

The workspace is the enclosing git repository's root (else the current directory): every path in the
manifest must stay inside it. Exit codes: 0 success, 1 an entry failed or the budget was exceeded,
2 the manifest or the arguments are invalid.
`;

export const HELP: Record<Command | '', string> = {
  '': `pixazo-images — keep generated illustrations in sync with images.config.yaml

Usage: pixazo-images <command> [options]
       pixazo-images help <command>

Commands:
  validate   check the manifest; every problem as file:line:col (no network)
  plan       show what would be generated, why, and the estimated cost (no network, no key)
  generate   generate what changed, write the files and the lockfile (needs PIXAZO_API_KEY)
  gallery    write gallery.html: every entry's images, state, prompt and cost (no network)
  schema     print the manifest's JSON Schema (for editors)

Examples:
  pixazo-images validate
  pixazo-images plan --config docs/images.config.yaml
  PIXAZO_API_KEY=… pixazo-images generate --max-cost 2 --only 'hero*'

Global options:
  -h, --help       help (also: pixazo-images <command> --help)
  -V, --version    print the version

${FOOTER}`,
  validate: `Usage: pixazo-images validate [--config FILE] [--json]

Checks the manifest without any network call and prints every problem as file:line:col: message
(paths relative to the current directory). With --json, prints
{"valid", "manifest", "entries", "errors", "warnings"} on stdout.

Examples:
  pixazo-images validate
  pixazo-images validate --config site/images.config.yaml --json | jq '.errors[].message'

Options:
  -c, --config FILE   manifest, relative to the current directory (default: images.config.yaml)
      --json          machine-readable result on stdout
  -h, --help          show this help

${FOOTER}`,
  plan: `Usage: pixazo-images plan [options]

Prints a table of every entry (id, action, reason, model, quality, images, est. cost) and the
total estimate. Makes no gateway call, writes nothing, needs no API key. With --max-cost, exits 1
when the plan is over budget (as the action does, in dry-run too).

Examples:
  pixazo-images plan
  pixazo-images plan --force 'hero*' --max-cost 0.50
  pixazo-images plan --json | jq '.estimatedCost'

${RUN_OPTIONS}

${FOOTER}`,
  generate: `Usage: pixazo-images generate [options]

Generates what changed, polls it to completion, verifies and writes the images, and updates the
lockfile (after every accepted submission and every finished image). Ctrl-C stops submitting and
records running requests, so the next run resumes them without paying again. Never deletes the
files of entries that left the manifest: it lists them.

Examples:
  PIXAZO_API_KEY=… pixazo-images generate
  PIXAZO_API_KEY=… pixazo-images generate --max-cost 1.50 --concurrency 8
  PIXAZO_API_KEY=… pixazo-images generate --only team --force team --json > report.json

${RUN_OPTIONS}

${FOOTER}`,
  gallery: `Usage: pixazo-images gallery [--config FILE] [--out DIR]

Writes DIR/gallery.html, a self-contained page of every entry: its images, id, alt text, prompt,
model, quality, size, cost and date; entries that are outdated, pending or failed are marked, and
the page filters by status and model. No network, no key; open it from disk (image paths are
relative to the page). DIR defaults to the manifest's folder, where the page reaches the images by
their \`out\` paths (add gallery.html to .gitignore there); it may not be inside .git.

Examples:
  pixazo-images gallery
  pixazo-images gallery --out /tmp/review --config docs/images.config.yaml

Options:
  -c, --config FILE   manifest, relative to the current directory (default: images.config.yaml)
      --out DIR       folder to write gallery.html to (default: the manifest's folder)
  -h, --help          show this help

${FOOTER}`,
  schema: `Usage: pixazo-images schema

Prints the JSON Schema (draft-07) of images.config.yaml, for editors. The npm package also ships it
as schema/images.config.schema.json.

Example:
  pixazo-images schema > images.config.schema.json

Options:
  -h, --help   show this help
`,
};

export function usageError(message: string): string {
  return `error: ${message}\nRun 'pixazo-images --help' for usage.\n`;
}

/**
 * The package's version, read from its package.json: two folders up from both src/cli/ (tsx) and
 * dist/cli/ (the bundle, also inside the published package). The path is built at run time so
 * that the bundler leaves the file where it is.
 */
export function version(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const file = ['package', 'json'].join('.');
  try {
    const pkg = JSON.parse(readFileSync(path.resolve(here, '..', '..', file), 'utf8')) as {
      name?: string;
      version?: string;
    };
    if (pkg.name === 'pixazo-images' && pkg.version) return pkg.version;
  } catch {
    // Fall through: a bundle copied elsewhere has no package.json beside it.
  }
  return 'unknown';
}
