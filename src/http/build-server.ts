import { createRequire } from 'node:module';
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { createLoginRateLimiter } from '../accounts/login-rate-limiter.ts';
import { resolveSession } from '../accounts/resolve-session.ts';
import type { Store } from '../store/store.ts';
import { apiRoutes } from './api-routes.ts';
import { BackgroundRuns } from './background-runs.ts';
import type { ResolveSession } from './auth/authenticate.ts';
import { mapError } from './errors/map-error.ts';
import { buildOpenApiDocument, openApiPath } from './openapi/build-openapi-document.ts';
import { docsPagePolicy, renderDocsPage } from './openapi/render-docs-page.ts';
import { receiveUpload, type ReceivedUpload } from './receive-upload.ts';
import { createJoinLimiter } from './limit-join-attempts.ts';
import { jsonBodyLimitBytes, registerApiRoute } from './register-api-route.ts';
import { addSecurityHeaders } from './security-headers.ts';

export interface ServerOptions {
  store: Store;
  /** pino options, or false for no request log (tests). */
  logger: boolean | Record<string, unknown>;
  /**
   * Turns a session cookie into the signed-in person. Default: the accounts capability's
   * `resolveSession` on the store; tests pass their own.
   */
  resolveSession?: ResolveSession | undefined;
}

/** Where the human-readable list of operations is served. */
export const docsPath = '/api/docs';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * The HTTP server, built apart from its listener so tests call it with `inject()`: `/health`,
 * the API under `/api/v1/districts/:districtId/…` (one `ApiRoute` per operation, `api-routes.ts`),
 * its OpenAPI document and docs page. Every answer gets the security headers; every error the
 * one body shape (`mapError`).
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({ logger: options.logger, bodyLimit: jsonBodyLimitBytes });
  addSecurityHeaders(app);
  app.setErrorHandler((error, request, reply) => {
    const mapped = mapError(error);
    if (mapped.isInternal) request.log.error({ err: error }, 'request failed');
    return reply.code(mapped.status).type('application/json; charset=utf-8').send(mapped.body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: `No operation ${request.method} ${request.url.split('?')[0]}.`,
        details: null,
      },
    }),
  );
  app.get('/health', async (_request, reply) => {
    try {
      await sql`select 1`.execute(options.store.db);
      return { status: 'ok', database: options.store.engine };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: options.store.engine });
    }
  });

  const document = buildOpenApiDocument(apiRoutes, { version });
  const docsPage = renderDocsPage(document, openApiPath);
  // The document describes the API, not a district's data: served without authentication.
  app.get(openApiPath, async () => document);
  app.get(docsPath, async (_request, reply) =>
    reply.header('content-security-policy', docsPagePolicy).type('text/html; charset=utf-8').send(docsPage),
  );

  const dependencies = {
    store: options.store,
    resolveSession:
      options.resolveSession ??
      ((sessionToken: string) => resolveSession(options.store.db, { sessionToken })),
    // Failed sign-ins are counted per server process (SPEC §9: brute force is slowed).
    loginLimiter: createLoginRateLimiter(),
    joinLimiter: createJoinLimiter(),
    backgroundRuns: new BackgroundRuns(app.log),
  };
  app.addHook('onClose', async () => {
    await dependencies.backgroundRuns.settle();
  });
  app.register(async (api) => {
    // Bundles are streamed to a temporary file, never held in memory; deleted once answered.
    api.addContentTypeParser(
      ['application/zip', 'application/x-zip-compressed'],
      async (_request: FastifyRequest, payload: IncomingMessage) => receiveUpload(payload),
    );
    api.addHook('onResponse', async (request) => {
      const body = request.body as Partial<ReceivedUpload> | undefined;
      if (body?.kind === 'upload' && !body.isKept) await body.remove?.();
    });
    for (const route of apiRoutes) {
      registerApiRoute(api, route, dependencies);
    }
  });
  return app;
}
