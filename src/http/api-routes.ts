import type { ApiRoute } from './api-route.ts';
import { accountRoutes } from './routes/account-routes.ts';
import { apiTokenRoutes } from './routes/api-token-routes.ts';
import { bundleRoutes } from './routes/bundle-routes.ts';
import { directoryOperationRoutes } from './routes/directory-operation-routes.ts';
import { directoryReadRoutes } from './routes/directory-read-routes.ts';
import { directoryRoutes } from './routes/directory-routes.ts';
import { districtRoutes } from './routes/district-routes.ts';
import { notificationRoutes } from './routes/notification-routes.ts';
import { runRoutes } from './routes/run-routes.ts';
import { schoolRoutes } from './routes/school-routes.ts';
import { syncConfigRoutes } from './routes/sync-config-routes.ts';

/** Every API operation: the server registers them and the OpenAPI document describes them. */
export const apiRoutes: readonly ApiRoute[] = [
  ...districtRoutes,
  ...schoolRoutes,
  ...syncConfigRoutes,
  ...runRoutes,
  ...bundleRoutes,
  ...directoryRoutes,
  ...directoryReadRoutes,
  ...notificationRoutes,
  ...directoryOperationRoutes,
  ...accountRoutes,
  ...apiTokenRoutes,
];
