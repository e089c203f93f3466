/**
 * The CLI's two streams, routed through the one redactor (src/shared/redact.ts): everything written
 * to stdout or stderr is redacted of the key and the webhook URL's secret part, and no line can start
 * a workflow command (the CLI issues none, and may run inside a workflow step).
 */
import { forLog } from '../shared/redact.js';

/** A stream the CLI writes to: process.stdout/stderr, or a capture in tests. */
export type CliStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** `stream` with every `write` passing the redactor; everything else (isTTY, columns, events) as is. */
export function guarded(stream: CliStream): CliStream {
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text =
      typeof chunk === 'string'
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk).toString('utf8')
          : chunk;
    return (stream.write as (...args: unknown[]) => boolean)(
      typeof text === 'string' ? forLog(text) : text,
      ...rest,
    );
  };
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') return write;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
