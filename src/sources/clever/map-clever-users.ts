import type { CountryCode } from 'libphonenumber-js';
import type { FindingLog } from '../../findings/finding-log.ts';
import { normalizeEmail } from '../../roster/normalize-email.ts';
import type {
  EntityType,
  PersonRoleName,
  Snapshot,
  SnapshotPerson,
  SnapshotRole,
  SourceValue,
} from '../../roster/snapshot.ts';
import type { CleverSettings } from '../../sync/clever-settings.ts';
import { readIdList, readObject, readText, type CleverObject } from './clever-records.ts';
import { cleverUserName } from './clever-user-name.ts';
import { keyCleverUsers, type KeyedCleverUser } from './key-clever-users.ts';
import { linkCleverContacts, type PendingContactLink } from './link-clever-contacts.ts';
import {
  contactFilter,
  emptyContactFilterCounts,
  readCleverContact,
  reportContactFilters,
  type ContactContext,
} from './map-clever-contacts.ts';
import { normalizeCleverGrade } from './normalize-clever-grade.ts';

export interface CleverUserContext {
  snapshot: Snapshot;
  findings: FindingLog;
  settings: CleverSettings;
  phoneRegion: CountryCode;
  /** The district's Clever id: the org of district admins whose record names none. */
  districtSisId: string | null;
  /** The `/users` listing stopped early: users named but not listed are expected, not reported. */
  isUsersPartial: boolean;
}

/** How sections and contacts find the people Clever ids stand for. */
export interface CleverUserKeys {
  /** Clever id → key of every user whose person is in the snapshot. */
  keyOf: Map<string, string>;
  /** Clever ids of users left as they are (invalid, or skipped), with their key when known. */
  unusable: Map<string, string | null>;
  /** Contacts keyed by a derived key: key → Clever id (several sharing one: the first). */
  derivedKeys: Map<string, string>;
}

interface RoleSpec {
  role: PersonRoleName;
  kind: string;
  orgSisIds: string[];
}

const noAgents: readonly string[] = Object.freeze([]);

/**
 * Maps Clever users to the snapshot's people (SPEC §2.1): one person per user, with every role
 * the user holds; contacts become guardians only through the links the contact filters keep.
 */
export function mapCleverUsers(users: readonly CleverObject[], context: CleverUserContext): CleverUserKeys {
  const { snapshot, findings } = context;
  const { people } = snapshot;
  const { keyed, skippedCleverIds } = keyCleverUsers(users, context);
  const keys: CleverUserKeys = {
    keyOf: new Map(),
    unusable: new Map([...skippedCleverIds].map((cleverId) => [cleverId, null])),
    derivedKeys: new Map(),
  };
  for (const entry of keyed) {
    if (entry.isDerived && !keys.derivedKeys.has(entry.key)) keys.derivedKeys.set(entry.key, entry.cleverId);
  }
  const contactContext: ContactContext = {
    filter: contactFilter(context.settings),
    phoneRegion: context.phoneRegion,
    findings,
    counts: emptyContactFilterCounts(),
  };
  const sharedRoles = roleInterner();
  const pendingLinks: PendingContactLink[] = [];
  const splits = { count: 0, example: '' };
  const derived = { count: 0, example: '', merged: 0 };

  for (const entry of keyed) {
    const { cleverId, key, roles } = entry;
    const contact = roles.contact
      ? readCleverContact(roles.contact, { sisId: key, cleverId }, contactContext)
      : null;
    const addLinks = (): void => {
      for (const link of contact?.links ?? []) pendingLinks.push({ guardianSisId: key, link });
      if (entry.isDerived && contact && contact.links.length > 0) {
        derived.count++;
        derived.example ||= `Clever contact ${cleverId} → ${key}`;
      }
    };
    const existing = people.get(key);
    if (existing) {
      // A second Clever contact with the same derived key (only those share a key): the same
      // guardian, listed again by the SIS. The first one's fields and role stand; its links add up.
      if (contact && contact.links.length > 0) derived.merged++;
      addLinks();
      keys.keyOf.set(cleverId, key);
      continue;
    }
    const roleSpecs = readRoles(entry, context);
    if (roleSpecs === 'invalid') {
      snapshot.unreadable.people.add(key);
      keys.unusable.set(cleverId, key);
      continue;
    }
    if (contact && contact.links.length > 0)
      roleSpecs.push(guardianRole(contact.links[0]?.relationship ?? null));
    // A contact whose every relationship the filters left out, and who holds no other role,
    // is not a person of this roster.
    if (roleSpecs.length === 0) continue;
    const name = cleverUserName(entry.user, roles);
    if (name.isSplit) {
      splits.count++;
      splits.example ||= `"${readText(readObject(entry.user, 'name'), 'last')}" → given ${JSON.stringify(name.givenName)}, middle ${JSON.stringify(name.middleName)}, family ${JSON.stringify(name.familyName)}`;
    }
    const entity: EntityType = roles.student
      ? 'students'
      : roleSpecs[0]?.role === 'staff'
        ? 'staff'
        : 'guardians';
    const person: SnapshotPerson = {
      sisId: key,
      roles: sharedRoles(roleSpecs),
      givenName: name.givenName,
      middleName: name.middleName,
      familyName: name.familyName,
      email: readEmail(entry, entity, findings),
      // Clever gives a phone to contacts only, and one phone: no home phone, no language.
      mobile: contact ? contact.mobile : undefined,
      homePhone: undefined,
      language: undefined,
      studentNumber: roles.student ? readText(roles.student, 'student_number') : null,
      stateId: readText(roles.student ?? roles.teacher, 'state_id'),
      grade: roles.student ? readGrade(entry, findings) : null,
      agentSisIds: noAgents,
    };
    people.set(key, person);
    keys.keyOf.set(cleverId, key);
    addLinks();
  }

  linkCleverContacts(pendingLinks, keys, context);
  reportContactFilters(contactContext.counts, findings);
  if (splits.count > 0) {
    findings.add({
      code: 'CLEVER_CONTACT_NAME_SPLIT',
      entity: 'guardians',
      value: String(splits.count),
      message: `${splits.count} Clever contacts had their full name in name.last; it was split into given, middle and family names, e.g. ${splits.example}.`,
    });
  }
  if (derived.count > 0) {
    findings.add({
      code: 'CLEVER_CONTACT_KEY_DERIVED',
      entity: 'guardians',
      value: String(derived.count),
      message: `${derived.count} Clever contacts have no sis_id and are keyed by their email, phone or name and student instead of their unstable Clever id, e.g. ${derived.example}; ${derived.merged} of them share a key with an earlier contact and are the same guardian.`,
    });
  }
  return keys;
}

/** The student and staff roles of a user, or `invalid` when one of them cannot be placed. */
function readRoles(entry: KeyedCleverUser, context: CleverUserContext): RoleSpec[] | 'invalid' {
  const { roles, cleverId, key, user } = entry;
  const specs: RoleSpec[] = [];
  const invalid = (entity: EntityType, column: string, what: string): 'invalid' => {
    context.findings.add({
      code: 'CLEVER_RECORD_INVALID',
      entity,
      sisId: key,
      column,
      message: `Clever user ${cleverId} (${key}) ${what}; it is left as it is.`,
    });
    return 'invalid';
  };
  if (roles.student) {
    const school = readText(roles.student, 'school');
    const schools = readIdList(roles.student, 'schools');
    // `primary` (the default, as the reference product): the student's school only;
    // `all`: every school Clever lists for the student, the primary school first.
    const orgs =
      context.settings.schoolScope === 'all'
        ? unique([school, ...schools])
        : unique([school ?? schools[0] ?? null]);
    if (orgs.length === 0) return invalid('students', 'roles.student.school', 'is a student with no school');
    specs.push({ role: 'student', kind: 'student', orgSisIds: orgs });
  }
  // A teacher who is also staff or a district admin is one staff role (the directory holds one
  // role of each kind per person), over all their schools and, for an admin, the district:
  // the district org makes them district-level staff.
  const staffOrgs: (string | null)[] = [];
  let staffKind: string | null = null;
  if (roles.teacher) {
    staffKind = 'teacher';
    staffOrgs.push(readText(roles.teacher, 'school'), ...readIdList(roles.teacher, 'schools'));
  }
  if (roles.staff) {
    staffKind ??= readText(roles.staff, 'title')?.toLowerCase() ?? 'staff';
    staffOrgs.push(...readIdList(roles.staff, 'schools'));
  }
  if (roles.districtAdmin) {
    staffKind ??= 'district_admin';
    const district = readText(user, 'district') ?? context.districtSisId;
    if (!district) return invalid('staff', 'district', 'is a district admin with no district');
    ensureDistrictOrg(context.snapshot, district);
    staffOrgs.push(district);
  }
  if (staffKind) {
    const orgs = unique(staffOrgs);
    if (orgs.length === 0) return invalid('staff', 'schools', `is ${staffKind} with no school`);
    specs.push({ role: 'staff', kind: staffKind, orgSisIds: orgs });
  }
  return specs;
}

function guardianRole(relationship: string | null): RoleSpec {
  return { role: 'guardian', kind: relationship?.toLowerCase() ?? 'guardian', orgSisIds: [] };
}

function readEmail(entry: KeyedCleverUser, entity: EntityType, findings: FindingLog): SourceValue {
  const email = normalizeEmail(readText(entry.user, 'email'));
  if ('value' in email) return email.value;
  const value = email.invalid.slice(0, 100);
  findings.add({
    code: 'EMAIL_INVALID',
    entity,
    column: 'email',
    sisId: entry.key,
    value,
    message: `email "${value}" of Clever user ${entry.cleverId} (${entry.key}) is not valid; it is not used.`,
  });
  return undefined;
}

function readGrade(entry: KeyedCleverUser, findings: FindingLog): SourceValue {
  const grade = normalizeCleverGrade(readText(entry.roles.student, 'grade'));
  if ('value' in grade) return grade.value;
  const value = grade.invalid.slice(0, 100);
  findings.add({
    code: 'GRADE_INVALID',
    entity: 'students',
    column: 'roles.student.grade',
    sisId: entry.key,
    value,
    message: `grade "${value}" of Clever student ${entry.cleverId} (${entry.key}) is not a grade; the one on record stays.`,
  });
  return undefined;
}

/** Adds the district org a district admin names when the districts listing did not give it. */
function ensureDistrictOrg(snapshot: Snapshot, sisId: string): void {
  if (!snapshot.orgs.has(sisId)) {
    snapshot.orgs.set(sisId, { sisId, name: sisId, type: 'district', parentSisId: null });
  }
}

function unique(ids: readonly (string | null)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/**
 * Shares role objects and role lists between people: a district's thousands of students hold
 * a few dozen (role, kind, orgs) combinations, and the planner computes a role's reach once
 * per role object.
 */
function roleInterner(): (specs: readonly RoleSpec[]) => readonly SnapshotRole[] {
  const roles = new Map<string, SnapshotRole>();
  const lists = new Map<string, readonly SnapshotRole[]>();
  return (specs) => {
    const keys = specs.map((spec) => `${spec.role}\u001f${spec.kind}\u001f${spec.orgSisIds.join('\u001e')}`);
    const listKey = keys.join('\u001d');
    let list = lists.get(listKey);
    if (!list) {
      list = Object.freeze(
        specs.map((spec, index) => {
          const roleKey = keys[index] as string;
          let role = roles.get(roleKey);
          if (!role) {
            role = Object.freeze({
              role: spec.role,
              kind: spec.kind,
              orgSisIds: Object.freeze([...spec.orgSisIds]),
            });
            roles.set(roleKey, role);
          }
          return role;
        }),
      );
      lists.set(listKey, list);
    }
    return list;
  };
}
