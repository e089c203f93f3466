import { describe, expect, it } from 'vitest';
import { lowQualityManifest } from '../helpers/manifests.js';
import { emulatorAndWorkspace } from '../helpers/setup.js';
import { runOn } from '../helpers/workspace.js';

const N = 8;
const MANIFEST = lowQualityManifest(
  `${Array.from({ length: N }, (_, i) => `  e${i}:\n    prompt: Concurrency picture ${i}\n`).join('')}`,
);

// Jobs run for an hour unless the test's hook ends them: how many are in flight at once is decided
// by the limiter and the hidden cap, never by how fast a loaded machine submits against a latency.
const t = emulatorAndWorkspace({ 'images.config.yaml': MANIFEST }, { latency: 3_600_000 });

/** Ends each job at its next status call, once `when()` holds. */
function finishJobsOnceThen(when: () => boolean): void {
  t.emu.options.hooks = {
    beforeStatus: (id) => {
      if (when()) t.emu.finishNow(id);
    },
  };
}

describe('concurrency: auto against a gateway that caps jobs in flight', () => {
  it.each([
    { cap: 2, summary: 'in flight: up to 2; the gateway refused the 3rd' },
    { cap: 5, summary: 'in flight: up to 5; the gateway refused the 6th' },
  ])('hidden cap $cap: every entry generated once, the cap found and kept', async ({ cap, summary }) => {
    t.emu.options.inFlightCap = cap;
    t.emu.options.capRetryAfterS = 1;
    // Nothing finishes before the gateway has refused a submit: the cap is always met.
    finishJobsOnceThen(() => t.emu.counters.limitedByCap > 0);
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
      t.emu.options.hooks = {};
    }
  });

  it('a fixed limit at the cap is never refused, and says it was fixed', async () => {
    t.emu.options.inFlightCap = 3;
    finishJobsOnceThen(() => true);
    try {
      const { report } = await runOn(t.ws, t.emu, { concurrency: 3 });
      expect(report.totals).toMatchObject({ generated: N, failed: 0 });
      expect(t.emu.counters.limitedByCap).toBe(0);
      expect(report.concurrency).toMatchObject({ mode: 'fixed', limit: 3, refusals: 0 });
      expect(report.concurrency!.summary).toBe('in flight: up to 3 (fixed by `concurrency`)');
    } finally {
      t.emu.options.inFlightCap = Number.POSITIVE_INFINITY;
      t.emu.options.hooks = {};
    }
  });
});
