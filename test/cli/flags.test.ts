/**
 * The flags the CLI shares with the action (--shard, --prune, --poll-timeout,
 * --retry-unknown-submits, --max-image-bytes, --webhook-url) reach the engine and the gateway client:
 * each shown by what it changes in a real run against the emulator.
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cli, EXIT } from '../../src/cli/main.js';
import { openManifest } from '../../src/engine/session.js';
import { fingerprintAll } from '../../src/plan/fingerprint.js';
import { DEFAULT_API_KEY } from '../emulator/index.js';
import { emulatorAndWorkspace } from '../helpers/setup.js';

const MANIFEST = `version: 1
defaults:
  quality: low
  out: img/{id}.{ext}
images:
  hero:
    prompt: A lighthouse at dawn
  steps:
    prompt: Install steps
`;

const t = emulatorAndWorkspace({ 'images.config.yaml': MANIFEST });

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const env = { PATH: process.env.PATH, PIXAZO_API_KEY: DEFAULT_API_KEY, PIXAZO_GATEWAY_URL: t.emu.url };
  const code = await cli(args, env, { stdout, stderr, cwd: t.ws.dir });
  return { code, stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
}

describe('flags shared with the action', () => {
  it('--webhook-url is sent with every submit', async () => {
    const hook = 'https://hooks.example/pixazo';
    const r = await run('generate', '--webhook-url', hook);
    expect(r.code).toBe(EXIT.ok);
    const submits = t.emu.log.filter((l) => l.kind === 'submit');
    expect(submits.map((l) => l.webhookUrl)).toEqual([hook, hook]);
  });

  it('--max-image-bytes refuses a larger image: nothing is written, the paid request stays pending', async () => {
    const r = await run('generate', '--max-image-bytes', '100B', '--only', 'hero');
    expect(r.code).toBe(EXIT.failed);
    expect(r.stdout).toMatch(/^hero\s+pending\s+download failed: /m);
    // The error list wraps at 80 columns: read it as one line.
    expect(r.stdout.replace(/\n {4}/g, ' ')).toMatch(
      /^ {2}hero: download failed: .* over the limit of 100 \(`--max-image-bytes`\)/m,
    );
    expect(existsSync(path.join(t.ws.dir, 'img/hero.webp'))).toBe(false);
    expect(Object.values((await t.ws.lock()).pending).map((p) => p.id)).toEqual(['hero']);
  });

  it('--poll-timeout ends the wait: the request stays pending and the next run resumes it', async () => {
    await t.ws.write('images.config.yaml', MANIFEST.replace('Install steps', 'Install steps [[SLOW]]'));
    const r = await run('generate', '--only', 'steps', '--poll-timeout', '100ms');
    expect(r.code).toBe(EXIT.failed);
    expect(r.stdout).toMatch(/^steps\s+pending\s/m);
    expect(Object.values((await t.ws.lock()).pending).map((p) => p.id)).toEqual(['steps']);
    const plan = await run('plan', '--only', 'steps');
    expect(plan.stdout).toMatch(/^steps\s+resume\s+resuming /m);
  });

  it('--retry-unknown-submits: an entry whose submit lost its answer is planned again only with it', async () => {
    const { manifest } = await openManifest({ workspace: t.ws.dir, config: 'images.config.yaml' });
    const fp = (await fingerprintAll(manifest.entries)).get('hero')!.value;
    const lock = {
      version: 1,
      unknown: { [fp]: { id: 'hero', reason: 'timeout after sending', at: '2026-01-01T00:00:00Z' } },
    };
    await writeFile(path.join(t.ws.dir, 'images.lock.json'), JSON.stringify(lock));
    const plain = await run('plan', '--only', 'hero');
    expect(plain.stdout).toMatch(/^hero\s+skip\s+outcome unknown since /m);
    const retried = await run('plan', '--only', 'hero', '--retry-unknown-submits');
    expect(retried.stdout).toMatch(/^hero\s+generate\s/m);
    const generated = await run('generate', '--only', 'hero', '--retry-unknown-submits');
    expect(generated.code).toBe(EXIT.ok);
    expect(t.emu.counters.accepted).toBe(1);
  });

  it('--prune deletes the files of entries that left the manifest; without it they are kept and listed', async () => {
    await run('generate');
    await t.ws.write('images.config.yaml', MANIFEST.replace(/ {2}steps:[\s\S]*$/, ''));
    const kept = await run('generate');
    expect(kept.stdout).toContain(
      '\nNo longer in the manifest:\n  steps: kept img/steps.webp\n  (generate --prune deletes them, when they are still as generated)',
    );
    expect(kept.stdout).toContain('1 entry: 1 unchanged, 1 no longer in the manifest');
    const pruned = await run('generate', '--prune');
    expect(pruned.code).toBe(EXIT.ok);
    expect(pruned.stdout).toContain('\nNo longer in the manifest:\n  steps: deleted img/steps.webp\n');
    expect(existsSync(path.join(t.ws.dir, 'img/steps.webp'))).toBe(false);
    expect((await t.ws.lock()).images.steps).toBeUndefined();
  });

  it('a record whose files the user deleted: the plan says so, and generate drops it without --prune', async () => {
    await run('generate');
    await t.ws.write('images.config.yaml', MANIFEST.replace(/ {2}steps:[\s\S]*$/, ''));
    await rm(path.join(t.ws.dir, 'img/steps.webp'));
    const plan = await run('plan');
    expect(plan.stdout).toContain('  steps: files already gone (generate drops the record)');
    const r = await run('generate');
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toContain('  steps: record dropped (its files were already gone)');
    expect((await t.ws.lock()).images.steps).toBeUndefined();
    const again = await run('generate');
    expect(again.stdout).not.toContain('No longer in the manifest');
  });

  it('plan and generate agree on an orphan whose files a renamed entry took over, and on --only', async () => {
    await run('generate');
    // Renamed, with its output kept where it was: the new entry claims the old entry's file.
    await t.ws.write(
      'images.config.yaml',
      MANIFEST.replace(
        '  steps:\n    prompt: Install steps\n',
        '  guide:\n    prompt: Install steps\n    out: img/steps.{ext}\n',
      ),
    );
    const only = await run('plan', '--only', 'hero');
    expect(only.stdout).toContain('  steps: kept img/steps.webp');
    const plan = await run('plan');
    expect(plan.stdout).toContain('  steps: files already gone (generate drops the record)');
    const r = await run('generate');
    expect(r.stdout).toContain('  steps: record dropped (its files were already gone)');
    expect((await t.ws.lock()).images.steps).toBeUndefined();
    expect(existsSync(path.join(t.ws.dir, 'img/steps.webp'))).toBe(true);
  });
});
