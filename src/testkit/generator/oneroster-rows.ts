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

/** Bulk rows are written `active`; `dateLastModified` is the day's fixed export time. */
const active = 'active';

export function writeOrgRows(file: CsvFile, plan: DistrictPlan, timestamp: string): void {
  file.row([plan.districtId, active, timestamp, plan.districtName, 'district', '', '']);
  for (const school of plan.schools) {
    file.row([
      school.sourcedId,
      active,
      timestamp,
      school.name,
      'school',
      school.identifier,
      plan.districtId,
    ]);
  }
}

/** The school year and its two semesters. */
export function writeAcademicSessionRows(file: CsvFile, plan: DistrictPlan, timestamp: string): void {
  const { schoolYear } = plan.settings;
  const yearId = schoolYearSourcedId(schoolYear);
  const endingYear = String(schoolYear + 1);
  const year = schoolYearRange(schoolYear);
  file.row([
    yearId,
    active,
    timestamp,
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
    file.row([id, active, timestamp, title, 'semester', range.startDate, range.endDate, yearId, endingYear]);
  }
}

/** Every course a school can have: a homeroom per elementary grade, each subject per secondary grade. */
export function writeCourseRows(file: CsvFile, plan: DistrictPlan, timestamp: string): void {
  const yearId = schoolYearSourcedId(plan.settings.schoolYear);
  for (const school of plan.schools) {
    const schoolSubjects = school.level === 'elementary' ? [homeroomSubject] : subjects;
    for (const grade of school.grades) {
      for (const subject of schoolSubjects) {
        file.row([
          courseSourcedId(school.sourcedId, subject.code, grade),
          active,
          timestamp,
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
  timestamp: string,
): void {
  file.row([
    section.sourcedId,
    active,
    timestamp,
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
 * A class's enrollments: primary teacher (`primary` true), co-teachers, aides, students.
 * OneRoster 1.2 has no `aide` enrollment role (administrator | proctor | student | teacher),
 * so 1.2 writes aides as `proctor`.
 */
export function writeEnrollmentRows(
  file: CsvFile,
  plan: DistrictPlan,
  school: SchoolPlan,
  section: SectionRecord,
  timestamp: string,
  aideRole: 'aide' | 'proctor',
): void {
  const { seed, schoolYear } = plan.settings;
  const endDate = schoolYearRange(schoolYear).endDate;
  const classId = section.sourcedId;
  const schoolId = school.sourcedId;
  const classBegins = joinDate(seed, schoolYear, section.createdDay);
  // Enrollment ids are `${classId}-${userId}` (see enrollmentSourcedId), built inline here.
  // Every field here is an id, an enum or a date: nothing to quote.
  const prefix = `,active,${timestamp},${classId},${schoolId},`;
  const suffix = `,${endDate}`;
  section.teacherIndexes.forEach((teacher, i) => {
    const userId = staffSourcedId(teacher, 'teacher');
    const primary = i === 0 ? 'true' : 'false';
    file.line(`${classId}-${userId}${prefix}${userId},teacher,${primary},${classBegins}${suffix}`);
  });
  for (const aide of section.aideIndexes) {
    const userId = staffSourcedId(aide, 'aide');
    file.line(`${classId}-${userId}${prefix}${userId},${aideRole},false,${classBegins}${suffix}`);
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
