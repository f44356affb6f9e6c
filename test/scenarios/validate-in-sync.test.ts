import { describe, expect, it } from 'vitest';
import { headers, toCsv } from '../support/bundle-builder.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync } = harness;

/** Codes about what the sync does with good data, which `validate` has no view of. */
const syncOnlyCodes = new Set([
  'EMAIL_INVALID',
  'PHONE_INVALID',
  'ENROLLMENT_ENDED',
  'GUARDIAN_NOT_LINKED',
  'GUARDIAN_LINK_INVALID',
  'GUARDIANS_OVER_LIMIT',
  'SCHOOL_NOT_MAPPED',
  'DELETIONS_MARKED',
  'REMOVALS_HELD_THRESHOLD',
  'REMOVALS_HELD_INCOMPLETE',
]);

interface Where {
  code: string;
  file?: string | null;
  line?: number | null;
  column?: string | null;
}
const where = (finding: Where): string =>
  [finding.code, finding.file ?? '', finding.line ?? '', finding.column ?? ''].join(' ');

describe('every sync validates as it reads', () => {
  it('reports exactly what `rostersync validate` reports at the accept level, and then what it did', async () => {
    const files = smallDistrict();
    const users = files['users.csv'].map((row) => ({ ...row }));
    users[0]!.email = 'not-an-email';
    users[1]!.role = 'janitor';
    users[2]!.grades = '3rd';
    users.push({ ...users[3]!, givenName: 'Repeat' });
    const header = headers['users.csv'].map((column) => (column === 'middleName' ? 'midleName' : column));
    const text = toCsv(header, users) + '000999,,,true,0042,student,x,,Extra,Field,,S1,,,,,03,,surplus\r\n';
    const classes = files['classes.csv'].map((row) => ({ ...row }));
    classes[0]!.classType = 'lecture';
    const enrollments = [
      ...files['enrollments.csv'],
      { sourcedId: 'E98', classSourcedId: 'C404', userSourcedId: '000101', role: 'student' },
      {
        sourcedId: 'E99',
        classSourcedId: classes[1]!.sourcedId!,
        userSourcedId: '000102',
        role: 'student',
        endDate: 'soon',
      },
    ];
    const bundle = bundles.write({
      ...files,
      'users.csv': text,
      'classes.csv': classes,
      'enrollments.csv': enrollments,
    });

    const validation = await cli('--json', 'validate', bundle);
    expect(validation.code).toBe(1);
    const validated = validation.json<{ findings: Where[] }>().findings;
    const { configId } = await createSmallDistrict(cli, bundle);
    const { summary } = await sync(configId);

    // Every kind of problem was found, each once.
    expect(validated.map((finding) => finding.code).sort()).toEqual(
      [
        'FILE_ABSENT',
        'FILE_ABSENT',
        'FILE_ABSENT',
        'GRADE_INVALID',
        'HEADER_MISSPELT',
        'HEADER_OPTIONAL_MISSING',
        'ID_DUPLICATE',
        'REFERENCE_UNKNOWN',
        'ROLE_UNKNOWN',
        'ROW_COLUMN_COUNT',
        'VALUE_ENUM',
        'VALUE_TYPE',
      ].sort(),
    );
    const synced = summary.findings as Where[];
    const syncedPlaces = synced.map(where);
    for (const finding of validated) expect(syncedPlaces).toContain(where(finding));
    const validatedPlaces = new Set(validated.map(where));
    const onlyInSync = synced.filter((finding) => !validatedPlaces.has(where(finding)));
    expect(onlyInSync.every((finding) => syncOnlyCodes.has(finding.code))).toBe(true);
    expect(onlyInSync.map((finding) => finding.code)).toContain('EMAIL_INVALID');
  });
});
