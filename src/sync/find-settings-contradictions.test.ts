import { describe, expect, it } from 'vitest';
import { findSettingsContradictions, type SettingsContext } from './find-settings-contradictions.ts';
import { applySettingAssignments } from './settings-assignments.ts';
import { defaultSyncSettings } from './sync-settings.ts';

const lincoln = '01900000-0000-7000-8000-00000000000a';
const roosevelt = '01900000-0000-7000-8000-00000000000b';
const washington = '01900000-0000-7000-8000-00000000000c';
const elsewhere = '01900000-0000-7000-8000-0000000000ff';

const district: SettingsContext = {
  config: { id: null, source: 'oneroster-csv', schoolId: null },
  schools: [
    { id: lincoln, name: 'Lincoln Elementary', sourceIds: ['0042'] },
    { id: roosevelt, name: 'Roosevelt Middle', sourceIds: ['0077'] },
    { id: washington, name: 'Washington K-8', sourceIds: [] },
  ],
  otherConfigs: [],
};

function gradeSplit(...rules: [school: string, from: string, to: string][]): string {
  return JSON.stringify([
    {
      sourceSchoolId: '0099',
      rules: rules.map(([school, from, to]) => ({ directorySchoolId: school, grades: [from, to] })),
    },
  ]);
}

function contradictions(assignments: Record<string, string>, context: Partial<SettingsContext> = {}) {
  const settings = applySettingAssignments(defaultSyncSettings(), assignments);
  return findSettingsContradictions(settings, { ...district, ...context });
}

const schoolLevel = (schoolId: string) => ({ config: { id: null, source: 'oneroster-csv', schoolId } });
const managing = (schoolId: string | null, manageGuardians = true) => ({
  otherConfigs: [{ id: 'other-config', name: 'SIS export', schoolId, settings: { manageGuardians } }],
});

describe('settings that contradict themselves, their source or their district', () => {
  it('finds nothing in the defaults, nor in a clean split', () => {
    expect(contradictions({})).toEqual([]);
    expect(
      contradictions({ 'schoolMapping.splits': gradeSplit([lincoln, 'IT', '05'], [roosevelt, '06', 'PS']) }),
    ).toEqual([]);
  });

  // Each rule: the settings, the district around them, and the code and reason refused.
  const cases: [
    rule: string,
    assignments: Record<string, string>,
    context: Partial<SettingsContext>,
    code: string,
    message: RegExp,
  ][] = [
    [
      'two district-level configs managing guardians',
      {},
      managing(null),
      'GUARDIANS_MANAGED_TWICE',
      /Config "SIS export" \(other-config\) already manages guardians for every school of the district; turn manageGuardians off on one of the two/,
    ],
    [
      'a school-level config managing guardians under a district-level one',
      {},
      { ...schoolLevel(lincoln), ...managing(null) },
      'GUARDIANS_MANAGED_TWICE',
      /already manages guardians for Lincoln Elementary/,
    ],
    [
      'a district-level config managing guardians over a school-level one',
      {},
      managing(roosevelt),
      'GUARDIANS_MANAGED_TWICE',
      /already manages guardians for Roosevelt Middle/,
    ],
    [
      'two school-level configs of one school managing guardians',
      {},
      { ...schoolLevel(lincoln), ...managing(lincoln) },
      'GUARDIANS_MANAGED_TWICE',
      /for Lincoln Elementary/,
    ],
    [
      'one source school id on two schools without a split',
      {},
      {
        schools: [
          { id: lincoln, name: 'Lincoln Elementary', sourceIds: ['0042'] },
          { id: roosevelt, name: 'Roosevelt Middle', sourceIds: ['0042', '0077'] },
        ],
      },
      'SCHOOL_ID_MAPPED_TWICE',
      /School ID 0042 is on Lincoln Elementary and Roosevelt Middle and no split rule says which records go where/,
    ],
    [
      'a split of a source school that is a School ID of a school it does not route to',
      {
        'schoolMapping.splits': gradeSplit([roosevelt, 'IT', '05'], [washington, '06', 'PS']).replace(
          '0099',
          '0042',
        ),
      },
      {},
      'SCHOOL_ID_MAPPED_TWICE',
      /School ID 0042 is on Lincoln Elementary, which its split does not route to/,
    ],
    [
      'grade ranges that overlap',
      { 'schoolMapping.splits': gradeSplit([lincoln, 'IT', '06'], [roosevelt, '05', 'PS']) },
      {},
      'SCHOOL_SPLIT_OVERLAP',
      /The split of source school 0099 routes grades 05–06 by two rules \(Lincoln Elementary, Roosevelt Middle\)/,
    ],
    [
      'grade ranges that leave grades unrouted',
      { 'schoolMapping.splits': gradeSplit([lincoln, 'KG', '05'], [roosevelt, '07', '08']) },
      {},
      'SCHOOL_SPLIT_UNROUTED',
      /routes grades IT–TK, 06, 09–PS to no school; widen or add a range so the rules cover IT–PS/,
    ],
    [
      'two splits of one source school',
      {
        'schoolMapping.splits': JSON.stringify([
          ...JSON.parse(gradeSplit([lincoln, 'IT', 'PS'])),
          ...JSON.parse(gradeSplit([roosevelt, 'IT', 'PS'])),
        ]),
      },
      {},
      'SCHOOL_SPLIT_OVERLAP',
      /Source school 0099 has two splits; merge their rules into one/,
    ],
    [
      'one class attribute value routed to two schools',
      {
        'schoolMapping.splits': JSON.stringify([
          {
            sourceSchoolId: '0099',
            otherwise: lincoln,
            rules: [
              { directorySchoolId: lincoln, classAttribute: 'subject', matches: ['Band'] },
              { directorySchoolId: roosevelt, classAttribute: 'subject', matches: ['Art', 'band'] },
            ],
          },
        ]),
      },
      {},
      'SCHOOL_SPLIT_OVERLAP',
      /routes classes with subject "band" to both Lincoln Elementary and Roosevelt Middle/,
    ],
    [
      'a class attribute split without an otherwise school',
      {
        'schoolMapping.splits': JSON.stringify([
          {
            sourceSchoolId: '0099',
            rules: [{ directorySchoolId: roosevelt, classAttribute: 'course', matches: ['MAG-1'] }],
          },
        ]),
      },
      {},
      'SCHOOL_SPLIT_UNROUTED',
      /routes by class attribute but has no "otherwise" school for classes no rule matches/,
    ],
    [
      'a split rule naming a school of another district',
      { 'schoolMapping.splits': gradeSplit([lincoln, 'IT', '05'], [elsewhere, '06', 'PS']) },
      {},
      'SCHOOL_NOT_IN_DISTRICT',
      new RegExp(`School ${elsewhere} is not an open school of this district`),
    ],
    [
      'a schools filter naming a school of another district',
      { 'classroomFilters.schools': elsewhere },
      {},
      'SCHOOL_NOT_IN_DISTRICT',
      /is not an open school of this district/,
    ],
    [
      'a school-level config filtering on another school',
      { 'classroomFilters.schools': roosevelt },
      schoolLevel(lincoln),
      'SCHOOL_OUT_OF_SCOPE',
      /Roosevelt Middle is not this config's school \(Lincoln Elementary\): a school-level config syncs only its school/,
    ],
    [
      'a Clever setting on a OneRoster config',
      { 'clever.schoolScope': 'all' },
      {},
      'SETTING_NOT_FOR_SOURCE',
      /"clever.schoolScope" is a clever setting; this config reads oneroster-csv, where it would have no effect/,
    ],
  ];
  it.each(cases)('refuses %s', (_rule, assignments, context, code, message) => {
    const found = contradictions(assignments, context);
    expect(found).toEqual([{ code, message: expect.stringMatching(message) }]);
  });

  it('lets configs share a district when only one manages guardians, or their schools differ', () => {
    expect(contradictions({}, managing(null, false))).toEqual([]);
    expect(contradictions({ manageGuardians: 'off' }, managing(null))).toEqual([]);
    expect(contradictions({}, { ...schoolLevel(lincoln), ...managing(roosevelt) })).toEqual([]);
  });

  it('takes Clever settings on a Clever config, and Clever defaults anywhere', () => {
    expect(
      contradictions(
        { 'clever.phoneTypes': 'Cell' },
        { config: { id: null, source: 'clever', schoolId: null } },
      ),
    ).toEqual([]);
    expect(contradictions({ 'clever.schoolScope': 'primary' })).toEqual([]);
  });

  it('lets a split route a source school that is a School ID of one of its schools', () => {
    const split = gradeSplit([lincoln, 'IT', '05'], [roosevelt, '06', 'PS']).replace('0099', '0042');
    expect(contradictions({ 'schoolMapping.splits': split })).toEqual([]);
  });

  it('lists every problem at once', () => {
    const found = contradictions(
      {
        'schoolMapping.splits': gradeSplit([lincoln, 'KG', '06'], [elsewhere, '06', '12']),
        'clever.phoneTypes': 'Cell',
      },
      managing(null),
    );
    expect(found.map((problem) => problem.code)).toEqual([
      'SETTING_NOT_FOR_SOURCE',
      'GUARDIANS_MANAGED_TWICE',
      'SCHOOL_SPLIT_OVERLAP',
      'SCHOOL_SPLIT_UNROUTED',
      'SCHOOL_NOT_IN_DISTRICT',
    ]);
  });
});
