import { describe, expect, it } from 'vitest';
import { IdTable } from './id-table.ts';

describe('IdTable', () => {
  it('tells added ids from others, across growth', () => {
    const table = new IdTable(4);
    for (let index = 0; index < 50_000; index++) expect(table.add(`0${index}`, index)).toBe(true);
    expect(table.size).toBe(50_000);
    for (let index = 0; index < 50_000; index++) {
      expect(table.has(`0${index}`)).toBe(true);
      expect(table.get(`0${index}`)).toBe(index);
    }
    expect(table.has('50000')).toBe(false);
    expect(table.has('00')).toBe(true);
    // Leading zeros make different ids.
    expect(table.has('000')).toBe(false);
  });

  it('refuses a duplicate and keeps its first value', () => {
    const table = new IdTable();
    expect(table.add('a', 1)).toBe(true);
    expect(table.add('a', 2)).toBe(false);
    expect(table.get('a')).toBe(1);
    table.set('a', 3);
    expect(table.get('a')).toBe(3);
    table.set('b', 4);
    expect(table.get('b')).toBe(4);
    expect(table.size).toBe(2);
  });

  it('keeps the empty id apart from no id', () => {
    const table = new IdTable();
    expect(table.has('')).toBe(false);
    table.add('');
    expect(table.has('')).toBe(true);
  });
});
