import type { GrantRole, OperatorScope, Principal } from '../principal.ts';
import type { DirectoryAction } from './directory-action.ts';
import type { PermissionFacts } from './permission-facts.ts';

export type PermissionDecision =
  { allowed: true; rule: string } | { allowed: false; code: PermissionRefusalCode; rule: string };

export type PermissionRefusalCode = 'OTHER_DISTRICT' | 'OPERATOR_SCOPE_MISSING' | 'NOT_PERMITTED';

/** Who, besides a district admin and the system, may do an action (one row of SPEC §7). */
interface ActionRule {
  /** Grants that allow it when their school scope covers the target. */
  grants: readonly Exclude<GrantRole, 'district_admin'>[];
  /**
   * A teacher of the classroom (a person with a staff role who is a teacher member): always,
   * or only in a classroom no enabled sync owns ("manage members of manual classrooms").
   */
  teacher?: 'always' | 'manualClassroom';
  /** The person the target is (their own contact details; attaching themself with a code). */
  isSelfAllowed?: boolean;
  /** The scope an operator's token needs. */
  scope: OperatorScope;
}

const leaderOrRostering = ['school_leader', 'rostering_admin'] as const;

/**
 * SPEC §7 as a table. A school leader does every manual operation in their school; a rostering
 * admin the roster ones (classrooms, memberships, guardians); a users manager contact details.
 * Handing a classroom to the sync, creating, archiving, merging and enabling students are
 * leaders' (they change what the school's roster is, not only who is in a class). Enabling or
 * disabling a sync is a sync config change: district admins only (and operators with
 * `syncs:write`).
 */
export const permissionTable: Readonly<Record<DirectoryAction, ActionRule>> = {
  'classroom.create': { grants: leaderOrRostering, scope: 'directory:write' },
  'classroom.edit': { grants: leaderOrRostering, scope: 'directory:write' },
  'classroom.rename': { grants: leaderOrRostering, teacher: 'always', scope: 'directory:write' },
  'classroom.archive': { grants: leaderOrRostering, scope: 'directory:write' },
  'classroom.addTeacher': { grants: leaderOrRostering, teacher: 'always', scope: 'directory:write' },
  'classroom.manageMembers': {
    grants: leaderOrRostering,
    teacher: 'manualClassroom',
    scope: 'directory:write',
  },
  'classroom.giveSisId': { grants: ['school_leader'], scope: 'directory:write' },
  'student.create': { grants: ['school_leader'], scope: 'directory:write' },
  'student.archive': { grants: ['school_leader'], scope: 'directory:write' },
  'student.enableAccount': { grants: ['school_leader'], scope: 'directory:write' },
  'student.merge': { grants: ['school_leader'], scope: 'directory:write' },
  'student.rotateJoinCode': { grants: leaderOrRostering, scope: 'directory:write' },
  'school.addStaff': { grants: ['school_leader'], scope: 'directory:write' },
  'school.archiveManualStudents': { grants: ['school_leader'], scope: 'directory:write' },
  'school.setSchoolIds': { grants: [], scope: 'syncs:write' },
  'guardian.link': { grants: leaderOrRostering, scope: 'directory:write' },
  'guardian.unlink': { grants: leaderOrRostering, scope: 'directory:write' },
  'guardian.joinWithCode': { grants: [], isSelfAllowed: true, scope: 'directory:write' },
  'person.editContacts': { grants: ['users_manager'], isSelfAllowed: true, scope: 'directory:write' },
  'sync.setEnabled': { grants: [], scope: 'syncs:write' },
};

/**
 * Whether a principal may do an action on a target (SPEC §7), pure: the facts are loaded by
 * `loadPermissionFacts`. Only who may act is decided here; whether the target's state allows
 * the operation at all (a synced classroom's students, §6 contact rules) is the operation's.
 * A refusal names the rule that refused it.
 */
export function decidePermission(
  principal: Principal,
  action: DirectoryAction,
  facts: PermissionFacts,
): PermissionDecision {
  if (principal.districtId !== facts.districtId) {
    return {
      allowed: false,
      code: 'OTHER_DISTRICT',
      rule: 'tenant isolation: nobody sees or changes another district’s data',
    };
  }
  const rule = permissionTable[action];
  if (principal.kind === 'system') return { allowed: true, rule: 'system: every right in its district' };
  if (principal.kind === 'operator') {
    return principal.scopes.includes(rule.scope)
      ? { allowed: true, rule: `operator token with scope ${rule.scope}` }
      : {
          allowed: false,
          code: 'OPERATOR_SCOPE_MISSING',
          rule: `operator tokens need the scope ${rule.scope} for ${action}`,
        };
  }
  if (principal.grants.some((grant) => grant.role === 'district_admin')) {
    return { allowed: true, rule: 'district admin: everything in the district' };
  }
  for (const grant of principal.grants) {
    if (grant.role === 'district_admin' || !rule.grants.includes(grant.role)) continue;
    const schoolId = grant.schoolId;
    if (schoolId === null) return { allowed: true, rule: `${grant.role} of the district` };
    if (facts.schoolIds.includes(schoolId)) return { allowed: true, rule: `${grant.role} of the school` };
  }
  if (rule.isSelfAllowed && facts.personId === principal.personId) {
    return { allowed: true, rule: 'a person’s own record' };
  }
  if (rule.teacher && facts.classroom && facts.asker?.isStaff && facts.asker.teachesClassroom) {
    if (rule.teacher === 'always' || !facts.classroom.isSynced) {
      return { allowed: true, rule: 'a teacher of the classroom' };
    }
  }
  return { allowed: false, code: 'NOT_PERMITTED', rule: describeWhoMay(action, rule) };
}

const grantWords: Record<Exclude<GrantRole, 'district_admin'>, string> = {
  school_leader: 'a leader of the school',
  rostering_admin: 'a rostering admin of the school',
  users_manager: 'a users manager of the school',
};

/** "SPEC §7: classroom.rename is for a district admin, a leader of the school…". */
function describeWhoMay(action: DirectoryAction, rule: ActionRule): string {
  const who = ['a district admin', ...rule.grants.map((grant) => grantWords[grant])];
  if (rule.teacher === 'always') who.push('a teacher of the classroom');
  if (rule.teacher === 'manualClassroom') who.push('a teacher of the classroom when it is not synced');
  if (rule.isSelfAllowed) who.push('the person themself');
  const list = who.length > 1 ? `${who.slice(0, -1).join(', ')} or ${who.at(-1)}` : who[0];
  return `SPEC §7: ${action} is for ${list}`;
}
