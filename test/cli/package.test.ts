/**
 * The npm package as it will be published: `npm pack` makes a tarball holding the built CLI (which
 * needs nothing else at run time), it installs into an empty folder offline, and `pixazo-images`
 * works from there. Also the package's promises: engines matches the version check, the install
 * scripts it needs are approved, and npm test / npm start say which Node they need.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MIN_NODE } from '../../src/cli/node-version.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

interface PackageJson {
  version: string;
  engines: { node: string };
  bin: Record<string, string>;
  files: string[];
  dependencies?: Record<string, string>;
  allowScripts: Record<string, boolean>;
  scripts: Record<string, string>;
}

let tmp: string;
let pkg: PackageJson;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'pixazo-pack-'));
  pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** npm with a cache of its own: an offline install that works here works on an empty machine. */
function npm(args: string[], cwd: string) {
  return run('npm', [...args, '--cache', path.join(tmp, 'npm-cache'), '--no-audit', '--no-fund'], {
    cwd,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}

describe('the npm package', () => {
  test('packs the CLI bundle, the schema and the docs; installs offline into an empty folder; runs', async () => {
    const { stdout } = await npm(['pack', '--json', '--pack-destination', tmp], ROOT);
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    const files = packed!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/cli/index.js',
        // The bundled libraries' license notices, which their licenses require to travel with them.
        'dist/licenses.txt',
        'schema/images.config.schema.json',
        'README.md',
        'LICENSE',
        'package.json',
      ]),
    );
    // Neither the sources, the tests nor the action's bundle.
    expect(
      files.filter(
        (f) => !/^(dist\/cli\/|dist\/licenses\.txt$|schema\/|[A-Z]+\.md$|LICENSE$|package\.json$)/.test(f),
      ),
    ).toEqual([]);

    const project = path.join(tmp, 'project');
    await mkdir(project);
    await npm(['init', '-y'], project);
    await npm(['install', '--offline', path.join(tmp, packed!.filename)], project);
    const bin = path.join(project, 'node_modules', '.bin', 'pixazo-images');
    // The bin's `#!/usr/bin/env node` finds this Node first.
    const env = {
      ...process.env,
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
    };
    const help = await run(bin, ['--help'], { cwd: project, env });
    expect(help.stdout).toContain('Usage: pixazo-images <command> [options]');
    expect((await run(bin, ['--version'], { cwd: project, env })).stdout).toBe(`${pkg.version}\n`);
    await writeFile(
      path.join(project, 'images.config.yaml'),
      'version: 1\nimages:\n  hero:\n    prompt: A lighthouse\n    quality: low\n',
    );
    const plan = await run(bin, ['plan'], { cwd: project, env });
    expect(plan.stdout).toMatch(/^total\s+1\s+\$0\.012$/m);
  });

  test('needs nothing at run time: every dependency is bundled, so none is installed with it', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.bin).toEqual({ 'pixazo-images': 'dist/cli/index.js' });
  });

  test('engines says the Node the CLI checks for', () => {
    expect(pkg.engines.node).toBe(`>=${MIN_NODE.major}.${MIN_NODE.minor}`);
  });

  test('the install scripts the project needs are approved, by name: node (Node 24 for npm scripts) and esbuild', async () => {
    // By name, not pinned (`node@24.21.0`): the lockfile records no tarball URLs, and without one npm
    // cannot verify an installed version, so `npm ci` refuses a pinned approval.
    const lock = JSON.parse(await readFile(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string; hasInstallScript?: boolean }>;
    };
    expect(Object.values(lock.packages).some((p) => p.resolved?.startsWith('https:'))).toBe(false);
    expect(pkg.allowScripts).toEqual({ esbuild: true, node: true });
    // Exactly the packages that have install scripts.
    const withScripts = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([where]) => where.replace(/^.*node_modules\//, ''));
    expect(withScripts.sort()).toEqual(Object.keys(pkg.allowScripts).sort());
  });

  test('npm test and npm start check their Node first (quiet on Node 24; other Nodes: process.test.ts)', async () => {
    expect(pkg.scripts.pretest).toBe('node scripts/check-node.mjs');
    expect(pkg.scripts.prestart).toBe('node scripts/check-node.mjs');
    const check = await run(process.execPath, [path.join(ROOT, 'scripts/check-node.mjs')]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    if (process.versions.node.startsWith('24.')) expect(check).toMatchObject({ stdout: '', stderr: '' });
    else
      expect(check).toMatchObject({ code: 1, stderr: expect.stringMatching(/^This project needs Node 24/) });
  });
});
