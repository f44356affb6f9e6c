import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import { byRoleOrder, toPersonJson, toRoleJson, type PersonJson } from './directory-json.ts';

/** What a page of people keeps: a role, a school, archived ones too. */
export interface PeopleFilter {
  role?: 'student' | 'staff' | 'guardian' | undefined;
  /** People holding a role in one of these schools (a guardian added by hand: their students'). */
  schoolIds?: readonly string[] | undefined;
  /** Archived people (and, with `role`/`schoolId`, archived roles) too. */
  includeArchived?: boolean;
  /**
   * People whose given name, family name or email starts with this text (any case), or whose
   * role's SIS id or student number is it: what a console's search box sends.
   */
  search?: string | undefined;
}

/** `text` with LIKE's wildcards taken literally. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * A page of a district's people with their roles, in id order after a person id (keyset on
 * UUIDv7 ids: creation order, so a page never shifts as people are added). The host app and
 * the console page through the directory with it instead of exporting it whole.
 */
export async function readPeoplePage(
  db: Kysely<Database>,
  page: { districtId: string; filter: PeopleFilter; afterId?: string | undefined; limit: number },
): Promise<PersonJson[]> {
  const { districtId, filter } = page;
  let select = db
    .selectFrom('people as p')
    .selectAll('p')
    .where('p.district_id', '=', districtId)
    .orderBy('p.id')
    .limit(page.limit);
  if (!filter.includeArchived) select = select.where('p.archived_at', 'is', null);
  if (page.afterId !== undefined) select = select.where('p.id', '>', page.afterId);
  const search = filter.search?.trim();
  if (search) {
    const prefix = likePrefix(search.toLowerCase());
    select = select.where((eb) =>
      eb.or([
        eb(sql`lower(p.given_name)`, 'like', prefix),
        eb(sql`lower(p.family_name)`, 'like', prefix),
        eb(sql`lower(p.email)`, 'like', prefix),
        eb.exists(
          eb
            .selectFrom('person_roles as s')
            .select('s.id')
            .where('s.district_id', '=', districtId)
            .whereRef('s.person_id', '=', 'p.id')
            .where((inner) =>
              inner.or([inner('s.sis_id', '=', search), inner('s.student_number', '=', search)]),
            ),
        ),
      ]),
    );
  }
  if (filter.schoolIds?.length === 0) return [];
  if (filter.role !== undefined || filter.schoolIds !== undefined) {
    select = select.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('person_roles as r')
          .select('r.id')
          .where('r.district_id', '=', districtId)
          .whereRef('r.person_id', '=', 'p.id')
          .$if(filter.role !== undefined, (q) => q.where('r.role', '=', filter.role!))
          .$if(filter.schoolIds !== undefined, (q) =>
            q.where(sql<boolean>`r.school_ids && ${[...(filter.schoolIds ?? [])]}::uuid[]`),
          )
          .$if(!filter.includeArchived, (q) => q.where('r.archived_at', 'is', null)),
      ),
    );
  }
  const people = await select.execute();
  if (people.length === 0) return [];
  const roles = await db
    .selectFrom('person_roles')
    .selectAll()
    .where('district_id', '=', districtId)
    .where(
      'person_id',
      'in',
      people.map((person) => person.id),
    )
    .execute();
  const rolesOf = new Map<string, ReturnType<typeof toRoleJson>[]>();
  for (const row of roles.sort(byRoleOrder)) {
    const list = rolesOf.get(row.person_id) ?? [];
    list.push(toRoleJson(row));
    rolesOf.set(row.person_id, list);
  }
  return people.map((person) => toPersonJson(person, rolesOf.get(person.id) ?? []));
}
