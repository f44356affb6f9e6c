import { isDecimal } from './run-list-cursor.ts';

/**
 * Where a page of a run's changes ends. A run's changes are its applied ones (audit rows, in
 * the audit log's key order: transaction, then id) followed by its unapplied ones (plan rows,
 * by seq). An applied position carries the run's last transaction (`lastXid`), found on the
 * first page, so every later page is one bounded range scan of the audit log's key. A client
 * that forges a later `lastXid` only makes its own page slower: every query keeps to the run.
 */
export type RunChangePosition =
  { part: 'applied'; xid: string; id: string; lastXid: string } | { part: 'unapplied'; seq: number };

/** Parts in a cursor key: the part, then three numbers (an unapplied position pads with zeros). */
export const runChangePositionLength = 4;

export function runChangePositionKey(position: RunChangePosition): string[] {
  return position.part === 'applied'
    ? ['applied', position.xid, position.id, position.lastXid]
    : ['unapplied', String(position.seq), '0', '0'];
}

/** The position a cursor key names; undefined when it names none. */
export function parseRunChangePosition(parts: readonly string[]): RunChangePosition | undefined {
  const [part, first = '', second = '', third = ''] = parts;
  // xid8 and bigint hold any 18-digit number; seq is an int4.
  if (part === 'applied' && isDecimal(first, 18) && isDecimal(second, 18) && isDecimal(third, 18)) {
    return { part, xid: first, id: second, lastXid: third };
  }
  if (part === 'unapplied' && isDecimal(first, 9) && second === '0' && third === '0') {
    return { part, seq: Number(first) };
  }
  return undefined;
}
