import { describe, expect, it } from 'vitest';
import { splitContactName } from './split-contact-name.ts';

describe('splitContactName', () => {
  const cases: [string | null, string | null, string | null, string | null][] = [
    // full name, given, middle, family
    ['Jane Q. Doe', 'Jane', 'Q.', 'Doe'],
    ['Aaron Berge', 'Aaron', null, 'Berge'],
    ['Doe, Jane', 'Jane', null, 'Doe'],
    ['Doe, Jane Q.', 'Jane', 'Q.', 'Doe'],
    ['Cher', null, null, 'Cher'],
    ['Maria de la Cruz', 'Maria', null, 'de la Cruz'],
    ['Jan van der Berg', 'Jan', null, 'van der Berg'],
    ['Anna Maria van der Berg', 'Anna', 'Maria', 'van der Berg'],
    ['Ludwig Van Beethoven', 'Ludwig', null, 'Van Beethoven'],
    // A particle as the first word is a given name.
    ['Van Morrison', 'Van', null, 'Morrison'],
    ['John Smith Jr.', 'John', null, 'Smith Jr.'],
    ['John Paul Smith III', 'John', 'Paul', 'Smith III'],
    ['Smith Jr., John', 'John', null, 'Smith Jr.'],
    ['Smith, John, Jr.', 'John', null, 'Smith Jr.'],
    // "Smith, Jr." is a suffix after a comma, not "family, given".
    ['Smith, Jr.', null, null, 'Smith Jr.'],
    ['Mary-Kate Olsen-Smith', 'Mary-Kate', null, 'Olsen-Smith'],
    ['  Jane    Doe  ', 'Jane', null, 'Doe'],
    ['', null, null, null],
    ['   ', null, null, null],
    [null, null, null, null],
  ];
  it.each(cases)('splits %j into %j / %j / %j', (fullName, givenName, middleName, familyName) => {
    expect(splitContactName(fullName)).toEqual({ givenName, middleName, familyName });
  });
});
