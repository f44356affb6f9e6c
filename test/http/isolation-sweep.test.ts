import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryExport } from '../../src/directory/export-directory.ts';
import { smallDistrict } from '../support/small-district.ts';
import { useApiFixture, type ApiDistrict } from './api-fixture.ts';

const api = useApiFixture();

interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  operationId: string;
  hasJsonBody: boolean;
  hasUpload: boolean;
  /** Callable without a principal (signing in, accepting an invitation): the capability judges. */
  isPublic: boolean;
}

/**
 * A body for every operation that takes JSON, naming district B's records wherever a body can
 * name one. An operation added without a sample here fails the sweep, so none goes unswept.
 */
function sampleBody(operationId: string, b: ApiDistrict): unknown {
  const bodies: Record<string, unknown> = {
    createSchool: { name: 'Isolation School', schoolIds: ['iso-1'] },
    createDistrict: { name: 'Isolation District' },
    createSyncConfig: {
      source: 'clever',
      schoolId: Object.values(b.schools)[0],
      sourceOptions: { district_id: 'clever-district', token: 'clever-token' },
    },
    setSyncConfigSettings: { set: { 'classroomFilters.schools': Object.values(b.schools).join(',') } },
    setSyncConfigSourceOptions: { set: { token: 'another-token' } },
    approveRun: { max: 1 },
    rollbackRun: { dryRun: true },
    setAccountState: { state: 'active' },
    signIn: { credential: 'nobody@example.org', password: 'not the password' },
    acceptInvitation: { token: 'not-a-token', password: 'a long enough password 1' },
    grantRole: { role: 'school_leader', schoolId: Object.values(b.schools)[0] },
    revokeGrant: { role: 'district_admin' },
    createClassroom: { schoolId: Object.values(b.schools)[0], name: 'Isolation' },
    editClassroom: { name: 'Isolation' },
    addClassroomMember: { personId: b.personId, role: 'student' },
    addGuardianLink: { studentId: b.personId, guardianId: b.personId },
    createGuardian: {
      studentId: b.personId,
      givenName: 'Iso',
      familyName: 'Lation',
      email: 'iso@example.org',
    },
    createApiToken: { name: 'isolation', scopes: ['directory:read'] },
    setSchoolIds: { sourceIds: ['iso-2'] },
    createStaff: { schoolId: Object.values(b.schools)[0], givenName: 'Iso', familyName: 'Lation' },
    createStudent: { schoolId: Object.values(b.schools)[0], givenName: 'Iso', familyName: 'Lation' },
    editContactDetails: { details: { givenName: 'Isolation' } },
    setSyncEnabled: { isEnabled: true },
    addStaffToSchool: { schoolId: Object.values(b.schools)[0] },
    rotateJoinCode: { studentId: b.personId },
    joinWithCode: { code: 'ABCDEFGH', guardianId: b.personId },
    mergeStudent: { manualStudentId: b.personId, syncedStudentId: b.classroomId },
    archiveManualStudents: { schoolId: Object.values(b.schools)[0] },
    giveClassroomSisId: { configId: b.configId, sisId: 'ISO-1' },
  };
  if (!(operationId in bodies)) throw new Error(`the isolation sweep has no sample body for ${operationId}`);
  return bodies[operationId];
}

/** Whether an operation acts in one district; the others (listing, creating districts) act above them. */
function isUnderDistrict(operation: Operation): boolean {
  return operation.path.includes('{districtId}');
}

/** Fills a path's parameters: the district from `district`, every other id from `others`. */
function fill(path: string, district: ApiDistrict, others: ApiDistrict): string {
  const ids: Record<string, string> = {
    districtId: district.districtId,
    configId: others.configId,
    runId: others.runId,
    personId: others.personId,
    studentId: others.personId,
    schoolId: Object.values(others.schools)[0]!,
    guardianId: others.personId,
    tokenId: others.tokenId,
    classroomId: others.classroomId,
  };
  return path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    const id = ids[name];
    if (!id) throw new Error(`the isolation sweep does not know the path parameter ${name}`);
    return id;
  });
}

let operations: Operation[] = [];
let zip: Buffer;
/** Every id of district B's directory, runs and configs: none may appear in an answer to A. */
let secretsOfB: Set<string>;

beforeAll(async () => {
  const document = (await api.call(null, 'GET', '/api/openapi.json')).json<{
    paths: Record<
      string,
      Record<
        string,
        { operationId: string; security: unknown[]; requestBody?: { content: Record<string, unknown> } }
      >
    >;
  }>();
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase() as Operation['method'],
      path,
      operationId: operation.operationId,
      hasJsonBody: Boolean(operation.requestBody?.content['application/json']),
      hasUpload: Boolean(operation.requestBody?.content['application/zip']),
      isPublic: operation.security.length === 0,
    })),
  );
  zip = await api.zipOf(smallDistrict());
  const exported: DirectoryExport = await api.harness.exportOf(api.b.districtId);
  secretsOfB = new Set([
    api.b.districtId,
    api.b.configId,
    api.b.runId,
    ...exported.schools.map((school) => school.id),
    ...exported.classrooms.map((classroom) => classroom.id),
    ...exported.people.map((person) => person.id),
    'Shelbyville',
  ]);
});

/** How A's principal is sent: its token, or a session of one of its district admins. */
let credentialsOfA: Record<string, string> = {};

async function callAsA(operation: Operation, url: string, body: unknown): Promise<LightMyRequestResponse> {
  const isUpload = operation.hasUpload && !operation.hasJsonBody;
  return api.app.inject({
    method: operation.method,
    url,
    headers: { ...credentialsOfA, ...(isUpload ? { 'content-type': 'application/zip' } : {}) },
    ...(isUpload ? { payload: zip } : body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
}

/** B's ids in an answer, leaving out those the request itself sent (an error may name them back). */
function leakedIds(response: LightMyRequestResponse, sent: string): string[] {
  return [...secretsOfB].filter((secret) => response.body.includes(secret) && !sent.includes(secret));
}

describe.each([
  {
    principal: 'an operator token with every scope',
    credentials: async () => ({ authorization: `Bearer ${api.a.token}` }),
  },
  {
    principal: 'a district admin’s session',
    credentials: async () => ({ cookie: await api.signInAdmin(api.a) }),
  },
])('tenant isolation: district A’s $principal never reaches district B', ({ credentials }) => {
  beforeAll(async () => {
    credentialsOfA = await credentials();
  });

  it('sweeps every operation of the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
  });

  it('answers 404 for every operation under district B’s path, and shows none of B’s data', async () => {
    for (const operation of operations.filter(isUnderDistrict)) {
      const url = fill(operation.path, api.b, api.b);
      const body = operation.hasJsonBody ? sampleBody(operation.operationId, api.b) : undefined;
      const response = await callAsA(operation, url, body);
      // A public operation ignores the token; it must still refuse, and say nothing of B.
      const expected = operation.isPublic ? [401, 404] : [404];
      expect({ operation: operation.operationId, status: expected.includes(response.statusCode) }).toEqual({
        operation: operation.operationId,
        status: true,
      });
      if (!operation.isPublic) {
        expect(response.json<{ error: { code: string } }>().error.code).toBe('DISTRICT_NOT_FOUND');
      }
      expect(leakedIds(response, `${url} ${JSON.stringify(body ?? null)}`)).toEqual([]);
    }
  });

  it('answers operations above districts for A alone: A’s own district, or 403', async () => {
    const districtsBefore = await api.harness.store.db.selectFrom('districts').select('id').execute();
    const above = operations.filter((operation) => !isUnderDistrict(operation));
    for (const operation of above) {
      const body = operation.hasJsonBody ? sampleBody(operation.operationId, api.b) : undefined;
      const response = await callAsA(operation, operation.path, body);
      expect({ operation: operation.operationId, status: [200, 403].includes(response.statusCode) }).toEqual({
        operation: operation.operationId,
        status: true,
      });
      expect(leakedIds(response, `${operation.path} ${JSON.stringify(body ?? null)}`)).toEqual([]);
    }
    expect(above.map((operation) => operation.operationId).sort()).toEqual([
      'createDistrict',
      'listDistricts',
    ]);
    expect(await api.harness.store.db.selectFrom('districts').select('id').execute()).toEqual(
      districtsBefore,
    );
  });

  it('answers 403 or 404 for B’s ids under A’s own path, in the path or in the body', async () => {
    let swept = 0;
    for (const operation of operations) {
      const body = operation.hasJsonBody ? sampleBody(operation.operationId, api.b) : undefined;
      const bodyNamesB = JSON.stringify(body ?? null)
        .split(/[^0-9a-f-]+/)
        .some((part) => secretsOfB.has(part));
      const ownUrl = fill(operation.path, api.a, api.a);
      const urlWithB = fill(operation.path, api.a, api.b);
      // B's ids in the path (A's district), then B's ids in the body on A's own records.
      const cases = [...(urlWithB !== ownUrl ? [urlWithB] : []), ...(bodyNamesB ? [ownUrl] : [])];
      for (const url of cases) {
        swept += 1;
        const response = await callAsA(operation, url, body);
        expect({
          operation: operation.operationId,
          url,
          status: [403, 404].includes(response.statusCode),
        }).toEqual({
          operation: operation.operationId,
          url,
          status: true,
        });
        expect(leakedIds(response, `${url} ${JSON.stringify(body ?? null)}`)).toEqual([]);
      }
    }
    expect(swept).toBeGreaterThanOrEqual(13);
  });
});

describe('tenant isolation in query strings and state', () => {
  it('refuses B’s ids given in query strings: a config filter and a change feed cursor', async () => {
    const base = `/api/v1/districts/${api.a.districtId}`;
    const runs = await api.call(api.a.token, 'GET', `${base}/runs?configId=${api.b.configId}`);
    expect(runs.statusCode).toBe(404);
    const feedOfB = (
      await api.call(api.b.token, 'GET', `/api/v1/districts/${api.b.districtId}/changes?limit=1`)
    ).json<{ cursor: string }>();
    const changes = await api.call(api.a.token, 'GET', `${base}/changes?since=${feedOfB.cursor}`);
    expect(changes.statusCode).toBe(400);
    expect(changes.json<{ error: { code: string } }>().error.code).toBe('CURSOR_INVALID');
    const schoolsOfB = (
      await api.call(api.b.token, 'GET', `/api/v1/districts/${api.b.districtId}/schools?limit=1`)
    ).json<{ next: string }>();
    const schools = await api.call(api.a.token, 'GET', `${base}/schools?cursor=${schoolsOfB.next}`);
    expect(schools.json<{ error: { code: string } }>().error.code).toBe('CURSOR_INVALID');
  });

  it('left B’s directory as it was', async () => {
    const after = await api.harness.exportOf(api.b.districtId);
    expect(after.schools.map((school) => school.name)).toEqual(['Lincoln Elementary', 'Roosevelt Middle']);
    expect(after.people.every((person) => person.accountState === 'invitee')).toBe(true);
  });
});
