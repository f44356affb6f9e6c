import type { FindingLog } from '../../findings/finding-log.ts';
import type { Snapshot, SnapshotGuardianLink, SnapshotPerson } from '../../roster/snapshot.ts';

const noAgents: readonly string[] = Object.freeze([]);

/** A person's role of this name: a 1.2 user may hold several (a teacher who is also a parent). */
function roleNamed(person: SnapshotPerson | undefined, name: 'student' | 'guardian') {
  return person?.roles.find((role) => role.role === name);
}

/**
 * Builds guardian links from `agentSourcedIds`, which a bundle may fill on the student's row,
 * on the guardian's row, or on both: each pair is linked once. The relationship is the
 * guardian's OneRoster role (parent, guardian, relative).
 */
export function linkGuardians(snapshot: Snapshot, findings: FindingLog): void {
  const { people, unreadable } = snapshot;
  const seen = new Set<string>();
  const links: SnapshotGuardianLink[] = [];
  const protectedGuardians: string[] = [];
  const roleOf = (sisId: string) => people.get(sisId)?.roles[0];
  for (const person of people.values()) {
    const ownRole = person.roles[0];
    if (!ownRole || person.agentSisIds.length === 0) continue;
    for (const agentSisId of person.agentSisIds) {
      const agentRole = roleOf(agentSisId);
      if (!agentRole) {
        if (unreadable.people.has(agentSisId)) {
          // Linked to a record this read could not use: whether the link (and so the guardian)
          // is still wanted cannot be told, so the guardian is kept as it is too.
          if (roleNamed(person, 'guardian')) protectedGuardians.push(person.sisId);
        }
        // An agent users.csv does not have was reported by the validator (REFERENCE_UNKNOWN);
        // one deleted, without a current role, or left out of a delta makes no link either.
        continue;
      }
      let guardianSisId: string;
      let studentSisId: string;
      // Ids are taken from the people themselves, so links share their strings.
      const agent = people.get(agentSisId) as SnapshotPerson;
      if (roleNamed(person, 'student') && roleNamed(agent, 'guardian')) {
        guardianSisId = agent.sisId;
        studentSisId = person.sisId;
      } else if (roleNamed(person, 'guardian') && roleNamed(agent, 'student')) {
        guardianSisId = person.sisId;
        studentSisId = agent.sisId;
      } else {
        findings.add({
          code: 'GUARDIAN_LINK_INVALID',
          file: 'users.csv',
          column: 'agentSourcedIds',
          sisId: person.sisId,
          value: agentSisId.slice(0, 100),
          message: `User ${person.sisId} (${ownRole.kind}) lists ${agentSisId} (${agentRole.kind}) as an agent; only students and their parents, guardians or relatives are linked.`,
        });
        continue;
      }
      const key = `${guardianSisId}\u0000${studentSisId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const guardian = people.get(guardianSisId);
      links.push({
        guardianSisId,
        studentSisId,
        relationship: roleNamed(guardian, 'guardian')?.kind ?? null,
        contactType: null,
      });
    }
  }
  snapshot.guardianLinks = links;
  for (const sisId of protectedGuardians) unreadable.people.add(sisId);
  // The links are made; the agent lists would only hold memory from here on.
  for (const person of people.values()) if (person.agentSisIds.length > 0) person.agentSisIds = noAgents;
}
