import { afterEach, beforeEach, vi } from 'vitest';

/**
 * What the code under test writes to stdout, where `@actions/core` speaks to the runner (workflow
 * commands, log lines). Captured per test; `lines()` splits it.
 */
export function captureStdout(): { text(): string; lines(): string[] } {
  let out = '';
  beforeEach(() => {
    out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  return { text: () => out, lines: () => out.split('\n').filter(Boolean) };
}

/** Sets environment variables for one test and restores the environment after it. */
export function scopedEnv(): (vars: Record<string, string | undefined>) => void {
  let saved: NodeJS.ProcessEnv = {};
  beforeEach(() => {
    saved = { ...process.env };
  });
  afterEach(() => {
    process.env = saved;
  });
  return (vars) => {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
