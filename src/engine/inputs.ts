import type { InputRef, ResolvedEntry } from '../manifest/types.js';
import { type PlannedEntry, spends } from '../plan/types.js';
import { ACTION_NAMES, type SettingNames } from '../shared/settings.js';
import { ConfigError } from './errors.js';
import type { EntryResult } from './outcome.js';
import type { EngineDeps } from './types.js';

type FileInput = Extract<InputRef, { kind: 'file' }>;

/**
 * The URLs the gateway fetches an entry's input images from: remote URLs as written, local files
 * through `inputUrl`, and `@id` upstreams as the fresh media URLs of this run (after waiting for
 * the upstream) or as their committed files' URLs. A string is the reason the entry is blocked.
 */
export async function inputUrlsFor(
  entry: ResolvedEntry,
  entries: readonly ResolvedEntry[],
  deps: EngineDeps,
  resultOf: (id: string) => Promise<EntryResult> | undefined,
): Promise<string[] | string> {
  const blocked = await blockedBy(entry, resultOf);
  if (blocked) return blocked;
  const urls: string[] = [];
  for (const input of entry.inputs) {
    if (input.kind === 'url') urls.push(input.url);
    else if (input.kind === 'file') urls.push(deps.inputUrl!(input));
    else {
      const done = await resultOf(input.id);
      const all = done?.mediaUrls ?? upstreamFiles(entries, input.id).map((f) => deps.inputUrl!(f));
      urls.push(...(input.index !== undefined ? [all[input.index - 1]!] : all));
    }
  }
  return urls;
}

/** Why an entry cannot be made in this run: an `@id` upstream failed in it (the first named). */
export async function blockedBy(
  entry: ResolvedEntry,
  resultOf: (id: string) => Promise<EntryResult> | undefined,
): Promise<string | undefined> {
  for (const input of entry.inputs) {
    if (input.kind !== 'ref') continue;
    const done = await resultOf(input.id);
    if (done && !done.ok) return `blocked by ${input.id}: it failed in this run`;
  }
  return undefined;
}

/** An upstream's committed files, as local inputs. */
function upstreamFiles(entries: readonly ResolvedEntry[], id: string): FileInput[] {
  const up = entries.find((e) => e.id === id);
  return (up?.outWorkspace ?? []).map((w, i) => ({
    kind: 'file',
    path: up!.out[i]!,
    abs: '',
    workspacePath: w,
  }));
}

/**
 * What a run would refuse before spending, one `id: why` line per problem: local inputs (and
 * unchanged upstreams' files) the gateway could not fetch. The CLI's validate and plan show these;
 * a run stops on them ({@link preflightInputs}).
 */
export async function inputProblems(
  planned: readonly Pick<PlannedEntry, 'entry' | 'action'>[],
  entries: readonly ResolvedEntry[],
  deps: Pick<EngineDeps, 'inputUrl' | 'checkInput'>,
  names: SettingNames = ACTION_NAMES,
): Promise<string[]> {
  const toSubmit = planned.filter((p) => spends(p.action));
  // Entries made in this run hand fresh media URLs to their dependants (a copy passes on its
  // leader's); only the others' committed files need a URL of their own.
  const regenerated = new Set(planned.filter((p) => p.action === 'copy').map((p) => p.entry.id));
  for (const p of toSubmit) regenerated.add(p.entry.id);
  const problems: string[] = [];
  for (const p of toSubmit) {
    for (const input of p.entry.inputs) {
      const files =
        input.kind === 'file'
          ? [input]
          : input.kind === 'ref' && !regenerated.has(input.id)
            ? upstreamFiles(entries, input.id)
            : [];
      for (const file of files) {
        if (!deps.inputUrl) {
          problems.push(
            `${p.entry.id}: the local input ${file.workspacePath} needs a public URL for the gateway to fetch — set ${names('input-url-template')}`,
          );
          continue;
        }
        const problem = await deps.checkInput?.(file);
        if (problem) problems.push(`${p.entry.id}: ${problem}`);
      }
    }
  }
  return [...new Set(problems)];
}

/** Before spending: local inputs (and unchanged upstreams' files) must be reachable by the gateway. */
export async function preflightInputs(
  planned: readonly PlannedEntry[],
  entries: readonly ResolvedEntry[],
  deps: EngineDeps,
  names?: SettingNames,
): Promise<void> {
  const problems = await inputProblems(planned, entries, deps, names);
  if (problems.length > 0) throw new ConfigError(`Nothing was submitted:\n${problems.join('\n')}`);
}
