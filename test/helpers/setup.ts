import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../emulator/index.js';
import { type TempWorkspace, tempWorkspace } from './workspace.js';

/**
 * The usual fixture of an engine or end-to-end test file: one gateway emulator for the file
 * (counters reset before each test) and a fresh temporary workspace per test with `files`.
 */
export function emulatorAndWorkspace(
  files: Record<string, string>,
  options: Partial<EmulatorOptions> = { latency: 20 },
): { readonly emu: Emulator; readonly ws: TempWorkspace } {
  const t = {} as { emu: Emulator; ws: TempWorkspace };
  beforeAll(async () => {
    t.emu = await startEmulator(options);
  });
  afterAll(() => t.emu.close());
  beforeEach(async () => {
    t.emu.resetCounters();
    t.ws = await tempWorkspace(files);
  });
  afterEach(() => t.ws.cleanup());
  return t;
}
