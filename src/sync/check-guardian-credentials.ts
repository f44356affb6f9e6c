import type { FindingLog } from '../findings/finding-log.ts';
import type { PersonFields } from '../roster/snapshot.ts';
import type { CredentialField } from './contact-fields.ts';

/** What the sync does with each guardian's credentials (SPEC §6). */
export interface GuardianCredentialCheck {
  /** Guardians left with no usable credential: not synced, kept as they are in the directory. */
  skipped: Set<string>;
  /** Credentials another guardian of the snapshot shares: given to none of them. */
  withheld: Map<string, Set<CredentialField>>;
}

/** A guardian the sync would keep, with the values the directory would get. */
export interface GuardianCredentials {
  sisId: string;
  fields: Pick<PersonFields, CredentialField>;
}

const credentialFields: readonly CredentialField[] = ['email', 'mobile'];

/**
 * Applies SPEC §6 to the guardians a run keeps. Credentials (email, mobile) sign a person in,
 * so they are unique among people:
 * - an email or mobile that two guardians with different SIS ids share is reported
 *   (`GUARDIAN_CREDENTIAL_CONFLICT`) and given to neither: the sync cannot tell whose it is,
 *   and giving it to one would let the other's messages and sign-in go to them. Each keeps the
 *   value the directory has (a guardian synced earlier with it keeps it) until the source fixes
 *   it; a guardian with another credential is synced with that one;
 * - a guardian left with neither an email nor a mobile (none in the source, an invalid one
 *   already reported and dropped, or only shared ones) is skipped and reported
 *   (`GUARDIAN_NO_CREDENTIAL`, or `GUARDIAN_CREDENTIAL_CONFLICT` when sharing took them away):
 *   not created, and one synced before is kept as it is, links included, not archived.
 * Emails are already lower-cased and phones E.164, so equal strings are equal credentials.
 * Pure apart from the findings.
 */
export function checkGuardianCredentials(
  guardians: Iterable<GuardianCredentials>,
  findings: FindingLog,
): GuardianCredentialCheck {
  // Two passes over `guardians` (re-iterable, each guardian once) instead of a list: at a million guardians
  // the first holder of each value (strings the snapshot already has) is all that is kept,
  // and only shared values get a list.
  const firstHolder = { email: new Map<string, string>(), mobile: new Map<string, string>() };
  const sharedBy = { email: new Map<string, string[]>(), mobile: new Map<string, string[]>() };
  for (const guardian of guardians) {
    for (const field of credentialFields) {
      const value = guardian.fields[field];
      if (!value) continue;
      const first = firstHolder[field].get(value);
      if (first === undefined) {
        firstHolder[field].set(value, guardian.sisId);
        continue;
      }
      if (first === guardian.sisId) continue;
      const sisIds = sharedBy[field].get(value);
      if (!sisIds) sharedBy[field].set(value, [first, guardian.sisId]);
      else if (!sisIds.includes(guardian.sisId)) sisIds.push(guardian.sisId);
    }
  }
  const result: GuardianCredentialCheck = { skipped: new Set(), withheld: new Map() };
  for (const guardian of guardians) {
    const shared: { field: CredentialField; value: string; others: string[] }[] = [];
    let usable = 0;
    for (const field of credentialFields) {
      const value = guardian.fields[field];
      if (!value) continue;
      const sisIds = sharedBy[field].get(value);
      if (sisIds) {
        shared.push({ field, value, others: sisIds.filter((id) => id !== guardian.sisId) });
      } else {
        usable++;
      }
    }
    if (shared.length > 0) result.withheld.set(guardian.sisId, new Set(shared.map(({ field }) => field)));
    if (usable === 0) result.skipped.add(guardian.sisId);
    for (const { field, value, others } of shared) {
      findings.add({
        code: 'GUARDIAN_CREDENTIAL_CONFLICT',
        entity: 'guardians',
        sisId: guardian.sisId,
        column: field,
        value: value.slice(0, 100),
        message:
          `Guardian ${guardian.sisId} shares the ${field} ${value.slice(0, 100)} with ${describeOthers(others)}; ` +
          (usable === 0
            ? 'it has no other credential, so the guardian is not synced until the source fixes it.'
            : 'it is given to none of them; the guardian is synced with its other credential.'),
      });
    }
    if (usable === 0 && shared.length === 0) {
      findings.add({
        code: 'GUARDIAN_NO_CREDENTIAL',
        entity: 'guardians',
        sisId: guardian.sisId,
        message: `Guardian ${guardian.sisId} has neither a valid email nor a valid mobile, so they could not sign in; the guardian is not synced until the source gives one.`,
      });
    }
  }
  return result;
}

function describeOthers(sisIds: readonly string[]): string {
  const shown = sisIds.slice(0, 5).join(', ');
  const more = sisIds.length > 5 ? ` and ${sisIds.length - 5} more` : '';
  return `guardian${sisIds.length === 1 ? '' : 's'} ${shown}${more}`;
}
