/**
 * A position in a district's change feed: the last audit row a reader has seen, by the feed's
 * order (the writing transaction's id, then the row id). `xid` and `id` 0 is the beginning.
 */
export interface ChangeCursor {
  districtId: string;
  xid: bigint;
  id: bigint;
}

// Layout: version (1 byte), district UUID (16), xid (8, unsigned), audit row id (8). 33 bytes
// are exactly 44 base64url characters, so a cursor has no padding and exactly one spelling.
const version = 1;
const byteLength = 33;
const cursorPattern = /^[A-Za-z0-9_-]{44}$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const maxUint64 = 2n ** 64n - 1n;
/** Audit row ids are `bigserial`: never negative, at most int8's maximum. */
const maxRowId = 2n ** 63n - 1n;

/**
 * The opaque string a reader gets back and passes as `since`. It carries the district so a
 * cursor cannot be replayed against another tenant's feed (the query filters on the district
 * anyway; this turns a mix-up into a clear error instead of a wrong page).
 */
export function encodeChangeCursor(cursor: ChangeCursor): string {
  if (!uuidPattern.test(cursor.districtId)) throw new Error(`encodeChangeCursor: bad district id`);
  if (cursor.xid < 0n || cursor.xid > maxUint64 || cursor.id < 0n || cursor.id > maxRowId) {
    throw new Error(`encodeChangeCursor: position out of range`);
  }
  const bytes = Buffer.alloc(byteLength);
  bytes[0] = version;
  Buffer.from(cursor.districtId.replace(/-/g, ''), 'hex').copy(bytes, 1);
  bytes.writeBigUInt64BE(cursor.xid, 17);
  bytes.writeBigUInt64BE(cursor.id, 25);
  return bytes.toString('base64url');
}

/** Reads a cursor string; `null` when it is not one this version wrote. */
export function decodeChangeCursor(text: string): ChangeCursor | null {
  // Buffer's base64 decoder skips characters it does not know, so check the spelling first.
  if (!cursorPattern.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length !== byteLength || bytes[0] !== version) return null;
  const id = bytes.readBigUInt64BE(25);
  if (id > maxRowId) return null;
  const hex = bytes.subarray(1, 17).toString('hex');
  return {
    districtId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    xid: bytes.readBigUInt64BE(17),
    id,
  };
}

/** The cursor before a district's first change. */
export function beginningOfChanges(districtId: string): ChangeCursor {
  return { districtId: districtId.toLowerCase(), xid: 0n, id: 0n };
}

/** Whether `text` is a UUID as the store writes them (districts, people, runs…). */
export function isUuid(text: string): boolean {
  return uuidPattern.test(text);
}
