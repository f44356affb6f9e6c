import { describe, expect, it } from 'vitest';
import { entityTypes } from '../roster/snapshot.ts';
import { describeSettings, formatSettingValue } from './describe-settings.ts';
import { diffSettings } from './diff-settings.ts';
import { settingKeys } from './setting-keys.ts';
import { applySettingAssignments } from './settings-assignments.ts';
import { defaultSyncSettings } from './sync-settings.ts';

const defaults = defaultSyncSettings();

describe('settings changes and the settings as shown', () => {
  it('lists each changed setting before → after, leaf by leaf, lists whole', () => {
    const before = applySettingAssignments(defaults, {
      'classroomFilters.subjects': 'Math',
      'threshold.staff.floor': '2',
    });
    const after = applySettingAssignments(
      before,
      { 'classroomFilters.subjects': 'Math,Art', manageGuardians: 'off', timeZone: 'America/Denver' },
      { resets: ['threshold.staff'] },
    );
    expect(diffSettings(before, after, defaults)).toEqual([
      { key: 'classroomFilters.subjects', before: ['Math'], after: ['Math', 'Art'] },
      { key: 'deletionThresholdByType.staff.floor', before: 2, after: null },
      { key: 'manageGuardians', before: true, after: false },
      { key: 'timeZone', before: null, after: 'America/Denver' },
    ]);
    expect(diffSettings(after, after, defaults)).toEqual([]);
  });

  it('opens a new config’s history with the settings that differ from the defaults', () => {
    const settings = applySettingAssignments(defaults, { enabled: 'on', 'threshold.percent': '10' });
    expect(diffSettings(null, settings, defaults)).toEqual([{ key: 'enabled', before: null, after: true }]);
  });

  it('shows every setting, per-type thresholds spelled out, defaults and other sources’ settings marked', () => {
    const settings = applySettingAssignments(defaults, {
      'threshold.students.floor': '0',
      updateLanguage: 'off',
    });
    const entries = describeSettings(settings, 'oneroster-csv');
    const entry = (key: string) => entries.find((candidate) => candidate.key === key);
    expect(entry('deletionThresholdByType.students.floor')).toEqual({
      key: 'deletionThresholdByType.students.floor',
      value: 0,
      isDefault: false,
      isUsedBySource: true,
    });
    expect(entry('deletionThresholdByType.students.percent')).toMatchObject({ value: 10, isDefault: true });
    expect(entry('updateLanguage')).toMatchObject({ value: false, isDefault: false });
    expect(entry('clever.contactTypes')).toMatchObject({ isDefault: true, isUsedBySource: false });
    expect(entries.filter((candidate) => !candidate.isDefault).map((candidate) => candidate.key)).toEqual([
      'deletionThresholdByType.students.floor',
      'updateLanguage',
    ]);
    // The two per-type keys stand for one key per entity type each.
    expect(entries).toHaveLength(settingKeys.length - 2 + 2 * entityTypes.length);
  });

  it('prints values the way config set takes them', () => {
    expect(formatSettingValue(true)).toBe('on');
    expect(formatSettingValue([])).toBe('none');
    expect(formatSettingValue(null, 'timeZone')).toBe('district');
    expect(formatSettingValue(['Math', 'Art'])).toBe('Math, Art');
    expect(
      formatSettingValue([
        { from: '2026-06-20', to: '2026-08-15' },
        { from: '2026-12-24', to: '2026-12-24' },
      ]),
    ).toBe('2026-06-20..2026-08-15, 2026-12-24');
    expect(formatSettingValue('all')).toBe('all');
  });
});
