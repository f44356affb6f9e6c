import { z } from 'zod';
import { createDistrict } from '../../directory/create-district.ts';
import { DirectoryError } from '../../directory/directory-error.ts';
import { defineRoute } from '../api-route.ts';
import { decodePageCursor, encodePageCursor, pageQuery, toPage } from '../pagination.ts';
import { listDistrictsPage } from '../queries/list-districts-page.ts';
import { districtParams, districtPath } from './route-params.ts';

const district = z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() });

/** The path of the operations above districts: the list of districts. */
const districtsPath = '/api/v1/districts';

/**
 * Whose list a page cursor belongs to: the installation's (every district) or one district's
 * own one-item list, so a cursor of the one is refused by the other.
 */
const installationList = 'installation';

export const districtRoutes = [
  defineRoute({
    operationId: 'listDistricts',
    method: 'GET',
    path: districtsPath,
    summary:
      'The districts, oldest first: every one for an installation token, its own for a district’s principal.',
    description:
      'An installation token needs districts:read. A district’s token (directory:read) or a district admin’s session gets a page holding its own district alone.',
    tag: 'districts',
    permission: 'districts:read',
    params: z.strictObject({}),
    query: z.strictObject(pageQuery),
    success: {
      status: 200,
      description: 'A page of districts.',
      schema: z.object({ items: z.array(district), next: z.string().nullable() }),
    },
    errors: ['CURSOR_INVALID'],
    async handle({ store, principal, query }) {
      const owner = principal.kind === 'installation' ? installationList : principal.districtId;
      const cursor = query.cursor ? decodePageCursor('districts', owner, query.cursor, 1)[0] : undefined;
      const rows = await listDistrictsPage(store.db, {
        onlyId: principal.kind === 'installation' ? undefined : principal.districtId,
        afterId: cursor,
        limit: query.limit + 1,
      });
      return toPage(
        rows,
        query.limit,
        (row) => row,
        (row) => encodePageCursor('districts', owner, [row.id]),
      );
    },
  }),
  defineRoute({
    operationId: 'createDistrict',
    method: 'POST',
    path: districtsPath,
    summary: 'Create a district (a tenant); an installation token with districts:write only.',
    description:
      'A district’s token or session is refused (INSTALLATION_TOKEN_REQUIRED). `timeZone` is an IANA zone; left out, America/New_York (as `rostersync district create`).',
    tag: 'districts',
    permission: 'districts:write',
    params: z.strictObject({}),
    body: z.strictObject({
      name: z.string().min(1).max(200),
      timeZone: z.string().min(1).max(100).optional(),
    }),
    success: { status: 201, description: 'The district.', schema: district },
    errors: ['INSTALLATION_TOKEN_REQUIRED', 'DISTRICT_NAME_REQUIRED', 'TIME_ZONE_INVALID'],
    async handle({ store, body }) {
      const { id } = await createDistrict(store.db, body);
      const [created] = await listDistrictsPage(store.db, { onlyId: id, limit: 1 });
      return created;
    },
  }),
  defineRoute({
    operationId: 'getDistrict',
    method: 'GET',
    path: districtPath,
    summary: 'The district: id, name, time zone.',
    tag: 'directory',
    permission: 'directory:read',
    params: districtParams,
    success: { status: 200, description: 'The district.', schema: district },
    async handle({ store, params }) {
      const row = await store.db
        .selectFrom('districts')
        .select(['id', 'name', 'time_zone'])
        .where('id', '=', params.districtId)
        .executeTakeFirst();
      if (!row) throw new DirectoryError('DISTRICT_NOT_FOUND', `No district ${params.districtId}.`);
      return { id: row.id, name: row.name, timeZone: row.time_zone };
    },
  }),
];
