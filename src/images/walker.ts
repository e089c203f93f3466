/**
 * The streaming core the format walkers share: bytes arrive in chunks of any size, and a walker
 * says what it wants next — a few header bytes together (`take`), a run of bytes it only checks in
 * passing (`pass`, e.g. into a CRC), a scan it does itself (`scan`, JPEG entropy data), or nothing
 * more (`finish`). Only headers are ever copied; image data is looked at where it lies.
 */
import type { Dimensions } from './types.js';

/** Why bytes are not a complete image: the stream stopped early, or the container is wrong. */
export type VerifyFailure = 'format' | 'truncated' | 'corrupt';

/** A check the bytes failed, with why (see {@link VerifyFailure}) and a message for people. */
export class ImageVerifyError extends Error {
  override readonly name = 'ImageVerifyError';
  constructor(
    readonly failure: VerifyFailure,
    message: string,
  ) {
    super(message);
  }
}

type Step =
  | { kind: 'take'; n: number; then: (b: Buffer) => void }
  | { kind: 'pass'; n: number; sink: ((b: Buffer) => void) | undefined; then: () => void }
  | { kind: 'scan'; fn: (b: Buffer) => number }
  | { kind: 'done' };

/** A format's walk over its container; subclasses set the first step in their constructor. */
export abstract class Walker {
  /** Bytes consumed so far (the offset of the next byte): for located messages. */
  offset = 0;
  dimensions: Dimensions | undefined;
  contentCredentials = false;
  private step: Step = { kind: 'done' };
  private acc: Buffer[] = [];
  private accLen = 0;
  private passed = 0;

  /** What the walk was in the middle of, for "ends early" messages. */
  protected abstract where(): string;

  /** Feeds the next bytes; throws ImageVerifyError as soon as they cannot be part of a valid image. */
  push(buf: Buffer): void {
    let off = 0;
    while (off < buf.length) {
      const s = this.step;
      const start = off;
      switch (s.kind) {
        case 'take': {
          const piece = buf.subarray(off, off + (s.n - this.accLen));
          off += piece.length;
          this.offset += piece.length;
          if (this.accLen === 0 && piece.length === s.n) {
            s.then(piece);
            break;
          }
          // Copied: the caller may reuse its buffer before the rest arrives.
          this.acc.push(Buffer.from(piece));
          this.accLen += piece.length;
          if (this.accLen === s.n) {
            const whole = Buffer.concat(this.acc);
            this.acc = [];
            this.accLen = 0;
            s.then(whole);
          }
          break;
        }
        case 'pass': {
          const piece = buf.subarray(off, off + (s.n - this.passed));
          off += piece.length;
          this.offset += piece.length;
          this.passed += piece.length;
          s.sink?.(piece);
          if (this.passed === s.n) {
            this.passed = 0;
            s.then();
          }
          break;
        }
        case 'scan': {
          const used = s.fn(buf.subarray(off));
          off += used;
          this.offset += used;
          break;
        }
        case 'done':
          throw this.corrupt(`${buf.length - off} more byte(s) after the end of the image`);
      }
      if (off === start && this.step === s) throw new Error('image walker made no progress');
    }
  }

  /** The stream ended: throws unless the walk reached the container's end. */
  end(): void {
    if (this.step.kind !== 'done')
      throw new ImageVerifyError('truncated', `ends early, after ${this.offset} bytes (${this.where()})`);
  }

  protected take(n: number, then: (b: Buffer) => void): void {
    if (n === 0) then(Buffer.alloc(0));
    else this.step = { kind: 'take', n, then };
  }

  protected pass(n: number, sink: ((b: Buffer) => void) | undefined, then: () => void): void {
    if (n === 0) then();
    else this.step = { kind: 'pass', n, sink, then };
  }

  protected scan(fn: (b: Buffer) => number): void {
    this.step = { kind: 'scan', fn };
  }

  protected finish(): void {
    this.step = { kind: 'done' };
  }

  protected corrupt(message: string): ImageVerifyError {
    return new ImageVerifyError('corrupt', message);
  }
}
