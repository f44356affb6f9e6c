import path from 'node:path';
import { openCsvFile, type CsvFile } from './csv-writer.ts';
import type { FileStats, PersonName, StaffRecord } from './district-model.ts';
import { guardianSourcedId, studentSourcedId } from './entity-ids.ts';
import type { DistrictDay } from './generate-district.ts';
import {
  bulkDateLastModified,
  bulkStatus,
  sharedHeaders,
  writeAcademicSessionRows,
  writeClassRow,
  writeCourseRows,
  writeEnrollmentRows,
  writeManifestRows,
  writeOrgRows,
} from './oneroster-rows.ts';

/** users.csv of OneRoster 1.2.1, which dropped 1.2.0's `resourceSourcedIds` (userResources.csv holds it). */
export const usersHeader12 = [
  'sourcedId',
  'status',
  'dateLastModified',
  'enabledUser',
  'username',
  'userIds',
  'givenName',
  'familyName',
  'middleName',
  'identifier',
  'email',
  'sms',
  'phone',
  'agentSourcedIds',
  'grades',
  'password',
  'userMasterIdentifier',
  'preferredGivenName',
  'preferredMiddleName',
  'preferredFamilyName',
  'primaryOrgSourcedId',
  'pronouns',
] as const;

/** Column order of the 1EdTech OneRoster 1.2 CSV binding (dates before the org). */
export const rolesHeader12 = [
  'sourcedId',
  'status',
  'dateLastModified',
  'userSourcedId',
  'roleType',
  'role',
  'beginDate',
  'endDate',
  'orgSourcedId',
  'userProfileSourcedId',
] as const;

const manifestFiles12 = [
  'academicSessions',
  'categories',
  'classes',
  'classResources',
  'courses',
  'courseResources',
  'demographics',
  'enrollments',
  'lineItemLearningObjectiveIds',
  'lineItems',
  'lineItemScoreScales',
  'orgs',
  'resources',
  'resultLearningObjectiveIds',
  'results',
  'resultScoreScales',
  'roles',
  'scoreScales',
  'userProfiles',
  'userResources',
  'users',
];
const bulkFiles12 = ['academicSessions', 'classes', 'courses', 'enrollments', 'orgs', 'roles', 'users'];

interface UserRow12 extends PersonName {
  sourcedId: string;
  username: string;
  identifier: string;
  email: string;
  sms: string;
  phone: string;
  agents: string;
  grades: string;
  preferredGivenName: string;
  /** Org ids, the primary one first; each becomes a roles.csv row. */
  orgIds: string[];
  role: string;
}

/**
 * Writes a OneRoster 1.2 CSV bundle: the same district as 1.1, with users' roles moved to
 * roles.csv (one row per user and org; the first org is the primary role) and 1.2.1's users.csv
 * columns. Administrators take 1.2's staff roles (see `roleOfStaff12`).
 */
export async function writeOneRoster12(
  district: DistrictDay,
  dir: string,
): Promise<Record<string, FileStats>> {
  const { plan } = district;
  const open = (name: string, header: readonly string[]): Promise<CsvFile> =>
    openCsvFile(path.join(dir, name), header);
  const stats: Record<string, FileStats> = {};
  const small = async (
    name: string,
    header: readonly string[],
    write: (file: CsvFile) => void,
  ): Promise<void> => {
    const file = await open(name, header);
    write(file);
    stats[name] = await file.close();
  };
  await small('orgs.csv', sharedHeaders.orgs, (file) => writeOrgRows(file, plan));
  await small('academicSessions.csv', sharedHeaders.academicSessions, (file) =>
    writeAcademicSessionRows(file, plan),
  );
  await small('courses.csv', sharedHeaders.courses, (file) => writeCourseRows(file, plan));

  const users = await open('users.csv', usersHeader12);
  const roles = await open('roles.csv', rolesHeader12);
  const classes = await open('classes.csv', sharedHeaders.classes);
  const enrollments = await open('enrollments.csv', sharedHeaders.enrollments);
  const schoolId = (index: number): string => plan.schools[index]!.sourcedId;
  const writeUser = (user: UserRow12): void => {
    users.row([
      user.sourcedId,
      bulkStatus,
      bulkDateLastModified,
      'true',
      user.username,
      '',
      user.givenName,
      user.familyName,
      user.middleName,
      user.identifier,
      user.email,
      user.sms,
      user.phone,
      user.agents,
      user.grades,
      '',
      '',
      user.preferredGivenName,
      '',
      '',
      user.orgIds[0] ?? '',
      '',
    ]);
    user.orgIds.forEach((orgId, i) => {
      const roleType = i === 0 ? 'primary' : 'secondary';
      roles.plainRow([
        `${user.sourcedId}-${orgId}`,
        bulkStatus,
        bulkDateLastModified,
        user.sourcedId,
        roleType,
        user.role,
        '',
        '',
        orgId,
        '',
      ]);
    });
  };
  const staffRow = (member: StaffRecord, orgIds: string[]): UserRow12 => ({
    sourcedId: member.sourcedId,
    givenName: member.givenName,
    familyName: member.familyName,
    middleName: member.middleName,
    username: member.username,
    email: member.email,
    identifier: '',
    sms: member.mobile,
    phone: member.homePhone,
    agents: '',
    grades: '',
    preferredGivenName: '',
    orgIds,
    role: roleOfStaff12(member, orgIds[0] === plan.districtId),
  });
  for (const { school, students, staff, sections } of district.schools()) {
    for (const student of students) {
      writeUser({
        sourcedId: student.sourcedId,
        givenName: student.givenName,
        familyName: student.familyName,
        middleName: student.middleName,
        username: student.username,
        email: student.email,
        preferredGivenName: student.preferredGivenName,
        identifier: student.studentNumber,
        sms: '',
        phone: '',
        agents: student.isListingGuardians ? student.guardianIndexes.map(guardianSourcedId).join(',') : '',
        grades: student.grade,
        orgIds: [school.sourcedId],
        role: 'student',
      });
    }
    for (const member of staff) writeUser(staffRow(member, member.schoolIndexes.map(schoolId)));
    for (const section of sections) {
      writeClassRow(classes, plan, school, section);
      writeEnrollmentRows(enrollments, plan, school, section);
    }
    await Promise.all([users.flush(), roles.flush(), classes.flush(), enrollments.flush()]);
  }
  for (const member of district.districtStaff()) writeUser(staffRow(member, [plan.districtId]));
  for (const guardian of district.guardians()) {
    writeUser({
      sourcedId: guardian.sourcedId,
      givenName: guardian.givenName,
      familyName: guardian.familyName,
      middleName: guardian.middleName,
      email: guardian.email,
      role: guardian.role,
      username: guardian.username,
      identifier: '',
      sms: guardian.mobile,
      phone: guardian.homePhone,
      agents: guardian.isListingStudents ? guardian.studentIndexes.map(studentSourcedId).join(',') : '',
      grades: '',
      preferredGivenName: '',
      orgIds: guardian.schoolIndexes.map(schoolId),
    });
    await Promise.all([users.flush(), roles.flush()]);
  }
  stats['users.csv'] = await users.close();
  stats['roles.csv'] = await roles.close();
  stats['classes.csv'] = await classes.close();
  stats['enrollments.csv'] = await enrollments.close();
  await small('manifest.csv', ['propertyName', 'value'], (file) =>
    writeManifestRows(file, '1.2', bulkFiles12, manifestFiles12),
  );
  return stats;
}

/**
 * A staff member's roles.csv role. 1.2 has no plain `administrator` (roles.csv role is aide,
 * counselor, districtAdministrator, guardian, parent, principal, proctor, relative,
 * siteAdministrator, student, systemAdministrator or teacher): district-office staff are
 * `districtAdministrator`, a school's principal `principal`, its other administrators
 * (assistant principals) `siteAdministrator`. Teachers and aides keep their 1.1 word.
 */
function roleOfStaff12(member: StaffRecord, isDistrictLevel: boolean): string {
  if (member.role !== 'administrator') return member.role;
  if (isDistrictLevel) return 'districtAdministrator';
  return member.title === 'Principal' ? 'principal' : 'siteAdministrator';
}
