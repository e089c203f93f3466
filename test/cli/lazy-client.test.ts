/**
 * `validate`, `plan`, `pick` and `gallery` never call the gateway, so the CLI loads the HTTP client
 * (src/gateway/client.ts, and undici under it) only when `generate` calls it: main.ts imports it
 * with `import()`. Proven twice: no static import from the CLI's main module leads to it, and in
 * the bundle the client sits in a chunk of its own, apart from the code of the other commands.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLIENT = 'src/gateway/client.ts';

/**
 * The modules a module loads when it is loaded: its static imports and re-exports that are not
 * type-only (`import type`, `export type` vanish in JavaScript), as repository paths or package
 * names. `import()` is left out: it loads on call.
 */
function staticImports(file: string, source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^import\s+(?!type\s)(?:[^;]*?\sfrom\s+)?'([^']+)'/gms),
    ...source.matchAll(/^export\s+(?!type\s)[^;]*?\sfrom\s+'([^']+)'/gms),
  ].map((m) => m[1]!);
  return specifiers.map((s) =>
    s.startsWith('.')
      ? path.relative(ROOT, path.resolve(ROOT, path.dirname(file), s)).replace(/\.js$/, '.ts')
      : s,
  );
}

/** Every module loaded with `entry`, each with the chain of imports that loads it. */
function loadedWith(entry: string): Map<string, string[]> {
  const chains = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (!file.startsWith('src/')) continue;
    for (const next of staticImports(file, readFileSync(path.join(ROOT, file), 'utf8'))) {
      if (chains.has(next)) continue;
      chains.set(next, [...chains.get(file)!, next]);
      queue.push(next);
    }
  }
  return chains;
}

describe('the gateway client loads only when generate calls it', () => {
  test('the import scanner sees value imports and skips type-only ones and import()', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "import {\n  c,\n  type C,\n} from '../c.js';",
      "export { d } from './d.js';",
      "export type { E } from './e.js';",
      "import 'side-effect';",
      "const f = await import('./f.js');",
    ].join('\n');
    expect(staticImports('src/x/y.ts', source)).toEqual([
      'src/x/a.ts',
      'src/c.ts',
      'side-effect',
      'src/x/d.ts',
    ]);
  });

  test('the walk follows imports across folders into packages: the client loads undici', () => {
    expect(loadedWith(CLIENT).get('undici')?.[0]).toBe(CLIENT);
  });

  test("no static import from the CLI's main module reaches the client or undici", () => {
    const loaded = loadedWith('src/cli/main.ts');
    // The walk covers the commands that do not call the gateway.
    for (const command of ['src/cli/gallery.ts', 'src/cli/pick.ts', 'src/engine/run.ts'])
      expect(loaded.has(command), command).toBe(true);
    expect(loaded.get(CLIENT), 'loaded through').toBeUndefined();
    expect(loaded.get('undici'), 'loaded through').toBeUndefined();
  });

  test('in the bundle, the client is in a chunk apart from the gallery and plan code', () => {
    const dir = path.join(ROOT, 'dist/cli');
    const chunks = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => ({ f, text: readFileSync(path.join(dir, f), 'utf8') }));
    // The client is the one module that sends the key header.
    const client = chunks.filter((c) => c.text.includes('Ocp-Apim-Subscription-Key'));
    const commands = chunks.filter((c) => c.text.includes('galleryCommand'));
    expect(client.length).toBeGreaterThan(0);
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands)
      expect(
        client.map((x) => x.f),
        c.f,
      ).not.toContain(c.f);
  });
});
