import { describe, expect, it } from 'vitest';
import { CleverKeyDigest } from './clever-key-digest.ts';

const student = (id: string, sisId: string) => ({ id, roles: { student: { sis_id: sisId } } });
const teacher = (id: string, sisId: string) => ({ id, roles: { teacher: { sis_id: sisId } } });

describe('CleverKeyDigest', () => {
  it('gives a SIS id to the first user in listing order and the Clever id to a later one, as keyCleverUsers does', () => {
    const digest = CleverKeyDigest.fromUsers([student('a1', 'S1'), teacher('a2', 'S1'), student('a3', 'S3')]);
    expect(digest.keyOf(student('a1', 'S1'))).toBe('S1');
    expect(digest.keyOf(teacher('a2', 'S1'))).toBe('a2');
    expect(digest.owner('S1', 'a2')).toBe('other');
    expect(digest.owner('S9', 'a9')).toBe('absent');
    // A SIS id that changed is not this user's key.
    expect(digest.keyOf(student('a3', 'S3-new'))).toBeNull();
  });

  it('leaves contacts without SIS id out (their key is derived from more than the user)', () => {
    const digest = CleverKeyDigest.fromUsers([
      { id: 'c1', roles: { contact: { student_relationships: [] } } },
    ]);
    expect(digest.size).toBe(0);
  });

  it('survives encoding: the same pairs, the same text', () => {
    const digest = CleverKeyDigest.fromUsers([student('a1', 'S1'), student('a2', 'S2')]);
    digest.claim('S3', 'a3');
    digest.release('S2', 'a2');
    const decoded = CleverKeyDigest.decode(digest.encode())!;
    expect(decoded.owner('S1', 'a1')).toBe('same');
    expect(decoded.owner('S2', 'a2')).toBe('absent');
    expect(decoded.owner('S3', 'a3')).toBe('same');
    expect(decoded.encode()).toBe(digest.encode());
    expect(CleverKeyDigest.decode('not base64!')).toBeNull();
  });
});
