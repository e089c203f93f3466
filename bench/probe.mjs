// Preloaded into the bundle under test (`node --import bench/probe.mjs dist/index.js`) when the
// benchmark wants to know what happened inside it: its peak RSS, and every module file it loaded
// (to prove heavy chunks stay unparsed). Written to $PIXAZO_BENCH_PROBE at exit. Timing runs never
// load it.
import { readFileSync, writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const out = process.env.PIXAZO_BENCH_PROBE;
const loaded = [];
registerHooks({
  load(url, context, nextLoad) {
    loaded.push(url);
    return nextLoad(url, context);
  },
});
/**
 * Peak RSS of this program. On Linux VmHWM, which starts afresh at exec; getrusage's maxRSS does
 * not (it keeps the high-water mark of the parent that forked us, the benchmark itself).
 */
function peakRssKb() {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {}
  return process.resourceUsage().maxRSS;
}
process.on('exit', () => {
  if (out) writeFileSync(out, JSON.stringify({ maxRssKb: peakRssKb(), loaded }));
});
