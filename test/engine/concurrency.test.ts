import { describe, expect, it } from 'vitest';
import { emulatorAndWorkspace } from '../helpers/setup.js';
import { runOn } from '../helpers/workspace.js';

const N = 8;
const MANIFEST = `version: 1
defaults:
  quality: low
  out: img/{id}.{ext}
images:
${Array.from({ length: N }, (_, i) => `  e${i}:\n    prompt: Concurrency picture ${i}\n`).join('')}`;

const t = emulatorAndWorkspace({ 'images.config.yaml': MANIFEST }, { latency: 300 });

describe('concurrency: auto against a gateway that caps jobs in flight', () => {
  it.each([
    { cap: 2, summary: 'in flight: up to 2; the gateway refused the 3rd' },
    { cap: 5, summary: 'in flight: up to 5; the gateway refused the 6th' },
  ])('hidden cap $cap: every entry generated once, the cap found and kept', async ({ cap, summary }) => {
    t.emu.options.inFlightCap = cap;
    t.emu.options.capRetryAfterS = 1;
    try {
      const { report } = await runOn(t.ws, t.emu, { concurrency: 'auto' });
      expect(report.totals).toMatchObject({ generated: N, failed: 0 });
      // Each prompt paid once: a 429 is never charged and never turns into a second job.
      expect(t.emu.counters.accepted).toBe(N);
      expect(t.emu.counters.peakInFlight).toBeLessThanOrEqual(cap);
      expect(report.concurrency).toMatchObject({ mode: 'auto', limit: cap });
      expect(report.concurrency!.summary).toMatch(new RegExp(`^${summary}`));
      // Every refusal is counted, and they stay few: the first burst, then the cap is kept.
      expect(report.submissions.rateLimited).toBe(t.emu.counters.limitedByCap);
      expect(report.submissions.rateLimited).toBeGreaterThanOrEqual(1);
      expect(report.submissions.rateLimited).toBeLessThanOrEqual(6);
    } finally {
      t.emu.options.inFlightCap = Number.POSITIVE_INFINITY;
    }
  });

  it('a fixed limit at the cap is never refused, and says it was fixed', async () => {
    t.emu.options.inFlightCap = 3;
    try {
      const { report } = await runOn(t.ws, t.emu, { concurrency: 3 });
      expect(report.totals).toMatchObject({ generated: N, failed: 0 });
      expect(t.emu.counters.limitedByCap).toBe(0);
      expect(report.concurrency).toMatchObject({ mode: 'fixed', limit: 3, refusals: 0 });
      expect(report.concurrency!.summary).toBe('in flight: up to 3 (fixed by `concurrency`)');
    } finally {
      t.emu.options.inFlightCap = Number.POSITIVE_INFINITY;
    }
  });
});
