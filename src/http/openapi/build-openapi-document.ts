import { z } from 'zod';
import { installationScopes, operatorScopes } from '../../directory/principal.ts';
import type { ApiRoute } from '../api-route.ts';
import { apiErrorCodes } from '../errors/api-error-codes.ts';

/** Where the document is served: a stable path clients and generators can rely on. */
export const openApiPath = '/api/openapi.json';

type JsonSchema = Record<string, unknown>;

/** Statuses every operation may answer with, whatever it does. */
const commonErrors: Readonly<Record<number, string>> = {
  400: 'REQUEST_INVALID: the path, query or body does not fit the schema.',
  401: 'UNAUTHENTICATED: no valid token or session.',
  403: 'FORBIDDEN: the token lacks the scope, or the person the grant.',
  404: 'DISTRICT_NOT_FOUND (also for a district the principal does not belong to), or the id in the path.',
};

/**
 * The OpenAPI 3.1 document, made from the routes' own schemas (`z.toJSONSchema`, JSON Schema
 * 2020-12, which OpenAPI 3.1 uses), so what is documented is what the server validates.
 */
export function buildOpenApiDocument(
  routes: readonly ApiRoute[],
  info: { version: string },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      security: securityOf(route),
      'x-required-scope': route.documentedScope ?? route.permission,
      parameters: [
        ...parametersOf(route.params, 'path'),
        ...(route.query ? parametersOf(route.query, 'query') : []),
      ],
      ...(requestBodyOf(route) ?? {}),
      responses: responsesOf(route),
    };
    (paths[path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'rostersync API',
      version: info.version,
      description:
        'Every operation but listing and creating districts is under one district (`/api/v1/districts/{districtId}`). Authenticate with an operator token (`Authorization: Bearer rs_…`, made by `rostersync token create --district`), an installation token for the operations above districts (`token create --installation`), or a person’s session cookie. Errors are `{"error": {"code", "message", "details"}}`; lists are paged with `limit` and `cursor` (pass the previous page’s `next`).',
    },
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: `An API token. A district's token has scopes among ${operatorScopes.join(', ')}; an installation token among ${installationScopes.join(', ')}.`,
        },
        session: { type: 'apiKey', in: 'cookie', name: 'rostersync_session' },
      },
      schemas: {
        Error: toSchema(
          z.object({
            error: z.object({
              code: z.enum(Object.keys(apiErrorCodes) as [string, ...string[]]),
              message: z.string(),
              details: z.unknown(),
            }),
          }),
        ),
      },
    },
  };
}

/** Who may call it, in OpenAPI's words: `[]` is public, a scope is a bearer token's. */
function securityOf(route: ApiRoute): Record<string, string[]>[] {
  switch (route.permission) {
    case 'public':
      return [];
    case 'accounts':
      return [{ session: [] }];
    case 'signed-in':
      return [{ bearer: [] }, { session: [] }];
    case 'capability':
      return [{ bearer: route.documentedScope ? [route.documentedScope] : [] }, { session: [] }];
    case 'runs:read':
      return [{ bearer: ['syncs:read'] }, { session: [] }];
    case 'schools:read':
      return [{ bearer: ['directory:read'] }, { session: [] }];
    case 'districts:write':
      // Only an installation token creates districts.
      return [{ bearer: [route.permission] }];
    default:
      return [{ bearer: [route.permission] }, { session: [] }];
  }
}

function toSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parametersOf(schema: z.ZodType, where: 'path' | 'query'): Record<string, unknown>[] {
  const json = toSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
  }));
}

function requestBodyOf(route: ApiRoute): { requestBody: Record<string, unknown> } | undefined {
  const content: Record<string, unknown> = {};
  if (route.body) content['application/json'] = { schema: toSchema(route.body, 'input') };
  if (route.upload)
    content['application/zip'] = { schema: { type: 'string', contentMediaType: 'application/zip' } };
  if (Object.keys(content).length === 0) return undefined;
  return {
    requestBody: {
      required:
        route.upload === 'required' || (route.body !== undefined && !route.isBodyOptional && !route.upload),
      content,
    },
  };
}

function responsesOf(route: ApiRoute): Record<string, unknown> {
  const contentType = route.success.contentType ?? 'application/json';
  const responses: Record<string, unknown> = {
    [route.success.status]: {
      description: route.success.description,
      content: {
        [contentType]: {
          schema: route.success.schema
            ? toSchema(route.success.schema)
            : contentType === 'text/csv'
              ? { type: 'string' }
              : { type: 'object' },
        },
      },
    },
  };
  const errorResponse = (description: string): Record<string, unknown> => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  for (const [status, description] of Object.entries(commonErrors))
    responses[status] = errorResponse(description);
  const byStatus = new Map<number, string[]>();
  for (const code of route.errors ?? []) {
    const status = apiErrorCodes[code as keyof typeof apiErrorCodes]?.status ?? 422;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of byStatus) {
    const common = commonErrors[status];
    responses[status] = errorResponse([common, ...codes].filter(Boolean).join(' Also: '));
  }
  return responses;
}
