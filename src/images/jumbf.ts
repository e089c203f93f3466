/**
 * C2PA content credentials live in a JUMBF superbox (`jumb`) whose description box (`jumd`) is
 * labelled `c2pa`. In JPEG they ride in APP11 segments (JPEG XT: `JP` common identifier, box
 * instance, packet sequence, then the box). Only presence is detected: signatures are not validated.
 */

/** A box header at `at`: its type and where its payload starts; undefined when the bytes are too short. */
function boxAt(b: Buffer, at: number): { type: string; payload: number } | undefined {
  if (at + 8 > b.length) return undefined;
  const lbox = b.readUInt32BE(at);
  const type = b.toString('latin1', at + 4, at + 8);
  // LBox 1: an 8-byte XLBox follows the type.
  if (lbox === 1) return at + 16 > b.length ? undefined : { type, payload: at + 16 };
  return { type, payload: at + 8 };
}

/** Whether `b` starts with a JUMBF superbox whose description box is labelled `c2pa`. */
export function isC2paJumbf(b: Buffer, at = 0): boolean {
  const jumb = boxAt(b, at);
  if (jumb?.type !== 'jumb') return false;
  const jumd = boxAt(b, jumb.payload);
  if (jumd?.type !== 'jumd') return false;
  // Description: a 16-byte content-type UUID, a toggles byte (bit 1: a label follows), the label.
  const toggles = b[jumd.payload + 16];
  if (toggles === undefined || (toggles & 0x02) === 0) return false;
  const start = jumd.payload + 17;
  const end = b.indexOf(0, start);
  return end > start && b.toString('latin1', start, end) === 'c2pa';
}

/** Whether an APP11 segment body (after the length) carries the first packet of a C2PA JUMBF box. */
export function isC2paApp11(body: Buffer): boolean {
  // `JP`, a 2-byte box instance (En), a 4-byte packet sequence number (Z), then the box.
  if (body.length < 8 || body[0] !== 0x4a || body[1] !== 0x50) return false;
  return isC2paJumbf(body, 8);
}
