/**
 * Runs the emulator as a process (npm start, CI smoke runs):
 *   node --import tsx test/emulator/main.ts [--port 8787] [--latency 500 | 200..800]
 *     [--key test-key] [--balance 5] [--scale 0.25] [--webhooks]
 * Prints `PIXAZO_EMULATOR_URL=<url>` as its only stdout line, then serves until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { type EmulatorOptions, startEmulator } from './index.js';

function number(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`--${name}: expected a non-negative number, got "${text}"`);
  return n;
}

/** `500` → 500 ms; `200..800` → a uniform range. */
function latency(text: string): EmulatorOptions['latency'] {
  const [min, max] = text.split('..');
  if (max === undefined) return number('latency', text);
  return [number('latency', min!), number('latency', max)];
}

function parse(argv: string[]): Partial<EmulatorOptions> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      latency: { type: 'string' },
      key: { type: 'string' },
      balance: { type: 'string' },
      scale: { type: 'string' },
      webhooks: { type: 'boolean' },
    },
    strict: true,
  });
  const opts: Partial<EmulatorOptions> = {};
  if (values.port !== undefined) opts.port = number('port', values.port);
  if (values.latency !== undefined) opts.latency = latency(values.latency);
  if (values.key !== undefined) opts.apiKey = values.key;
  if (values.balance !== undefined) opts.balance = number('balance', values.balance);
  if (values.scale !== undefined) opts.imageScale = number('scale', values.scale);
  if (values.webhooks) opts.webhooks = true;
  return opts;
}

async function main(): Promise<void> {
  let opts: Partial<EmulatorOptions>;
  try {
    opts = parse(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 2;
    return;
  }
  const emulator = await startEmulator(opts);
  console.log(`PIXAZO_EMULATOR_URL=${emulator.url}`);
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
