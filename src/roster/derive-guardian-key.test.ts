import { describe, expect, it } from 'vitest';
import { deriveGuardianKey, type GuardianKeyParts } from './derive-guardian-key.ts';

describe('deriveGuardianKey', () => {
  const cases: [string, GuardianKeyParts, string | null][] = [
    [
      'email first, whatever else is known',
      {
        email: 'ana@example.org',
        mobile: '+12128675309',
        givenName: 'Ana',
        familyName: 'Diaz',
        studentKey: 'S1',
      },
      'email:ana@example.org',
    ],
    [
      'email compared without regard to case or spaces',
      { email: '  Ana@Example.ORG ' },
      'email:ana@example.org',
    ],
    ['mobile when there is no email', { email: null, mobile: '+12128675309' }, 'mobile:+12128675309'],
    ['an empty email counts as none', { email: '', mobile: '+12128675309' }, 'mobile:+12128675309'],
    [
      'name and student when there is neither',
      { givenName: 'Ana', familyName: 'Diaz', studentKey: 'S1' },
      'name:diaz|ana|S1',
    ],
    [
      'names normalised: NFKC, trimmed, inner spaces collapsed, lower-cased',
      { givenName: ' Mary   Ann ', familyName: 'ＤＥ la  Cruz', studentKey: 'S1' },
      'name:de la cruz|mary ann|S1',
    ],
    ['a family name without a given name', { familyName: 'Doe', studentKey: 'S9' }, 'name:doe||S9'],
    [
      'the student key is kept as the source spells it',
      { familyName: 'Doe', studentKey: 'Ab-1' },
      'name:doe||Ab-1',
    ],
    ['nothing without a family name', { givenName: 'Ana', studentKey: 'S1' }, null],
    ['nothing without a student for the name', { givenName: 'Ana', familyName: 'Diaz' }, null],
    ['nothing at all', {}, null],
    ['blank values are nothing', { email: '  ', mobile: '', familyName: ' ', studentKey: 'S1' }, null],
  ];
  it.each(cases)('%s', (_name, parts, expected) => {
    expect(deriveGuardianKey(parts)).toBe(expected);
  });

  it('gives the same key to the same guardian spelled differently', () => {
    const a = deriveGuardianKey({ givenName: 'José', familyName: 'Núñez', studentKey: 'S1' });
    const b = deriveGuardianKey({ givenName: 'JOSÉ', familyName: ' Núñez ', studentKey: 'S1' });
    // "José" with a combining accent: NFKC composes it.
    const c = deriveGuardianKey({
      givenName: 'Jose\u0301',
      familyName: 'Nu\u0301n\u0303ez',
      studentKey: 'S1',
    });
    expect(a).toBe(b);
    expect(c).toBe(a);
  });
});
