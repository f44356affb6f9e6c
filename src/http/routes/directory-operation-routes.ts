import { z } from 'zod';
import {
  addClassroomMember,
  addClassroomMemberInput,
} from '../../directory/operations/add-classroom-member.ts';
import { addGuardianLink, addGuardianLinkInput } from '../../directory/operations/add-guardian-link.ts';
import { addStaffToSchool, addStaffToSchoolInput } from '../../directory/operations/add-staff-to-school.ts';
import {
  archiveManualStudents,
  archiveManualStudentsInput,
} from '../../directory/operations/archive-manual-students.ts';
import { enableStudentAccount } from '../../directory/operations/enable-student-account.ts';
import {
  giveClassroomSisId,
  giveClassroomSisIdInput,
} from '../../directory/operations/give-classroom-sis-id.ts';
import { joinWithCode, joinWithCodeInput } from '../../directory/operations/join-with-code.ts';
import { mergeStudent, mergeStudentInput } from '../../directory/operations/merge-student.ts';
import { rotateJoinCode, rotateJoinCodeInput } from '../../directory/operations/rotate-join-code.ts';
import { archiveClassroom } from '../../directory/operations/archive-classroom.ts';
import { archiveStudent } from '../../directory/operations/archive-student.ts';
import { createClassroom, createClassroomInput } from '../../directory/operations/create-classroom.ts';
import { createGuardian, createGuardianInput } from '../../directory/operations/create-guardian.ts';
import { createStaff, createStaffInput } from '../../directory/operations/create-staff.ts';
import { createStudent, createStudentInput } from '../../directory/operations/create-student.ts';
import { editClassroom, editClassroomInput } from '../../directory/operations/edit-classroom.ts';
import {
  editContactDetails,
  editContactDetailsInput,
} from '../../directory/operations/edit-contact-details.ts';
import { removeClassroomMember } from '../../directory/operations/remove-classroom-member.ts';
import { removeGuardianLink } from '../../directory/operations/remove-guardian-link.ts';
import { setSchoolIds, setSchoolIdsInput } from '../../directory/operations/set-school-ids.ts';
import { setSyncEnabled, setSyncEnabledInput } from '../../directory/operations/set-sync-enabled.ts';
import type { Principal } from '../../directory/principal.ts';
import type { Database } from '../../store/database-schema.ts';
import type { Kysely } from 'kysely';
import type { LoginRateLimiter } from '../../accounts/login-rate-limiter.ts';
import { defineRoute, type ApiRoute } from '../api-route.ts';
import type { HttpPrincipal } from '../auth/authenticate.ts';
import { limitJoinAttempts } from '../limit-join-attempts.ts';
import { idParam } from '../register-api-route.ts';
import { districtPath } from './route-params.ts';

interface OperationRoute {
  operationId: string;
  method: ApiRoute['method'];
  /** Under the district's path. */
  path: string;
  summary: string;
  /** The scope a token needs (documentation; the operation's own SPEC §7 table decides). */
  scope: ApiRoute['permission'];
  /** The operation's own input schema: path ids are taken out of the body and put back. */
  input?: z.ZodObject;
  /** Path parameters that are fields of the input (`classroomId`, `personId`…). */
  pathIds: readonly string[];
  run(
    db: Kysely<Database>,
    principal: Principal,
    input: Record<string, unknown>,
    context: OperationContext,
  ): Promise<unknown>;
}

/** What an operation's route may need of the request beyond its input. */
interface OperationContext {
  principal: HttpPrincipal;
  ip: string;
  joinLimiter: LoginRateLimiter;
}

/**
 * A manual directory operation (`src/directory/operations/`) as an API route. The operation
 * judges who may do it (SPEC §7: district admins, school leaders, rostering admins, teachers,
 * the person themself, operators with `directory:write`…), so the route only lets in principals
 * of the district (`capability`) and hands the principal over. Its input schema is the
 * operation's own, less the ids the path carries.
 */
function operationRoute(operation: OperationRoute): ApiRoute {
  const omitted: Record<string, true> = Object.fromEntries(operation.pathIds.map((id) => [id, true]));
  const body = operation.input ? operation.input.omit(omitted as Record<string, never>) : undefined;
  return defineRoute({
    operationId: operation.operationId,
    method: operation.method,
    path: `${districtPath}${operation.path}`,
    summary: operation.summary,
    description: `Allowed by SPEC §7's table (src/directory/permissions); an operator token needs ${operation.scope}. Refusals: docs/directory-codes.md.`,
    tag: 'directory',
    permission: 'capability',
    documentedScope: operation.scope,
    params: z.strictObject({
      districtId: idParam,
      ...Object.fromEntries(operation.pathIds.map((id) => [id, idParam])),
    }),
    ...(body ? { body } : {}),
    success: { status: 200, description: 'What the operation changed.' },
    async handle({ store, principal, params, body: input, request, joinLimiter }) {
      const { districtId: _districtId, ...ids } = params as Record<string, string>;
      return operation.run(
        store.db,
        principal,
        { ...((input as Record<string, unknown>) ?? {}), ...ids },
        { principal, ip: request.ip, joinLimiter },
      );
    },
  });
}

type Input<T extends (...args: never[]) => unknown> = Parameters<T>[2];

export const directoryOperationRoutes: readonly ApiRoute[] = [
  operationRoute({
    operationId: 'createClassroom',
    method: 'POST',
    path: '/classrooms',
    summary: 'Create a manual classroom in a school.',
    scope: 'directory:write',
    input: createClassroomInput,
    pathIds: [],
    run: (db, principal, input) => createClassroom(db, principal, input as Input<typeof createClassroom>),
  }),
  operationRoute({
    operationId: 'editClassroom',
    method: 'PATCH',
    path: '/classrooms/:classroomId',
    summary: 'Rename or edit a classroom (a synced one: only what the sync does not own).',
    scope: 'directory:write',
    input: editClassroomInput,
    pathIds: ['classroomId'],
    run: (db, principal, input) => editClassroom(db, principal, input as Input<typeof editClassroom>),
  }),
  operationRoute({
    operationId: 'archiveClassroom',
    method: 'POST',
    path: '/classrooms/:classroomId/archive',
    summary: 'Archive a classroom (members stay).',
    scope: 'directory:write',
    pathIds: ['classroomId'],
    run: (db, principal, input) => archiveClassroom(db, principal, input as Input<typeof archiveClassroom>),
  }),
  operationRoute({
    operationId: 'addClassroomMember',
    method: 'POST',
    path: '/classrooms/:classroomId/members',
    summary: 'Add a student, teacher (co-teacher unless primary) or aide to a classroom.',
    scope: 'directory:write',
    input: addClassroomMemberInput,
    pathIds: ['classroomId'],
    run: (db, principal, input) =>
      addClassroomMember(db, principal, input as Input<typeof addClassroomMember>),
  }),
  operationRoute({
    operationId: 'removeClassroomMember',
    method: 'DELETE',
    path: '/classrooms/:classroomId/members/:personId',
    summary: 'Remove a member a person added (the sync’s members are the source’s).',
    scope: 'directory:write',
    pathIds: ['classroomId', 'personId'],
    run: (db, principal, input) =>
      removeClassroomMember(db, principal, input as Input<typeof removeClassroomMember>),
  }),
  operationRoute({
    operationId: 'addGuardianLink',
    method: 'POST',
    path: '/guardian-links',
    summary: 'Link a guardian to a student by hand (the sync never removes such a link).',
    scope: 'directory:write',
    input: addGuardianLinkInput,
    pathIds: [],
    run: (db, principal, input) => addGuardianLink(db, principal, input as Input<typeof addGuardianLink>),
  }),
  operationRoute({
    operationId: 'setSchoolIds',
    method: 'PUT',
    path: '/schools/:schoolId/school-ids',
    summary:
      'Set a school’s School IDs (the source schools it carries); the next run rosters what they name.',
    scope: 'syncs:write',
    input: setSchoolIdsInput,
    pathIds: ['schoolId'],
    run: (db, principal, input) => setSchoolIds(db, principal, input as Input<typeof setSchoolIds>),
  }),
  operationRoute({
    operationId: 'removeGuardianLink',
    method: 'DELETE',
    path: '/students/:studentId/guardians/:guardianId',
    summary:
      'Remove a guardian’s link to a student: one made by hand or with a join code, or a disabled sync’s.',
    scope: 'directory:write',
    pathIds: ['studentId', 'guardianId'],
    run: (db, principal, input) =>
      removeGuardianLink(db, principal, input as Input<typeof removeGuardianLink>),
  }),
  operationRoute({
    operationId: 'createGuardian',
    method: 'POST',
    path: '/guardians',
    summary:
      'Add a guardian the source lacks: a manual person linked to a student (the sync never removes either).',
    scope: 'directory:write',
    input: createGuardianInput,
    pathIds: [],
    run: (db, principal, input) => createGuardian(db, principal, input as Input<typeof createGuardian>),
  }),
  operationRoute({
    operationId: 'createStaff',
    method: 'POST',
    path: '/staff',
    summary: 'Create a manual staff member of a school (synced or not; the sync never changes them).',
    scope: 'directory:write',
    input: createStaffInput,
    pathIds: [],
    run: (db, principal, input) => createStaff(db, principal, input as Input<typeof createStaff>),
  }),
  operationRoute({
    operationId: 'createStudent',
    method: 'POST',
    path: '/students',
    summary: 'Create a manual student in a school no enabled sync rosters.',
    scope: 'directory:write',
    input: createStudentInput,
    pathIds: [],
    run: (db, principal, input) => createStudent(db, principal, input as Input<typeof createStudent>),
  }),
  operationRoute({
    operationId: 'archiveStudent',
    method: 'POST',
    path: '/students/:personId/archive',
    summary: 'Archive a student made by hand.',
    scope: 'directory:write',
    pathIds: ['personId'],
    run: (db, principal, input) => archiveStudent(db, principal, input as Input<typeof archiveStudent>),
  }),
  operationRoute({
    operationId: 'editContactDetails',
    method: 'PATCH',
    path: '/people/:personId/contact-details',
    summary: 'Edit a person’s contact details where SPEC §6 allows (null empties a field).',
    scope: 'directory:write',
    input: editContactDetailsInput,
    pathIds: ['personId'],
    run: (db, principal, input) =>
      editContactDetails(db, principal, input as Input<typeof editContactDetails>),
  }),
  operationRoute({
    operationId: 'enableStudentAccount',
    method: 'POST',
    path: '/people/:personId/enable-account',
    summary: 'Enable a student’s account (SPEC §3: synced students too); it becomes active.',
    scope: 'directory:write',
    pathIds: ['personId'],
    run: (db, principal, input) =>
      enableStudentAccount(db, principal, input as Input<typeof enableStudentAccount>),
  }),
  operationRoute({
    operationId: 'addStaffToSchool',
    method: 'POST',
    path: '/people/:personId/schools',
    summary: 'Add a staff member to a school (a manual staff role, or the school added to it).',
    scope: 'directory:write',
    input: addStaffToSchoolInput,
    pathIds: ['personId'],
    run: (db, principal, input) => addStaffToSchool(db, principal, input as Input<typeof addStaffToSchool>),
  }),
  operationRoute({
    operationId: 'rotateJoinCode',
    method: 'POST',
    path: '/join-codes',
    summary: 'Give a student a new join code (the old one stops working); answers the code.',
    scope: 'directory:write',
    input: rotateJoinCodeInput,
    pathIds: [],
    run: (db, principal, input) => rotateJoinCode(db, principal, input as Input<typeof rotateJoinCode>),
  }),
  operationRoute({
    operationId: 'joinWithCode',
    method: 'POST',
    path: '/join-codes/join',
    summary: 'A guardian joins a student with its code: a manual link the sync never removes.',
    scope: 'directory:write',
    input: joinWithCodeInput,
    pathIds: [],
    // Codes are short: wrong ones are counted per principal and address (JOIN_LOCKED).
    run: (db, principal, input, context) =>
      limitJoinAttempts(context.joinLimiter, context.principal, context.ip, () =>
        joinWithCode(db, principal, input as Input<typeof joinWithCode>),
      ),
  }),
  operationRoute({
    operationId: 'mergeStudent',
    method: 'POST',
    path: '/students/merge',
    summary: 'Merge a manual student into its synced twin (memberships, links and history move).',
    scope: 'directory:write',
    input: mergeStudentInput,
    pathIds: [],
    run: (db, principal, input) => mergeStudent(db, principal, input as Input<typeof mergeStudent>),
  }),
  operationRoute({
    operationId: 'archiveManualStudents',
    method: 'POST',
    path: '/students/archive-manual',
    summary: 'Archive every student of a school made by hand (before a first sync, SPEC §6).',
    scope: 'directory:write',
    input: archiveManualStudentsInput,
    pathIds: [],
    run: (db, principal, input) =>
      archiveManualStudents(db, principal, input as Input<typeof archiveManualStudents>),
  }),
  operationRoute({
    operationId: 'giveClassroomSisId',
    method: 'POST',
    path: '/classrooms/:classroomId/sis-id',
    summary: 'Hand a manual classroom to a sync by its SIS class id: the next run takes it over.',
    scope: 'syncs:write',
    input: giveClassroomSisIdInput,
    pathIds: ['classroomId'],
    run: (db, principal, input) =>
      giveClassroomSisId(db, principal, input as Input<typeof giveClassroomSisId>),
  }),
  operationRoute({
    operationId: 'setSyncEnabled',
    method: 'PUT',
    path: '/sync-configs/:configId/enabled',
    summary: 'Enable or disable a sync: disabled, its runs stop and its records become manually manageable.',
    scope: 'syncs:write',
    input: setSyncEnabledInput,
    pathIds: ['configId'],
    run: (db, principal, input) => setSyncEnabled(db, principal, input as Input<typeof setSyncEnabled>),
  }),
];
