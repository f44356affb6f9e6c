import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { LoginRateLimiter } from '../accounts/login-rate-limiter.ts';
import type { Store } from '../store/store.ts';
import type { ApiRoute, RoutePrincipal } from './api-route.ts';
import { authenticate, type ResolveSession } from './auth/authenticate.ts';
import { authorize, authorizeAboveDistricts, isInstallationScope } from './auth/authorize.ts';
import type { BackgroundRuns } from './background-runs.ts';
import { ApiError } from './errors/api-error.ts';
import { uploadLimitBytes, type ReceivedUpload } from './receive-upload.ts';

export interface ApiDependencies {
  store: Store;
  resolveSession?: ResolveSession | undefined;
  loginLimiter: LoginRateLimiter;
  joinLimiter: LoginRateLimiter;
  backgroundRuns: BackgroundRuns;
}

/** JSON bodies: settings and small objects. Bundles come as uploads, which have their own limit. */
export const jsonBodyLimitBytes = 1024 * 1024;

/** The principal of each request, settled before its body is read. */
const principals = new WeakMap<object, RoutePrincipal>();

/**
 * Registers one operation: authenticate (401), the path's district against the principal's
 * (404, before anything is read), the permission (403) — all before the body is received, so
 * nobody can stream an upload into a district that is not theirs — then the schemas (400),
 * then the handler. Every refusal is thrown and answered by the one error handler. An
 * operation above districts (its permission an installation scope) has no district in its
 * path and is judged by `authorizeAboveDistricts`; every other one is under a district.
 */
export function registerApiRoute(app: FastifyInstance, route: ApiRoute, dependencies: ApiDependencies): void {
  const isAboveDistricts = isInstallationScope(route.permission);
  if (isAboveDistricts === route.path.includes(':districtId')) {
    throw new Error(
      `registerApiRoute: ${route.operationId} must ${isAboveDistricts ? 'not ' : ''}be under /api/v1/districts/:districtId (its permission is ${route.permission})`,
    );
  }
  app.route({
    method: route.method,
    url: route.path,
    bodyLimit: route.upload ? uploadLimitBytes : jsonBodyLimitBytes,
    onRequest: async (request) => {
      if (route.permission === 'public') return;
      const principal = await authenticate(request, {
        db: dependencies.store.db,
        resolveSession: dependencies.resolveSession,
      });
      if (isInstallationScope(route.permission)) {
        principals.set(request, authorizeAboveDistricts(principal, route.permission));
        return;
      }
      const districtId = (request.params as Record<string, string | undefined>).districtId ?? '';
      principals.set(request, authorize(principal, districtId, route.permission));
    },
    handler: async (request, reply) => {
      const principal = principals.get(request);
      if (!principal && route.permission !== 'public') {
        throw new Error('registerApiRoute: the request has no principal');
      }
      const params = parse(route.params, request.params, 'path');
      const query = route.query ? parse(route.query, request.query ?? {}, 'query') : {};
      const isUpload = isReceivedUpload(request.body);
      const upload = isUpload ? (request.body as ReceivedUpload) : null;
      if (route.upload === 'required' && !upload) {
        throw new ApiError('BUNDLE_REQUIRED', 'Send the bundle as the body, Content-Type: application/zip.');
      }
      if (upload && !route.upload) {
        throw new ApiError('MEDIA_TYPE_UNSUPPORTED', 'This operation takes no upload; send JSON.');
      }
      let body: unknown = undefined;
      if (route.body && !isUpload) {
        const raw = request.body ?? (route.isBodyOptional ? {} : undefined);
        body = parse(route.body, raw, 'body');
      } else if (!route.body && !isUpload && request.body !== undefined && request.body !== null) {
        throw new ApiError('REQUEST_INVALID', 'This operation takes no body.', {
          issues: [{ in: 'body', path: '', message: 'no body expected' }],
        });
      }
      reply.code(route.success.status);
      return route.handle({
        // A public operation never reads it (RouteInput says so).
        principal: principal as RoutePrincipal,
        params,
        query,
        body,
        upload,
        store: dependencies.store,
        loginLimiter: dependencies.loginLimiter,
        joinLimiter: dependencies.joinLimiter,
        backgroundRuns: dependencies.backgroundRuns,
        request,
        reply,
      });
    },
  });
}

function parse(schema: z.ZodType, value: unknown, location: 'path' | 'query' | 'body'): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    in: location,
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new ApiError(
    'REQUEST_INVALID',
    `The request's ${location === 'path' ? 'path' : location} is invalid: ${issues
      .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
      .join('; ')}.`,
    { issues },
  );
}

function isReceivedUpload(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'upload';
}

/** Path parameters are ids: UUIDs, so a malformed one is a 400 rather than a database error. */
export const idParam = z.uuid();
