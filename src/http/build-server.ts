import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Store } from '../store/store.ts';

export interface ServerOptions {
  store: Store;
  /** pino options, or false for no request log (tests). */
  logger: boolean | Record<string, unknown>;
}

/**
 * The HTTP server, built apart from its listener so tests call it with `inject()`.
 * For now: health. The API and the console grow here.
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger,
    bodyLimit: 1024 * 1024,
  });
  app.get('/health', async (_request, reply) => {
    try {
      await sql`select 1`.execute(options.store.db);
      return { status: 'ok', database: options.store.engine };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: options.store.engine });
    }
  });
  return app;
}
