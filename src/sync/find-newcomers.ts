import type { Snapshot } from '../roster/snapshot.ts';
import { contactFields, type ContactRules } from './contact-fields.ts';
import { roleKey, type DirectoryView } from './directory-view.ts';
import type { Newcomer } from './resolve-identities.ts';

/**
 * The source's staff and guardians that this config has never synced (no role of their SIS id
 * in the view), with the values the directory would get: the people `resolveIdentities` judges
 * before any of them is created. Students are left out (never matched automatically). A quiet
 * day finds none, so it costs one map lookup per person.
 */
export function findNewcomers(
  snapshot: Snapshot,
  view: Pick<DirectoryView, 'roles'>,
  rules: ContactRules,
): Newcomer[] {
  const newcomers: Newcomer[] = [];
  for (const person of snapshot.people.values()) {
    const roles = [...new Set(person.roles.map((role) => role.role))];
    if (roles.includes('student') || roles.length === 0) continue;
    if (roles.some((role) => view.roles.has(roleKey(role, person.sisId)))) continue;
    const fields = contactFields(person, rules);
    if (!fields.email && !fields.mobile) continue;
    newcomers.push({
      sisId: person.sisId,
      roles,
      fields: {
        givenName: fields.givenName,
        familyName: fields.familyName,
        email: fields.email,
        mobile: fields.mobile,
      },
    });
  }
  return newcomers;
}
