import type { FastifyInstance } from 'fastify';

/**
 * Headers every answer carries. The API serves JSON, CSV and one static page, so the content
 * security policy allows nothing to load (`default-src 'none'`) and nothing to frame it; the
 * docs page gets its own policy allowing its inline style. Written here rather than by a
 * plugin: four fixed headers do not earn a dependency.
 */
export const securityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
};

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(securityHeaders)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    // Answers carry tenant data or tokens' results: no shared cache keeps them.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
