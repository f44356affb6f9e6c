import { describeStaff } from './describe-staff.ts';
import type { DistrictPlan, SchoolPlan, SectionRecord } from './district-model.ts';
import { classSourcedId, courseSourcedId } from './entity-ids.ts';
import type { SectionState } from './school-state.ts';

/**
 * The class as writers see it: ids, title, code and room. The title carries the primary
 * teacher's day-0 surname ("Algebra I (P3) - O'Brien"), as SIS titles often do, and stays
 * the same when the teacher is renamed later.
 */
export function toSectionRecord(
  plan: DistrictPlan,
  school: SchoolPlan,
  section: SectionState,
): SectionRecord {
  const grade = school.grades[section.grade]!;
  const { subject, period, seq } = section;
  const primary = section.teachers[0];
  const teacherName = primary === undefined ? 'Staff' : describeStaff(plan, primary, 0).familyName;
  const courseTitle = subject.title(grade);
  return {
    seq,
    sourcedId: classSourcedId(school.sourcedId, seq),
    schoolIndex: school.index,
    grade,
    period,
    subject,
    courseId: courseSourcedId(school.sourcedId, subject.code, grade),
    title: period === 0 ? `${courseTitle} - ${teacherName}` : `${courseTitle} (P${period}) - ${teacherName}`,
    classCode: period === 0 ? `${subject.code}${grade}-${seq}` : `${subject.code}${grade}-P${period}-${seq}`,
    location: `Room ${100 + (seq % 300)}`,
    teacherIndexes: section.teachers,
    aideIndexes: section.aides,
    studentIndexes: section.members,
    studentJoinDays: section.joinDays,
    createdDay: section.createdDay,
  };
}
