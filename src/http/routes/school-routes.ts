import { z } from 'zod';
import { createSchool } from '../../directory/create-school.ts';
import { defineRoute } from '../api-route.ts';
import { decodePageCursor, encodePageCursor, pageQuery, toPage } from '../pagination.ts';
import { districtParams, districtPath } from './route-params.ts';

const school = z.object({ id: z.uuid(), name: z.string(), schoolIds: z.array(z.string()) });

export const schoolRoutes = [
  defineRoute({
    operationId: 'listSchools',
    method: 'GET',
    path: `${districtPath}/schools`,
    summary: 'The district’s schools with their School IDs, by name.',
    tag: 'directory',
    permission: 'directory:read',
    params: districtParams,
    query: z.strictObject(pageQuery),
    success: {
      status: 200,
      description: 'A page of schools.',
      schema: z.object({ items: z.array(school), next: z.string().nullable() }),
    },
    errors: ['CURSOR_INVALID'],
    async handle({ store, params, query }) {
      const { districtId } = params;
      let select = store.db
        .selectFrom('schools')
        .select(['id', 'name'])
        .where('district_id', '=', districtId)
        .orderBy('name')
        .orderBy('id')
        .limit(query.limit + 1);
      if (query.cursor) {
        const [name, id] = decodePageCursor('schools', districtId, query.cursor, 2) as [string, string];
        select = select.where((eb) => eb(eb.refTuple('name', 'id'), '>', eb.tuple(name, id)));
      }
      const rows = await select.execute();
      const ids =
        rows.length === 0
          ? []
          : await store.db
              .selectFrom('school_source_ids')
              .select(['school_id', 'source_id'])
              .where('district_id', '=', districtId)
              .where(
                'school_id',
                'in',
                rows.map((row) => row.id),
              )
              .orderBy('source_id')
              .execute();
      return toPage(
        rows,
        query.limit,
        (row) => ({
          id: row.id,
          name: row.name,
          schoolIds: ids.filter((sid) => sid.school_id === row.id).map((sid) => sid.source_id),
        }),
        (row) => encodePageCursor('schools', districtId, [row.name, row.id]),
      );
    },
  }),
  defineRoute({
    operationId: 'createSchool',
    method: 'POST',
    path: `${districtPath}/schools`,
    summary: 'Create a school; its School IDs tie it to source schools (several merge them).',
    tag: 'directory',
    permission: 'directory:write',
    params: districtParams,
    body: z.strictObject({
      name: z.string().min(1).max(200),
      schoolIds: z.array(z.string().min(1).max(200)).max(100).default([]),
    }),
    success: { status: 201, description: 'The new school’s id.', schema: z.object({ id: z.uuid() }) },
    errors: ['SCHOOL_NAME_REQUIRED', 'SCHOOL_ID_EMPTY', 'SCHOOL_ID_TAKEN'],
    async handle({ store, params, body }) {
      return createSchool(store.db, {
        districtId: params.districtId,
        name: body.name,
        schoolIds: body.schoolIds,
      });
    },
  }),
];
