import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sniffFormat } from '../../src/images/sniff.js';
import type { RunReport } from '../../src/report/types.js';
import { DEFAULT_API_KEY } from '../emulator/index.js';
import { lowQualityManifest } from '../helpers/manifests.js';
import { runAction } from '../helpers/run-action.js';
import { setup } from '../helpers/setup.js';

const MANIFEST = lowQualityManifest(`  hero:
    prompt: A lighthouse on a cliff at dawn
    aspect_ratio: "3:2"
    alt: A lighthouse
  banner:
    model: gpt-image-1.5
    prompt: A harbour banner
    output_format: png
  anime:
    prompt: Transform this into an anime illustration
    input_images: ["https://example.com/ref.png"]
    number_of_images: 2
    out: img/anime-{n}.{ext}
`);

const t = setup({
  emulator: { latency: 30 },
  workspace: { kind: 'temp', files: { 'images.config.yaml': MANIFEST } },
});

const inputs = (extra: Record<string, string> = {}) => ({
  'api-key': DEFAULT_API_KEY,
  'gateway-url': t.emu.url,
  publish: 'none',
  'poll-interval': '10ms..50ms',
  ...extra,
});

describe('the built action (dist/index.js) driven as the runner drives it', () => {
  it('generates all three endpoints, reports outputs and summary, then re-runs with zero calls', async () => {
    const run = await runAction({ workspace: t.ws.dir, inputs: inputs() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({
      generated: '3',
      reused: '0',
      unchanged: '0',
      failed: '0',
      unpriced: '1',
      'commit-sha': '',
      'artifact-id': '',
    });
    expect(run.outputs.cost).toBe('0.0360');
    expect(run.outputs.files!.split('\n').sort()).toEqual([
      'img/anime-1.webp',
      'img/anime-2.webp',
      'img/banner.png',
      'img/hero.webp',
    ]);
    expect(t.emu.counters.accepted).toBe(3);
    expect(sniffFormat(await t.ws.read('img/banner.png'))).toBe('png');
    // The JSON report is written outside the workspace (under RUNNER_TEMP), so it is never committed.
    expect(path.isAbsolute(run.outputs.report!)).toBe(true);
    expect(run.outputs.report!.startsWith(t.ws.dir)).toBe(false);
    const report = JSON.parse(run.report!) as RunReport;
    expect(report.totals).toEqual({ generated: 3, reused: 0, unchanged: 0, failed: 0 });
    expect(report.entries.map((e) => [e.id, e.status]).sort()).toEqual([
      ['anime', 'generated'],
      ['banner', 'generated'],
      ['hero', 'generated'],
    ]);
    expect(run.summary).toContain('hero');
    expect(run.summary).toMatch(/unpriced/);
    expect(run.stdout).toMatch(/::add-mask::test-key/);
    const withoutMask = run.stdout.replace(/::add-mask::test-key\n/, '');
    expect(withoutMask).not.toContain(DEFAULT_API_KEY);
    expect(run.summary).not.toContain(DEFAULT_API_KEY);
    expect(await t.ws.read('images.lock.json').then(String)).not.toContain(DEFAULT_API_KEY);

    t.emu.resetCounters();
    const again = await runAction({ workspace: t.ws.dir, inputs: inputs() });
    expect(again.code).toBe(0);
    expect(t.emu.counters.submissions + t.emu.counters.statusCalls + t.emu.counters.mediaGets).toBe(0);
    expect(again.outputs).toMatchObject({
      generated: '0',
      unchanged: '3',
      failed: '0',
      cost: '0.0000',
      files: '',
    });
  });

  it('rejects a bad manifest with located annotations, no call and no stack trace', async () => {
    await t.ws.write(
      'images.config.yaml',
      `version: 1
images:
  hero:
    prompt: A lighthouse
    qualty: high
  banner:
    model: gpt-image-1.5
    prompt: x
    moderation: low
  many:
    prompt: y
    number_of_images: 3
`,
    );
    const run = await runAction({ workspace: t.ws.dir, inputs: inputs() });
    expect(run.code).toBe(1);
    expect(t.emu.counters.submissions).toBe(0);
    const errors = run.annotations.filter((a) => a.level === 'error' && a.props.file);
    expect(errors.length).toBeGreaterThanOrEqual(3);
    for (const e of errors) {
      expect(e.props.file).toBe('images.config.yaml');
      expect(Number(e.props.line)).toBeGreaterThan(0);
      expect(Number(e.props.col)).toBeGreaterThan(0);
    }
    const typo = errors.find((e) => /qualty/.test(e.message))!;
    expect(typo.props.line).toBe('5');
    expect(typo.message).toMatch(/quality/);
    expect(errors.find((e) => /moderation/.test(e.message))!.props.line).toBe('9');
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('without an api-key only plans, with a notice, and spends nothing', async () => {
    const run = await runAction({ workspace: t.ws.dir, inputs: inputs({ 'api-key': '' }) });
    expect(run.code).toBe(0);
    expect(t.emu.counters.submissions).toBe(0);
    expect(run.annotations.some((a) => a.level === 'notice' && /plans/.test(a.message))).toBe(true);
    expect(run.outputs['estimated-cost']).toBe('0.0360');
    expect(run.outputs.generated).toBe('0');
  });

  it('fails a plan over max-cost before any submission', async () => {
    const run = await runAction({ workspace: t.ws.dir, inputs: inputs({ 'max-cost': '0.01' }) });
    expect(run.code).toBe(1);
    expect(t.emu.counters.submissions).toBe(0);
    expect(run.annotations.some((a) => a.level === 'error' && /max-cost|pricing/.test(a.message))).toBe(true);
  });

  it('reports bad inputs together, naming each', async () => {
    const run = await runAction({
      workspace: t.ws.dir,
      inputs: inputs({ publish: 'email', concurrency: 'many', 'dry-run': 'maybe' }),
    });
    expect(run.code).toBe(1);
    const msg = run.annotations.find((a) => a.level === 'error')!.message;
    expect(msg).toMatch(/input publish/);
    expect(msg).toMatch(/input concurrency/);
    expect(msg).toMatch(/input dry-run/);
  });
});
