import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { LoginRateLimiter } from '../accounts/login-rate-limiter.ts';
import type { InstallationPrincipal, InstallationScope, OperatorScope } from '../directory/principal.ts';
import type { Store } from '../store/store.ts';
import type { HttpPrincipal } from './auth/authenticate.ts';
import type { BackgroundRuns } from './background-runs.ts';
import type { ReceivedUpload } from './receive-upload.ts';

/**
 * Who may call an operation:
 * - an operator scope: a token of the district with that scope, or a district admin;
 * - an installation scope (`districts:read`, `districts:write`): the operation acts above
 *   districts (its path has no `:districtId`); an installation token with that scope, and for
 *   `districts:read` a district's principal as `getDistrict` would be, answered for its own
 *   district alone (`auth/authorize.ts`);
 * - `accounts`: a district admin only (tokens never manage accounts: a host app that could
 *   hand out rights could give itself any);
 * - `signed-in`: any principal of the district (who am I, sign out);
 * - `capability`: any principal of the district, judged by the capability itself (the manual
 *   directory operations apply SPEC §7's table: teachers, leaders, the person themself…);
 * - `public`: anyone (signing in, accepting an invitation): the capability itself judges.
 */
/**
 * What an operation needs. A scope: a token with it, or a district admin. `runs:read`: reading
 * runs, which school leaders may too for their schools' syncs (the handler narrows them with
 * `readable-configs.ts`); a token needs `syncs:read`. `schools:read`: reading the directory,
 * which people with school-scoped grants may too for their schools (`readable-schools.ts`); a
 * token needs `directory:read`. `capability`: the capability judges
 * (SPEC §7's table). `accounts`: district admins' sessions only.
 */
export type RoutePermission =
  | OperatorScope
  | InstallationScope
  | 'runs:read'
  | 'schools:read'
  | 'accounts'
  | 'signed-in'
  | 'capability'
  | 'public';

/**
 * Who reaches the handler of an operation with this permission: a district's principal, and
 * above districts also an installation token, which never reaches a district's handler.
 */
export type RoutePrincipal<Permission extends RoutePermission = RoutePermission> =
  Permission extends InstallationScope ? HttpPrincipal | InstallationPrincipal : HttpPrincipal;

/** What every handler receives: validated input, who asks, and the store. */
export interface RouteInput<Params, Query, Body, Principal = HttpPrincipal> {
  /** Who asks. A `public` operation has none and must not read it. */
  principal: Principal;
  params: Params;
  query: Query;
  body: Body;
  /** The uploaded bundle of an upload operation, saved to a temporary file; null when none came. */
  upload: ReceivedUpload | null;
  store: Store;
  /** Counts failed sign-ins (one per server). */
  loginLimiter: LoginRateLimiter;
  /** Counts wrong join codes (one per server). */
  joinLimiter: LoginRateLimiter;
  /** Runs the server started and does not wait for in the request. */
  backgroundRuns: BackgroundRuns;
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
  Permission extends RoutePermission = RoutePermission,
> {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * Fastify's syntax: `/api/v1/districts/:districtId/runs/:runId`. Every operation is under a
   * district, except those whose permission is an installation scope (`/api/v1/districts`);
   * `registerApiRoute` refuses any other mix.
   */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Who may call it (see `RoutePermission`). */
  permission: Permission;
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
  handle(
    input: RouteInput<z.output<Params>, z.output<Query>, z.output<Body>, RoutePrincipal<Permission>>,
  ): Promise<unknown>;
}

/**
 * Types a route by its schemas and its permission (which says who its handler may be called
 * by), then erases them so routes of different shapes share one list.
 */
export function defineRoute<
  Params extends z.ZodType,
  Query extends z.ZodType,
  Body extends z.ZodType,
  Permission extends RoutePermission,
>(route: ApiRoute<Params, Query, Body, Permission>): ApiRoute {
  return route as unknown as ApiRoute;
}
