import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY, type Emulator, startEmulator } from '../emulator/index.js';
import { runAction } from '../helpers/run-action.js';
import { type TempWorkspace, tempWorkspace } from '../helpers/workspace.js';

const MANIFEST = `version: 1
images:
  team:
    prompt: Restyle the team photo as a watercolour
    input_images: [docs/photos/team.png]
    out: docs/img/{id}.{ext}
`;

let emu: Emulator;
let ws: TempWorkspace;
beforeAll(async () => {
  emu = await startEmulator({ latency: 20 });
});
afterAll(() => emu.close());
beforeEach(async () => {
  emu.resetCounters();
  ws = await tempWorkspace({ 'images.config.yaml': MANIFEST, 'docs/photos/team.png': 'photo bytes' });
  ws.git('init', '-q', '-b', 'main');
});
afterEach(() => ws.cleanup());

const inputs = { 'api-key': DEFAULT_API_KEY, publish: 'none', 'poll-interval': '10ms..50ms' };

describe('local reference images through the built action', () => {
  it('sends a committed reference image as its raw URL at the checked-out commit', async () => {
    ws.git('add', '-A');
    ws.git('commit', '-qm', 'photo');
    const sha = ws.git('rev-parse', 'HEAD').trim();
    const run = await runAction({ workspace: ws.dir, inputs: { ...inputs, 'gateway-url': emu.url } });
    expect(run.code).toBe(0);
    expect(run.outputs.generated).toBe('1');
    const body = emu.log.find((r) => r.kind === 'submit')!.body as { input_images: string[] };
    expect(body.input_images).toEqual([
      `https://raw.githubusercontent.com/octo/site/${sha}/docs/photos/team.png`,
    ]);
  });

  it('refuses an uncommitted reference image before any gateway call, saying how to fix it', async () => {
    ws.git('add', 'images.config.yaml');
    ws.git('commit', '-qm', 'manifest');
    const run = await runAction({ workspace: ws.dir, inputs: { ...inputs, 'gateway-url': emu.url } });
    expect(run.code).toBe(1);
    expect(emu.counters.submissions).toBe(0);
    const error = run.annotations.find((a) => a.level === 'error')!;
    expect(error.message).toMatch(
      /docs\/photos\/team\.png is not committed \(untracked\).*commit and push it first/,
    );
  });
});
