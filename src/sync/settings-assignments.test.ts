import { describe, expect, it } from 'vitest';
import { resolveSettingKey, settingKeys, suggestSettingKey } from './setting-keys.ts';
import { applySettingAssignments } from './settings-assignments.ts';
import { defaultSyncSettings } from './sync-settings.ts';

const defaults = defaultSyncSettings();

describe('key=value settings', () => {
  it('keeps the first release’s keys and values working', () => {
    const settings = applySettingAssignments(defaults, {
      deletion_threshold_percent: '20%',
      deletion_threshold_floor: '7',
      'deletion_threshold_floor.memberships': '50',
      'deletion_threshold_percent.students': '3',
      manage_guardians: 'off',
      max_guardians_per_student: '4',
      phone_region: 'CA',
    });
    expect(settings).toMatchObject({
      deletionThreshold: { percent: 20, floor: 7 },
      deletionThresholdByType: { memberships: { floor: 50 }, students: { percent: 3 } },
      manageGuardians: false,
      maxGuardiansPerStudent: 4,
      phoneRegion: 'CA',
    });
  });

  // Every spelling a key may take, and the setting it names.
  const spellings: [raw: string, key: string][] = [
    ['manageGuardians', 'manageGuardians'],
    ['MANAGE-GUARDIANS', 'manageGuardians'],
    ['classroom_filters.title_patterns', 'classroomFilters.titlePatterns'],
    ['threshold.percent', 'deletionThreshold.percent'],
    ['threshold.students.percent', 'deletionThresholdByType.students.percent'],
    ['deletionThreshold.guardian_links.floor', 'deletionThresholdByType.guardianLinks.floor'],
    ['deletion_threshold_percent.staff', 'deletionThresholdByType.staff.percent'],
    ['clever.school_scope', 'clever.schoolScope'],
    ['schoolMapping', 'schoolMapping'],
    ['classroomFilters', 'classroomFilters'],
    ['threshold.classrooms', 'deletionThresholdByType.classrooms'],
  ];
  it.each(spellings)('reads the key %s as %s', (raw, key) => {
    expect(resolveSettingKey(raw)?.key).toBe(key);
  });

  it('names groups of settings, which only JSON sets', () => {
    expect(resolveSettingKey('clever')).toEqual({ key: 'clever', path: ['clever'], syntax: 'json' });
    expect(resolveSettingKey('manageGuardians.students')).toBeNull();
    expect(resolveSettingKey('threshold.pupils.percent')).toBeNull();
    expect(resolveSettingKey('')).toBeNull();
  });

  // A misspelt key, and what the refusal suggests.
  const misspelt: [raw: string, suggestion: string | null][] = [
    ['manage_guardian', 'manageGuardians'],
    ['classroomFilter.subject', 'classroomFilters.subjects'],
    ['deletionThreshold.precent', 'deletionThreshold.percent'],
    ['startime', 'startTime'],
    ['blackouts', null],
    ['colour', null],
  ];
  it.each(misspelt)('refuses the unknown key %s, suggesting %s', (raw, suggestion) => {
    expect(suggestSettingKey(raw)).toBe(suggestion);
    let error: unknown;
    try {
      applySettingAssignments(defaults, { [raw]: 'on' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'SETTING_UNKNOWN' });
    expect((error as Error).message).toContain(`Unknown setting "${raw}".`);
    if (suggestion) expect((error as Error).message).toContain(`Did you mean "${suggestion}"?`);
    else expect((error as Error).message).not.toContain('Did you mean');
  });

  it('sets a whole group from JSON, inline or from a file, replacing it', () => {
    const files: Record<string, string> = {
      'filters.json': '{"subjects":["Math"],"homeroomOnly":true}',
      'broken.json': '{"subjects":',
    };
    const readFile = (file: string): string => {
      const text = files[file];
      if (text === undefined) throw new Error(`ENOENT: no such file ${file}`);
      return text;
    };
    const start = applySettingAssignments(defaults, { 'classroomFilters.periods': '1,2' });
    const replaced = applySettingAssignments(start, { classroomFilters: '@filters.json' }, { readFile });
    expect(replaced.classroomFilters).toEqual({
      ...defaults.classroomFilters,
      subjects: ['Math'],
      homeroomOnly: true,
    });
    const inline = applySettingAssignments(defaults, { clever: '{"schoolScope":"all"}' });
    expect(inline.clever).toEqual({ ...defaults.clever, schoolScope: 'all' });

    expect(() =>
      applySettingAssignments(defaults, { classroomFilters: '@missing.json' }, { readFile }),
    ).toThrow(
      expect.objectContaining({
        code: 'SETTINGS_FILE_INVALID',
        message: expect.stringMatching(/cannot read the file/),
      }),
    );
    expect(() =>
      applySettingAssignments(defaults, { classroomFilters: '@broken.json' }, { readFile }),
    ).toThrow(/the file is not JSON/);
    expect(() => applySettingAssignments(defaults, { classroomFilters: '@filters.json' })).toThrow(
      /files are read only on the command line/,
    );
  });

  it('puts settings back to their defaults with resets, before the assignments apply', () => {
    const changed = applySettingAssignments(defaults, {
      manageGuardians: 'off',
      'classroomFilters.subjects': 'Math',
      'threshold.students.percent': '5',
      'threshold.students.floor': '1',
      timeZone: 'America/Denver',
    });
    const reset = applySettingAssignments(
      changed,
      { 'classroomFilters.periods': '3' },
      { resets: ['manage_guardians', 'classroomFilters', 'threshold.students.percent', 'timeZone'] },
    );
    expect(reset).toEqual({
      ...defaults,
      classroomFilters: { ...defaults.classroomFilters, periods: ['3'] },
      deletionThresholdByType: { students: { floor: 1 } },
    });
    const cleared = applySettingAssignments(reset, {}, { resets: ['threshold.students.floor'] });
    expect(cleared.deletionThresholdByType).toEqual({});
    expect(() => applySettingAssignments(defaults, {}, { resets: ['colour'] })).toThrow(
      /Unknown setting "colour"/,
    );
  });

  it('has one syntax per key, and keys that resolve to themselves', () => {
    for (const setting of settingKeys) {
      const key = setting.key.replace('TYPE', 'students');
      expect(resolveSettingKey(key)).toMatchObject({ key, syntax: setting.syntax });
    }
  });
});
