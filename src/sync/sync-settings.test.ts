import { describe, expect, it } from 'vitest';
import { applySettingAssignments } from './settings-assignments.ts';
import { defaultSyncSettings, parseSyncSettings, thresholdFor, type SyncSettings } from './sync-settings.ts';

const defaults = defaultSyncSettings();
const set = (assignments: Record<string, string>): SyncSettings =>
  applySettingAssignments(defaults, assignments);
const schoolA = '01900000-0000-7000-8000-00000000000a';

describe('sync settings', () => {
  it('defaults to SPEC §4', () => {
    expect(defaults).toEqual({
      enabled: false,
      startTime: '02:00',
      timeZone: null,
      blackoutDates: [],
      deletionThreshold: { percent: 10, floor: 5 },
      deletionThresholdByType: {},
      studentId: 'sis_id',
      archivedStudents: 'archive',
      phoneCredential: 'sms',
      manageGuardians: true,
      unarchiveClassrooms: false,
      updateActiveContacts: false,
      updateLanguage: true,
      clever: {
        schoolScope: 'primary',
        contactTypes: ['Parent/Guardian'],
        relationships: 'all',
        phoneTypes: 'all',
        fullSyncEveryDays: 7,
      },
      classroomFilters: {
        homeroomOnly: false,
        subjects: [],
        courses: [],
        periods: [],
        grades: [],
        titlePatterns: [],
        schools: [],
      },
      maxGuardiansPerStudent: 6,
      phoneRegion: 'US',
      schoolMapping: { splits: [] },
    });
  });

  // One row per setting and value: the key=value given, the setting's path, what is stored.
  const valid: [key: string, value: string, path: string, stored: unknown][] = [
    ['enabled', 'on', 'enabled', true],
    ['enabled', 'false', 'enabled', false],
    ['startTime', '06:30', 'startTime', '06:30'],
    ['startTime', '23:59', 'startTime', '23:59'],
    ['timeZone', 'america/chicago', 'timeZone', 'America/Chicago'],
    ['timeZone', 'UTC', 'timeZone', 'UTC'],
    ['timeZone', 'district', 'timeZone', null],
    [
      'blackoutDates',
      '2026-06-20..2026-08-15, 2026-12-24',
      'blackoutDates',
      [
        { from: '2026-06-20', to: '2026-08-15' },
        { from: '2026-12-24', to: '2026-12-24' },
      ],
    ],
    ['blackoutDates', '', 'blackoutDates', []],
    ['deletionThreshold.percent', '25%', 'deletionThreshold.percent', 25],
    ['deletionThreshold.floor', '0', 'deletionThreshold.floor', 0],
    ['deletionThresholdByType.students.percent', '2.5', 'deletionThresholdByType.students', { percent: 2.5 }],
    ['studentId', 'student_number', 'studentId', 'student_number'],
    ['archivedStudents', 'keep', 'archivedStudents', 'keep'],
    ['phoneCredential', 'phone', 'phoneCredential', 'phone'],
    ['manageGuardians', 'off', 'manageGuardians', false],
    ['unarchiveClassrooms', 'yes', 'unarchiveClassrooms', true],
    ['updateActiveContacts', 'on', 'updateActiveContacts', true],
    ['updateLanguage', 'off', 'updateLanguage', false],
    ['clever.schoolScope', 'all', 'clever.schoolScope', 'all'],
    [
      'clever.contactTypes',
      'parent/guardian, EMERGENCY',
      'clever.contactTypes',
      ['Parent/Guardian', 'Emergency'],
    ],
    ['clever.relationships', 'Parent,Grandparent', 'clever.relationships', ['Parent', 'Grandparent']],
    ['clever.relationships', 'ALL', 'clever.relationships', 'all'],
    ['clever.phoneTypes', 'cell,home', 'clever.phoneTypes', ['Cell', 'Home']],
    ['classroomFilters.homeroomOnly', 'on', 'classroomFilters.homeroomOnly', true],
    ['classroomFilters.subjects', 'Math, Science, math', 'classroomFilters.subjects', ['Math', 'Science']],
    ['classroomFilters.subjects', '["Math, Advanced"]', 'classroomFilters.subjects', ['Math, Advanced']],
    ['classroomFilters.courses', 'CRS-1,CRS-2', 'classroomFilters.courses', ['CRS-1', 'CRS-2']],
    ['classroomFilters.periods', '1,2', 'classroomFilters.periods', ['1', '2']],
    ['classroomFilters.grades', 'K, 1, 12, ps', 'classroomFilters.grades', ['KG', '01', '12', 'PS']],
    [
      'classroomFilters.titlePatterns',
      'Homeroom *,[AP] *',
      'classroomFilters.titlePatterns',
      ['Homeroom *', '[AP] *'],
    ],
    ['classroomFilters.schools', schoolA, 'classroomFilters.schools', [schoolA]],
    ['maxGuardiansPerStudent', '1', 'maxGuardiansPerStudent', 1],
    ['maxGuardiansPerStudent', '20', 'maxGuardiansPerStudent', 20],
    ['phoneRegion', 'CA', 'phoneRegion', 'CA'],
    [
      'schoolMapping.splits',
      `[{"sourceSchoolId":"0042","rules":[{"directorySchoolId":"${schoolA}","grades":["IT","PS"]}]}]`,
      'schoolMapping.splits',
      [{ sourceSchoolId: '0042', rules: [{ directorySchoolId: schoolA, grades: ['IT', 'PS'] }] }],
    ],
  ];
  it.each(valid)('takes %s=%s', (key, value, path, stored) => {
    expect(valueAt(set({ [key]: value }), path)).toEqual(stored);
  });

  // One row per setting and a value it refuses, with the reason the message gives.
  const invalid: [key: string, value: string, message: RegExp][] = [
    ['enabled', 'maybe', /"enabled" takes on or off, not "maybe"/],
    ['startTime', '24:00', /startTime: a 24-hour time HH:MM/],
    ['startTime', '2:00', /startTime: a 24-hour time HH:MM/],
    ['timeZone', 'Mars/Olympus_Mons', /timeZone: an IANA time zone such as America\/Chicago/],
    ['timeZone', 'EST', /timeZone: an IANA time zone/],
    ['blackoutDates', '2026-02-30', /blackoutDates\.0\.from: a date YYYY-MM-DD/],
    [
      'blackoutDates',
      '2026-08-15..2026-06-20',
      /blackoutDates\.0: a range ends on or after the day it starts/,
    ],
    ['blackoutDates', '2026-06-20..', /takes dates and ranges like 2026-06-20\.\.2026-08-15/],
    ['deletionThreshold.percent', '150', /deletionThreshold\.percent: Too big/],
    ['deletionThreshold.percent', 'ten', /"deletionThreshold.percent" takes a number, not "ten"/],
    ['deletionThreshold.floor', '-1', /deletionThreshold\.floor: Too small/],
    ['deletionThreshold.floor', '2.5', /deletionThreshold\.floor: a whole number/],
    ['deletionThresholdByType.staff.floor', '-3', /deletionThresholdByType\.staff\.floor: Too small/],
    ['studentId', 'state_id', /studentId: .*"sis_id"\|"student_number"/],
    ['archivedStudents', 'delete', /archivedStudents: .*"archive"\|"keep"/],
    ['phoneCredential', 'mobile', /phoneCredential: .*"sms"\|"phone"/],
    ['manageGuardians', '2', /"manageGuardians" takes on or off/],
    ['unarchiveClassrooms', 'sometimes', /"unarchiveClassrooms" takes on or off/],
    ['updateActiveContacts', '', /"updateActiveContacts" takes on or off/],
    ['updateLanguage', 'y', /"updateLanguage" takes on or off/],
    ['clever.schoolScope', 'primary-only', /clever\.schoolScope: .*"primary"\|"all"/],
    ['clever.contactTypes', 'Neighbour', /clever\.contactTypes\.0: one of Parent\/Guardian, Emergency/],
    ['clever.contactTypes', '', /clever\.contactTypes: at least one value/],
    ['clever.relationships', '', /clever\.relationships: at least one value/],
    ['clever.relationships', '{"Parent":1}', /clever\.relationships: "all", or a list of relationships/],
    ['clever.phoneTypes', 'Mobile', /clever\.phoneTypes\.0: one of Cell, Home, Work, Other/],
    ['classroomFilters.homeroomOnly', 'homeroom', /"classroomFilters.homeroomOnly" takes on or off/],
    ['classroomFilters.subjects', '{"Math":true}', /classroomFilters\.subjects: .*expected array/],
    ['classroomFilters.grades', '14', /classroomFilters\.grades\.0: a CEDS grade: IT, PR/],
    ['classroomFilters.titlePatterns', '*', /matches every title; leave titlePatterns empty/],
    ['classroomFilters.schools', 'Lincoln', /classroomFilters\.schools\.0: a directory school id/],
    ['maxGuardiansPerStudent', '0', /maxGuardiansPerStudent: Too small/],
    ['maxGuardiansPerStudent', '21', /maxGuardiansPerStudent: Too big: expected number to be <=20/],
    ['phoneRegion', 'usa', /phoneRegion: a two-letter ISO country code/],
    ['schoolMapping.splits', 'none', /"schoolMapping.splits" is a group of settings: give it JSON/],
    ['schoolMapping', '{"splits": [{', /"schoolMapping" takes JSON/],
  ];
  it.each(invalid)('refuses %s=%s with the reason', (key, value, message) => {
    expect(() => set({ [key]: value })).toThrow(message);
  });

  it('refuses bad split rules with the path to the problem', () => {
    const splits = (rules: unknown, extra: object = {}) =>
      JSON.stringify([{ sourceSchoolId: '0042', rules, ...extra }]);
    const cases: [string, RegExp][] = [
      [splits([]), /schoolMapping\.splits\.0\.rules: Too small/],
      [
        splits([{ directorySchoolId: schoolA, grades: ['05', 'KG'] }]),
        /rules\.0\.grades: a grade range goes from the lower grade to the higher one/,
      ],
      [
        splits([{ directorySchoolId: schoolA, grades: ['KG', 'UG'] }]),
        /rules\.0\.grades\.1: a CEDS grade on the scale/,
      ],
      [
        splits([{ directorySchool: schoolA, grades: ['KG', '05'] }]),
        /unknown setting "directorySchool" \(did you mean "directorySchoolId"\?\)/,
      ],
      [
        splits([{ directorySchoolId: schoolA, classAttribute: 'room', matches: ['A'] }]),
        /rules\.0\.classAttribute: .*"subject"\|"course"\|"period"\|"title"/,
      ],
      [
        splits([
          { directorySchoolId: schoolA, grades: ['IT', 'PS'] },
          { directorySchoolId: schoolA, classAttribute: 'subject', matches: ['Band'] },
        ]),
        /rules: a split routes either by grade or by class attribute, not both/,
      ],
      [
        splits([{ directorySchoolId: schoolA, grades: ['IT', 'PS'] }], { otherwise: 'x' }),
        /otherwise: a directory school id/,
      ],
    ];
    for (const [json, message] of cases) {
      expect(() => set({ 'schoolMapping.splits': json })).toThrow(message);
    }
  });

  it('reads a per-type override field by field, the rest following the general threshold', () => {
    const settings = set({
      'deletionThreshold.percent': '20',
      'deletionThresholdByType.memberships.floor': '50',
    });
    expect(thresholdFor(settings, 'memberships')).toEqual({ percent: 20, floor: 50 });
    expect(thresholdFor(settings, 'students')).toEqual({ percent: 20, floor: 5 });
  });

  it('still reads settings stored by the first release (whole per-type thresholds)', () => {
    const stored = parseSyncSettings({
      deletionThreshold: { percent: 10, floor: 5 },
      deletionThresholdByType: { students: { percent: 50, floor: 0 } },
      manageGuardians: false,
      maxGuardiansPerStudent: 4,
      phoneRegion: 'US',
    });
    expect(thresholdFor(stored, 'students')).toEqual({ percent: 50, floor: 0 });
    expect(stored).toMatchObject({ manageGuardians: false, maxGuardiansPerStudent: 4, enabled: false });
  });

  it('refuses stored JSON with unknown keys, suggesting the one meant', () => {
    expect(() => parseSyncSettings({ manageGuardian: true })).toThrow(
      /settings: unknown setting "manageGuardian" \(did you mean "manageGuardians"\?\)/,
    );
    expect(() => parseSyncSettings({ classroomFilters: { subject: ['Math'] } })).toThrow(
      /classroomFilters: unknown setting "subject" \(did you mean "subjects"\?\)/,
    );
  });
});

function valueAt(settings: unknown, path: string): unknown {
  let value = settings;
  for (const part of path.split('.')) value = (value as Record<string, unknown>)[part];
  return value;
}
