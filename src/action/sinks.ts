/**
 * The action's sinks, each routed through the one redactor (src/shared/redact.ts): the process's
 * stdout and stderr (every `core.*` log line, annotation, group and failure message, ours and the
 * libraries'), step outputs, the job summary, and plain log lines, which also may not start a
 * workflow command we did not issue.
 */
import * as core from '@actions/core';
import { neutraliseCommands, redact, secrets } from '../shared/redact.js';

let guarded = false;

/**
 * Redacts everything written to stdout and stderr from now on. `@actions/core` writes each command
 * and each log line with one `write` call, so a secret is never split between two chunks.
 */
export function guardStreams(): void {
  if (guarded) return;
  guarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      write(
        typeof chunk === 'string'
          ? redact(chunk)
          : chunk instanceof Uint8Array && secrets.active
            ? Buffer.from(redact(Buffer.from(chunk).toString('utf8')), 'utf8')
            : chunk,
        ...rest,
      )) as typeof stream.write;
  }
}

/**
 * Registers the run's secrets with the redactor, and masks the key with the runner at once. Called
 * where the inputs are read, before anything else is logged.
 */
export function registerSecrets(apiKey: string, webhookUrl: string | undefined): void {
  if (apiKey) {
    core.setSecret(apiKey);
    secrets.addKey(apiKey);
  }
  if (webhookUrl) secrets.addWebhook(webhookUrl);
}

/** A plain log line: redacted (by the stream guard) and unable to start a workflow command. */
export function info(message: string): void {
  core.info(neutraliseCommands(redact(message)));
}

/** A step output, redacted. */
export function setOutput(name: string, value: string): void {
  core.setOutput(name, redact(value));
}
