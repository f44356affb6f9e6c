import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SettingEntry } from '../../src/sync/describe-settings.ts';
import type { SettingChange } from '../../src/sync/diff-settings.ts';
import type { CliResult } from '../support/cli-harness.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;

interface Shown {
  isEnabled: boolean;
  settings: Record<string, unknown>;
  entries: SettingEntry[];
  problems: { code: string; message: string }[];
}
interface History {
  history: {
    at: string;
    actorType: string;
    actorId: string | null;
    action: string;
    changes: SettingChange[];
  }[];
}
interface Refusal {
  error: { code: string; message: string; details?: { code: string; message: string }[] };
}

/** A district with Lincoln (School ID 0042) and Roosevelt (0077), through the CLI. */
async function district(): Promise<{
  districtId: string;
  lincoln: string;
  roosevelt: string;
  bundle: string;
}> {
  const districtId = (
    await cli('--json', 'district', 'create', '--name', 'Springfield', '--time-zone', 'America/Chicago')
  ).json<{ id: string }>().id;
  const school = async (name: string, sourceId: string) =>
    (
      await cli(
        '--json',
        'school',
        'create',
        '--district',
        districtId,
        '--name',
        name,
        '--school-id',
        sourceId,
      )
    ).json<{ id: string }>().id;
  return {
    districtId,
    lincoln: await school('Lincoln Elementary', '0042'),
    roosevelt: await school('Roosevelt Middle', '0077'),
    bundle: bundles.write(smallDistrict()),
  };
}

function createConfig(districtId: string, bundle: string, ...extra: string[]): Promise<CliResult> {
  return cli(
    '--json',
    'config',
    'create',
    '--district',
    districtId,
    '--source',
    'oneroster-csv',
    '--path',
    bundle,
    ...extra,
  );
}

async function configOf(districtId: string, bundle: string, ...extra: string[]): Promise<string> {
  const created = await createConfig(districtId, bundle, ...extra);
  expect(created.code, created.stderr).toBe(0);
  return created.json<{ id: string }>().id;
}

const show = async (configId: string): Promise<Shown> =>
  (await cli('--json', 'config', 'show', configId)).json<Shown>();
const history = async (configId: string): Promise<History['history']> =>
  (await cli('--json', 'config', 'history', configId)).json<History>().history;

function gradeSplit(sourceSchoolId: string, ...rules: [school: string, from: string, to: string][]): string {
  return JSON.stringify({
    splits: [
      {
        sourceSchoolId,
        rules: rules.map(([school, from, to]) => ({ directorySchoolId: school, grades: [from, to] })),
      },
    ],
  });
}

describe('rostersync config set, show and history', () => {
  it('creates a config with settings, shows every setting with defaults marked, and opens its history', async () => {
    const { districtId, bundle } = await district();
    const configId = await configOf(
      districtId,
      bundle,
      '--set',
      'threshold.students.percent=5',
      '--set',
      'classroomFilters.subjects=Math, Science',
    );
    const shown = await show(configId);
    expect(shown.isEnabled).toBe(false);
    expect(shown.problems).toEqual([]);
    const notDefault = shown.entries.filter((entry) => !entry.isDefault);
    expect(notDefault).toEqual([
      { key: 'deletionThresholdByType.students.percent', value: 5, isDefault: false, isUsedBySource: true },
      {
        key: 'classroomFilters.subjects',
        value: ['Math', 'Science'],
        isDefault: false,
        isUsedBySource: true,
      },
    ]);
    expect(shown.entries.find((entry) => entry.key === 'maxGuardiansPerStudent')).toEqual({
      key: 'maxGuardiansPerStudent',
      value: 6,
      isDefault: true,
      isUsedBySource: true,
    });

    const text = (await cli('config', 'show', configId)).stdout;
    expect(text).toMatch(/^timeZone +district \(America\/Chicago\) +\(default\)$/m);
    expect(text).toMatch(/^classroomFilters\.subjects +Math, Science$/m);
    expect(text).toMatch(/^clever\.schoolScope +primary +\(default\) +\(not used by this source\)$/m);
    expect(text).toMatch(/^deletionThresholdByType\.staff\.percent +10 +\(default\)$/m);

    expect(await history(configId)).toEqual([
      {
        at: expect.any(String),
        actorType: 'cli',
        actorId: null,
        action: 'create',
        changes: [
          { key: 'classroomFilters.subjects', before: null, after: ['Math', 'Science'] },
          { key: 'deletionThresholdByType.students.percent', before: null, after: 5 },
        ],
      },
    ]);
  });

  it('changes settings, records each before → after, and records nothing when nothing changes', async () => {
    const { districtId, bundle } = await district();
    const configId = await configOf(districtId, bundle);
    const set = await cli(
      '--json',
      'config',
      'set',
      configId,
      'manage_guardians=off',
      'enabled=on',
      'startTime=05:30',
      'timeZone=america/denver',
      'blackoutDates=2026-06-20..2026-08-15',
    );
    expect(set.code, set.stderr).toBe(0);
    const changes = [
      { key: 'blackoutDates', before: [], after: [{ from: '2026-06-20', to: '2026-08-15' }] },
      { key: 'enabled', before: false, after: true },
      { key: 'manageGuardians', before: true, after: false },
      { key: 'startTime', before: '02:00', after: '05:30' },
      { key: 'timeZone', before: null, after: 'America/Denver' },
    ];
    expect(set.json()).toEqual({ id: configId, changes });
    expect(await show(configId)).toMatchObject({
      isEnabled: true,
      settings: { enabled: true, manageGuardians: false, startTime: '05:30', timeZone: 'America/Denver' },
    });
    // enabled is the is_enabled column (the scheduler's lookup); the rest is the JSON.
    const row = await harness.store.db
      .selectFrom('sync_configs')
      .select(['is_enabled', 'settings'])
      .where('id', '=', configId)
      .executeTakeFirstOrThrow();
    expect(row.is_enabled).toBe(true);
    expect(row.settings).not.toHaveProperty('enabled');
    expect(row.settings).toMatchObject({ manageGuardians: false, startTime: '05:30' });

    const again = await cli('config', 'set', configId, 'manageGuardians=false', 'startTime=05:30');
    expect(again).toMatchObject({ code: 0, stdout: 'No setting changed.\n' });
    const reset = await cli(
      '--json',
      'config',
      'set',
      configId,
      '--reset',
      'startTime',
      '--reset',
      'timeZone',
    );
    expect(reset.json()).toEqual({
      id: configId,
      changes: [
        { key: 'startTime', before: '05:30', after: '02:00' },
        { key: 'timeZone', before: 'America/Denver', after: null },
      ],
    });

    const entries = await history(configId);
    expect(entries.map((entry) => [entry.action, entry.actorType])).toEqual([
      ['create', 'cli'],
      ['update', 'cli'],
      ['update', 'cli'],
    ]);
    expect(entries[1]?.changes).toEqual(changes);
    expect(new Date(entries[1]!.at).getTime()).toBeLessThanOrEqual(new Date(entries[2]!.at).getTime());
    const rows = await harness.store.db
      .selectFrom('config_changes')
      .select(['district_id', 'action'])
      .where('config_id', '=', configId)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { district_id: districtId, action: 'create' },
      { district_id: districtId, action: 'update' },
      { district_id: districtId, action: 'update' },
    ]);

    const text = (await cli('config', 'history', configId)).stdout;
    expect(text).toMatch(/Z {2}cli {2}create {2}\(all defaults\)\n/);
    expect(text).toContain('  manageGuardians: on → off\n');
    expect(text).toContain('  blackoutDates: none → 2026-06-20..2026-08-15\n');
    expect(text).toContain('  timeZone: America/Denver → district\n');
    expect(
      (await cli('--json', 'config', 'show', configId, '--history')).json<History>().history,
    ).toHaveLength(3);
  });

  it('reads a school mapping from a JSON file and stores its split rules', async () => {
    const { districtId, bundle, lincoln, roosevelt } = await district();
    const configId = await configOf(districtId, bundle);
    const file = path.join(bundles.root, `mapping-${configId}.json`);
    writeFileSync(file, gradeSplit('0099', [lincoln, 'IT', '05'], [roosevelt, '06', 'PS']));
    const set = await cli('config', 'set', configId, `schoolMapping=@${file}`);
    expect(set.code, set.stderr).toBe(0);
    expect((await show(configId)).settings.schoolMapping).toEqual({
      splits: [
        {
          sourceSchoolId: '0099',
          rules: [
            { directorySchoolId: lincoln, grades: ['IT', '05'] },
            { directorySchoolId: roosevelt, grades: ['06', 'PS'] },
          ],
        },
      ],
    });
    const missing = await cli('--json', 'config', 'set', configId, `schoolMapping=@${file}.nope`);
    expect(missing.code).toBe(1);
    expect(missing.json<Refusal>().error.code).toBe('SETTINGS_FILE_INVALID');
  });

  it('applies a setting changed with config set on the next run', async () => {
    const { districtId, bundle } = await district();
    const configId = await configOf(districtId, bundle);
    expect((await cli('config', 'set', configId, 'manageGuardians=off')).code).toBe(0);
    const { summary } = await sync(configId);
    expect(summary.counts.guardians).toMatchObject({ created: 0 });
    expect((await exportOf(districtId)).guardianLinks).toEqual([]);
  });
});

describe('refused settings', () => {
  // key=value, the code refused with, what the message says.
  const refusals: [assignment: string, code: string, message: RegExp][] = [
    [
      'manage_guardian=off',
      'SETTING_UNKNOWN',
      /Unknown setting "manage_guardian"\. Did you mean "manageGuardians"\?/,
    ],
    [
      'maxGuardiansPerStudent=21',
      'SETTINGS_INVALID',
      /maxGuardiansPerStudent: Too big: expected number to be <=20/,
    ],
    ['timeZone=Springfield', 'SETTINGS_INVALID', /timeZone: an IANA time zone such as America\/Chicago/],
    ['clever.schoolScope=all', 'SETTING_NOT_FOR_SOURCE', /"clever.schoolScope" is a clever setting/],
    ['classroomFilters.grades=K,14', 'SETTINGS_INVALID', /classroomFilters\.grades\.1: a CEDS grade/],
  ];
  it.each(refusals)('refuses %s with %s, and changes nothing', async (assignment, code, message) => {
    const { districtId, bundle } = await district();
    const configId = await configOf(districtId, bundle);
    const before = await show(configId);
    const refused = await cli('--json', 'config', 'set', configId, assignment);
    expect(refused.code).toBe(1);
    expect(refused.json<Refusal>().error).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(refused.stderr).toMatch(/^error: /);
    expect(await show(configId)).toEqual(before);
    expect(await history(configId)).toHaveLength(1);
    const atCreate = await createConfig(
      districtId,
      bundle,
      '--set',
      assignment,
      '--set',
      'manageGuardians=off',
    );
    expect(atCreate.code).toBe(1);
    expect(atCreate.json<Refusal>().error.code).toBe(code);
  });

  it('refuses split rules that overlap or leave grades unrouted, naming the grades', async () => {
    const { districtId, bundle, lincoln, roosevelt } = await district();
    const configId = await configOf(districtId, bundle);
    const overlap = await cli(
      '--json',
      'config',
      'set',
      configId,
      `schoolMapping=${gradeSplit('0099', [lincoln, 'IT', '06'], [roosevelt, '06', 'PS'])}`,
    );
    expect(overlap.json<Refusal>().error).toEqual({
      code: 'SCHOOL_SPLIT_OVERLAP',
      message: `The settings are refused: The split of source school 0099 routes grades 06 by two rules (Lincoln Elementary, Roosevelt Middle); make the ranges disjoint.`,
      details: [
        {
          code: 'SCHOOL_SPLIT_OVERLAP',
          message:
            'The split of source school 0099 routes grades 06 by two rules (Lincoln Elementary, Roosevelt Middle); make the ranges disjoint.',
        },
      ],
    });
    const gap = await cli(
      '--json',
      'config',
      'set',
      configId,
      `schoolMapping=${gradeSplit('0099', [lincoln, 'KG', '05'], [roosevelt, '07', '08'])}`,
    );
    expect(gap.json<Refusal>().error).toMatchObject({
      code: 'SCHOOL_SPLIT_UNROUTED',
      message: expect.stringContaining('routes grades IT–TK, 06, 09–PS to no school'),
    });
  });

  it('refuses a split naming a school of another district, without saying whose it is', async () => {
    const { districtId, bundle, lincoln } = await district();
    const other = await district();
    const configId = await configOf(districtId, bundle);
    const refused = await cli(
      '--json',
      'config',
      'set',
      configId,
      `schoolMapping=${gradeSplit('0099', [lincoln, 'IT', '05'], [other.roosevelt, '06', 'PS'])}`,
    );
    expect(refused.json<Refusal>().error).toMatchObject({
      code: 'SCHOOL_NOT_IN_DISTRICT',
      message: `The settings are refused: School ${other.roosevelt} is not an open school of this district; use an id that \`rostersync school list\` prints.`,
    });
  });

  it('refuses a second config managing guardians for the same schools, across create and set', async () => {
    const { districtId, bundle, lincoln } = await district();
    const first = await configOf(districtId, bundle, '--name', 'SIS export');
    const second = await createConfig(districtId, bundle, '--name', 'Second export');
    expect(second.code).toBe(1);
    expect(second.json<Refusal>().error).toMatchObject({
      code: 'GUARDIANS_MANAGED_TWICE',
      message: `The settings are refused: Config "SIS export" (${first}) already manages guardians for every school of the district; turn manageGuardians off on one of the two.`,
    });
    const schoolLevel = await createConfig(districtId, bundle, '--school', lincoln);
    expect(schoolLevel.json<Refusal>().error.message).toContain(
      'already manages guardians for Lincoln Elementary',
    );

    const secondId = await configOf(districtId, bundle, '--set', 'manageGuardians=off');
    const turnedOn = await cli('--json', 'config', 'set', secondId, 'manageGuardians=on');
    expect(turnedOn.json<Refusal>().error.code).toBe('GUARDIANS_MANAGED_TWICE');
    expect((await cli('config', 'set', first, 'manageGuardians=off')).code).toBe(0);
    expect((await cli('config', 'set', secondId, 'manageGuardians=on')).code).toBe(0);
  });

  it('refuses a source school on two directory schools until a split says which records go where', async () => {
    const { districtId, bundle, lincoln, roosevelt } = await district();
    // `school create` refuses a School ID another school has; data from before that rule can
    // still hold one.
    await harness.store.db
      .insertInto('school_source_ids')
      .values({ district_id: districtId, school_id: roosevelt, source_id: '0042' })
      .execute();
    const refused = await createConfig(districtId, bundle);
    expect(refused.json<Refusal>().error).toMatchObject({
      code: 'SCHOOL_ID_MAPPED_TWICE',
      message: expect.stringContaining(
        'School ID 0042 is on Lincoln Elementary and Roosevelt Middle and no split rule says which records go where',
      ),
    });
    const file = path.join(bundles.root, `split-${districtId}.json`);
    writeFileSync(file, gradeSplit('0042', [lincoln, 'IT', '05'], [roosevelt, '06', 'PS']));
    const created = await createConfig(districtId, bundle, '--set', `schoolMapping=@${file}`);
    expect(created.code, created.stderr).toBe(0);
  });

  it('lists every problem when there are several, and shows what the district later broke', async () => {
    const { districtId, bundle, lincoln, roosevelt } = await district();
    const configId = await configOf(districtId, bundle);
    const refused = await cli(
      '--json',
      'config',
      'set',
      configId,
      'clever.phoneTypes=Cell',
      `schoolMapping=${gradeSplit('0099', [lincoln, 'KG', '06'], [roosevelt, '06', '12'])}`,
    );
    const { error } = refused.json<Refusal>();
    expect(error.code).toBe('SETTING_NOT_FOR_SOURCE');
    expect(error.details?.map((detail) => detail.code)).toEqual([
      'SETTING_NOT_FOR_SOURCE',
      'SCHOOL_SPLIT_OVERLAP',
      'SCHOOL_SPLIT_UNROUTED',
    ]);
    expect(refused.stderr).toMatch(
      /^error: The settings are refused for 3 reasons:\n {2}- .*\(SETTING_NOT_FOR_SOURCE\)\n/,
    );

    expect((await cli('config', 'set', configId, `classroomFilters.schools=${roosevelt}`)).code).toBe(0);
    await harness.store.db
      .updateTable('schools')
      .set({ archived_at: new Date() })
      .where('id', '=', roosevelt)
      .execute();
    expect((await show(configId)).problems).toEqual([
      {
        code: 'SCHOOL_NOT_IN_DISTRICT',
        message: expect.stringContaining(`School ${roosevelt} is not an open school`),
      },
    ]);
    expect((await cli('config', 'show', configId)).stdout).toContain('problem: School ');
  });

  it('refuses set on an unknown config and a set with nothing to set', async () => {
    const missing = await cli(
      '--json',
      'config',
      'set',
      '01900000-0000-7000-8000-000000000000',
      'enabled=on',
    );
    expect(missing.json<Refusal>().error.code).toBe('CONFIG_NOT_FOUND');
    const { districtId, bundle } = await district();
    const configId = await configOf(districtId, bundle);
    const empty = await cli('--json', 'config', 'set', configId);
    expect(empty.json<Refusal>().error.code).toBe('ARGUMENT_INVALID');
  });
});
