/**
 * JPEG: `SOI`, marker segments (each with its length) up to a scan (`SOS`), then entropy-coded data
 * searched with `indexOf(0xFF)` — `FF 00` is a stuffed byte, `FF D0`–`FF D7` a restart marker —
 * until the next marker: more segments and scans (progressive JPEGs), and finally `EOI`, with
 * nothing after it. The frame header (`SOFn`) gives the size, turned by EXIF orientations 5–8.
 */
import { isC2paApp11 } from './jumbf.js';
import { Walker } from './walker.js';

const SOS = 0xda;
const EOI = 0xd9;
const APP1 = 0xe1;
const APP11 = 0xeb;

/** SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isFrame(code: number): boolean {
  return code >= 0xc0 && code <= 0xcf && code !== 0xc4 && code !== 0xc8 && code !== 0xcc;
}

/** Markers without a length: restarts and TEM. */
function isStandalone(code: number): boolean {
  return (code >= 0xd0 && code <= 0xd7) || code === 0x01;
}

const hex = (code: number): string => `FF${code.toString(16).toUpperCase().padStart(2, '0')}`;

export class JpegWalker extends Walker {
  private frame = false;
  private scans = 0;
  private orientation = 1;
  private state = 'in the SOI marker';

  constructor() {
    super();
    this.take(2, (b) => {
      if (b[0] !== 0xff || b[1] !== 0xd8) throw this.corrupt('does not start with the JPEG SOI marker');
      this.marker();
    });
  }

  protected where(): string {
    return this.state;
  }

  /** Between segments: a marker, after any number of 0xFF fill bytes. */
  private marker(): void {
    this.state = 'between segments';
    this.take(1, (b) => {
      if (b[0] !== 0xff) throw this.corrupt(`expected a JPEG marker at byte ${this.offset - 1}`);
      this.code();
    });
  }

  private code(): void {
    this.take(1, (b) => {
      const code = b[0]!;
      if (code === 0xff) return this.code();
      this.segment(code);
    });
  }

  private segment(code: number): void {
    if (code === EOI) {
      if (this.scans === 0) throw this.corrupt('the JPEG ends before any image data (no scan)');
      this.finish();
      return;
    }
    if (isStandalone(code)) {
      this.marker();
      return;
    }
    if (code === 0xd8 || code === 0x00)
      throw this.corrupt(`unexpected marker ${hex(code)} at byte ${this.offset - 2}`);
    const at = this.offset - 2;
    this.state = `inside the ${hex(code)} segment at byte ${at}`;
    this.take(2, (len) => {
      const length = len.readUInt16BE(0);
      if (length < 2) throw this.corrupt(`segment ${hex(code)} at byte ${at} has a length below 2`);
      // Only the segments we read are copied; the rest (ICC profiles, thumbnails) pass by.
      const wanted = isFrame(code) || code === SOS || code === APP1 || code === APP11;
      if (!wanted) return this.pass(length - 2, undefined, () => this.marker());
      this.take(length - 2, (body) => {
        if (isFrame(code)) this.readFrame(body, at);
        else if (code === APP1) this.readExif(body);
        // Only an APP11 that carries a JUMBF box labelled `c2pa`: APP11 has other JPEG XT uses.
        else if (code === APP11 && isC2paApp11(body)) this.contentCredentials = true;
        if (code !== SOS) return this.marker();
        if (!this.frame) throw this.corrupt(`a scan at byte ${at} before any frame header (SOF)`);
        this.scans++;
        this.state = `inside the entropy-coded data of scan ${this.scans}`;
        this.scan((buf) => this.entropy(buf));
      });
    });
  }

  private readFrame(body: Buffer, at: number): void {
    if (body.length < 6) throw this.corrupt(`frame header at byte ${at} is too short`);
    const height = body.readUInt16BE(1);
    const width = body.readUInt16BE(3);
    // A zero height is legal (DNL defines it later) but no browser lays that out: no size then.
    if (width > 0 && height > 0 && !this.frame)
      this.dimensions = this.orientation >= 5 ? { width: height, height: width } : { width, height };
    this.frame = true;
  }

  /** The EXIF orientation tag of IFD0, when present; anything malformed is ignored (it is metadata). */
  private readExif(body: Buffer): void {
    if (body.length < 14 || body.toString('latin1', 0, 6) !== 'Exif\0\0') return;
    const tiff = body.subarray(6);
    const le = tiff.toString('latin1', 0, 2) === 'II';
    const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
    const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
    const ifd = u32(4);
    if (ifd + 2 > tiff.length) return;
    const count = u16(ifd);
    for (let i = 0; i < count; i++) {
      const e = ifd + 2 + i * 12;
      if (e + 12 > tiff.length) return;
      if (u16(e) === 0x0112) {
        this.orientation = u16(e + 8);
        return;
      }
    }
  }

  /** Entropy-coded data: jump from 0xFF to 0xFF; stop before a real marker (or a 0xFF at the end). */
  private entropy(buf: Buffer): number {
    let i = 0;
    for (;;) {
      const j = buf.indexOf(0xff, i);
      if (j < 0) return buf.length;
      if (j + 1 < buf.length) {
        const next = buf[j + 1]!;
        if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
          i = j + 2;
          continue;
        }
      }
      // A marker, fill bytes, or a 0xFF split from its code by the chunk boundary: decide on two bytes.
      this.take(2, (pair) => this.afterFF(pair[1]!));
      return j;
    }
  }

  private afterFF(next: number): void {
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) this.scan((buf) => this.entropy(buf));
    else if (next === 0xff) this.take(1, (b) => this.afterFF(b[0]!));
    else this.segment(next);
  }
}
