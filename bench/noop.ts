/**
 * Section 1 — a no-op at scale: the built action on a manifest of N unchanged entries (lockfile and
 * files present), in a git workspace with everything committed (the fast path: git vouches for the
 * files) and in a plain folder (every file is hashed). Wall time minus bare `node -e 0`.
 */
import { type ActionResult, med, runBundle } from './action.js';
import { type BenchContext, gatewayCalls, paired } from './context.js';
import { ms, type Row } from './report.js';
import { noopWorkspace } from './workspace.js';

/** Where the time goes, from the arrival of the action's own log lines. */
interface Phases {
  startup: number;
  manifest: number;
  plan: number;
  finish: number;
}

function phases(r: ActionResult): Phases {
  const at = (re: RegExp, from = 0): number =>
    r.lines.find((l) => l.ms >= from && re.test(l.text))?.ms ?? NaN;
  const first = r.firstOutputMs ?? NaN;
  const planning = at(/^::group::Planning/);
  const planned = at(/^::endgroup::/, planning);
  return { startup: first, manifest: planning - first, plan: planned - planning, finish: r.wallMs - planned };
}

export async function benchNoop(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const sizes = ctx.quick ? [200, 1000] : [1000, 10_000];
  const targets: Record<number, number> = { 1000: 1000, 10000: 5000 };
  let calls = 0;
  for (const n of sizes) {
    for (const git of [true, false]) {
      ctx.log(`no-op: ${n} entries, ${git ? 'git' : 'no git'}: preparing the workspace`);
      const ws = await noopWorkspace(n, { git });
      try {
        // publish: commit needs a git checkout; the plain folder publishes nothing.
        const inputs = {
          'api-key': 'test-key',
          'gateway-url': ctx.emu.url,
          ...(git ? {} : { publish: 'none' }),
        };
        // One run first, not counted: it warms the page cache the way a checkout just did.
        await runBundle({ workspace: ws.dir, inputs });
        ctx.emu.resetCounters();
        const reps = ctx.quick ? 3 : n >= 10_000 ? (git ? 7 : 3) : 9;
        const { node, results } = await paired(reps, () => runBundle({ workspace: ws.dir, inputs }));
        calls += gatewayCalls(ctx.emu);
        for (const r of results) {
          if (r.code !== 0 || r.outputs['unchanged'] !== String(n))
            throw new Error(
              `no-op run failed (exit ${r.code}):\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`,
            );
        }
        const wall = med(results.map((r) => r.wallMs));
        const p = results.map(phases);
        const part = (k: keyof Phases): string => ms(med(p.map((x) => x[k])));
        const over = wall - node;
        const target = git ? targets[n] : undefined;
        rows.push({
          section: 1,
          name: `no-op, ${n.toLocaleString('en-US')} entries, ${git ? 'git workspace' : 'no git (hashes files)'}`,
          value: `${ms(over)} over node (wall ${ms(wall)}, node ${ms(node)})`,
          target: target ? `≤ ${ms(target)}` : 'report',
          ...(target ? { ok: over <= target } : {}),
          note: `median of ${reps}; start-up ${part('startup')}, manifest ${part('manifest')}, plan ${part('plan')}, finish ${part('finish')}; ${(ws.imageBytes / 1e6).toFixed(0)} MB of images`,
        });
        ctx.log(`  ${rows.at(-1)!.value}`);
      } finally {
        await ws.cleanup();
      }
    }
  }
  rows.push({
    section: 1,
    name: 'gateway calls during the no-op runs',
    value: String(calls),
    target: '0',
    ok: calls === 0,
  });
  return rows;
}
