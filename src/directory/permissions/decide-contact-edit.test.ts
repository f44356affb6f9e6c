import { describe, expect, it } from 'vitest';
import { decideContactEdit, type ContactEditFacts } from './decide-contact-edit.ts';

describe('decideContactEdit (SPEC §6)', () => {
  const cases: [string, ContactEditFacts, string][] = [
    ['a manual invitee', { accountState: 'invitee', syncedRoles: [] }, 'allowed'],
    ['a manual active user', { accountState: 'active', syncedRoles: [] }, 'allowed'],
    [
      'a synced invitee',
      { accountState: 'invitee', syncedRoles: [{ updatesActiveContacts: false }] },
      'CONTACTS_FOLLOW_SOURCE',
    ],
    [
      'a synced active user, setting off',
      { accountState: 'active', syncedRoles: [{ updatesActiveContacts: false }] },
      'allowed',
    ],
    [
      'a synced active user, setting on',
      { accountState: 'active', syncedRoles: [{ updatesActiveContacts: true }] },
      'CONTACTS_MANAGED_BY_SCHOOL',
    ],
    [
      'an active user of two syncs, one with the setting on',
      {
        accountState: 'active',
        syncedRoles: [{ updatesActiveContacts: false }, { updatesActiveContacts: true }],
      },
      'CONTACTS_MANAGED_BY_SCHOOL',
    ],
  ];
  it.each(cases)('%s → %s', (_name, facts, expected) => {
    const decision = decideContactEdit(facts);
    expect(decision.allowed ? 'allowed' : decision.code).toBe(expected);
  });
});
