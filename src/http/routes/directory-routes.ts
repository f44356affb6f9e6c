import { z } from 'zod';
import { DirectoryError } from '../../directory/directory-error.ts';
import { exportDirectory } from '../../directory/export-directory.ts';
import { defaultChangesLimit, maxChangesLimit, readChanges } from '../../directory/read-changes.ts';
import { accountStates, setAccountState } from '../../directory/set-account-state.ts';
import { defineRoute } from '../api-route.ts';
import { requireRecordReadable, type ReadableRecord } from '../auth/readable-schools.ts';
import { readRecordAudit } from '../../directory/read-record-audit.ts';
import { requireRecordInDistrict } from '../find-in-district.ts';
import { idParam } from '../register-api-route.ts';
import { districtParams, districtPath, personParams, queryFlag } from './route-params.ts';

const auditQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(5000).default(500) });

/** The records whose history is read by id, each with its path and what the history holds. */
const auditedRecords = [
  {
    kind: 'person',
    operationId: 'getPersonAudit',
    param: 'personId',
    path: 'people',
    summary:
      'The history of a person, newest first: every change by runs and by hand (roles, memberships, guardian links, merges), with actor and before → after.',
  },
  {
    kind: 'classroom',
    operationId: 'getClassroomAudit',
    param: 'classroomId',
    path: 'classrooms',
    summary:
      'The history of a classroom, newest first (its fields, state and memberships), with actor and before → after.',
  },
  {
    kind: 'school',
    operationId: 'getSchoolAudit',
    param: 'schoolId',
    path: 'schools',
    summary:
      'The history of a school, newest first (its School IDs set by hand), with actor and before → after.',
  },
] as const;

/** The permission target of an audited record. */
function targetOf(kind: 'person' | 'classroom' | 'school', id: string): ReadableRecord {
  if (kind === 'person') return { kind, personId: id };
  return kind === 'classroom' ? { kind, classroomId: id } : { kind, schoolId: id };
}

export const directoryRoutes = [
  ...auditedRecords.map((record) =>
    defineRoute({
      operationId: record.operationId,
      method: 'GET',
      path: `${districtPath}/${record.path}/:${record.param}/audit`,
      summary: record.summary,
      tag: 'directory',
      permission: 'schools:read',
      documentedScope: 'directory:read',
      params: z.strictObject({ districtId: idParam, [record.param]: idParam }),
      query: auditQuery,
      success: { status: 200, description: 'The audit entries, newest first.' },
      async handle({ store, principal, params, query }) {
        const ids = params as Record<string, string>;
        const districtId = ids.districtId!;
        const recordId = ids[record.param]!;
        await requireRecordInDistrict(store.db, districtId, { kind: record.kind, id: recordId });
        await requireRecordReadable(store.db, principal, targetOf(record.kind, recordId));
        return {
          entries: await readRecordAudit(store.db, {
            districtId,
            recordId,
            limit: query.limit,
          }),
        };
      },
    }),
  ),
  defineRoute({
    operationId: 'exportDirectory',
    method: 'GET',
    path: `${districtPath}/export`,
    summary:
      'The whole directory (schools, classrooms with members, people with roles, guardian links) in a stable order.',
    tag: 'directory',
    permission: 'directory:read',
    params: districtParams,
    query: z.strictObject({ provenance: queryFlag }),
    success: { status: 200, description: 'The directory (as `export` prints it).' },
    async handle({ store, params, query }) {
      const directory = await exportDirectory(store.db, params.districtId, { provenance: query.provenance });
      if (!directory) throw new DirectoryError('DISTRICT_NOT_FOUND', `No district ${params.districtId}.`);
      return directory;
    },
  }),
  defineRoute({
    operationId: 'readChanges',
    method: 'GET',
    path: `${districtPath}/changes`,
    summary: 'The change feed: every change applied to the directory, in order, after a cursor.',
    description:
      'Pass the `cursor` of the previous page as `since`; `hasMore` false means caught up (read again later from `cursor`). The cursor is the feed’s own, not a page cursor.',
    tag: 'changes',
    permission: 'changes:read',
    params: districtParams,
    query: z.strictObject({
      since: z.string().min(1).max(200).optional(),
      limit: z.coerce.number().int().min(1).max(maxChangesLimit).default(defaultChangesLimit),
    }),
    success: {
      status: 200,
      description: 'A page of changes.',
      schema: z.object({
        changes: z.array(z.object({ cursor: z.string() }).loose()),
        cursor: z.string(),
        hasMore: z.boolean(),
      }),
    },
    errors: ['CURSOR_INVALID'],
    async handle({ store, params, query }) {
      return readChanges(store.db, { districtId: params.districtId, since: query.since, limit: query.limit });
    },
  }),
  defineRoute({
    operationId: 'setAccountState',
    method: 'PUT',
    path: `${districtPath}/people/:personId/account-state`,
    summary:
      'Set a person’s account state: an invitee’s contact details follow the source; an active user’s follow the updateActiveContacts setting.',
    tag: 'directory',
    permission: 'directory:write',
    params: personParams,
    body: z.strictObject({ state: z.enum(accountStates as ['invitee', 'active']) }),
    success: {
      status: 200,
      description: 'The state before and after.',
      schema: z.object({ personId: z.uuid(), before: z.string(), after: z.string() }),
    },
    errors: ['PERSON_NOT_FOUND'],
    async handle({ store, params, body, principal }) {
      return setAccountState(store.db, {
        districtId: params.districtId,
        personId: params.personId,
        state: body.state,
        actor: principal.kind === 'operator' ? `token:${principal.tokenId}` : `person:${principal.personId}`,
      });
    },
  }),
];
