import { describe, expect, it } from 'vitest';
import { applySettingAssignments } from './settings-assignments.ts';
import { parseSyncSettings } from './sync-settings.ts';

describe('sync settings', () => {
  const defaults = parseSyncSettings({});

  it('defaults to SPEC §4: 10 %, floor 5, guardians managed, 6 guardians, US phones', () => {
    expect(defaults).toEqual({
      deletionThreshold: { percent: 10, floor: 5 },
      deletionThresholdByType: {},
      manageGuardians: true,
      maxGuardiansPerStudent: 6,
      phoneRegion: 'US',
    });
  });

  it('applies key=value words, per-type thresholds included', () => {
    const settings = applySettingAssignments(defaults, {
      deletion_threshold_percent: '20%',
      'deletion_threshold_floor.memberships': '50',
      manage_guardians: 'off',
      phone_region: 'CA',
    });
    expect(settings).toMatchObject({
      deletionThreshold: { percent: 20, floor: 5 },
      deletionThresholdByType: { memberships: { percent: 20, floor: 50 } },
      manageGuardians: false,
      phoneRegion: 'CA',
    });
  });

  it('refuses unknown keys and bad values with the reason', () => {
    expect(() => applySettingAssignments(defaults, { deletion_treshold: '5' })).toThrow(
      /Unknown setting "deletion_treshold"/,
    );
    expect(() => applySettingAssignments(defaults, { deletion_threshold_percent: '150' })).toThrow(
      /deletionThreshold.percent/,
    );
    expect(() => applySettingAssignments(defaults, { manage_guardians: 'maybe' })).toThrow(/on or off/);
    expect(() => applySettingAssignments(defaults, { phone_region: 'usa' })).toThrow(/two-letter/);
    expect(() => applySettingAssignments(defaults, { 'manage_guardians.students': 'on' })).toThrow(
      /type suffix/,
    );
  });
});
