/** What SPEC §6 needs to know of a person to judge a contact-detail edit by hand. */
export interface ContactEditFacts {
  accountState: 'invitee' | 'active';
  /**
   * The person's open roles owned by an enabled sync, each with its config's *Update contact
   * details of active users*. Empty for a person made by hand (or whose syncs are disabled).
   */
  syncedRoles: readonly { updatesActiveContacts: boolean }[];
}

export type ContactEditDecision =
  | { allowed: true }
  | { allowed: false; code: 'CONTACTS_FOLLOW_SOURCE' | 'CONTACTS_MANAGED_BY_SCHOOL'; rule: string };

/**
 * SPEC §6, pure: may contact details be edited by hand? (Who may edit is SPEC §7's, in
 * `decidePermission`.)
 * - A person no enabled sync owns: yes; nothing would overwrite the edit.
 * - An invitee a sync owns: no (`CONTACTS_FOLLOW_SOURCE`). Their details always follow the
 *   source, so an edit would be undone by the next run that sees a change; refusing says so
 *   now instead of losing the edit later. Fix it in the SIS, or activate the account first.
 * - An active user: yes while every owning config has *Update contact details of active
 *   users* off (the sync then leaves them alone and reports differences); no when one has it
 *   on (`CONTACTS_MANAGED_BY_SCHOOL`): only the sync changes them.
 */
export function decideContactEdit(facts: ContactEditFacts): ContactEditDecision {
  if (facts.syncedRoles.length === 0) return { allowed: true };
  if (facts.accountState === 'invitee') {
    return {
      allowed: false,
      code: 'CONTACTS_FOLLOW_SOURCE',
      rule: 'SPEC §6: an invitee’s contact details always follow the source; correct them in the SIS',
    };
  }
  if (facts.syncedRoles.some((role) => role.updatesActiveContacts)) {
    return {
      allowed: false,
      code: 'CONTACTS_MANAGED_BY_SCHOOL',
      rule: 'SPEC §6: the school manages these contact details (Update contact details of active users is on); only the sync changes them',
    };
  }
  return { allowed: true };
}
