import type { AuditChange } from './audit-change.ts';

/**
 * What a change and its reverse have in common: the entity and the record (role, classroom,
 * membership, link). A run changes each record at most once (a plan has one change per record,
 * and a rollback one reverse per change), so this tells which changes of a run an attempt at
 * rolling it back that stopped halfway has already reverted.
 */
export function revertedKey(change: Pick<AuditChange, 'entity' | 'recordId' | 'relatedId'>): string {
  return `${change.entity}|${change.recordId}|${change.relatedId ?? ''}`;
}
