import type { PersonFields, Snapshot, SnapshotPerson, SnapshotRole } from '../roster/snapshot.ts';
import { contentHash } from './content-hash.ts';
import type { TargetPerson, TargetRole } from './sync-targets.ts';

/** Where a source role lands: its directory schools, or nothing when out of reach. */
export type RoleReach = { schoolIds: string[]; isDistrictLevel: boolean } | null;

/**
 * The people the sync keeps, computed from the snapshot on demand instead of stored: at a
 * million students, a target object per person would cost as much memory as the snapshot
 * itself. A person is kept when one of its roles is in reach: a student or staff role of a
 * mapped school (or district-level staff), or a guardian linked to a kept student.
 */
export class TargetPeople {
  constructor(
    private readonly snapshot: Snapshot,
    /** Student and staff roles' reach (the person too: a split school routes each one). */
    private readonly reachOf: (role: SnapshotRole, person: SnapshotPerson) => RoleReach,
    /** Kept guardians and the schools of their kept students (shared arrays). */
    private readonly guardianSchools: ReadonlyMap<string, string[]>,
    /**
     * The values the directory gets from a person's source values (see `contactFields`):
     * the phone credential column, the language rule, withheld credentials.
     */
    private readonly fieldsOf: (person: SnapshotPerson) => PersonFields = (person) => person,
  ) {}

  /** Whether a SIS id belongs to a kept person (cheap: no hashing). */
  has(sisId: string): boolean {
    const person = this.snapshot.people.get(sisId);
    return person !== undefined && this.keeps(person);
  }

  /** Whether the person keeps a role of this name. */
  hasRole(sisId: string, roleName: SnapshotRole['role']): boolean {
    const person = this.snapshot.people.get(sisId);
    if (!person) return false;
    if (roleName === 'guardian') return this.guardianSchools.has(sisId);
    return person.roles.some((role) => role.role === roleName && this.reachOf(role, person) !== null);
  }

  /** The kept person with its target roles and their hashes, built now. */
  get(sisId: string): TargetPerson | undefined {
    const person = this.snapshot.people.get(sisId);
    return person ? this.target(person) : undefined;
  }

  /** Every kept person, built one at a time. */
  *values(): Generator<TargetPerson> {
    for (const person of this.snapshot.people.values()) {
      const target = this.target(person);
      if (target) yield target;
    }
  }

  /** Every kept person's snapshot record, without building targets. */
  *kept(): Generator<SnapshotPerson> {
    for (const person of this.snapshot.people.values()) if (this.keeps(person)) yield person;
  }

  target(person: SnapshotPerson): TargetPerson | undefined {
    const roles: TargetRole[] = [];
    const fields = this.fieldsOf(person);
    for (const role of person.roles) {
      if (role.role === 'guardian') {
        const schoolIds = this.guardianSchools.get(person.sisId);
        if (schoolIds) roles.push(targetRole(person, fields, 'guardian', role.kind, schoolIds, false));
        continue;
      }
      const reach = this.reachOf(role, person);
      if (reach) {
        roles.push(targetRole(person, fields, role.role, role.kind, reach.schoolIds, reach.isDistrictLevel));
      }
    }
    return roles.length > 0 ? { sisId: person.sisId, fields, roles } : undefined;
  }

  private keeps(person: SnapshotPerson): boolean {
    return person.roles.some((role) =>
      role.role === 'guardian' ? this.guardianSchools.has(person.sisId) : this.reachOf(role, person) !== null,
    );
  }
}

function targetRole(
  person: SnapshotPerson,
  fields: PersonFields,
  role: TargetRole['role'],
  kind: string,
  schoolIds: string[],
  isDistrictLevel: boolean,
): TargetRole {
  const grade = role === 'student' ? person.grade : null;
  const studentNumber = role === 'student' ? person.studentNumber : null;
  const stateId = role === 'student' ? person.stateId : null;
  return {
    role,
    kind,
    sisId: person.sisId,
    schoolIds,
    isDistrictLevel,
    grade,
    studentNumber,
    stateId,
    hash: contentHash([
      fields.givenName,
      fields.middleName,
      fields.familyName,
      fields.email,
      fields.mobile,
      fields.homePhone,
      fields.language,
      kind,
      schoolIds,
      isDistrictLevel,
      grade,
      studentNumber,
      stateId,
    ]),
  };
}
