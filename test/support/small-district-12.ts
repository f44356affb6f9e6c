import { rolesHeader12, usersHeader12 } from '../../src/testkit/generator/write-oneroster-12.ts';
import { toCsv, type BundleFiles, type CsvRows } from './bundle-builder.ts';
import { smallDistrict } from './small-district.ts';

export type SmallDistrict12 = Record<
  'orgs.csv' | 'users.csv' | 'roles.csv' | 'classes.csv' | 'enrollments.csv',
  CsvRows
>;

/**
 * The canonical small district as a OneRoster 1.2 bundle: users.csv loses `role` and
 * `orgSourcedIds` and gains `primaryOrgSourcedId` (the first org), and roles.csv gets one row
 * per user and org (`primary` at the first org). Enrollments keep 1.2's roles: aides enrol as
 * proctors. No manifest, so the version is told from users.csv's header.
 */
export function smallDistrict12(): SmallDistrict12 {
  const files = smallDistrict();
  const users: CsvRows = [];
  const roles: CsvRows = [];
  for (const { role, orgSourcedIds, ...user } of files['users.csv']) {
    const orgs = (orgSourcedIds ?? '').split(',');
    users.push({ ...user, primaryOrgSourcedId: orgs[0] ?? '' });
    orgs.forEach((org, i) =>
      roles.push(roleRow(user.sourcedId!, role!, org, i === 0 ? 'primary' : 'secondary')),
    );
  }
  return {
    'orgs.csv': files['orgs.csv'],
    'users.csv': users,
    'roles.csv': roles,
    'classes.csv': files['classes.csv'],
    'enrollments.csv': files['enrollments.csv'].map((row) =>
      row.role === 'aide' ? { ...row, role: 'proctor' } : row,
    ),
  };
}

/** A roles.csv row; `endDate` empty unless given. */
export function roleRow(
  userSourcedId: string,
  role: string,
  orgSourcedId: string,
  roleType: 'primary' | 'secondary',
  endDate = '',
): CsvRows[number] {
  return {
    sourcedId: `${userSourcedId}-${orgSourcedId}-${role}`,
    status: 'active',
    userSourcedId,
    roleType,
    role,
    endDate,
    orgSourcedId,
  };
}

/** The files for `BundleFolder.write`: users.csv and roles.csv under their 1.2 headers. */
export function bundle12Files(files: SmallDistrict12): BundleFiles {
  return {
    ...files,
    'users.csv': toCsv(usersHeader12, files['users.csv']),
    'roles.csv': toCsv(rolesHeader12, files['roles.csv']),
  };
}
