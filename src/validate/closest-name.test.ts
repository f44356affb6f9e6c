import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './closest-name.ts';

describe('closestName', () => {
  const columns = ['sourcedId', 'orgSourcedIds', 'givenName', 'familyName', 'agentSourcedIds', 'sms'];

  it('finds what a misspelt header meant', () => {
    expect(closestName('sourceId', columns)).toBe('sourcedId');
    expect(closestName('OrgSourceIds', columns)).toBe('orgSourcedIds');
    expect(closestName('givenNmae', columns)).toBe('givenName');
    expect(closestName('first_name', columns)).toBeNull();
    expect(closestName('password', columns)).toBeNull();
  });

  it('counts a swap as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'abcdefgh', 2)).toBe(3);
  });
});
