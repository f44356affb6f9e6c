import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let sequence = 0;
// Random bytes are drawn 64 KiB at a time: one system call per 4,096 ids instead of one each.
const randomPool = Buffer.alloc(64 * 1024);
let poolOffset = randomPool.length;

/**
 * A new record id: a UUID version 7 (RFC 9562). The leading 48 bits are the time in ms and the
 * next 12 a counter within that ms, so ids made one after another sort in order and land near
 * each other in a B-tree index, which keeps bulk inserts of millions of rows fast; the rest is
 * random, so ids cannot be guessed across districts.
 */
export function newId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    // More than 4096 ids in one ms: borrow the next ms so the order holds.
    lastMs += 1;
    sequence = 0;
  }
  if (poolOffset === randomPool.length) {
    randomFillSync(randomPool);
    poolOffset = 0;
  }
  const bytes = Buffer.from(randomPool.subarray(poolOffset, (poolOffset += 16)));
  const ms = lastMs;
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | ((sequence >>> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
