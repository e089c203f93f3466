/**
 * WebP: `RIFF`, a size field equal to the body's length minus 8, `WEBP`, a first chunk `VP8 `,
 * `VP8L` or `VP8X`, then chunks (four-character code, size, data, a pad byte after odd sizes) that
 * end exactly where the RIFF size says — nothing before it is missing, nothing after it follows.
 */
import { Walker } from './walker.js';

/** Bytes of the first chunk read for the size: VP8X needs 10, VP8L 5, VP8 10. */
const HEAD = 10;

export class WebpWalker extends Walker {
  /** Bytes the RIFF size says are still to come. */
  private left = 0;
  private riffSize = 0;
  private chunks = 0;
  private chunk = '';
  private chunkAt = 0;
  /** Whether a chunk that holds pixels (VP8, VP8L, or an animation frame) was seen. */
  private pixels = false;

  constructor() {
    super();
    this.take(12, (b) => {
      if (b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP')
        throw this.corrupt('does not start with a RIFF WEBP header');
      this.riffSize = b.readUInt32LE(4);
      this.left = this.riffSize - 4;
      if (this.left < 8)
        throw this.corrupt(`the RIFF size field (${this.riffSize}) leaves no room for a chunk`);
      this.header();
    });
  }

  protected where(): string {
    const riff = `the RIFF size field says ${this.riffSize + 8} bytes in all`;
    return this.chunk ? `inside the ${this.chunk} chunk at byte ${this.chunkAt}; ${riff}` : riff;
  }

  private header(): void {
    this.take(8, (b) => {
      this.chunkAt = this.offset - 8;
      const type = b.toString('latin1', 0, 4);
      const size = b.readUInt32LE(4);
      const whole = 8 + size + (size & 1);
      this.chunk = JSON.stringify(type);
      if (whole > this.left)
        throw this.corrupt(
          `chunk ${this.chunk} at byte ${this.chunkAt} runs past the end the RIFF size field gives (${this.riffSize + 8} bytes)`,
        );
      this.left -= whole;
      const first = this.chunks++ === 0;
      if (first && type !== 'VP8 ' && type !== 'VP8L' && type !== 'VP8X')
        throw this.corrupt(`the first WebP chunk is ${this.chunk}, not VP8, VP8L or VP8X`);
      if (type === 'VP8 ' || type === 'VP8L' || type === 'ANMF') this.pixels = true;
      if (type === 'C2PA') this.contentCredentials = true;
      const rest = () => this.pass(size & 1, undefined, () => this.next());
      if (!first) return this.pass(size, undefined, rest);
      const head = Math.min(size, HEAD);
      this.take(head, (data) => {
        this.dimensions = sizeOf(type, data);
        if (!this.dimensions) throw this.corrupt(`the ${this.chunk} chunk gives no image size`);
        this.pass(size - head, undefined, rest);
      });
    });
  }

  private next(): void {
    if (this.left === 0) {
      if (!this.pixels) throw this.corrupt('the WebP has no image data (VP8, VP8L or ANMF chunk)');
      this.finish();
      return;
    }
    if (this.left < 8)
      throw this.corrupt(`the RIFF size field leaves ${this.left} byte(s) that are no chunk`);
    this.header();
  }
}

function sizeOf(type: string, d: Buffer): { width: number; height: number } | undefined {
  if (type === 'VP8X' && d.length >= 10)
    return { width: d.readUIntLE(4, 3) + 1, height: d.readUIntLE(7, 3) + 1 };
  if (type === 'VP8L' && d.length >= 5 && d[0] === 0x2f) {
    const bits = d.readUInt32LE(1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (type === 'VP8 ' && d.length >= 10 && d[3] === 0x9d && d[4] === 0x01 && d[5] === 0x2a) {
    const width = d.readUInt16LE(6) & 0x3fff;
    const height = d.readUInt16LE(8) & 0x3fff;
    return width > 0 && height > 0 ? { width, height } : undefined;
  }
  return undefined;
}
