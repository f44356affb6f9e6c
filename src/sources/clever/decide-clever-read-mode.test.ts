import { describe, expect, it } from 'vitest';
import type { CleverSourceState } from './clever-source-state.ts';
import { decideCleverReadMode, type CleverReadModeInput } from './decide-clever-read-mode.ts';

const now = new Date('2026-11-29T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000).toISOString();

const state: CleverSourceState = {
  version: 1,
  districtId: 'd1',
  apiVersion: 'v3.0',
  settingsHash: 'h1',
  eventId: '6b0c189c0000000000000003',
  eventCreatedAt: daysAgo(2),
  fullReadAt: daysAgo(2),
  checkedAt: daysAgo(1),
  keyDigest: '',
};

function decide(overrides: Partial<CleverReadModeInput> = {}) {
  return decideCleverReadMode({
    state,
    districtId: 'd1',
    apiVersion: 'v3.0',
    settingsHash: 'h1',
    now,
    fullSyncEveryDays: 7,
    hasSchoolSplits: false,
    studentId: 'sis_id',
    ...overrides,
  });
}

describe('decideCleverReadMode', () => {
  it('reads the events after the stored one when the last full read is recent and nothing changed', () => {
    expect(decide()).toEqual({ mode: 'incremental', state });
  });

  it.each([
    ['no state', { state: null }, /no earlier run/],
    ['no event to start from', { state: { ...state, eventId: null } }, /no event to start from/],
    ['another district', { districtId: 'd2' }, /district d2, not d1/],
    ['another API version', { apiVersion: 'v3.1' as const }, /API v3.1, not v3.0/],
    ['changed settings', { settingsHash: 'h2' }, /settings changed/],
    ['school split rules', { hasSchoolSplits: true }, /split rules/],
    ['student numbers as Student ID', { studentId: 'student_number' as const }, /student_number/],
    ['a full read due', { fullSyncEveryDays: 2 }, /2 days ago; clever.fullSyncEveryDays is 2/],
    [
      'a full read far in the past',
      { state: { ...state, fullReadAt: daysAgo(8) } },
      /8 days ago; clever.fullSyncEveryDays is 7/,
    ],
    ['a full read in the future (clock moved back)', { state: { ...state, fullReadAt: daysAgo(-1) } }, /day/],
    [
      'a last read more than 29 days ago',
      { fullSyncEveryDays: 30, state: { ...state, fullReadAt: daysAgo(29.5), checkedAt: daysAgo(29.5) } },
      /more than 29 days ago/,
    ],
  ])('reads in full with %s', (_name, overrides, reason) => {
    const decision = decide(overrides);
    expect(decision.mode).toBe('full');
    expect(decision.mode === 'full' && decision.reason).toMatch(reason);
  });

  it('counts fullSyncEveryDays in whole days from the last full read', () => {
    expect(decide({ state: { ...state, fullReadAt: daysAgo(6.9) } }).mode).toBe('incremental');
    expect(decide({ state: { ...state, fullReadAt: daysAgo(7) } }).mode).toBe('full');
  });
});
