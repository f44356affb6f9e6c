import type { FindingLog } from '../findings/finding-log.ts';
import type { CredentialField } from './contact-fields.ts';
import type { CredentialHolder } from './resolve-identities.ts';

/** A synced person's email or mobile the plan would change to `value`. */
export interface CredentialChange {
  sisId: string;
  personId: string;
  entity: 'students' | 'staff' | 'guardians';
  field: CredentialField;
  value: string;
}

/**
 * Credentials are unique among the district's people (SPEC §6): a synced person whose source
 * email or mobile changes to one another person holds keeps the value it has
 * (`CREDENTIAL_IN_USE`); the next run gives it the new one once no one else holds it. Pure
 * apart from the findings. New people are `resolveIdentities`'s.
 */
export function findTakenCredentials(
  changes: readonly CredentialChange[],
  holders: readonly CredentialHolder[],
  findings: FindingLog,
): Map<string, Set<CredentialField>> {
  const holderOf = {
    email: new Map<string, CredentialHolder[]>(),
    mobile: new Map<string, CredentialHolder[]>(),
  };
  for (const holder of holders) {
    for (const field of ['email', 'mobile'] as const) {
      const value = holder[field];
      if (value) holderOf[field].set(value, [...(holderOf[field].get(value) ?? []), holder]);
    }
  }
  const withheld = new Map<string, Set<CredentialField>>();
  for (const change of changes) {
    const other = holderOf[change.field]
      .get(change.value)
      ?.find((holder) => holder.personId !== change.personId);
    if (!other) continue;
    let fields = withheld.get(change.sisId);
    if (!fields) withheld.set(change.sisId, (fields = new Set()));
    fields.add(change.field);
    findings.add({
      code: 'CREDENTIAL_IN_USE',
      entity: change.entity,
      sisId: change.sisId,
      column: change.field,
      value: change.value.slice(0, 100),
      message: `${change.sisId}'s new ${change.field} ${change.value.slice(0, 100)} belongs to another person of the district (${other.personId}); the ${change.field} on record stays until the source fixes it.`,
    });
  }
  return withheld;
}
