import { z } from 'zod';
import { DirectoryError } from '../../directory/directory-error.ts';
import { defineRoute } from '../api-route.ts';
import { districtParams, districtPath } from './route-params.ts';

const district = z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() });

export const districtRoutes = [
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
