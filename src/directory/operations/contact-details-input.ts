import { z } from 'zod';
import { normalizeEmail } from '../../roster/normalize-email.ts';
import { normalizePhone } from '../../roster/normalize-phone.ts';
import { DirectoryError } from '../directory-error.ts';

const name = z.string().trim().min(1).max(200);

/** A person's contact details as an operation takes them; null empties a field. */
export const contactDetailsInput = z.strictObject({
  givenName: name.optional(),
  middleName: name.nullable().optional(),
  familyName: name.optional(),
  email: z.string().max(320).nullable().optional(),
  mobile: z.string().max(40).nullable().optional(),
  homePhone: z.string().max(40).nullable().optional(),
  language: z.string().trim().min(2).max(35).nullable().optional(),
});
export type ContactDetailsInput = z.output<typeof contactDetailsInput>;

/** The fields of a person made by hand (a staff member, a guardian): names required. */
export const newPersonFields = {
  ...contactDetailsInput.shape,
  givenName: name,
  familyName: name,
};

/** A new person's contact values from normalised input, every field given (absent: null). */
export function newPersonValues(details: ContactDetailsInput & { givenName: string; familyName: string }) {
  return {
    givenName: details.givenName,
    middleName: details.middleName ?? null,
    familyName: details.familyName,
    email: details.email ?? null,
    mobile: details.mobile ?? null,
    homePhone: details.homePhone ?? null,
    language: details.language ?? null,
  };
}

/** Normalises email (lower case) and phones (E.164) as the sync does; invalid ones are refused. */
export function normalizeContactDetails(details: ContactDetailsInput): ContactDetailsInput {
  const result: ContactDetailsInput = { ...details };
  if (details.email !== undefined) result.email = valueOf('email', normalizeEmail(details.email));
  for (const field of ['mobile', 'homePhone'] as const) {
    if (details[field] !== undefined) result[field] = valueOf(field, normalizePhone(details[field]));
  }
  return result;
}

function valueOf(field: string, normalized: { value: string | null } | { invalid: string }): string | null {
  if ('invalid' in normalized) {
    throw new DirectoryError('CONTACT_INVALID', `The ${field} "${normalized.invalid}" is not valid.`);
  }
  return normalized.value;
}
