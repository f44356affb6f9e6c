import type { FindingLog } from '../findings/finding-log.ts';
import type { PersonFields, PersonRoleName } from '../roster/snapshot.ts';
import type { CredentialField } from './contact-fields.ts';

/**
 * A source person new to the config (no role of it is synced yet) holding a staff or guardian
 * role: the people SPEC §6's multi-role rule and credential uniqueness are about. Students are
 * never matched automatically (a manual student is merged by a person, SPEC §6).
 */
export interface Newcomer {
  sisId: string;
  roles: readonly PersonRoleName[];
  /** The values the directory would get (`contactFields`). */
  fields: Pick<PersonFields, 'givenName' | 'familyName' | 'email' | 'mobile'>;
}

/** A person of the district (not archived) holding an email or mobile some newcomer has. */
export interface CredentialHolder {
  personId: string;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  mobile: string | null;
  /** Active roles: which, and the config that syncs each (null: made by hand). */
  roles: readonly { role: PersonRoleName; configId: string | null }[];
}

export interface IdentityResolution {
  /** Newcomers who are an existing person of the district: their roles join that person. */
  joinsPerson: Map<string, string>;
  /** Newcomers who are one person with another newcomer, by SIS id → the first one's SIS id. */
  joinsNewcomer: Map<string, string>;
  /** Credentials a newcomer may not have: another person of the district holds them. */
  withheld: Map<string, Set<CredentialField>>;
  /** Guardians left with no credential by `withheld`: skipped until the source fixes them. */
  skippedGuardians: Set<string>;
  /**
   * Groups of this config's SIS ids the directory already holds as one person (joined by an
   * earlier run): their values are merged every run, as on the day they were joined.
   */
  onePerson: readonly (readonly string[])[];
}

const credentialFields: readonly CredentialField[] = ['email', 'mobile'];

/** The resolution of a run with no newcomers. */
export function noIdentityResolution(): IdentityResolution {
  return {
    joinsPerson: new Map(),
    joinsNewcomer: new Map(),
    withheld: new Map(),
    skippedGuardians: new Set(),
    onePerson: [],
  };
}

/**
 * SPEC §6 for the people a run is about to create: one person only when name, email and mobile
 * match exactly; otherwise two people, and the credential stays with whoever holds it. Pure
 * apart from the findings.
 *
 * - A newcomer whose given name, family name, email and mobile equal those of one existing,
 *   non-student person of the district (compared as stored: emails lower-cased, phones E.164,
 *   names as written; at least one credential present) becomes that person: a staff member who
 *   is also a guardian, or an existing guardian whose account the source now manages. Their
 *   role is added; no new person is made (`IDENTITY_MERGED`).
 * - One sharing an email or mobile without such a match is kept apart (`IDENTITY_NEAR_MATCH`,
 *   naming what differs), and the shared credential stays with its holder: the newcomer is
 *   made without it (`CREDENTIAL_IN_USE`), or, a guardian with no other credential, is skipped
 *   (`GUARDIAN_CREDENTIAL_CONFLICT`), until the source fixes it.
 * - Two newcomers of one run, a staff member and a guardian with the same name, email and
 *   mobile, become one person. A guardian sharing a staff newcomer's credential otherwise
 *   loses it (the staff record keeps it); guardians sharing with guardians are
 *   `checkGuardianCredentials`'s.
 * - A holder that already has a role of the newcomer's kind from this config is another record
 *   of the same source: never joined (two source records are two people).
 */
export function resolveIdentities(
  newcomers: readonly Newcomer[],
  holders: readonly CredentialHolder[],
  configId: string,
  findings: FindingLog,
  /** See `IdentityResolution.onePerson`. */
  onePerson: readonly (readonly string[])[] = [],
): IdentityResolution {
  const result: IdentityResolution = { ...noIdentityResolution(), onePerson };
  const holdersOf = {
    email: new Map<string, CredentialHolder[]>(),
    mobile: new Map<string, CredentialHolder[]>(),
  };
  for (const holder of holders) {
    for (const field of credentialFields) {
      const value = holder[field];
      if (!value) continue;
      const list = holdersOf[field].get(value);
      if (list) list.push(holder);
      else holdersOf[field].set(value, [holder]);
    }
  }
  const withhold = (sisId: string, field: CredentialField): void => {
    let fields = result.withheld.get(sisId);
    if (!fields) result.withheld.set(sisId, (fields = new Set()));
    fields.add(field);
  };

  for (const newcomer of newcomers) {
    const sharing = new Map<CredentialHolder, CredentialField[]>();
    for (const field of credentialFields) {
      const value = newcomer.fields[field];
      if (!value) continue;
      for (const holder of holdersOf[field].get(value) ?? []) {
        sharing.set(holder, [...(sharing.get(holder) ?? []), field]);
      }
    }
    if (sharing.size === 0) continue;
    const joinable = [...sharing.keys()].filter(
      (holder) => isExactMatch(newcomer.fields, holder) && canJoin(newcomer, holder, configId),
    );
    if (joinable.length === 1 && sharing.size === 1) {
      const holder = joinable[0] as CredentialHolder;
      result.joinsPerson.set(newcomer.sisId, holder.personId);
      findings.add({
        code: 'IDENTITY_MERGED',
        entity: entityOf(newcomer),
        sisId: newcomer.sisId,
        message: `${describe(newcomer)} is the same person as the directory's ${describeHolder(holder)} (name, email and mobile match exactly): one person, who now also has this role.`,
      });
      continue;
    }
    for (const [holder, fields] of sharing) {
      for (const field of fields) withhold(newcomer.sisId, field);
      findings.add({
        code: 'IDENTITY_NEAR_MATCH',
        entity: entityOf(newcomer),
        sisId: newcomer.sisId,
        value: fields.join(','),
        message: `${describe(newcomer)} shares the ${fields.join(' and ')} of the directory's ${describeHolder(holder)}, but ${whyApart(newcomer, holder, configId)}: kept as two people.`,
      });
    }
  }

  // Newcomers among themselves: a staff member and a guardian who are one person.
  const staffBy = { email: new Map<string, Newcomer>(), mobile: new Map<string, Newcomer>() };
  for (const newcomer of newcomers) {
    if (!newcomer.roles.includes('staff') || result.joinsPerson.has(newcomer.sisId)) continue;
    for (const field of credentialFields) {
      const value = newcomer.fields[field];
      if (value && !staffBy[field].has(value)) staffBy[field].set(value, newcomer);
    }
  }
  for (const newcomer of newcomers) {
    if (newcomer.roles.includes('staff') || !newcomer.roles.includes('guardian')) continue;
    if (result.joinsPerson.has(newcomer.sisId)) continue;
    const staff = new Map<Newcomer, CredentialField[]>();
    for (const field of credentialFields) {
      const value = newcomer.fields[field];
      const other = value ? staffBy[field].get(value) : undefined;
      if (other && !result.withheld.get(newcomer.sisId)?.has(field)) {
        staff.set(other, [...(staff.get(other) ?? []), field]);
      }
    }
    const [only] = staff.keys();
    if (staff.size === 1 && only && isExactMatch(newcomer.fields, only.fields)) {
      result.joinsNewcomer.set(newcomer.sisId, only.sisId);
      findings.add({
        code: 'IDENTITY_MERGED',
        entity: 'guardians',
        sisId: newcomer.sisId,
        message: `Guardian ${newcomer.sisId} is the same person as staff ${only.sisId} (name, email and mobile match exactly): one person with both roles.`,
      });
      continue;
    }
    for (const [other, fields] of staff) {
      for (const field of fields) withhold(newcomer.sisId, field);
      findings.add({
        code: 'IDENTITY_NEAR_MATCH',
        entity: 'guardians',
        sisId: newcomer.sisId,
        value: fields.join(','),
        message: `Guardian ${newcomer.sisId} shares the ${fields.join(' and ')} of staff ${other.sisId}, but ${differences(newcomer.fields, other.fields).join(', ')} differ: kept as two people.`,
      });
    }
  }

  for (const newcomer of newcomers) {
    const fields = result.withheld.get(newcomer.sisId);
    if (!fields) continue;
    const isGuardianOnly = newcomer.roles.includes('guardian') && !newcomer.roles.includes('staff');
    const usable = credentialFields.filter((field) => newcomer.fields[field] && !fields.has(field));
    if (isGuardianOnly && usable.length === 0) {
      result.skippedGuardians.add(newcomer.sisId);
      findings.add({
        code: 'GUARDIAN_CREDENTIAL_CONFLICT',
        entity: 'guardians',
        sisId: newcomer.sisId,
        column: [...fields].join(','),
        message: `Guardian ${newcomer.sisId}'s ${[...fields].join(' and ')} belong${fields.size === 1 ? 's' : ''} to another person of the district and the guardian has no other credential, so the guardian is not synced until the source fixes it.`,
      });
    } else {
      findings.add({
        code: 'CREDENTIAL_IN_USE',
        entity: entityOf(newcomer),
        sisId: newcomer.sisId,
        column: [...fields].join(','),
        message: `${describe(newcomer)} is synced without its ${[...fields].join(' and ')}, which belong${fields.size === 1 ? 's' : ''} to another person of the district.`,
      });
    }
  }
  return result;
}

type Comparable = Pick<PersonFields, 'givenName' | 'familyName' | 'email' | 'mobile'>;

function isExactMatch(a: Comparable, b: Comparable): boolean {
  return differences(a, b).length === 0 && Boolean(a.email || a.mobile);
}

function differences(a: Comparable, b: Comparable): string[] {
  return (['givenName', 'familyName', 'email', 'mobile'] as const).filter(
    (field) => (a[field] ?? null) !== (b[field] ?? null),
  );
}

/** Whether a newcomer may become this existing person: never a student, never a second record. */
function canJoin(newcomer: Newcomer, holder: CredentialHolder, configId: string): boolean {
  return !holder.roles.some(
    (role) => role.role === 'student' || (role.configId === configId && newcomer.roles.includes(role.role)),
  );
}

function whyApart(newcomer: Newcomer, holder: CredentialHolder, configId: string): string {
  if (holder.roles.some((role) => role.role === 'student')) return 'that person is a student';
  if (!canJoin(newcomer, holder, configId))
    return 'that person already has this role from another record of the source';
  const differ = differences(newcomer.fields, holder);
  return differ.length > 0 ? `${differ.join(', ')} differ` : 'the match is not unique';
}

function entityOf(newcomer: Newcomer): 'staff' | 'guardians' {
  return newcomer.roles.includes('staff') ? 'staff' : 'guardians';
}

function describe(newcomer: Newcomer): string {
  return `${newcomer.roles.includes('staff') ? 'Staff' : 'Guardian'} ${newcomer.sisId}`;
}

function describeHolder(holder: CredentialHolder): string {
  const name = [holder.givenName, holder.familyName].filter(Boolean).join(' ') || 'unnamed person';
  const roles = [...new Set(holder.roles.map((role) => role.role))].join('/') || 'person';
  return `${roles} ${name} (${holder.personId})`;
}
