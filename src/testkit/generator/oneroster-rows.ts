import { homeroomSubject, subjects } from './course-catalog.ts';
import type { CsvFile } from './csv-writer.ts';
import type { DistrictPlan, SchoolPlan, SectionRecord } from './district-model.ts';
import {
  courseSourcedId,
  schoolYearSourcedId,
  semesterSourcedId,
  staffSourcedId,
  studentSourcedId,
} from './entity-ids.ts';
import { joinDate, schoolYearRange, semesterRange } from './school-calendar.ts';

/**
 * Rows the OneRoster 1.1 and 1.2 CSV bindings share: orgs, academic sessions, courses,
 * classes and enrollments have the same columns in both versions.
 */
export const sharedHeaders = {
  orgs: ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'],
  academicSessions: [
    'sourcedId',
    'status',
    'dateLastModified',
    'title',
    'type',
    'startDate',
    'endDate',
    'parentSourcedId',
    'schoolYear',
  ],
  courses: [
    'sourcedId',
    'status',
    'dateLastModified',
    'schoolYearSourcedId',
    'title',
    'courseCode',
    'grades',
    'orgSourcedId',
    'subjects',
    'subjectCodes',
  ],
  classes: [
    'sourcedId',
    'status',
    'dateLastModified',
    'title',
    'grades',
    'courseSourcedId',
    'classCode',
    'classType',
    'location',
    'schoolSourcedId',
    'termSourcedIds',
    'subjects',
    'subjectCodes',
    'periods',
  ],
  enrollments: [
    'sourcedId',
    'status',
    'dateLastModified',
    'classSourcedId',
    'schoolSourcedId',
    'userSourcedId',
    'role',
    'primary',
    'beginDate',
    'endDate',
  ],
} as const;

/**
 * `status` and `dateLastModified` of every row, both empty. The generator writes bulk files
 * only (manifest.csv says `bulk`), and OneRoster leaves the two blank in bulk: 1.1 "MUST NOT be
 * used for the Bulk mode", 1.2.1 §3 "must be blank for Bulk processing". A bulk file lists
 * every active record, so a row needs neither; the columns stay in the header all the same.
 */
export const bulkStatus = '';
export const bulkDateLastModified = '';

export function writeOrgRows(file: CsvFile, plan: DistrictPlan): void {
  file.row([plan.districtId, bulkStatus, bulkDateLastModified, plan.districtName, 'district', '', '']);
  for (const school of plan.schools) {
    file.row([
      school.sourcedId,
      bulkStatus,
      bulkDateLastModified,
      school.name,
      'school',
      school.identifier,
      plan.districtId,
    ]);
  }
}

/** The school year and its two semesters. */
export function writeAcademicSessionRows(file: CsvFile, plan: DistrictPlan): void {
  const { schoolYear } = plan.settings;
  const yearId = schoolYearSourcedId(schoolYear);
  const endingYear = String(schoolYear + 1);
  const year = schoolYearRange(schoolYear);
  file.row([
    yearId,
    bulkStatus,
    bulkDateLastModified,
    `${schoolYear}-${schoolYear + 1}`,
    'schoolYear',
    year.startDate,
    year.endDate,
    '',
    endingYear,
  ]);
  for (const semester of [1, 2] as const) {
    const range = semesterRange(schoolYear, semester);
    const title = semester === 1 ? `Fall ${schoolYear}` : `Spring ${schoolYear + 1}`;
    const id = semesterSourcedId(schoolYear, semester);
    file.row([
      id,
      bulkStatus,
      bulkDateLastModified,
      title,
      'semester',
      range.startDate,
      range.endDate,
      yearId,
      endingYear,
    ]);
  }
}

/** Every course a school can have: a homeroom per elementary grade, each subject per secondary grade. */
export function writeCourseRows(file: CsvFile, plan: DistrictPlan): void {
  const yearId = schoolYearSourcedId(plan.settings.schoolYear);
  for (const school of plan.schools) {
    const schoolSubjects = school.level === 'elementary' ? [homeroomSubject] : subjects;
    for (const grade of school.grades) {
      for (const subject of schoolSubjects) {
        file.row([
          courseSourcedId(school.sourcedId, subject.code, grade),
          bulkStatus,
          bulkDateLastModified,
          yearId,
          subject.title(grade),
          `${subject.code}${grade}`,
          grade,
          school.sourcedId,
          subject.name,
          subject.scedCode,
        ]);
      }
    }
  }
}

export function writeClassRow(
  file: CsvFile,
  plan: DistrictPlan,
  school: SchoolPlan,
  section: SectionRecord,
): void {
  file.row([
    section.sourcedId,
    bulkStatus,
    bulkDateLastModified,
    section.title,
    section.grade,
    section.courseId,
    section.classCode,
    section.period === 0 ? 'homeroom' : 'scheduled',
    section.location,
    school.sourcedId,
    schoolYearSourcedId(plan.settings.schoolYear),
    section.subject.name,
    section.subject.scedCode,
    section.period === 0 ? '' : String(section.period),
  ]);
}

/**
 * A class's enrollments: primary teacher (`primary` true, the only one of the class),
 * co-teachers, aides, students. Neither OneRoster 1.1 nor 1.2 has an `aide` enrollment role
 * (administrator | proctor | student | teacher), so aides are enrolled as `proctor`, though
 * users.csv (1.1) and roles.csv (1.2) call them `aide`.
 */
export function writeEnrollmentRows(
  file: CsvFile,
  plan: DistrictPlan,
  school: SchoolPlan,
  section: SectionRecord,
): void {
  const { seed, schoolYear } = plan.settings;
  const endDate = schoolYearRange(schoolYear).endDate;
  const classId = section.sourcedId;
  const schoolId = school.sourcedId;
  const classBegins = joinDate(seed, schoolYear, section.createdDay);
  // Enrollment ids are `${classId}-${userId}` (see enrollmentSourcedId), built inline here.
  // Every field here is an id, an enum or a date: nothing to quote.
  const prefix = `,${bulkStatus},${bulkDateLastModified},${classId},${schoolId},`;
  const suffix = `,${endDate}`;
  section.teacherIndexes.forEach((teacher, i) => {
    const userId = staffSourcedId(teacher, 'teacher');
    const primary = i === 0 ? 'true' : 'false';
    file.line(`${classId}-${userId}${prefix}${userId},teacher,${primary},${classBegins}${suffix}`);
  });
  for (const aide of section.aideIndexes) {
    const userId = staffSourcedId(aide, 'aide');
    file.line(`${classId}-${userId}${prefix}${userId},proctor,false,${classBegins}${suffix}`);
  }
  const { studentIndexes, studentJoinDays } = section;
  for (let i = 0; i < studentIndexes.length; i++) {
    const userId = studentSourcedId(studentIndexes[i]!);
    const begins = studentJoinDays[i] === 0 ? classBegins : joinDate(seed, schoolYear, studentJoinDays[i]!);
    file.line(`${classId}-${userId}${prefix}${userId},student,false,${begins}${suffix}`);
  }
}

/** manifest.csv: versions, the mode of every file the binding defines, and the source. */
export function writeManifestRows(
  file: CsvFile,
  oneRosterVersion: '1.1' | '1.2',
  bulkFiles: readonly string[],
  allFiles: readonly string[],
): void {
  file.row(['manifest.version', '1.0']);
  file.row(['oneroster.version', oneRosterVersion]);
  for (const name of allFiles) file.row([`file.${name}`, bulkFiles.includes(name) ? 'bulk' : 'absent']);
  file.row(['source.systemName', 'rostersync-generator']);
  file.row(['source.systemCode', 'rostersync-generator-1']);
}
