/**
 * A cancel in the first moments of the action — while inputs and the manifest are read, before the
 * run's own cancellation listens — is not Node's default (the process killed, no report): the run's
 * cancellation starts aborted. Chaos seed 2320029: a SIGINT between the first output and the
 * engine's handler ended a run with no report.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancellation, listenForCancel } from '../../src/engine/session.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
let saved: Map<string, ((...args: unknown[]) => void)[]>;

// Only this test's listeners hear the signals it emits (never the test runner's).
beforeEach(() => {
  saved = new Map(SIGNALS.map((s) => [s, process.rawListeners(s) as ((...args: unknown[]) => void)[]]));
  for (const s of SIGNALS) process.removeAllListeners(s);
});
afterEach(() => {
  for (const s of SIGNALS) {
    process.removeAllListeners(s);
    for (const l of saved.get(s)!) process.on(s, l);
  }
});

describe('a cancel before the run listens', () => {
  it('is caught from the first moment, and the run that starts after it starts cancelled', () => {
    const said: string[] = [];
    const before = cancellation((name) => said.push(name));
    expect(before.signal.aborted).toBe(false);
    before.dispose();
    listenForCancel();
    // Without the early listener, a process with no SIGINT listener would be ended by Node here.
    expect(process.listenerCount('SIGINT')).toBeGreaterThan(0);
    process.emit('SIGINT', 'SIGINT');
    const cancel = cancellation((name) => said.push(name));
    expect(cancel.signal.aborted).toBe(true);
    expect(cancel.received()).toBe('SIGINT');
    expect(said).toEqual(['SIGINT']);
    cancel.dispose();
  });
});
