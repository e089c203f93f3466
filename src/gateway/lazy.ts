import type { OutputFormat } from '../models/registry.js';
import type { DownloadResult, Gateway, StatusResult, SubmitResult } from './types.js';

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
      signal?: AbortSignal,
    ): Promise<SubmitResult> {
      return (await get()).submit(path, body, signal);
    },
    async status(requestId: string, signal?: AbortSignal): Promise<StatusResult> {
      return (await get()).status(requestId, signal);
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
