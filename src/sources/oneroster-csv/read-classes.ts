import { normalizeGrade } from '../../roster/normalize-grade.ts';
import { normalizeText } from '../../roster/normalize-text.ts';
import { ownString } from '../../roster/own-string.ts';
import { markPartial, type SnapshotClass } from '../../roster/snapshot.ts';
import { splitList } from '../../roster/split-list.ts';
import type { BundleFile } from './open-bundle.ts';
import { classesFile } from './oneroster-files.ts';
import { readCsvFile, type CsvFileResult } from './read-csv-file.ts';
import type { ReadContext } from './read-context.ts';
import { readRowStatus } from './read-row-status.ts';

/** Reads classes.csv into the snapshot's classes. */
export async function readClasses(
  file: BundleFile,
  context: ReadContext,
): Promise<CsvFileResult<typeof classesFile>> {
  const { snapshot, findings } = context;
  const fileName = classesFile.name;
  const markClassesPartial = (reason: string): void => {
    markPartial(snapshot, 'classrooms', reason);
    markPartial(snapshot, 'memberships', reason);
  };
  return readCsvFile(
    file,
    classesFile,
    findings,
    {
      onRow(fields, line, c) {
        const sisId = ownString(fields[c.sourcedId]!);
        if (sisId === '') {
          findings.add({
            code: 'ID_MISSING',
            file: fileName,
            line,
            column: 'sourcedId',
            message: 'The class has no sourcedId; the row is skipped.',
          });
          markClassesPartial('a classes.csv row has no sourcedId');
          return;
        }
        const status = readRowStatus(
          'classes',
          c.status >= 0 ? fields[c.status] : undefined,
          () => ({
            key: sisId,
            isPresent: snapshot.classes.has(sisId) || snapshot.unreadable.classes.has(sisId),
            file: fileName,
            line,
            label: `class ${sisId}`,
            sisId,
          }),
          context,
        );
        if (status === 'deleted') return;
        if (snapshot.classes.has(sisId) || snapshot.unreadable.classes.has(sisId)) {
          findings.add({
            code: 'ID_DUPLICATE',
            file: fileName,
            line,
            column: 'sourcedId',
            sisId,
            message: `Class ${sisId} appears more than once in classes.csv; only its first row is used.`,
          });
          return;
        }
        const schoolSisId = ownString(fields[c.schoolSourcedId]!.trim());
        if (schoolSisId === '') {
          findings.add({
            code: 'REFERENCE_UNKNOWN',
            file: fileName,
            line,
            column: 'schoolSourcedId',
            sisId,
            message: `Class ${sisId} has no schoolSourcedId; it is left as it is.`,
          });
          snapshot.unreadable.classes.add(sisId);
          return;
        }
        let classType: SnapshotClass['classType'] = null;
        if (c.classType >= 0) {
          const raw = fields[c.classType]!.trim();
          const lower = raw.toLowerCase();
          if (lower === 'homeroom' || lower === 'scheduled') {
            classType = lower;
          } else if (raw !== '') {
            findings.add({
              code: 'VALUE_INVALID',
              file: fileName,
              line,
              column: 'classType',
              sisId,
              value: raw.slice(0, 100),
              message: `classType "${raw.slice(0, 100)}" of class ${sisId} is neither homeroom nor scheduled; it is ignored.`,
            });
          }
        }
        const grades: string[] = [];
        if (c.grades >= 0) {
          for (const raw of splitList(fields[c.grades])) {
            const grade = normalizeGrade(raw);
            if ('value' in grade) {
              if (grade.value) grades.push(grade.value);
            } else {
              findings.add({
                code: 'GRADE_INVALID',
                file: fileName,
                line,
                column: 'grades',
                sisId,
                value: grade.invalid.slice(0, 100),
                message: `Grade "${grade.invalid.slice(0, 100)}" of class ${sisId} is not a CEDS grade; it is ignored.`,
              });
            }
          }
        }
        const title = normalizeText(fields[c.title]);
        const klass: SnapshotClass = {
          sisId,
          title: title ?? sisId,
          schoolSisId,
          grades,
          subjects: c.subjects >= 0 ? splitList(fields[c.subjects]) : [],
          periods: c.periods >= 0 ? splitList(fields[c.periods]) : [],
          classType,
          classCode: c.classCode >= 0 ? normalizeText(fields[c.classCode]) : null,
          location: c.location >= 0 ? normalizeText(fields[c.location]) : null,
          courseSisId: c.courseSourcedId >= 0 ? normalizeText(fields[c.courseSourcedId]) : null,
          termSisIds: c.termSourcedIds >= 0 ? splitList(fields[c.termSourcedIds]) : [],
        };
        snapshot.classes.set(sisId, klass);
      },
      onUnusableRow(sisId) {
        if (sisId) snapshot.unreadable.classes.add(sisId);
        else markClassesPartial('a classes.csv row could not be read');
      },
    },
    { entity: 'classrooms', onBytesRead: context.onBytesRead },
  );
}
