import { expect, test, vi } from 'vitest';
import { BufferReclaimer, garbageCollector, RECLAIM_EVERY } from '../../src/gateway/reclaim.js';

test('collects once per RECLAIM_EVERY bytes received, across calls', () => {
  const collect = vi.fn();
  const r = new BufferReclaimer(collect);
  const chunk = 64 * 1024;
  const chunks = (3 * RECLAIM_EVERY) / chunk;
  for (let i = 0; i < chunks - 1; i++) r.received(chunk);
  expect(collect).toHaveBeenCalledTimes(2);
  r.received(chunk);
  expect(collect).toHaveBeenCalledTimes(3);
});

test('without a collector it only counts', () => {
  const r = new BufferReclaimer(undefined, 10);
  expect(() => r.received(100)).not.toThrow();
});

test('Node offers a collector without --expose-gc, and it frees a dead outside buffer', async () => {
  const collect = garbageCollector();
  expect(collect).toBeTypeOf('function');
  // The same function every time (the flag is set once).
  expect(garbageCollector()).toBe(collect);
  const ref = (() => new WeakRef(Buffer.allocUnsafeSlow(4 * 2 ** 20)))();
  // A WeakRef keeps its target for the rest of the current job: collect in a later one.
  await new Promise((resolve) => setTimeout(resolve, 0));
  collect!();
  expect(ref.deref()).toBeUndefined();
});
