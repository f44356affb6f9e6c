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
  const { snapshot } = context;
  const fileName = classesFile.name;
  const markClassesPartial = (reason: string): void => {
    markPartial(snapshot, 'classrooms', reason);
    markPartial(snapshot, 'memberships', reason);
  };
  return readCsvFile(
    file,
    classesFile,
    context.check,
    {
      onRow(fields, line, c) {
        // The validator has reported every format problem; rows without an id never get here.
        const sisId = ownString(fields[c.sourcedId]!);
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
        // A repeated id (reported as ID_DUPLICATE): the first row stands.
        if (snapshot.classes.has(sisId) || snapshot.unreadable.classes.has(sisId)) return;
        const schoolSisId = ownString(fields[c.schoolSourcedId]!.trim());
        // No school (VALUE_REQUIRED): the class cannot be placed, so it is left as it is.
        if (schoolSisId === '') {
          snapshot.unreadable.classes.add(sisId);
          return;
        }
        let classType: SnapshotClass['classType'] = null;
        if (c.classType >= 0) {
          // Any other value was reported (VALUE_ENUM) and is ignored.
          const lower = fields[c.classType]!.trim().toLowerCase();
          if (lower === 'homeroom' || lower === 'scheduled') classType = lower;
        }
        const grades: string[] = [];
        if (c.grades >= 0) {
          for (const raw of splitList(fields[c.grades])) {
            // A grade that is not CEDS was reported (GRADE_INVALID) and is ignored.
            const grade = normalizeGrade(raw);
            if ('value' in grade && grade.value) grades.push(grade.value);
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
    { onBytesRead: context.onBytesRead },
  );
}
