import path from 'node:path';
import type { FileState, FileVerifier } from './files.js';
import type { LockRecord, RecordedFile } from './lockfile.js';

/**
 * The recorded files' states, asked in batches: git's answer where it has one, else a look at the
 * file. The planner asks for every record a rule may look at before the rules run, so the files
 * are verified together and each rule reads a ready answer.
 */
export class FileStates {
  private readonly states = new Map<string, FileState>();

  constructor(
    /** Manifest folder (absolute): recorded paths are relative to it. */
    private readonly dir: string,
    private readonly verifier: FileVerifier,
  ) {}

  /** Looks at the files of `records` not asked about before. */
  async ask(records: readonly LockRecord[]): Promise<void> {
    const asked: Promise<unknown>[] = [];
    for (const record of records) {
      for (const file of record.files) {
        const key = this.key(file);
        if (this.states.has(key)) continue;
        const abs = path.resolve(this.dir, file.path);
        const known = this.verifier.known(abs, file);
        // Placeholder until the answer lands, so a file is looked at once.
        this.states.set(key, known ?? 'missing');
        if (!known) asked.push(this.verifier.verify(abs, file).then((s) => this.states.set(key, s)));
      }
    }
    await Promise.all(asked);
  }

  /** A record's state (its files asked before): missing beats differs beats same. */
  state(record: LockRecord): FileState {
    let state: FileState = 'same';
    for (const file of record.files) {
      const s = this.of(file);
      if (s === 'missing') return 'missing';
      if (s === 'differs') state = 'differs';
    }
    return state;
  }

  /** One file's state (asked before; a file never asked about counts as missing). */
  of(file: RecordedFile): FileState {
    return this.states.get(this.key(file)) ?? 'missing';
  }

  /** One answer per path and expected content (two records may claim one path with different bytes). */
  private key(file: RecordedFile): string {
    return `${file.path}\0${file.sha256}`;
  }
}
