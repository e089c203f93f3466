/**
 * Section 9: reading the lockfile strictly. `parseLockfile` is `JSON.parse` plus one linear pass for
 * keys that appear twice (src/plan/lockfile-text.ts). The `yaml` package, the project's reader of
 * the manifest, reads JSON with positions and finds duplicate keys too; this measures why it is not
 * used for the lockfile: the no-op run on 10,000 entries has a 5 s budget (section 1).
 */
import { parseDocument } from 'yaml';
import { parseLockfile, stableStringify } from '../src/plan/lockfile.js';
import { med } from './action.js';
import type { BenchContext } from './context.js';
import { ms, type Row } from './report.js';

/** A lockfile's text with `n` recorded images, as the tool writes it. */
function lockfileText(n: number): string {
  const images: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    images[`entry-${i}`] = {
      fingerprint: `sha256:${i.toString(16).padStart(64, '0')}`,
      parts: { prompt: 'c'.repeat(64), params: 'd'.repeat(64), inputs: 'e'.repeat(64) },
      model: 'gpt-image-1',
      files: [
        {
          path: `docs/img/e${i}.webp`,
          sha256: 'b'.repeat(64),
          blob: 'f'.repeat(40),
          bytes: 1234,
          width: 1024,
          height: 1024,
        },
      ],
      request_id: `req-${i}`,
      cost_usd: 0.04,
      duration_s: 31,
      generated_at: '2026-12-01T00:00:00.000Z',
    };
  }
  return stableStringify({
    version: 1,
    spent_usd: 0.04 * n,
    images,
    submitting: {},
    pending: {},
    failed: {},
    unknown: {},
  });
}

function timeMs(reps: number, fn: () => void): number {
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return med(t);
}

export async function benchLockfileRead(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of ctx.quick ? [1_000] : [1_000, 10_000]) {
    const text = lockfileText(n);
    ctx.log(`9: strict lockfile read, ${n} entries (${(text.length / 1e6).toFixed(1)} MB)`);
    const ours = timeMs(ctx.quick ? 3 : 7, () => parseLockfile(text, 'images.lock.json'));
    const yaml = timeMs(ctx.quick ? 1 : 3, () => {
      const doc = parseDocument(text);
      if (doc.errors.length > 0) throw new Error(doc.errors[0]!.message);
    });
    rows.push({
      section: 9,
      name: `strict lockfile read, ${n.toLocaleString('en-US')} entries`,
      value: `${ms(ours)} (yaml's parseDocument: ${ms(yaml)})`,
      target: 'report',
      note: `JSON.parse, one pass for duplicate keys, the zod schema; the yaml reader is ${(yaml / ours).toFixed(0)}× slower`,
    });
  }
  return rows;
}
