import { readText, type CleverObject } from './clever-records.ts';
import { naturalCleverKey } from './natural-clever-key.ts';

/**
 * Which Clever user holds which key (`SnapshotPerson.sisId`), as 32-bit hashes: 8 bytes a
 * user, so a state can carry a large district's. An incremental read sees a few users alone,
 * and a user's key depends on the others (two users with one SIS id: the first in Clever's
 * order keeps it, the other is keyed by its Clever id); the digest tells whether a changed
 * user still has the key the last full read gave it. A hash that collides can only make a
 * key look taken by another user, which sends the run to a full read: never a wrong key.
 */
export class CleverKeyDigest {
  /** Key hash → hash of the Clever id of the user holding it. */
  readonly #owners: Map<number, number>;

  private constructor(owners: Map<number, number>) {
    this.#owners = owners;
  }

  /** The keys of a full read's users, claimed in listing order as `keyCleverUsers` does. */
  static fromUsers(users: readonly CleverObject[]): CleverKeyDigest {
    const digest = new CleverKeyDigest(new Map());
    const seen = new Set<string>();
    for (const user of users) {
      const cleverId = readText(user, 'id');
      const key = naturalCleverKey(user);
      // Derived contact keys are left out: a change of a contact always reads in full.
      if (!cleverId || key === null || seen.has(cleverId)) continue;
      seen.add(cleverId);
      if (digest.owner(key, cleverId) === 'absent') digest.claim(key, cleverId);
      else digest.claim(cleverId, cleverId);
    }
    return digest;
  }

  /** The digest `encode` wrote, or null when the text is not one. */
  static decode(text: string): CleverKeyDigest | null {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length % 8 !== 0 || bytes.toString('base64') !== text) return null;
    const owners = new Map<number, number>();
    for (let offset = 0; offset < bytes.length; offset += 8) {
      owners.set(bytes.readUInt32LE(offset), bytes.readUInt32LE(offset + 4));
    }
    return new CleverKeyDigest(owners);
  }

  get size(): number {
    return this.#owners.size;
  }

  /** Base64 of (key hash, owner hash) pairs in key-hash order: the same digest, the same text. */
  encode(): string {
    const keys = [...this.#owners.keys()].sort((a, b) => a - b);
    const bytes = Buffer.alloc(keys.length * 8);
    keys.forEach((key, index) => {
      bytes.writeUInt32LE(key, index * 8);
      bytes.writeUInt32LE(this.#owners.get(key) as number, index * 8 + 4);
    });
    return bytes.toString('base64');
  }

  /** Whether `key` is held by the user `cleverId`, by another user, or by none. */
  owner(key: string, cleverId: string): 'same' | 'other' | 'absent' {
    const owner = this.#owners.get(hash(key));
    if (owner === undefined) return 'absent';
    return owner === hash(cleverId) ? 'same' : 'other';
  }

  /** Gives `key` to `cleverId` when no one holds it. */
  claim(key: string, cleverId: string): void {
    const keyHash = hash(key);
    if (!this.#owners.has(keyHash)) this.#owners.set(keyHash, hash(cleverId));
  }

  /** Frees `key` when `cleverId` holds it (the user was deleted). */
  release(key: string, cleverId: string): void {
    if (this.owner(key, cleverId) === 'same') this.#owners.delete(hash(key));
  }

  /**
   * The key the reads so far gave this user: its natural key when it holds it, its Clever id
   * when another user held that first; null when neither (a user not seen before, or one
   * whose SIS id changed).
   */
  keyOf(user: CleverObject): string | null {
    const cleverId = readText(user, 'id');
    const key = naturalCleverKey(user);
    if (!cleverId || key === null) return null;
    if (this.owner(key, cleverId) === 'same') return key;
    if (key !== cleverId && this.owner(cleverId, cleverId) === 'same') return cleverId;
    return null;
  }
}

/** FNV-1a over the UTF-16 code units: stable across runs and versions of Node. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}
