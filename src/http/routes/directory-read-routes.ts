import { z } from 'zod';
import { DirectoryError } from '../../directory/directory-error.ts';
import { classroomJson, personJson } from '../../directory/directory-json.ts';
import { classroomDetail, readClassroom } from '../../directory/read-classroom.ts';
import { readClassroomsPage } from '../../directory/read-classrooms-page.ts';
import { readPeoplePage } from '../../directory/read-people-page.ts';
import { personDetail, readPerson } from '../../directory/read-person.ts';
import { defineRoute } from '../api-route.ts';
import type { HttpPrincipal } from '../auth/authenticate.ts';
import { readableScope, requireRecordReadable } from '../auth/readable-schools.ts';
import { pageById, pageQuery } from '../pagination.ts';
import { idParam } from '../register-api-route.ts';
import { classroomParams, districtParams, districtPath, personParams, queryFlag } from './route-params.ts';

const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next: z.string().nullable() });

/** The answers of the directory reads, as the OpenAPI document describes them. */
export const directoryReadSchemas = {
  peoplePage: pageOf(personJson),
  personDetail,
  classroomsPage: pageOf(classroomJson.extend({ memberCount: z.number().int() })),
  classroomDetail,
};

/**
 * The schools a list keeps: the one asked for, narrowed to those the principal reads (none
 * when it is not one of them); undefined: every school.
 */
function schoolsToRead(principal: HttpPrincipal, schoolId: string | undefined): string[] | undefined {
  const { schoolIds } = readableScope(principal);
  if (schoolIds === null) return schoolId === undefined ? undefined : [schoolId];
  return schoolId === undefined ? schoolIds : schoolIds.filter((id) => id === schoolId);
}

/**
 * The directory a page or a record at a time: what the console's directory views and a host
 * app read, where `export` would hand over the whole district at once.
 */
export const directoryReadRoutes = [
  defineRoute({
    operationId: 'listPeople',
    method: 'GET',
    path: `${districtPath}/people`,
    summary:
      'The district’s people with their roles, a page at a time (`role`, `schoolId`, `includeArchived`).',
    tag: 'directory',
    permission: 'schools:read',
    documentedScope: 'directory:read',
    params: districtParams,
    query: z.strictObject({
      ...pageQuery,
      role: z.enum(['student', 'staff', 'guardian']).optional(),
      schoolId: idParam.optional(),
      includeArchived: queryFlag,
      q: z.string().trim().min(1).max(200).optional(),
    }),
    success: {
      status: 200,
      description: 'A page of people (as `export` lists them).',
      schema: directoryReadSchemas.peoplePage,
    },
    errors: ['CURSOR_INVALID'],
    async handle({ store, principal, params, query }) {
      return pageById('people', params.districtId, query, (afterId, limit) =>
        readPeoplePage(store.db, {
          districtId: params.districtId,
          filter: {
            role: query.role,
            schoolIds: schoolsToRead(principal, query.schoolId),
            includeArchived: query.includeArchived,
            search: query.q,
          },
          afterId,
          limit,
        }),
      );
    },
  }),
  defineRoute({
    operationId: 'getPerson',
    method: 'GET',
    path: `${districtPath}/people/:personId`,
    summary:
      'A person: contact details with who last set each field (provenance), roles, guardians and students, classroom memberships.',
    tag: 'directory',
    permission: 'schools:read',
    documentedScope: 'directory:read',
    params: personParams,
    success: { status: 200, description: 'The person.', schema: directoryReadSchemas.personDetail },
    errors: ['PERSON_NOT_FOUND'],
    async handle({ store, principal, params }) {
      const person = await readPerson(store.db, params.districtId, params.personId);
      if (!person)
        throw new DirectoryError('PERSON_NOT_FOUND', `No person ${params.personId} in this district.`);
      await requireRecordReadable(store.db, principal, { kind: 'person', personId: params.personId });
      return person;
    },
  }),
  defineRoute({
    operationId: 'listClassrooms',
    method: 'GET',
    path: `${districtPath}/classrooms`,
    summary:
      'The district’s classrooms with their member counts, a page at a time (`schoolId`, `includeArchived`).',
    tag: 'directory',
    permission: 'schools:read',
    documentedScope: 'directory:read',
    params: districtParams,
    query: z.strictObject({ ...pageQuery, schoolId: idParam.optional(), includeArchived: queryFlag }),
    success: {
      status: 200,
      description: 'A page of classrooms.',
      schema: directoryReadSchemas.classroomsPage,
    },
    errors: ['CURSOR_INVALID'],
    async handle({ store, principal, params, query }) {
      const scope = readableScope(principal);
      return pageById('classrooms', params.districtId, query, (afterId, limit) =>
        readClassroomsPage(store.db, {
          districtId: params.districtId,
          schoolId: query.schoolId,
          // A teacher lists the classrooms they teach, besides their grants' schools'.
          readable:
            scope.schoolIds === null ? undefined : { schoolIds: scope.schoolIds, taughtBy: scope.personId },
          includeArchived: query.includeArchived,
          afterId,
          limit,
        }),
      );
    },
  }),
  defineRoute({
    operationId: 'getClassroom',
    method: 'GET',
    path: `${districtPath}/classrooms/:classroomId`,
    summary: 'A classroom with its members (each marked manual or synced) and the config that owns it.',
    tag: 'directory',
    permission: 'schools:read',
    documentedScope: 'directory:read',
    params: classroomParams,
    success: { status: 200, description: 'The classroom.', schema: directoryReadSchemas.classroomDetail },
    errors: ['CLASSROOM_NOT_FOUND'],
    async handle({ store, principal, params }) {
      const classroom = await readClassroom(store.db, params.districtId, params.classroomId);
      if (!classroom) {
        throw new DirectoryError(
          'CLASSROOM_NOT_FOUND',
          `No classroom ${params.classroomId} in this district.`,
        );
      }
      await requireRecordReadable(store.db, principal, {
        kind: 'classroom',
        classroomId: params.classroomId,
      });
      return classroom;
    },
  }),
];
