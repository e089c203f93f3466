/** Help texts per command, with examples. */
const COMMON = `
Options:
  -c, --config FILE             manifest (default: images.config.yaml)
      --gateway-url URL         Pixazo gateway (default: https://gateway.pixazo.ai, or $PIXAZO_GATEWAY_URL)
      --concurrency N           requests in flight at once (default: 4)
      --max-cost USD            refuse a plan that would cost more than this
      --force IDS               ids or globs to regenerate regardless (comma separated, or 'all')
      --only IDS                ids or globs to restrict the run to
      --dry-run                 plan and estimate only: no gateway call, no file written
      --json                    print the report as JSON (for scripts)
      --input-url-template T    public URL of local reference images: {server} {owner} {repo} {sha} {path}
      --report FILE             also write the JSON report to FILE
  -h, --help                    show help

The API key is read from PIXAZO_API_KEY. Exit codes: 0 success, 1 an entry failed or the
budget was exceeded, 2 the manifest or the arguments are invalid.
`;

export const HELP: Record<string, string> = {
  '': `pixazo-images — keep generated illustrations in sync with images.config.yaml

Usage: pixazo-images <command> [options]

Commands:
  validate   check the manifest; every problem as file:line:col
  plan       show what would be generated, why, and the estimated cost
  generate   generate what changed, write the files and the lockfile
  schema     print the manifest's JSON Schema

Examples:
  pixazo-images validate
  pixazo-images plan --config docs/images.config.yaml
  PIXAZO_API_KEY=… pixazo-images generate --max-cost 2 --only 'hero*'
${COMMON}`,
  validate: `Usage: pixazo-images validate [--config FILE] [--json]

Checks the manifest without any network call and prints every problem as file:line:col.

Examples:
  pixazo-images validate
  pixazo-images validate --config site/images.config.yaml --json
${COMMON}`,
  plan: `Usage: pixazo-images plan [options]

Prints a table of every entry (id, action, reason, model, quality, images, estimated cost) and the
total. Makes no gateway call and writes nothing. No API key needed.

Examples:
  pixazo-images plan
  pixazo-images plan --force 'hero*' --json
${COMMON}`,
  generate: `Usage: pixazo-images generate [options]

Generates what changed, polls it to completion, verifies and writes the images, and updates the
lockfile. Ctrl-C stops submitting and records running requests so the next run resumes them.

Examples:
  PIXAZO_API_KEY=… pixazo-images generate
  PIXAZO_API_KEY=… pixazo-images generate --max-cost 1.50 --concurrency 8
${COMMON}`,
  schema: `Usage: pixazo-images schema

Prints the JSON Schema of images.config.yaml (draft-07), for editors.

Example:
  pixazo-images schema > images.config.schema.json
`,
};

export function usageError(message: string): string {
  return `error: ${message}\nRun 'pixazo-images --help' for usage.\n`;
}
