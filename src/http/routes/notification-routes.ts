import { z } from 'zod';
import { readNotifications } from '../../directory/read-notifications.ts';
import { defineRoute } from '../api-route.ts';
import { pageById, pageQuery } from '../pagination.ts';
import { districtParams, districtPath } from './route-params.ts';

const notification = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  kind: z.enum(['credential_changed']),
  field: z.enum(['email', 'mobile']),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  actor: z.object({ type: z.enum(['run', 'user', 'operator', 'system']), id: z.string().nullable() }),
  at: z.string(),
});

export const notificationRoutes = [
  defineRoute({
    operationId: 'listNotifications',
    method: 'GET',
    path: `${districtPath}/notifications`,
    summary:
      'The notification outbox, oldest first: announcements the host app owes users (an active user’s email or mobile changed by a run or by someone else by hand, SPEC §6).',
    description:
      'Send each to the user at the old value and the new one, then keep `next` and ask for what follows. Rows are written in the transaction of the change they announce.',
    tag: 'directory',
    permission: 'changes:read',
    params: districtParams,
    query: z.strictObject(pageQuery),
    success: {
      status: 200,
      description: 'A page of notifications.',
      schema: z.object({ items: z.array(notification), next: z.string().nullable() }),
    },
    errors: ['CURSOR_INVALID'],
    async handle({ store, params, query }) {
      return pageById('notifications', params.districtId, query, (afterId, limit) =>
        readNotifications(store.db, { districtId: params.districtId, afterId, limit }),
      );
    },
  }),
];
