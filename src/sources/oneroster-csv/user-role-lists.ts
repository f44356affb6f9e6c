import { ownString } from '../../roster/own-string.ts';
import type { PersonRoleName, SnapshotRole } from '../../roster/snapshot.ts';

/** What roles.csv says of one user, once users.csv asks. */
export type UserRoles =
  /** Current roles, grouped per directory role, the primary one and its primary org first. */
  | { kind: 'roles'; roles: readonly SnapshotRole[] }
  /** roles.csv has no row for the user. */
  | { kind: 'none' }
  /** Every row of the user has ended or is marked tobedeleted: the user holds no role today. */
  | { kind: 'ended' }
  /** A row of the user could not be used (unknown role, no org): the user is left as it is. */
  | { kind: 'unreadable' };

/** One current role row, as roles.csv gives it. */
export interface RoleRow {
  role: PersonRoleName;
  /** The source's word, lower-cased (teacher, districtadministrator, parent…). */
  kind: string;
  orgSisId: string;
  isPrimary: boolean;
}

/**
 * One combination of current role rows (`role␟kind␟org␟p` entries joined by ␞, in file
 * order), shared by every user who has exactly these rows.
 */
interface RoleCombination {
  encoded: string;
  /** The org ids of its rows, for the same-role-same-org check and the primary org. */
  orgSisIds: readonly string[];
  /** Its roles when the primary org changes nothing (one org), else per primary org. */
  roles: readonly SnapshotRole[] | null;
  rolesByPrimaryOrg: Map<string, readonly SnapshotRole[]> | null;
}

const ended = 'ended';
const unreadable = 'unreadable';
type UserEntry = RoleCombination | typeof ended | typeof unreadable;

const entrySeparator = '\u001e';
const fieldSeparator = '\u001f';

const noRoles: UserRoles = Object.freeze({ kind: 'none' });
const endedRoles: UserRoles = Object.freeze({ kind: 'ended' });
const unreadableRoles: UserRoles = Object.freeze({ kind: 'unreadable' });

/**
 * The roles.csv rows of every user, held from the time roles.csv is read until users.csv
 * builds each person, and kept small for a million users: one map entry per user, pointing at
 * an interned combination of rows. Most users share a handful of combinations (every student
 * of a school has the same one), and the frozen `SnapshotRole` arrays built from them are
 * shared the same way, as the 1.1 reader shares its role arrays.
 */
export class UserRoleLists {
  private readonly byUser = new Map<string, UserEntry>();
  private readonly combinations = new Map<string, RoleCombination>();

  /** Adds a current role row of a user. */
  add(userSisId: string, row: RoleRow): void {
    const current = this.byUser.get(userSisId);
    if (current === unreadable) return;
    const entry = `${row.role}${fieldSeparator}${row.kind}${fieldSeparator}${row.orgSisId}${fieldSeparator}${row.isPrimary ? '1' : '0'}`;
    if (current === undefined || current === ended) {
      const combination = this.combination(entry);
      this.byUser.set(current === undefined ? ownString(userSisId) : userSisId, combination);
      return;
    }
    // The same role at the same org twice (two rows, or primary and secondary) is one role.
    const sameRoleAndOrg = entry.slice(0, -1);
    if (current.encoded.split(entrySeparator).some((existing) => existing.startsWith(sameRoleAndOrg))) return;
    this.byUser.set(userSisId, this.combination(`${current.encoded}${entrySeparator}${entry}`));
  }

  /** Notes a row of a user that is not a role today (ended, or marked tobedeleted). */
  addEnded(userSisId: string): void {
    if (!this.byUser.has(userSisId)) this.byUser.set(ownString(userSisId), ended);
  }

  /** Notes a row that could not be used: the user is left as it is, whatever its other rows say. */
  addUnreadable(userSisId: string): void {
    this.byUser.set(ownString(userSisId), unreadable);
  }

  /**
   * The user's roles, and forgets its rows (a user with only ended rows is remembered, so a
   * second users.csv row of it is no user without roles). `primaryOrgSisId` (users.csv
   * `primaryOrgSourcedId`) orders roles and orgs: the `primary` row at that org first, then
   * the user's other rows there, then the other `primary` rows, then the rest in file order.
   */
  take(userSisId: string, primaryOrgSisId: string): UserRoles {
    const entry = this.byUser.get(userSisId);
    if (entry === undefined) return noRoles;
    if (entry === ended) return endedRoles;
    this.byUser.delete(userSisId);
    if (entry === unreadable) return unreadableRoles;
    if (entry.roles) return { kind: 'roles', roles: entry.roles };
    // The primary org only changes the order when the user has a row at it.
    const primary = entry.orgSisIds.includes(primaryOrgSisId) ? primaryOrgSisId : '';
    const byPrimary = (entry.rolesByPrimaryOrg ??= new Map());
    let roles = byPrimary.get(primary);
    if (!roles) {
      roles = buildRoles(entry.encoded, primary);
      byPrimary.set(ownString(primary), roles);
    }
    return { kind: 'roles', roles };
  }

  private combination(encoded: string): RoleCombination {
    let combination = this.combinations.get(encoded);
    if (!combination) {
      // A copy of its own: the parts are slices of a CSV chunk (see ownString).
      const owned = ownString(encoded);
      const orgSisIds = owned.split(entrySeparator).map((part) => part.split(fieldSeparator)[2] ?? '');
      const isOneOrg = orgSisIds.every((org) => org === orgSisIds[0]);
      combination = {
        encoded: owned,
        orgSisIds,
        roles: isOneOrg ? buildRoles(owned, '') : null,
        rolesByPrimaryOrg: null,
      };
      this.combinations.set(owned, combination);
    }
    return combination;
  }
}

/** Groups the rows per directory role: one role per name, its orgs in primary-first order. */
function buildRoles(encoded: string, primaryOrgSisId: string): readonly SnapshotRole[] {
  const rows = encoded.split(entrySeparator).map((entry, index) => {
    const [role, kind, orgSisId, primaryFlag] = entry.split(fieldSeparator) as [
      PersonRoleName,
      string,
      string,
      string,
    ];
    // The primary role is the `primary` row at the primary org; then the user's other rows at
    // that org, then the other `primary` rows, then the rest.
    const rank = (orgSisId === primaryOrgSisId ? 0 : 2) + (primaryFlag === '1' ? 0 : 1);
    return { role, kind: ownString(kind), orgSisId: ownString(orgSisId), rank, index };
  });
  rows.sort((a, b) => a.rank - b.rank || a.index - b.index);
  const groups = new Map<PersonRoleName, { kind: string; orgSisIds: string[] }>();
  for (const row of rows) {
    const group = groups.get(row.role);
    if (!group) groups.set(row.role, { kind: row.kind, orgSisIds: [row.orgSisId] });
    else if (!group.orgSisIds.includes(row.orgSisId)) group.orgSisIds.push(row.orgSisId);
  }
  return Object.freeze(
    [...groups].map(([role, group]) =>
      Object.freeze({ role, kind: group.kind, orgSisIds: Object.freeze(group.orgSisIds) }),
    ),
  );
}
