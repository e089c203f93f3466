/**
 * The runner's side of a step, as the action uses it: inputs from `INPUT_*`, workflow commands on
 * stdout (`::warning file=…::…`, masks, groups), outputs and the job summary appended to the files
 * the runner names (`GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`).
 *
 * Why not `@actions/core`: it gives the same calls, but its entry imports an OIDC client and with
 * it `@actions/http-client`, undici 6 and tunnel (a megabyte of bundle that every run parses and
 * evaluates, ~45 ms on a 2-core runner, and ~10 MB of memory) for `getIDToken`, which this action
 * never calls. The protocol itself is small and stable; test/action/workflow.test.ts holds this
 * module to byte-for-byte the output of `@actions/core` for every call used here.
 */
import { randomUUID } from 'node:crypto';
import { accessSync, appendFileSync, constants, existsSync } from 'node:fs';
import { EOL } from 'node:os';

/** Where an annotation points (the runner's names are `file`, `line`, `col`, …). */
export interface AnnotationProperties {
  readonly title?: string;
  readonly file?: string;
  readonly startLine?: number;
  readonly endLine?: number;
  readonly startColumn?: number;
  readonly endColumn?: number;
}

/** A value as the runner receives it: text as is, nothing as '', anything else as JSON. */
function commandValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' || value instanceof String ? String(value) : JSON.stringify(value);
}

/** `%`, CR and LF would end or corrupt a command: they travel percent-encoded. */
function escapeData(value: unknown): string {
  return commandValue(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** In properties `:` and `,` are separators too. */
function escapeProperty(value: unknown): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Writes `::name key=value,…::message` (properties without a value are left out). */
export function issueCommand(name: string, properties: Record<string, unknown>, message: unknown): void {
  const props = Object.entries(properties)
    .filter(([, v]) => Boolean(v))
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  process.stdout.write(`::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

function annotation(kind: 'error' | 'warning' | 'notice', message: unknown, p: AnnotationProperties): void {
  const text = message instanceof Error ? message.toString() : message;
  issueCommand(
    kind,
    {
      title: p.title,
      file: p.file,
      line: p.startLine,
      endLine: p.endLine,
      col: p.startColumn,
      endColumn: p.endColumn,
    },
    text,
  );
}

/** The value of input `name` (`INPUT_<NAME>`, spaces as `_`, upper case, hyphens kept), trimmed; '' when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Asks the runner to mask `secret` in every later log line. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function warning(message: string | Error, properties: AnnotationProperties = {}): void {
  annotation('warning', message, properties);
}

export function error(message: string | Error, properties: AnnotationProperties = {}): void {
  annotation('error', message, properties);
}

export function notice(message: string | Error, properties: AnnotationProperties = {}): void {
  annotation('notice', message, properties);
}

/** Marks the step failed (exit code 1) with an error annotation. */
export function setFailed(message: string | Error): void {
  process.exitCode = 1;
  error(message);
}

export function startGroup(name: string): void {
  issueCommand('group', {}, name);
}

export function endGroup(): void {
  issueCommand('endgroup', {}, '');
}

/** Runs `fn` inside a collapsible group of the log. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  startGroup(name);
  try {
    return await fn();
  } finally {
    endGroup();
  }
}

/**
 * Sets step output `name`: a heredoc appended to the file in `GITHUB_OUTPUT`, with a random
 * delimiter that neither the name nor the value may contain (the old `set-output` command when
 * the runner gives no file).
 */
export function setOutput(name: string, value: unknown): void {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) {
    process.stdout.write(EOL);
    issueCommand('set-output', { name }, commandValue(value));
    return;
  }
  const text = commandValue(value);
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter))
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (text.includes(delimiter))
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' });
}

/** Appends `markdown` (and a line end) to the job summary, the file in `GITHUB_STEP_SUMMARY`. */
export function appendSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file)
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
    );
  try {
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch {
    throw new Error(
      `Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`,
    );
  }
  appendFileSync(file, markdown + EOL, { encoding: 'utf8' });
}
