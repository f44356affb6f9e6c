import { describe, expect, it } from 'vitest';
import { cleverPageLinks } from './clever-page-links.ts';
import { cleverPageNumber, selectCleverPage } from './select-clever-page.ts';

/** Ids 01…20; the odd ones belong to another district. */
const records = Array.from({ length: 20 }, (_, index) => ({
  id: String(index + 1).padStart(2, '0'),
  isMine: (index + 1) % 2 === 0,
}));
const isMine = (record: { isMine: boolean }) => record.isMine;
const ids = (items: { id: string }[]) => items.map((item) => item.id);

describe('selectCleverPage', () => {
  it('skips invisible records and says whether more visible ones follow', () => {
    const first = selectCleverPage(records, isMine, { limit: 3 });
    expect([ids(first.items), first.hasMoreAfter]).toEqual([['02', '04', '06'], true]);
    const last = selectCleverPage(records, isMine, { limit: 4, startingAfter: '12' });
    expect([ids(last.items), last.hasMoreAfter]).toEqual([['14', '16', '18', '20'], false]);
  });

  it('treats a cursor as a position, whether or not a record has that id', () => {
    expect(ids(selectCleverPage(records, isMine, { limit: 2, startingAfter: '07' }).items)).toEqual([
      '08',
      '10',
    ]);
    expect(ids(selectCleverPage(records, isMine, { limit: 2, startingAfter: '095' }).items)).toEqual([
      '10',
      '12',
    ]);
    expect(selectCleverPage(records, isMine, { limit: 2, startingAfter: '99' }).items).toEqual([]);
  });

  it('reads backwards from ending_before and says whether more visible ones precede', () => {
    const page = selectCleverPage(records, isMine, { limit: 3, endingBefore: '12' });
    expect([ids(page.items), page.hasMoreBefore]).toEqual([['06', '08', '10'], true]);
    const head = selectCleverPage(records, isMine, { limit: 3, endingBefore: '06' });
    expect([ids(head.items), head.hasMoreBefore]).toEqual([['02', '04'], false]);
  });

  it('numbers forward pages by the visible records before the cursor', () => {
    expect(cleverPageNumber(records, isMine, 3, undefined)).toBe(1);
    expect(cleverPageNumber(records, isMine, 3, '06')).toBe(2);
    expect(cleverPageNumber(records, isMine, 3, '13')).toBe(3);
  });
});

describe('cleverPageLinks', () => {
  it('gives a starting_after page a prev link even at the start, as Clever documents', () => {
    const params = new URLSearchParams('starting_after=00&limit=2');
    const page = selectCleverPage(records, isMine, { limit: 2, startingAfter: '00' });
    expect(cleverPageLinks('/v3.0/users?starting_after=00&limit=2', '/v3.0/users', params, page)).toEqual([
      { rel: 'self', uri: '/v3.0/users?starting_after=00&limit=2' },
      { rel: 'prev', uri: '/v3.0/users?limit=2&ending_before=02' },
      { rel: 'next', uri: '/v3.0/users?limit=2&starting_after=04' },
    ]);
  });

  it('gives an empty page only its self link', () => {
    const params = new URLSearchParams('starting_after=99');
    const page = selectCleverPage(records, isMine, { limit: 2, startingAfter: '99' });
    expect(cleverPageLinks('/v3.0/users?starting_after=99', '/v3.0/users', params, page)).toEqual([
      { rel: 'self', uri: '/v3.0/users?starting_after=99' },
    ]);
  });
});
