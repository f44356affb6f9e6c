import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { LoginRateLimiter } from '../accounts/login-rate-limiter.ts';
import type { OperatorScope } from '../directory/principal.ts';
import type { Store } from '../store/store.ts';
import type { HttpPrincipal } from './auth/authenticate.ts';
import type { ReceivedUpload } from './receive-upload.ts';

/**
 * Who may call an operation:
 * - an operator scope: a token with that scope, or a district admin;
 * - `accounts`: a district admin only (tokens never manage accounts: a host app that could
 *   hand out rights could give itself any);
 * - `signed-in`: any principal of the district (who am I, sign out);
 * - `capability`: any principal of the district, judged by the capability itself (the manual
 *   directory operations apply SPEC §7's table: teachers, leaders, the person themself…);
 * - `public`: anyone (signing in, accepting an invitation): the capability itself judges.
 */
export type RoutePermission = OperatorScope | 'accounts' | 'signed-in' | 'capability' | 'public';

/** What every handler receives: validated input, who asks, and the store. */
export interface RouteInput<Params, Query, Body> {
  /** Who asks. A `public` operation has none and must not read it. */
  principal: HttpPrincipal;
  params: Params;
  query: Query;
  body: Body;
  /** The uploaded bundle of an upload operation, saved to a temporary file; null when none came. */
  upload: ReceivedUpload | null;
  store: Store;
  /** Counts failed sign-ins (one per server). */
  loginLimiter: LoginRateLimiter;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * One API operation: its contract (method, path, schemas, permission, success and error codes)
 * and its handler. The contract is what the server validates with and what the OpenAPI
 * document is made from, so the two cannot drift (STYLE 15). Handlers are thin (STYLE 16):
 * validated input in, one capability called, its result mapped.
 */
export interface ApiRoute<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
> {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify's syntax: `/api/v1/districts/:districtId/runs/:runId`. Every operation is under a district. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Who may call it (see `RoutePermission`). */
  permission: RoutePermission;
  /** For `capability` operations: the scope a token needs there, for the document. */
  documentedScope?: RoutePermission;
  params: Params;
  query?: Query;
  /** A JSON body. */
  body?: Body;
  /** Whether the JSON body may be left out (then `{}` is validated). */
  isBodyOptional?: boolean;
  /** The body is a bundle (application/zip), streamed to a temporary file: required, or optional beside JSON. */
  upload?: 'required' | 'optional';
  success: { status: number; description: string; contentType?: string; schema?: z.ZodType };
  /** Codes this operation may answer with beyond 400/401/403/404 of every operation (documented per operation). */
  errors?: readonly string[];
  handle(input: RouteInput<z.output<Params>, z.output<Query>, z.output<Body>>): Promise<unknown>;
}

/** Types a route by its schemas, then erases them so routes of different shapes share one list. */
export function defineRoute<Params extends z.ZodType, Query extends z.ZodType, Body extends z.ZodType>(
  route: ApiRoute<Params, Query, Body>,
): ApiRoute {
  return route as unknown as ApiRoute;
}
