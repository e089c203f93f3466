/**
 * PNG: the signature, then chunks (length, type, data, CRC-32 over type and data) from `IHDR` to
 * `IEND`, and nothing after. The CRC is zlib's native one: no JavaScript loop touches image data.
 */
import { crc32 } from 'node:zlib';
import { Walker } from './walker.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The PNG spec's limit on a chunk's length. */
const MAX_CHUNK = 0x7fffffff;

export class PngWalker extends Walker {
  private chunk = '';
  private chunkAt = 0;
  private chunks = 0;
  private sawData = false;
  private crc = 0;

  constructor() {
    super();
    this.take(8, (b) => {
      if (!b.equals(SIGNATURE)) throw this.corrupt('does not start with the PNG signature');
      this.header();
    });
  }

  protected where(): string {
    return this.chunk ? `inside the ${this.chunk} chunk at byte ${this.chunkAt}` : 'in the PNG signature';
  }

  private header(): void {
    this.take(8, (b) => {
      this.chunkAt = this.offset - 8;
      const length = b.readUInt32BE(0);
      const typeBytes = b.subarray(4, 8);
      const type = typeBytes.toString('latin1');
      if (!/^[A-Za-z]{4}$/.test(type))
        throw this.corrupt(`not a PNG chunk at byte ${this.chunkAt} (type ${JSON.stringify(type)})`);
      this.chunk = type;
      if (length > MAX_CHUNK) throw this.corrupt(`chunk ${type} at byte ${this.chunkAt} is too long`);
      if (this.chunks++ === 0 && (type !== 'IHDR' || length !== 13))
        throw this.corrupt('the first PNG chunk is not a 13-byte IHDR');
      if (type === 'IDAT') this.sawData = true;
      if (type === 'caBX') this.contentCredentials = true;
      this.crc = crc32(typeBytes);
      if (type === 'IHDR') {
        this.take(length, (data) => {
          this.crc = crc32(data, this.crc);
          const width = data.readUInt32BE(0);
          const height = data.readUInt32BE(4);
          if (width === 0 || height === 0) throw this.corrupt('the PNG header gives a zero size');
          this.dimensions = { width, height };
          this.trailer(type);
        });
      } else {
        this.pass(
          length,
          (piece) => {
            this.crc = crc32(piece, this.crc);
          },
          () => this.trailer(type),
        );
      }
    });
  }

  private trailer(type: string): void {
    this.take(4, (b) => {
      if (b.readUInt32BE(0) !== this.crc)
        throw this.corrupt(`chunk ${type} at byte ${this.chunkAt} has a bad CRC (the bytes were damaged)`);
      if (type !== 'IEND') return this.header();
      if (!this.sawData) throw this.corrupt('the PNG has no image data (IDAT)');
      this.finish();
    });
  }
}
