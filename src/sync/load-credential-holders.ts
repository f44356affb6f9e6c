import { sql, type Kysely } from 'kysely';
import type { PersonRoleName } from '../roster/snapshot.ts';
import { batches } from '../store/batches.ts';
import type { Database } from '../store/database-schema.ts';
import type { CredentialHolder } from './resolve-identities.ts';

/**
 * The district's people (not archived) who hold one of the given emails or mobiles, with their
 * active roles: what `resolveIdentities` compares a run's newcomers with. Two index lookups per
 * batch (`people_email`, `people_mobile`); a quiet day has no newcomers and asks nothing.
 */
export async function loadCredentialHolders(
  db: Kysely<Database>,
  districtId: string,
  credentials: { emails: readonly string[]; mobiles: readonly string[] },
): Promise<CredentialHolder[]> {
  const byId = new Map<
    string,
    CredentialHolder & { roles: { role: PersonRoleName; configId: string | null }[] }
  >();
  const load = async (column: 'email' | 'mobile', values: readonly string[]): Promise<void> => {
    for (const batch of batches(values)) {
      const rows = await sql<{
        id: string;
        given_name: string | null;
        family_name: string | null;
        email: string | null;
        mobile: string | null;
        role: PersonRoleName | null;
        config_id: string | null;
      }>`
        select p.id, p.given_name, p.family_name, p.email, p.mobile, r.role, r.config_id
        from people p
        left join person_roles r on r.person_id = p.id and r.archived_at is null
        where p.district_id = ${districtId} and p.archived_at is null
          and p.${sql.ref(column)} = any(${batch}::text[])
      `.execute(db);
      for (const row of rows.rows) {
        let holder = byId.get(row.id);
        if (!holder) {
          holder = {
            personId: row.id,
            givenName: row.given_name,
            familyName: row.family_name,
            email: row.email,
            mobile: row.mobile,
            roles: [],
          };
          byId.set(row.id, holder);
        }
        if (row.role && !holder.roles.some((r) => r.role === row.role && r.configId === row.config_id)) {
          holder.roles.push({ role: row.role, configId: row.config_id });
        }
      }
    }
  };
  await load('email', credentials.emails);
  await load('mobile', credentials.mobiles);
  return [...byId.values()];
}
