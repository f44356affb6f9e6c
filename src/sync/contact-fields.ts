import type { PersonFields } from '../roster/snapshot.ts';
import type { SyncSettings } from './sync-settings.ts';

/** The settings that decide which of a person's source values the directory gets. */
export type ContactRules = Pick<SyncSettings, 'phoneCredential' | 'updateLanguage'>;

/** The fields that sign a person in: unique among the district's people (SPEC §6). */
export type CredentialField = 'email' | 'mobile';

/**
 * A person's name and contact values as the directory should get them, from what the source
 * reader gave (`mobile` from the source's `sms`, `homePhone` from its `phone`, as every
 * OneRoster reader fills them):
 * - `phoneCredential` `phone`: the source's `phone` becomes the mobile (sign-in and SMS) and
 *   its `sms` the home phone; `sms` (the default) leaves them as read. Applied here, after the
 *   reader, so every source shares the rule and the reader stays settings-free.
 * - `updateLanguage` off: the language is `undefined` ("no usable value"), so the directory
 *   keeps whatever it has, including a value a person set by hand.
 * - `withheld` credentials (shared with another guardian, see `checkGuardianCredentials`) are
 *   `undefined` too: the sync gives them to nobody and leaves each person's own value.
 * Returns the person itself when nothing changes, so the default settings cost no object.
 */
export function contactFields(
  person: PersonFields,
  rules: ContactRules,
  withheld?: ReadonlySet<CredentialField>,
): PersonFields {
  const swapsPhones = rules.phoneCredential === 'phone';
  const dropsLanguage = !rules.updateLanguage && person.language !== undefined;
  if (!swapsPhones && !dropsLanguage && (withheld === undefined || withheld.size === 0)) return person;
  const mobile = swapsPhones ? person.homePhone : person.mobile;
  const homePhone = swapsPhones ? person.mobile : person.homePhone;
  return {
    givenName: person.givenName,
    middleName: person.middleName,
    familyName: person.familyName,
    email: withheld?.has('email') ? undefined : person.email,
    mobile: withheld?.has('mobile') ? undefined : mobile,
    homePhone,
    language: rules.updateLanguage ? person.language : undefined,
  };
}
