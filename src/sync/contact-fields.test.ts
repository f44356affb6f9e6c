import { describe, expect, it } from 'vitest';
import type { PersonFields } from '../roster/snapshot.ts';
import { contactFields } from './contact-fields.ts';

const person: PersonFields = {
  givenName: 'Hoa',
  middleName: null,
  familyName: 'Nguyen',
  email: 'hoa@example.com',
  mobile: '+13125550101',
  homePhone: '+13125550199',
  language: 'vi',
};
const defaults = { phoneCredential: 'sms', updateLanguage: true } as const;

describe('contactFields', () => {
  it('gives the person as read with the default settings', () => {
    expect(contactFields(person, defaults)).toBe(person);
  });

  it('makes the source phone the mobile and the sms the home phone when phoneCredential is phone', () => {
    expect(contactFields(person, { ...defaults, phoneCredential: 'phone' })).toEqual({
      ...person,
      mobile: '+13125550199',
      homePhone: '+13125550101',
    });
  });

  it('swaps a missing or empty phone too, so the mobile is empty when the source has no phone', () => {
    const smsOnly = { ...person, homePhone: null };
    expect(contactFields(smsOnly, { ...defaults, phoneCredential: 'phone' })).toMatchObject({
      mobile: null,
      homePhone: '+13125550101',
    });
  });

  it('leaves the language to the directory when updateLanguage is off', () => {
    expect(contactFields(person, { ...defaults, updateLanguage: false })).toEqual({
      ...person,
      language: undefined,
    });
    // An emptied language would clear the directory's value: off means not even that.
    expect(
      contactFields({ ...person, language: null }, { ...defaults, updateLanguage: false }).language,
    ).toBe(undefined);
  });

  it('withholds shared credentials, after choosing the mobile', () => {
    const fields = contactFields(
      person,
      { ...defaults, phoneCredential: 'phone' },
      new Set(['mobile', 'email']),
    );
    expect(fields).toEqual({ ...person, email: undefined, mobile: undefined, homePhone: '+13125550101' });
  });
});
