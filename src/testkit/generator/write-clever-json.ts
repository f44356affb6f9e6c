import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { openBufferedFile, type BufferedFile } from './buffered-file.ts';
import { cleverGrade, homeroomSubject, subjects } from './course-catalog.ts';
import { describeStaff } from './describe-staff.ts';
import type {
  DistrictPlan,
  FileStats,
  GuardianRecord,
  StaffRecord,
  StudentRecord,
} from './district-model.ts';
import { cleverId, schoolYearSourcedId, semesterSourcedId } from './entity-ids.ts';
import type { DistrictDay } from './generate-district.ts';
import { exportTimestamp, schoolYearRange, semesterRange } from './school-calendar.ts';

/**
 * Writes the data file of a fake Clever server: `{"districts","schools","users","sections",
 * "terms","courses","events"}`, each an array of plain Clever Data API v3 objects (what
 * `/v3.0/users` returns under `data[].data`). Users carry `roles.student`, `roles.teacher`,
 * `roles.staff` (aides, school administrators), `roles.district_admin` or `roles.contact`
 * (guardians, with `student_relationships` and the full name in `name.last`, as Clever sends
 * it). Sections list `students`, `teachers` and the primary `teacher`; Clever has no aides.
 * Streams like the CSV writers: sections wait in a side file until the users are written.
 */
export async function writeCleverJson(
  district: DistrictDay,
  dir: string,
): Promise<Record<string, FileStats>> {
  const { plan } = district;
  const now = exportTimestamp(plan.settings.seed, plan.settings.schoolYear, district.day);
  const created = exportTimestamp(plan.settings.seed, plan.settings.schoolYear, 0);
  const ids = cleverIds(plan);
  const stamp = { created, last_modified: now };
  const main = await openBufferedFile(path.join(dir, 'clever.json'));
  const sectionsPath = path.join(dir, 'clever-sections.json.partial');
  const sectionFile = await openBufferedFile(sectionsPath);
  const counts = { districts: 1, schools: plan.schools.length, users: 0, sections: 0, terms: 3, courses: 0 };

  main.append(`{"districts":[\n${JSON.stringify(districtObject(plan, ids.district, now))}\n],"schools":[\n`);
  main.append(
    plan.schools.map((school) => JSON.stringify(schoolObject(plan, school.index, ids, stamp))).join(',\n'),
  );
  main.append('\n],"users":[\n');
  const users = jsonArray(main);
  const sections = jsonArray(sectionFile);
  for (const { school, students, staff, sections: schoolSections } of district.schools()) {
    for (const student of students) users.add(studentObject(plan, student, ids, stamp));
    for (const member of staff) users.add(staffObject(plan, member, ids, stamp));
    for (const section of schoolSections) {
      sections.add({
        id: ids.section(school.index, section.seq),
        district: ids.district,
        school: ids.school(school.index),
        name: section.title,
        course: ids.course(school.index, section.subject.code, section.grade),
        subject: section.subject.cleverSubject,
        grade: cleverGrade(section.grade),
        period: section.period === 0 ? 'HR' : String(section.period),
        sis_id: section.sourcedId,
        section_number: String(section.seq),
        students: section.studentIndexes.map((index) => ids.user('student', index)),
        teachers: section.teacherIndexes.map((index) => ids.user('staff', index)),
        teacher: ids.user('staff', section.teacherIndexes[0] ?? 0),
        term_id: ids.term(0),
        ...stamp,
      });
    }
    await Promise.all([main.flush(), sectionFile.flush()]);
  }
  for (const member of district.districtStaff()) users.add(staffObject(plan, member, ids, stamp));
  for (const guardian of district.guardians()) {
    users.add(contactObject(guardian, ids, stamp));
    await main.flush();
  }
  counts.users = users.count;
  counts.sections = sections.count;
  await sectionFile.close();
  main.append('\n],"sections":[\n');
  await main.flush();
  for await (const chunk of createReadStream(sectionsPath, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    main.append(chunk as string);
    await main.flush();
  }
  await rm(sectionsPath);
  main.append('\n],"terms":[\n');
  main.append(
    termObjects(plan, ids, stamp)
      .map((term) => JSON.stringify(term))
      .join(',\n'),
  );
  main.append('\n],"courses":[\n');
  const courses = jsonArray(main);
  for (const school of plan.schools) {
    for (const grade of school.grades) {
      for (const subject of school.level === 'elementary' ? [homeroomSubject] : subjects) {
        courses.add({
          id: ids.course(school.index, subject.code, grade),
          district: ids.district,
          name: subject.title(grade),
          number: `${subject.code}${grade}`,
          ...stamp,
        });
      }
    }
    await main.flush();
  }
  counts.courses = courses.count;
  main.append('\n],"events":[]}\n');
  const bytes = await main.close();
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  return { 'clever.json': { rows, bytes } };
}

type Stamp = { created: string; last_modified: string };
type CleverIds = ReturnType<typeof cleverIds>;

function cleverIds(plan: DistrictPlan) {
  const prefix = plan.cleverPrefix;
  const subjectSlot = new Map([homeroomSubject, ...subjects].map((subject, i) => [subject.code, i]));
  return {
    district: cleverId(prefix, 'district', 0),
    school: (index: number) => cleverId(prefix, 'school', index),
    user: (kind: 'student' | 'staff' | 'guardian', index: number) => cleverId(prefix, kind, index),
    section: (school: number, seq: number) => cleverId(prefix, 'section', school * 2 ** 20 + seq),
    term: (term: number) => cleverId(prefix, 'term', term),
    course: (school: number, subjectCode: string, grade: string) =>
      cleverId(prefix, 'course', school * 1024 + (subjectSlot.get(subjectCode) ?? 0) * 32 + gradeSlot(grade)),
  };
}

function gradeSlot(grade: string): number {
  return grade === 'PK' ? 0 : grade === 'KG' ? 1 : Number(grade) + 1;
}

/** Writes the items of a JSON array one per line, separated by commas. */
function jsonArray(file: BufferedFile): { add(item: unknown): void; readonly count: number } {
  let count = 0;
  return {
    add(item) {
      file.append(count === 0 ? JSON.stringify(item) : `,\n${JSON.stringify(item)}`);
      count++;
    },
    get count() {
      return count;
    },
  };
}

function districtObject(plan: DistrictPlan, id: string, now: string) {
  return {
    id,
    name: plan.districtName,
    state: 'running',
    sis_type: 'sftp',
    last_sync: now,
    launch_date: `${plan.settings.schoolYear}-08-01`,
    login_methods: ['Clever Badges', 'Clever Passwords'],
  };
}

function schoolObject(plan: DistrictPlan, index: number, ids: CleverIds, stamp: Stamp) {
  const school = plan.schools[index]!;
  const principal = describeStaff(plan, school.adminStart, 0);
  return {
    id: ids.school(index),
    district: ids.district,
    name: school.name,
    sis_id: school.sourcedId,
    school_number: school.sourcedId,
    state_id: school.identifier,
    nces_id: school.identifier,
    low_grade: cleverGrade(school.grades[0]!),
    high_grade: cleverGrade(school.grades.at(-1)!),
    principal: { name: `${principal.givenName} ${principal.familyName}`, email: principal.email },
    location: {
      address: `${100 + index} School Street`,
      city: plan.districtName.split(' ')[0],
      state: 'NY',
      zip: '10001',
    },
    phone: '',
    ...stamp,
  };
}

function studentObject(plan: DistrictPlan, student: StudentRecord, ids: CleverIds, stamp: Stamp) {
  const [year, month, day] = student.birthDate.split('-');
  const gradeNumber = student.grade === 'PK' ? -1 : student.grade === 'KG' ? 0 : Number(student.grade);
  return {
    id: ids.user('student', student.index),
    district: ids.district,
    email: student.email,
    name: { first: student.givenName, last: student.familyName, middle: student.middleName },
    roles: {
      student: {
        credentials: { district_username: student.username },
        dob: `${Number(month)}/${Number(day)}/${year}`,
        grade: cleverGrade(student.grade),
        graduation_year: String(plan.settings.schoolYear + 13 - gradeNumber),
        school: ids.school(student.schoolIndex),
        schools: [ids.school(student.schoolIndex)],
        sis_id: student.sourcedId,
        state_id: String(300_000_000 + student.index),
        student_number: student.studentNumber,
        enrollments: [],
      },
    },
    ...stamp,
  };
}

function staffObject(plan: DistrictPlan, member: StaffRecord, ids: CleverIds, stamp: Stamp) {
  const schools = member.schoolIndexes.map((index) => ids.school(index));
  const credentials = { district_username: member.username };
  let roles: Record<string, unknown>;
  if (schools.length === 0) {
    roles = { district_admin: { title: member.title } };
  } else if (member.role === 'teacher') {
    roles = {
      teacher: {
        credentials,
        school: schools[0],
        schools,
        sis_id: member.sourcedId,
        teacher_number: member.sourcedId,
        title: member.title,
      },
    };
  } else {
    const department = member.role === 'aide' ? 'Special Education' : 'Administration';
    roles = { staff: { credentials, department, schools, staff_id: member.sourcedId, title: member.title } };
  }
  return {
    id: ids.user('staff', member.index),
    district: ids.district,
    email: member.email,
    name: { first: member.givenName, last: member.familyName, middle: member.middleName },
    roles,
    ...stamp,
  };
}

const cleverRelationships: Record<string, string> = {
  parent: 'Parent',
  guardian: 'Guardian',
  grandparent: 'Grandparent',
  relative: 'Aunt',
  other: 'Other',
};

function contactObject(guardian: GuardianRecord, ids: CleverIds, stamp: Stamp) {
  const isParent = guardian.role !== 'relative';
  const [phone, phoneType] =
    guardian.mobile !== ''
      ? [guardian.mobile, 'Cell']
      : guardian.homePhone !== ''
        ? [guardian.homePhone, 'Home']
        : ['', 'Other'];
  return {
    id: ids.user('guardian', guardian.index),
    district: ids.district,
    email: guardian.email,
    name: { last: `${guardian.givenName} ${guardian.familyName}` },
    roles: {
      contact: {
        phone,
        phone_type: phoneType,
        sis_id: guardian.hasSisId ? guardian.sourcedId : '',
        student_relationships: guardian.studentIndexes.map((student) => ({
          relationship: cleverRelationships[guardian.relationship] ?? 'Other',
          student: ids.user('student', student),
          type: isParent ? 'Parent/Guardian' : student % 2 === 0 ? 'Family' : 'Emergency',
        })),
      },
    },
    ...stamp,
  };
}

function termObjects(plan: DistrictPlan, ids: CleverIds, stamp: Stamp) {
  const { schoolYear } = plan.settings;
  const year = schoolYearRange(schoolYear);
  return [
    {
      id: ids.term(0),
      name: `${schoolYear}-${schoolYear + 1}`,
      ...year,
      sis_id: schoolYearSourcedId(schoolYear),
    },
    ...([1, 2] as const).map((semester) => ({
      id: ids.term(semester),
      name: semester === 1 ? `Fall ${schoolYear}` : `Spring ${schoolYear + 1}`,
      ...semesterRange(schoolYear, semester),
      sis_id: semesterSourcedId(schoolYear, semester),
    })),
  ].map(({ startDate, endDate, ...term }) => ({
    ...term,
    district: ids.district,
    start_date: startDate,
    end_date: endDate,
    ...stamp,
  }));
}
