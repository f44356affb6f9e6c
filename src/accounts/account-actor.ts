import type { Principal } from '../directory/principal.ts';

/** How an account change names who made it, in `created_by` columns and audit rows. */
export interface AccountActor {
  /** `created_by`: a person id, `system`, or `token:` and an API token id. */
  name: string;
  /** The audit row's actor: a person is a `user`; rostersync itself and tokens are `system`. */
  auditType: 'user' | 'system';
  auditId: string;
}

/** The actor of a principal's account changes. */
export function accountActor(principal: Principal): AccountActor {
  switch (principal.kind) {
    case 'person':
      return { name: principal.personId, auditType: 'user', auditId: principal.personId };
    case 'operator':
      return {
        name: `token:${principal.tokenId}`,
        auditType: 'system',
        auditId: `token:${principal.tokenId}`,
      };
    case 'system':
      return { name: 'system', auditType: 'system', auditId: 'system' };
  }
}
