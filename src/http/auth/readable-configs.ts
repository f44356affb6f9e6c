import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/database-schema.ts';
import { ApiError } from '../errors/api-error.ts';
import { requireRunInDistrict } from '../find-in-district.ts';
import type { HttpPrincipal } from './authenticate.ts';

/**
 * The sync configs whose runs a principal may read (`runs:read`), or null for all of the
 * district: a district admin and a token with `syncs:read` read every run; a school leader the
 * runs of the syncs of their schools (SPEC §7: "view its runs and reports"): a school-level
 * config of the school, or a district-level config when the school carries School IDs (that
 * is how a district's config rosters it). A district-level run is one report: a leader reads
 * it whole, other schools' lines included, as the district's people are one tenant.
 */
export async function loadReadableConfigIds(
  db: Kysely<Database>,
  principal: HttpPrincipal,
): Promise<string[] | null> {
  if (principal.kind === 'operator') return null;
  if (principal.grants.some((grant) => grant.role === 'district_admin')) return null;
  const schoolIds = principal.grants.flatMap((grant) =>
    grant.role === 'school_leader' ? [grant.schoolId] : [],
  );
  if (schoolIds.length === 0) return [];
  const { rows } = await sql<{ id: string }>`
    select c.id from sync_configs c
    where c.district_id = ${principal.districtId}
      and (c.school_id = any(${schoolIds}::uuid[])
        or (c.school_id is null and exists (
          select 1 from school_source_ids s
          where s.district_id = ${principal.districtId} and s.school_id = any(${schoolIds}::uuid[]))))
  `.execute(db);
  return rows.map((row) => row.id);
}

/**
 * Finds a run in the path's district (`RUN_NOT_FOUND` otherwise, as for any run operation) and
 * refuses one the principal may not read: a school leader's refusal names the rule.
 */
export async function requireRunReadable(
  db: Kysely<Database>,
  principal: HttpPrincipal,
  districtId: string,
  runId: string,
): Promise<void> {
  const { configId } = await requireRunInDistrict(db, districtId, runId);
  const readable = await loadReadableConfigIds(db, principal);
  if (readable === null || readable.includes(configId)) return;
  throw new ApiError(
    'FORBIDDEN',
    'SPEC §7: a school leader views the runs of the syncs that roster their school; this run is another sync’s.',
  );
}
