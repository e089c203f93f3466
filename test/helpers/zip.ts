/** A zip reader for the archives the tests receive (artifacts uploaded to the results service). */
import { inflateRawSync } from 'node:zlib';

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
