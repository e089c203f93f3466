/** Whether the Actions cache service answers, asked once before the cache library is used. */
const PROBE_TIMEOUT_MS = 20_000;
const CACHE_SERVICE = 'github.actions.results.api.v1.CacheService';

/**
 * Asks the v2 cache service one read-only question before the library is used. The library turns
 * every failure into a log line of its own and a plain miss, and retries 5xx for ~25 s per call, so
 * without this an outage would print a warning per entry and stall every lookup. Returns why the
 * service is unusable, or undefined when it answered.
 */
export async function probeService(prefix: string): Promise<string | undefined> {
  const base = process.env.ACTIONS_RESULTS_URL;
  // GHES speaks v1 (the library ignores the v2 flag there): its own checks are all we have.
  const host = new URL(process.env.GITHUB_SERVER_URL || 'https://github.com').hostname.toLowerCase();
  const ghes = host !== 'github.com' && !host.endsWith('.ghe.com') && !host.endsWith('.localhost');
  if (!process.env.ACTIONS_CACHE_SERVICE_V2 || !base || ghes) return undefined;
  const token = process.env.ACTIONS_RUNTIME_TOKEN;
  if (!token) return 'ACTIONS_RUNTIME_TOKEN is not set';
  const { request, EnvHttpProxyAgent } = await import('undici');
  // Honour HTTP(S)_PROXY / NO_PROXY like the library's own client does on self-hosted runners.
  const dispatcher = new EnvHttpProxyAgent();
  try {
    const res = await request(new URL(`/twirp/${CACHE_SERVICE}/GetCacheEntryDownloadURL`, base), {
      method: 'POST',
      dispatcher,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key: `${prefix}-probe`, version: '0'.repeat(64) }),
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    const text = await res.body.text();
    if (res.statusCode >= 200 && res.statusCode < 300) return undefined;
    const msg = /"msg"\s*:\s*"([^"]*)"/.exec(text)?.[1];
    return `the cache service answered ${res.statusCode}${msg ? ` (${msg})` : ''}`;
  } catch (err) {
    return `the cache service is unreachable: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    await dispatcher.close();
  }
}
