/**
 * Rule 8 through the verifier: recorded bytes that are not a complete image (recorded before images
 * were verified) are never moved into a new path; the entry falls through to a new generation.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/types.js';
import { verifyImageFile } from '../../src/images/verify.js';
import { emulatorAndWorkspace } from '../helpers/setup.js';
import { runOn } from '../helpers/workspace.js';

const manifest = (out: string) =>
  `version: 1\nimages:\n  alpha:\n    prompt: A lighthouse\n    out: ${out}\n`;
const t = emulatorAndWorkspace({ 'images.config.yaml': manifest('old/alpha.webp') });

/** alpha generated at old/alpha.webp, whose recorded bytes are then an HTML page; returns that file's record. */
async function recordedNonImage() {
  const first = await runOn(t.ws, t.emu, { concurrency: 1 });
  expect(first.report.totals.generated).toBe(1);
  // A lockfile from before images were verified: it recorded an HTML page as alpha's image.
  const html = Buffer.from('<!doctype html><title>Access denied</title>');
  await t.ws.write('old/alpha.webp', html);
  const lock = await t.ws.lock();
  const file = lock.images.alpha!.files[0]!;
  file.sha256 = createHash('sha256').update(html).digest('hex');
  file.blob = createHash('sha1').update(`blob ${html.length}\0`).update(html).digest('hex');
  file.bytes = html.length;
  await t.ws.write('images.lock.json', `${JSON.stringify(lock, null, 2)}\n`);
  await t.ws.write('images.config.yaml', manifest('new/alpha.webp'));
  return file;
}

it('a recorded file that is not a complete image is not moved: a warning, and the entry is generated', async () => {
  const file = await recordedNonImage();
  t.emu.resetCounters();
  const events: RunEvent[] = [];
  const second = await runOn(t.ws, t.emu, { concurrency: 1 }, { events: (e) => events.push(e) });
  const warnings = events.filter((e) => e.type === 'warning').map((e) => e.message);
  expect(warnings).toEqual([
    expect.stringMatching(/^alpha: the recorded image did not verify: old\/alpha\.webp is not a PNG/),
  ]);
  expect(t.emu.counters.submissions).toBe(1);
  expect(second.report.entries[0]).toMatchObject({ id: 'alpha', status: 'generated', action: 'move' });
  await expect(verifyImageFile(path.join(t.ws.dir, 'new/alpha.webp'), 'webp')).resolves.toBeTruthy();
  const after = (await t.ws.lock()).images.alpha!;
  expect(after.files.map((f) => f.path)).toEqual(['new/alpha.webp']);
  expect(after.files[0]!.sha256).not.toBe(file.sha256);
  expect(existsSync(path.join(t.ws.dir, 'new/alpha.webp'))).toBe(true);
});

it.each([
  { maxCost: 0.001, generated: false },
  { maxCost: 100, generated: true },
])(
  'the fallback to a new generation counts against max-cost ($maxCost): generated = $generated',
  async ({ maxCost, generated }) => {
    await recordedNonImage();
    t.emu.resetCounters();
    const second = await runOn(t.ws, t.emu, { concurrency: 1, maxCost });
    const alpha = second.report.entries[0]!;
    expect(t.emu.counters.submissions).toBe(generated ? 1 : 0);
    if (generated) {
      expect(alpha).toMatchObject({ status: 'generated', action: 'move' });
      expect(alpha.estimatedCost).toBeGreaterThan(0);
      return;
    }
    expect(alpha.status).toBe('failed');
    expect(alpha.error).toMatch(
      /^not submitted: over the `max-cost` input: its recorded image did not verify, and generating it anew would bring the run to \$[\d.]+, over the `max-cost` input \$0\.001/,
    );
    expect(second.report.submissions.notSubmitted).toBe(1);
    expect(second.report.estimatedCost).toBe(0);
  },
);
