import type { SnapshotGuardianLink } from '../../roster/snapshot.ts';
import type { CleverContactLink } from './map-clever-contacts.ts';
import type { CleverUserContext, CleverUserKeys } from './map-clever-users.ts';

/** A link a contact's kept relationship asks for, before its student is looked up. */
export interface PendingContactLink {
  guardianSisId: string;
  link: CleverContactLink;
}

/**
 * Turns contacts' kept relationships into the snapshot's guardian links, once every user is a
 * person (a relationship names its student by Clever id). Each guardian–student pair is linked
 * once, with the first relationship's words. A relationship whose student could not be used
 * keeps the guardian as it is: whether the link is still wanted cannot be told this run.
 */
export function linkCleverContacts(
  pending: readonly PendingContactLink[],
  keys: CleverUserKeys,
  context: Pick<CleverUserContext, 'snapshot' | 'findings' | 'isUsersPartial'>,
): void {
  const { snapshot, findings } = context;
  const { people, unreadable } = snapshot;
  const seen = new Set<string>();
  const links: SnapshotGuardianLink[] = snapshot.guardianLinks;
  for (const { guardianSisId, link } of pending) {
    const studentKey = keys.keyOf.get(link.studentCleverId);
    const student = studentKey === undefined ? undefined : people.get(studentKey);
    if (student?.roles.some((role) => role.role === 'student')) {
      const pair = `${guardianSisId}\u0000${student.sisId}`;
      if (seen.has(pair)) continue;
      seen.add(pair);
      links.push({
        guardianSisId,
        // The student's own key string: a district's links share them.
        studentSisId: student.sisId,
        relationship: link.relationship,
        contactType: link.contactType,
      });
    } else if (keys.unusable.has(link.studentCleverId)) {
      unreadable.people.add(guardianSisId);
    } else if (student) {
      findings.add({
        code: 'CLEVER_RECORD_INVALID',
        entity: 'guardianLinks',
        sisId: guardianSisId,
        column: 'student_relationships',
        value: link.studentCleverId,
        message: `Contact ${guardianSisId} is linked to Clever user ${link.studentCleverId} (${student.sisId}), who is not a student; the link is not made.`,
      });
    } else if (!context.isUsersPartial) {
      findings.add({
        code: 'CLEVER_REFERENCE_UNKNOWN',
        entity: 'guardianLinks',
        sisId: guardianSisId,
        column: 'student_relationships',
        value: link.studentCleverId,
        message: `Contact ${guardianSisId} is linked to Clever student ${link.studentCleverId}, whom the users listing does not hold; the link is not made.`,
      });
    }
  }
}
