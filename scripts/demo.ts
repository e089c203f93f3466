// `npm start`: the whole job, offline. Starts the Pixazo gateway emulator on loopback, copies the
// example manifest into demo/ (gitignored) and runs the real CLI on it: plan, generate, and an
// unchanged re-run that makes no gateway call.
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { paint, wantsColor } from '../src/cli/color.js';
import { cli } from '../src/cli/main.js';
import { startEmulator } from '../test/emulator/index.js';

const emu = await startEmulator({ latency: [400, 1200], imageScale: 0.5 });
process.env.PIXAZO_API_KEY = emu.options.apiKey;
await rm('demo', { recursive: true, force: true });
await mkdir('demo', { recursive: true });
await copyFile('images.config.yaml', 'demo/images.config.yaml');
const config = ['--config', 'demo/images.config.yaml'];
const args = [...config, '--gateway-url', emu.url];
// Bold headings on a terminal only: piped, the demo's output has no escape codes.
const bold = paint(wantsColor(process.stdout, process.env)).bold;
const say = (s: string) => console.log(`\n${bold(`== ${s}`)}`);
let code = 0;
try {
  say(`Gateway emulator at ${emu.url} — plan (no call, no spend)`);
  code ||= await cli(['plan', ...config]);
  say('generate');
  code ||= await cli(['generate', ...args]);
  const before = emu.counters.submissions + emu.counters.statusCalls;
  say('generate again: nothing changed, so no gateway call');
  code ||= await cli(['generate', ...args]);
  const calls = emu.counters.submissions + emu.counters.statusCalls - before;
  console.log(
    `\nGateway calls on the unchanged re-run: ${calls}. Images are in demo/img/, the lockfile is demo/images.lock.json.`,
  );
} finally {
  await emu.close();
}
process.exitCode = code;
