import type { CountryCode } from 'libphonenumber-js';
import type { FindingLog } from '../../findings/finding-log.ts';
import { deriveGuardianKey } from '../../roster/derive-guardian-key.ts';
import { normalizeEmail } from '../../roster/normalize-email.ts';
import { normalizePhone } from '../../roster/normalize-phone.ts';
import { markPartial, type Snapshot } from '../../roster/snapshot.ts';
import { readObject, readObjectList, readText, type CleverObject } from './clever-records.ts';
import { cleverUserName } from './clever-user-name.ts';

/** The role objects of one Clever user (`roles.*`), those it has. */
export interface CleverUserRoles {
  student?: CleverObject | undefined;
  teacher?: CleverObject | undefined;
  staff?: CleverObject | undefined;
  districtAdmin?: CleverObject | undefined;
  contact?: CleverObject | undefined;
}

/** A Clever user with the key its person has in the snapshot. */
export interface KeyedCleverUser {
  cleverId: string;
  user: CleverObject;
  roles: CleverUserRoles;
  key: string;
  /** The key was derived from the contact's email, phone or name (SPEC §2.1). */
  isDerived: boolean;
}

/** The entity types a Clever user feeds: people, their links, and the memberships naming them. */
export const cleverUserTypes = ['students', 'staff', 'guardians', 'guardianLinks', 'memberships'] as const;

/**
 * Gives each Clever user the key (`SnapshotPerson.sisId`) its person is stored under. Sections
 * and contacts name users by Clever id, so the caller keeps a Clever id → key map from this.
 *
 * The key is the SIS's id, not Clever's: Clever ids are stable for most users, but the SIS id
 * is what the district knows, what the other sources key by, and what survives a district
 * re-provisioning in Clever. In order:
 * 1. `roles.student.sis_id`, `roles.teacher.sis_id`, `roles.staff.sis_id` (Clever's staff carry
 *    `staff_id` instead; either), `roles.contact.sis_id`;
 * 2. a district admin's Clever id: Clever admins have no SIS id, and their Clever id is stable;
 * 3. a contact without `sis_id`: a derived stable key (`deriveGuardianKey`), because Clever
 *    gives such contacts a new id whenever the SIS re-sends them, and a Clever id change must
 *    not become an archive plus a create. The name key uses the smallest key among the
 *    contact's students (all of them, before the filters, so a settings change keeps the key);
 *    the phone is used whatever its type, for the same reason. Contacts with one derived key
 *    are one guardian (a parent the SIS lists once per child): the caller merges them;
 * 4. otherwise the Clever id, reported (CLEVER_SIS_ID_MISSING).
 * Two users with one SIS key (Clever keeps SIS ids per role, so a student and a teacher may
 * share one, as in Clever's own demo district) cannot both have it: the first in Clever's order
 * keeps it, the other is keyed by its Clever id, and both are reported (CLEVER_SIS_ID_DUPLICATE).
 */
export function keyCleverUsers(
  users: readonly CleverObject[],
  context: { snapshot: Snapshot; findings: FindingLog; phoneRegion: CountryCode },
): { keyed: KeyedCleverUser[]; skippedCleverIds: Set<string> } {
  const { snapshot, findings } = context;
  const seen = new Set<string>();
  const skippedCleverIds = new Set<string>();
  const ownerOfKey = new Map<string, KeyedCleverUser>();
  const keyed: KeyedCleverUser[] = [];
  const toDerive: { cleverId: string; user: CleverObject; roles: CleverUserRoles }[] = [];
  const claim = (entry: KeyedCleverUser): void => {
    const owner = ownerOfKey.get(entry.key);
    if (owner && !(owner.isDerived && entry.isDerived)) {
      const isClaimed = ownerOfKey.has(entry.cleverId);
      findings.add({
        code: 'CLEVER_SIS_ID_DUPLICATE',
        sisId: entry.key,
        value: entry.cleverId,
        message: isClaimed
          ? `Clever users ${owner.cleverId} and ${entry.cleverId} both have the key ${entry.key}; ${entry.cleverId} is not synced.`
          : `Clever users ${owner.cleverId} and ${entry.cleverId} both have the key ${entry.key}; ${entry.cleverId} is keyed by its Clever id instead.`,
      });
      // The later user in Clever's (stable, id) order gives way: keyed by its Clever id, so both
      // people stay in the roster; a Clever id that is itself taken leaves nothing to key by.
      if (isClaimed) skippedCleverIds.add(entry.cleverId);
      else claim({ ...entry, key: entry.cleverId, isDerived: false });
      return;
    }
    if (!owner) ownerOfKey.set(entry.key, entry);
    keyed.push(entry);
  };

  users.forEach((user, index) => {
    const cleverId = readText(user, 'id');
    if (!cleverId) {
      findings.add({
        code: 'CLEVER_RECORD_INVALID',
        column: 'id',
        value: String(index),
        message: `Clever user number ${index + 1} of the listing has no id; removals of people, links and memberships are held this run.`,
      });
      for (const entity of cleverUserTypes) markPartial(snapshot, entity, 'a Clever user has no id');
      return;
    }
    // A user listed twice (paging over a changing listing): the first stands.
    if (seen.has(cleverId)) return;
    seen.add(cleverId);
    const rolesObject = readObject(user, 'roles');
    const roles: CleverUserRoles = {
      student: readObject(rolesObject, 'student'),
      teacher: readObject(rolesObject, 'teacher'),
      staff: readObject(rolesObject, 'staff'),
      districtAdmin: readObject(rolesObject, 'district_admin'),
      contact: readObject(rolesObject, 'contact'),
    };
    if (!Object.values(roles).some(Boolean)) {
      findings.add({
        code: 'CLEVER_RECORD_INVALID',
        column: 'roles',
        value: cleverId,
        message: `Clever user ${cleverId} has no student, teacher, staff, district_admin or contact role; it is not synced.`,
      });
      skippedCleverIds.add(cleverId);
      return;
    }
    const sisKey =
      readText(roles.student, 'sis_id') ??
      readText(roles.teacher, 'sis_id') ??
      readText(roles.staff, 'sis_id') ??
      readText(roles.staff, 'staff_id') ??
      readText(roles.contact, 'sis_id');
    if (sisKey) return claim({ cleverId, user, roles, key: sisKey, isDerived: false });
    if (roles.districtAdmin) return claim({ cleverId, user, roles, key: cleverId, isDerived: false });
    if (roles.contact) return void toDerive.push({ cleverId, user, roles });
    reportMissingSisId(cleverId, findings);
    claim({ cleverId, user, roles, key: cleverId, isDerived: false });
  });

  // Derived keys need the students' keys, known once every user has been through the loop above.
  const keyOfClever = new Map(keyed.map((entry) => [entry.cleverId, entry.key]));
  for (const { cleverId, user, roles } of toDerive) {
    const email = normalizeEmail(readText(user, 'email'));
    const phone = normalizePhone(readText(roles.contact, 'phone'), context.phoneRegion);
    const name = cleverUserName(user, roles);
    const studentKeys = readObjectList(roles.contact, 'student_relationships')
      .map((relationship) => keyOfClever.get(readText(relationship, 'student') ?? ''))
      .filter((key): key is string => key !== undefined)
      .sort();
    const key = deriveGuardianKey({
      email: 'value' in email ? email.value : null,
      mobile: 'value' in phone ? phone.value : null,
      givenName: name.givenName,
      familyName: name.familyName,
      studentKey: studentKeys[0],
    });
    if (key) {
      claim({ cleverId, user, roles, key, isDerived: true });
    } else {
      reportMissingSisId(cleverId, findings);
      claim({ cleverId, user, roles, key: cleverId, isDerived: false });
    }
  }
  return { keyed, skippedCleverIds };
}

function reportMissingSisId(cleverId: string, findings: FindingLog): void {
  findings.add({
    code: 'CLEVER_SIS_ID_MISSING',
    sisId: cleverId,
    column: 'sis_id',
    message: `Clever user ${cleverId} has no SIS id (nor, if a contact, an email, phone or name to key it by); it is keyed by its Clever id.`,
  });
}
