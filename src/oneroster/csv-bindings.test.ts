import { describe, expect, it } from 'vitest';
import { sharedHeaders } from '../testkit/generator/oneroster-rows.ts';
import { usersHeader11 } from '../testkit/generator/write-oneroster-11.ts';
import { rolesHeader12, usersHeader12 } from '../testkit/generator/write-oneroster-12.ts';
import type { CsvFileBinding, OneRosterVersion, ValueType } from './csv-binding.ts';
import { bindingFor, csvBindings } from './csv-bindings.ts';

const versions = Object.keys(csvBindings) as OneRosterVersion[];
const dataFiles = (version: OneRosterVersion): CsvFileBinding[] =>
  [...csvBindings[version].values()].filter((binding) => binding.file !== 'manifest.csv');
const columnNames = (version: OneRosterVersion, file: string): string[] =>
  bindingFor(version, file)!.columns.map((column) => column.name);
const enumValues = (version: OneRosterVersion, file: string, column: string): ValueType | undefined =>
  bindingFor(version, file)!.columns.find((spec) => spec.name === column)?.type;

describe('csvBindings', () => {
  it('defines the 14 files of OneRoster 1.1 and the 22 of OneRoster 1.2', () => {
    const names = (version: OneRosterVersion) => [...csvBindings[version].values()].map((b) => b.file).sort();
    const files11 = [
      'manifest.csv',
      'academicSessions.csv',
      'categories.csv',
      'classes.csv',
      'classResources.csv',
      'courses.csv',
      'courseResources.csv',
      'demographics.csv',
      'enrollments.csv',
      'lineItems.csv',
      'orgs.csv',
      'resources.csv',
      'results.csv',
      'users.csv',
    ];
    const added12 = [
      'roles.csv',
      'userProfiles.csv',
      'userResources.csv',
      'scoreScales.csv',
      'lineItemScoreScales.csv',
      'resultScoreScales.csv',
      'lineItemLearningObjectiveIds.csv',
      'resultLearningObjectiveIds.csv',
    ];
    expect(names('1.1')).toEqual([...files11].sort());
    expect(names('1.2')).toEqual([...files11, ...added12].sort());
  });

  it.each(versions)('keys every %s file by its lower-cased name', (version) => {
    for (const [key, binding] of csvBindings[version]) expect(key).toBe(binding.file.toLowerCase());
  });

  it.each(versions)('opens every %s data file with sourcedId, status and dateLastModified', (version) => {
    for (const binding of dataFiles(version)) {
      expect(binding.columns.slice(0, 3), binding.file).toEqual([
        { name: 'sourcedId', requirement: 'always', type: { kind: 'id' } },
        { name: 'status', requirement: 'delta', type: { kind: 'enum', values: ['active', 'tobedeleted'] } },
        { name: 'dateLastModified', requirement: 'delta', type: { kind: 'datetime' } },
      ]);
    }
  });

  it.each(versions)('keys %s manifest.csv by property name, not sourcedId', (version) => {
    const manifest = bindingFor(version, 'manifest.csv')!;
    expect(manifest.record).toBeNull();
    expect(manifest.columns.map((column) => column.name)).toEqual(['propertyName', 'value']);
  });

  it.each(versions)('names each %s record kind after its file', (version) => {
    for (const binding of csvBindings[version].values()) {
      if (binding.record !== null) expect(binding.file).toBe(`${binding.record}.csv`);
    }
  });

  it.each(versions)('gives every %s file unique column names', (version) => {
    for (const binding of csvBindings[version].values()) {
      const names = binding.columns.map((column) => column.name);
      expect(new Set(names).size, binding.file).toBe(names.length);
    }
  });

  it.each(versions)('points every %s reference at a file of the same version', (version) => {
    for (const binding of csvBindings[version].values()) {
      for (const { name, type } of binding.columns) {
        if (type.kind !== 'reference' && type.kind !== 'referenceList') continue;
        expect(bindingFor(version, `${type.target}.csv`), `${binding.file} ${name}`).toBeDefined();
      }
    }
  });

  it.each(versions)('keeps inactive out of every %s enumeration', (version) => {
    for (const binding of csvBindings[version].values()) {
      for (const { type } of binding.columns) {
        if (type.kind === 'enum' || type.kind === 'enumList') expect(type.values).not.toContain('inactive');
      }
    }
  });

  it('allows ext: terms in 1.2 only, for the vocabularies the 1.2.1 binding names', () => {
    const extensible = (version: OneRosterVersion) =>
      [...csvBindings[version].values()].flatMap((binding) =>
        binding.columns
          .filter(({ type }) => (type.kind === 'enum' || type.kind === 'enumList') && type.extensible)
          .map(({ name }) => `${binding.file} ${name}`),
      );
    expect(extensible('1.1')).toEqual([]);
    expect(extensible('1.2').sort()).toEqual(
      [
        'academicSessions.csv type',
        'classes.csv classType',
        'demographics.csv sex',
        'enrollments.csv role',
        'lineItemLearningObjectiveIds.csv source',
        'orgs.csv type',
        'resources.csv roles',
        'resultLearningObjectiveIds.csv source',
        'results.csv scoreStatus',
        'roles.csv role',
      ].sort(),
    );
  });

  it('lists the standard tokens of the enumerations the validator relies on', () => {
    expect(enumValues('1.1', 'users.csv', 'role')).toEqual({
      kind: 'enum',
      values: ['administrator', 'aide', 'guardian', 'parent', 'proctor', 'relative', 'student', 'teacher'],
    });
    expect(enumValues('1.2', 'roles.csv', 'roleType')).toEqual({
      kind: 'enum',
      values: ['primary', 'secondary'],
    });
    expect(enumValues('1.2', 'roles.csv', 'role')).toMatchObject({
      values: expect.not.arrayContaining(['administrator']),
    });
    for (const version of versions) {
      expect(enumValues(version, 'enrollments.csv', 'role')).toMatchObject({
        values: ['administrator', 'proctor', 'student', 'teacher'],
      });
      expect(enumValues(version, 'orgs.csv', 'type')).toMatchObject({
        values: ['department', 'school', 'district', 'local', 'state', 'national'],
      });
      expect(enumValues(version, 'classes.csv', 'classType')).toMatchObject({
        values: ['homeroom', 'scheduled'],
      });
      expect(enumValues(version, 'users.csv', 'enabledUser')).toEqual({ kind: 'boolean' });
      expect(enumValues(version, 'enrollments.csv', 'primary')).toEqual({ kind: 'boolean' });
      expect(enumValues(version, 'demographics.csv', 'hispanicOrLatinoEthnicity')).toEqual({
        kind: 'boolean',
      });
    }
    expect(enumValues('1.1', 'demographics.csv', 'sex')).toEqual({
      kind: 'enum',
      values: ['male', 'female'],
    });
    expect(enumValues('1.2', 'demographics.csv', 'sex')).toEqual({
      kind: 'enum',
      values: ['male', 'female', 'unspecified', 'other'],
      extensible: true,
    });
  });
});

describe('bindingFor', () => {
  it('finds a file whatever the case of its name', () => {
    expect(bindingFor('1.2', 'ACADEMICSESSIONS.csv')?.file).toBe('academicSessions.csv');
    expect(bindingFor('1.1', 'Users.CSV')?.record).toBe('users');
  });

  it('returns undefined for a file the version does not define', () => {
    expect(bindingFor('1.1', 'roles.csv')).toBeUndefined();
    expect(bindingFor('1.2', 'guardians.csv')).toBeUndefined();
  });
});

describe('the bundle generator', () => {
  it.each(versions)(
    'writes the %s orgs, academicSessions, courses, classes and enrollments headers',
    (version) => {
      expect(sharedHeaders.orgs).toEqual(columnNames(version, 'orgs.csv'));
      expect(sharedHeaders.academicSessions).toEqual(columnNames(version, 'academicSessions.csv'));
      expect(sharedHeaders.courses).toEqual(columnNames(version, 'courses.csv'));
      expect(sharedHeaders.classes).toEqual(columnNames(version, 'classes.csv'));
      expect(sharedHeaders.enrollments).toEqual(columnNames(version, 'enrollments.csv'));
    },
  );

  it('writes the 1.1 users header', () => {
    expect(usersHeader11).toEqual(columnNames('1.1', 'users.csv'));
  });

  it('writes the 1.2 roles header', () => {
    expect(rolesHeader12).toEqual(columnNames('1.2', 'roles.csv'));
  });

  it('writes the 1.2 users header', () => {
    expect(usersHeader12).toEqual(columnNames('1.2', 'users.csv'));
  });
});
