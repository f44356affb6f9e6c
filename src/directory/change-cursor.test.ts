import { describe, expect, it } from 'vitest';
import { beginningOfChanges, decodeChangeCursor, encodeChangeCursor } from './change-cursor.ts';

const districtId = '01900000-0000-7000-8000-0000000000d1';

describe('change cursors', () => {
  it('round-trips a position as an opaque 44-character url-safe string', () => {
    const cursor = { districtId, xid: 123_456_789_012n, id: 42n };
    const text = encodeChangeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(decodeChangeCursor(text)).toEqual(cursor);
  });

  it('keeps the extremes of xid8 and bigserial exact (beyond a JS number)', () => {
    const cursor = { districtId, xid: 2n ** 64n - 1n, id: 2n ** 63n - 1n };
    expect(decodeChangeCursor(encodeChangeCursor(cursor))).toEqual(cursor);
    expect(decodeChangeCursor(encodeChangeCursor(beginningOfChanges(districtId)))).toEqual({
      districtId,
      xid: 0n,
      id: 0n,
    });
  });

  it('gives each position and district a cursor of its own', () => {
    const a = encodeChangeCursor({ districtId, xid: 10n, id: 2n });
    const b = encodeChangeCursor({ districtId, xid: 10n, id: 3n });
    const other = encodeChangeCursor({
      districtId: '01900000-0000-7000-8000-0000000000d2',
      xid: 10n,
      id: 2n,
    });
    expect(new Set([a, b, other]).size).toBe(3);
    expect(decodeChangeCursor(other)?.districtId).toBe('01900000-0000-7000-8000-0000000000d2');
  });

  it('reads a district id written in capitals as the store writes it', () => {
    expect(beginningOfChanges(districtId.toUpperCase()).districtId).toBe(districtId);
  });

  it.each([
    ['empty', ''],
    ['too short', encodeChangeCursor(beginningOfChanges(districtId)).slice(0, 43)],
    ['too long', `${encodeChangeCursor(beginningOfChanges(districtId))}A`],
    ['padded', `${encodeChangeCursor(beginningOfChanges(districtId))}=`],
    ['not base64url', `${encodeChangeCursor(beginningOfChanges(districtId)).slice(0, 43)}+`],
    ['with spaces', ` ${encodeChangeCursor(beginningOfChanges(districtId)).slice(1)}`],
    ['another version', Buffer.alloc(33, 2).toString('base64url')],
    ['a row id beyond int8', Buffer.concat([Buffer.from([1]), Buffer.alloc(32, 0xff)]).toString('base64url')],
    ['a number', '12345'],
  ])('rejects a malformed cursor (%s)', (_, text) => {
    expect(decodeChangeCursor(text)).toBeNull();
  });

  it('refuses to encode what is not a position', () => {
    expect(() => encodeChangeCursor({ districtId: 'springfield', xid: 1n, id: 1n })).toThrow();
    expect(() => encodeChangeCursor({ districtId, xid: -1n, id: 1n })).toThrow();
    expect(() => encodeChangeCursor({ districtId, xid: 1n, id: 2n ** 63n })).toThrow();
  });
});
