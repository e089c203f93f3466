import type { ResolvedEntry } from '../manifest/types.js';
import { addCost } from '../models/pricing.js';
import { pricingQuality } from '../models/registry.js';
import { setsAt } from '../plan/candidates.js';
import type { FileHashes } from '../plan/files.js';
import type { Fingerprint } from '../plan/fingerprint.js';
import { STOPPED_BEFORE_ANSWER } from '../plan/housekeeping.js';
import type {
  CachedPending,
  CandidatesRecord,
  Lockfile,
  PendingRecord,
  RecordedFile,
} from '../plan/lockfile.js';
import type { ImageCacheLike } from './cache.js';
import type { ImageFacts } from './landing.js';
import type { RecordDetails } from './outcome.js';
import type { LockStore } from './store.js';

/** Runs a COMPLETED request may fail to deliver verified images before it is given up as paid in vain. */
export const MAX_DOWNLOAD_RUNS = 3;

/**
 * Every change this run makes to the lockfile goes through here, and each one that matters (an
 * accepted submit, a finished image, a refusal, an unknown outcome) is saved at once: a cancelled
 * or killed run leaves a lockfile that knows what was paid for.
 */
export class LockRecords {
  /** Best-effort cache saves under way (images and pending requests): settled at the end of the run. */
  readonly cacheSaves: Promise<void>[] = [];
  /** Puts back what each intent moved out of `failed`/`unknown`, until its submit is answered. */
  private readonly displaced = new Map<string, () => void>();

  constructor(
    private readonly store: LockStore,
    private readonly now: () => number,
    private readonly cache?: ImageCacheLike,
  ) {}

  get lock(): Lockfile {
    return this.store.lock;
  }

  save(): Promise<void> {
    return this.store.save();
  }

  /** Whether the lockfile on disk now differs from `originalText`. */
  changedFrom(originalText: string | undefined): boolean {
    return this.store.changedFrom(originalText);
  }

  /**
   * The entry's files are in place: record them (with their pixel size, when the header gave one),
   * and forget whatever was pending or refused for it. `chosen`: the image is a candidate of the
   * fingerprint's set (picked, or candidate 1), so the set goes; otherwise a set stays until it is.
   */
  image(
    entry: ResolvedEntry,
    fp: Fingerprint,
    files: readonly (FileHashes & ImageFacts)[],
    details: RecordDetails,
    chosen = false,
  ): Promise<void> {
    this.lock.images[entry.id] = {
      ...details,
      fingerprint: fp.value,
      parts: { ...fp.parts },
      model: entry.model,
      quality: pricingQuality(entry.params),
      files: files.map((h, i) => ({
        ...fileRecord(entry.out[i]!, h),
        // Unknown (a file recorded without the verifier's word) stays absent, never false.
        ...(h.contentCredentials !== undefined && { content_credentials: h.contentCredentials }),
      })),
    };
    this.forget(fp.value);
    if (chosen) delete this.lock.candidates[fp.value];
    return this.save();
  }

  /**
   * Write-ahead: the intent to submit is on disk (flushed) before the submit is sent. Moves the
   * fingerprint out of `failed`/`unknown` (forced or retried), and keeps what it moved until the
   * submit is answered: when the write fails, or the submit is surely not accepted (`withdraw`), it
   * is put back — a refusal still stands, and an earlier submit that may have been charged is still
   * named. A failed write throws the LockWriteError (naming the file): nothing may be sent then.
   */
  async intend(fp: string, id: string): Promise<void> {
    const { failed, unknown } = { failed: this.lock.failed[fp], unknown: this.lock.unknown[fp] };
    this.forget(fp);
    this.displaced.set(fp, () => {
      if (failed) this.lock.failed[fp] = failed;
      if (unknown) this.lock.unknown[fp] = unknown;
    });
    this.lock.submitting[fp] = { id, at: this.iso(this.now()) };
    try {
      await this.save();
    } catch (err) {
      this.putBack(fp);
      throw err;
    }
  }

  /** The submit was surely not accepted (refused, cancelled before sending): its intent goes. */
  withdraw(fp: string): Promise<void> {
    if (!this.lock.submitting[fp]) return Promise.resolve();
    this.putBack(fp);
    return this.save();
  }

  /** The intent goes, and what it moved out of `failed`/`unknown` comes back. */
  private putBack(fp: string): void {
    const restore = this.displaced.get(fp);
    this.forget(fp);
    restore?.();
  }

  /**
   * An accepted submit: the intent becomes `pending`, recorded before anything else happens, so no
   * later failure can lose it. A request id already recorded for another fingerprint is an
   * impossible gateway answer: the entry goes to `unknown` instead and the reason is returned
   * (nothing is recorded twice, no entry collects another's image).
   */
  async pending(
    fp: string,
    entry: ResolvedEntry,
    requestId: string,
    submittedAt: number,
    candidates?: number,
  ): Promise<string | undefined> {
    const holder = this.holderOf(requestId, fp);
    if (holder) {
      const reason = `impossible gateway answer: request id ${requestId} is already recorded for ${holder} — outcome unknown, not collected`;
      await this.unknown(fp, entry.id, reason);
      return reason;
    }
    const record: PendingRecord = {
      id: entry.id,
      request_id: requestId,
      submitted_at: this.iso(submittedAt),
      model: entry.model,
      ...(candidates !== undefined && { candidates }),
    };
    this.forget(fp);
    this.lock.pending[fp] = record;
    if (this.cache?.savePending) this.cacheSaves.push(this.cache.savePending(fp, record));
    await this.save();
    return undefined;
  }

  /**
   * A paid candidate set is in place (§10): recorded under `candidates` by fingerprint, awaiting a
   * pick; whatever was pending for the fingerprint moves here. A set recorded before at its paths
   * (an earlier prompt's, or one moved away) is replaced: its files hold this set now. `goneImage`:
   * the id whose image record names files no longer on disk; it goes too.
   */
  candidateSet(fp: string, record: CandidatesRecord, goneImage?: string): Promise<void> {
    this.forget(fp);
    if (goneImage !== undefined) delete this.lock.images[goneImage];
    const paths = record.files.map((f) => f.path);
    for (const other of setsAt(this.lock, paths, fp)) delete this.lock.candidates[other];
    this.lock.candidates[fp] = record;
    return this.save();
  }

  /** A bought set is in place (§10): its files (hashes, pixel sizes) recorded as a set awaiting a pick. */
  boughtSet(
    entry: ResolvedEntry,
    fp: string,
    files: readonly (FileHashes & ImageFacts)[],
    details: RecordDetails,
    pr: number | undefined,
    goneImage: string | undefined,
  ): Promise<void> {
    const record: CandidatesRecord = {
      id: entry.id,
      request_id: details.request_id,
      files: files.map((h, i) => fileRecord(entry.out[i]!, h)),
      cost_usd: details.cost_usd,
      created_at: details.generated_at,
      ...(pr !== undefined && { pr }),
    };
    return this.candidateSet(fp, record, goneImage);
  }

  /** Which record (of another fingerprint) already holds `requestId`, in words; undefined if none. */
  private holderOf(requestId: string, fp: string): string | undefined {
    for (const [id, r] of Object.entries(this.lock.images))
      if (r.request_id === requestId && r.fingerprint !== fp) return `the image of "${id}"`;
    for (const [other, p] of Object.entries(this.lock.pending))
      if (p.request_id === requestId && other !== fp) return `the pending request of "${p.id}"`;
    for (const [other, c] of Object.entries(this.lock.candidates))
      if (c.request_id === requestId && other !== fp) return `the candidates of "${c.id}"`;
    return undefined;
  }

  /**
   * Intents still here when the run ends were sent and never answered in a way this run could
   * record (a crash between send and answer): whether they were accepted is unknown.
   */
  async settleIntents(): Promise<void> {
    const left = Object.entries(this.lock.submitting);
    if (left.length === 0) return;
    for (const [fp, s] of left) this.lock.unknown[fp] = { id: s.id, reason: STOPPED_BEFORE_ANSWER, at: s.at };
    this.lock.submitting = {};
    await this.save();
  }

  /** A pending request found elsewhere (another branch's run, through the image cache), recorded here. */
  async adoptPending(fp: string, id: string, found: CachedPending): Promise<PendingRecord> {
    const record: PendingRecord = { id, request_id: found.request_id, submitted_at: found.submitted_at };
    this.lock.pending[fp] = record;
    await this.save();
    return record;
  }

  /** A pending request that ended ERROR (not charged): submitted anew. */
  dropPending(fp: string): Promise<void> {
    delete this.lock.pending[fp];
    return this.save();
  }

  /** Refused, or paid in vain: skipped until the fingerprint changes or the entry is forced. */
  failed(fp: string, id: string, status: string, error: string): Promise<void> {
    this.forget(fp);
    this.lock.failed[fp] = { id, status, error, at: this.iso(this.now()) };
    return this.save();
  }

  /** A submit that may have been accepted but left no request id: never resubmitted by itself. */
  unknown(fp: string, id: string, reason: string): Promise<void> {
    this.forget(fp);
    this.lock.unknown[fp] = { id, reason, at: this.iso(this.now()) };
    return this.save();
  }

  /**
   * A COMPLETED request whose images did not arrive verified in this run: it stays pending for the
   * next run, until MAX_DOWNLOAD_RUNS runs have tried; then it is remembered as paid in vain.
   * Returns whether it is still pending.
   */
  async downloadFailed(fp: string, id: string, error: string): Promise<boolean> {
    const pending = this.lock.pending[fp];
    const attempts = (pending?.download_attempts ?? 0) + 1;
    if (pending && attempts < MAX_DOWNLOAD_RUNS) {
      pending.download_attempts = attempts;
      await this.save();
      return true;
    }
    await this.failed(fp, id, 'COMPLETED', `paid, but the image did not verify: ${error}`);
    return false;
  }

  spend(cost: number | null): void {
    if (cost !== null) this.lock.spent_usd = addCost(this.lock.spent_usd, cost);
  }

  private forget(fp: string): void {
    this.displaced.delete(fp);
    delete this.lock.submitting[fp];
    delete this.lock.pending[fp];
    delete this.lock.failed[fp];
    delete this.lock.unknown[fp];
  }

  private iso(ms: number): string {
    return new Date(ms).toISOString();
  }
}

/** A file as the lockfile records it: its path, hashes, size and (when its header gave one) pixel size. */
function fileRecord(path: string, h: FileHashes & ImageFacts): RecordedFile {
  return {
    path,
    sha256: h.sha256,
    blob: h.blob,
    bytes: h.bytes,
    ...(h.width && h.height && { width: h.width, height: h.height }),
  };
}
