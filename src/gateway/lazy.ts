import type { OutputFormat } from '../models/registry.js';
import type { CallOptions, DownloadResult, Gateway, StatusResult, SubmitResult } from './types.js';

/**
 * A gateway loaded on first use: the HTTP client (and undici under it) is imported only when a run
 * actually calls the gateway, so a no-op run with an API key never parses it.
 */
export function lazyGateway(load: () => Promise<Gateway>): Gateway {
  let gateway: Promise<Gateway> | undefined;
  const get = (): Promise<Gateway> => {
    gateway ??= load();
    return gateway;
  };
  return {
    async submit(
      path: string,
      body: Readonly<Record<string, unknown>>,
      opts?: CallOptions,
    ): Promise<SubmitResult> {
      return (await get()).submit(path, body, opts);
    },
    async status(requestId: string, opts?: CallOptions): Promise<StatusResult> {
      return (await get()).status(requestId, opts);
    },
    async download(
      url: string,
      dest: string,
      expected: OutputFormat,
      signal?: AbortSignal,
    ): Promise<DownloadResult> {
      return (await get()).download(url, dest, expected, signal);
    },
  };
}
