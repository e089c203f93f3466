/**
 * Shared parts of the end-to-end tests (test/e2e/*.test.ts; their servers and workspaces come from
 * test/helpers/setup.ts): a manifest, the inputs that point the built action at the emulator, the git
 * environment of a fixture, a pull_request payload, a zip reader for uploaded artifacts, and log helpers.
 */
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { DEFAULT_API_KEY, type Emulator } from '../emulator/index.js';
import type { GitFixture } from '../fakes/git-repo.js';
import type { ActionRun } from '../helpers/run-action.js';

/** Three entries, four image files, all gpt-image-2 at low quality: $0.012 each, $0.048 in all. */
export const MANIFEST = `version: 1
defaults:
  quality: low
  out: img/{id}.{ext}
images:
  hero:
    prompt: A lighthouse on a cliff at dawn
    alt: A lighthouse
  harbour:
    prompt: A quiet harbour at night
  gulls:
    prompt: Two gulls over the sea
    number_of_images: 2
    out: img/gulls-{n}.{ext}
`;

export const IMAGE_FILES = ['img/gulls-1.webp', 'img/gulls-2.webp', 'img/harbour.webp', 'img/hero.webp'];
export const LOCKFILE = 'images.lock.json';

/** Inputs that point the action at the emulator with fast polling; no cache unless asked for. */
export function inputsFor(emu: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'api-key': DEFAULT_API_KEY,
    'gateway-url': emu.url,
    'poll-interval': '10ms..50ms',
    cache: 'false',
    ...extra,
  };
}

/** The environment that keeps the action's git inside a fixture: its HOME, no system or global config. */
export function gitEnv(fx: GitFixture): Record<string, string> {
  return {
    HOME: fx.root,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: path.join(fx.root, '.gitconfig'),
  };
}

/** A pull_request event payload, as GitHub writes it to GITHUB_EVENT_PATH. */
export function pullRequestEvent(opts: {
  number: number;
  headRef: string;
  baseSha?: string;
  headRepo?: string;
}): Record<string, unknown> {
  return {
    action: 'synchronize',
    number: opts.number,
    pull_request: {
      number: opts.number,
      head: { ref: opts.headRef, repo: { full_name: opts.headRepo ?? 'octo/site' } },
      base: { ref: 'main', sha: opts.baseSha ?? '0'.repeat(40), repo: { full_name: 'octo/site' } },
    },
    repository: { full_name: 'octo/site', private: false },
  };
}

/** One zip entry: its bytes and whether it was stored (method 0) rather than deflated. */
export interface ZipEntry {
  data: Buffer;
  stored: boolean;
}

/** Entries of a zip by name, read through the central directory (archiver writes data descriptors). */
export function unzip(zip: Buffer): Map<string, ZipEntry> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const entries = new Map<string, ZipEntry>();
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = zip.readUInt16LE(eocd + 10); n > 0; n--) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    entries.set(name, {
      data: method === 8 ? inflateRawSync(data) : Buffer.from(data),
      stored: method === 0,
    });
    at += 46 + skip;
  }
  return entries;
}

/** Annotations of one level (`warning`, `error`, `notice`). */
export function annotations(run: ActionRun, level: string): string[] {
  return run.annotations.filter((a) => a.level === level).map((a) => a.message);
}

/** Everything the run printed, for failure messages. */
export function logOf(run: ActionRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}
