import path from 'node:path';
import { quoteCsvField as q } from '../../csv/quote-csv-field.ts';
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

export const usersHeader11 = [
  'sourcedId',
  'status',
  'dateLastModified',
  'enabledUser',
  'orgSourcedIds',
  'role',
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
] as const;

/** Every file the OneRoster 1.1 CSV binding defines, as manifest.csv names them. */
const manifestFiles11 = [
  'academicSessions',
  'categories',
  'classes',
  'classResources',
  'courses',
  'courseResources',
  'demographics',
  'enrollments',
  'lineItems',
  'orgs',
  'resources',
  'results',
  'users',
];
const bulkFiles11 = ['academicSessions', 'classes', 'courses', 'enrollments', 'orgs', 'users'];

/**
 * Writes a OneRoster 1.1 CSV bundle into `dir`, streaming: users, classes and enrollments are
 * written school by school as the district day yields them, guardians last.
 */
export async function writeOneRoster11(
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

  const users = await open('users.csv', usersHeader11);
  const classes = await open('classes.csv', sharedHeaders.classes);
  const enrollments = await open('enrollments.csv', sharedHeaders.enrollments);
  const schoolId = (index: number): string => plan.schools[index]!.sourcedId;
  for (const { school, students, staff, sections } of district.schools()) {
    for (const student of students) {
      const agents = student.isListingGuardians
        ? student.guardianIndexes.map(guardianSourcedId).join(',')
        : '';
      users.line(
        `${student.sourcedId},${bulkStatus},${bulkDateLastModified},true,${school.sourcedId},student,${student.username},,` +
          `${names(student)},${student.studentNumber},${q(student.email)},,,${q(agents)},${student.grade},`,
      );
    }
    for (const member of staff) users.line(staffLine(member, member.schoolIndexes.map(schoolId).join(',')));
    for (const section of sections) {
      writeClassRow(classes, plan, school, section);
      writeEnrollmentRows(enrollments, plan, school, section);
    }
    await Promise.all([users.flush(), classes.flush(), enrollments.flush()]);
  }
  for (const member of district.districtStaff()) users.line(staffLine(member, plan.districtId));
  for (const guardian of district.guardians()) {
    const orgs = guardian.schoolIndexes.map(schoolId).join(',');
    const agents = guardian.isListingStudents ? guardian.studentIndexes.map(studentSourcedId).join(',') : '';
    users.line(
      `${guardian.sourcedId},${bulkStatus},${bulkDateLastModified},true,${q(orgs)},${guardian.role},` +
        `${guardian.username},,${names(guardian)},,` +
        `${q(guardian.email)},${guardian.mobile},${guardian.homePhone},${q(agents)},,`,
    );
    await users.flush();
  }
  stats['users.csv'] = await users.close();
  stats['classes.csv'] = await classes.close();
  stats['enrollments.csv'] = await enrollments.close();
  await small('manifest.csv', ['propertyName', 'value'], (file) =>
    writeManifestRows(file, '1.1', bulkFiles11, manifestFiles11),
  );
  return stats;
}

/** The users.csv line of a staff member; ids, enums and phones never need quoting. */
function staffLine(member: StaffRecord, orgs: string): string {
  return (
    `${member.sourcedId},${bulkStatus},${bulkDateLastModified},true,${q(orgs)},${member.role},` +
    `${member.username},,${names(member)},,` +
    `${q(member.email)},${member.mobile},${member.homePhone},,,`
  );
}

/** givenName,familyName,middleName, quoted as needed (apostrophes do not need it, quotes do). */
function names(person: PersonName): string {
  return `${q(person.givenName)},${q(person.familyName)},${q(person.middleName)}`;
}
