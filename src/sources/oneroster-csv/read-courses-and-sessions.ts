import { normalizeText } from '../../roster/normalize-text.ts';
import type { BundleFile } from './open-bundle.ts';
import { academicSessionsFile, coursesFile } from './oneroster-files.ts';
import { readCsvFile } from './read-csv-file.ts';
import { isDeletedStatus, type ReadContext } from './read-context.ts';

/** Reads courses.csv: titles the classroom filters and reports name classes by. */
export async function readCourses(file: BundleFile, context: ReadContext): Promise<void> {
  const { courses } = context.snapshot;
  await readCsvFile(
    file,
    coursesFile,
    context.check,
    {
      onRow(fields, _line, c) {
        const sisId = fields[c.sourcedId]!;
        if (sisId === '' || courses.has(sisId) || (c.status >= 0 && isDeletedStatus(fields[c.status])))
          return;
        courses.set(sisId, { sisId, title: normalizeText(fields[c.title]) ?? sisId });
      },
      onUnusableRow() {},
    },
    { onBytesRead: context.onBytesRead },
  );
}

/** Reads academicSessions.csv: the terms classes run in. */
export async function readAcademicSessions(file: BundleFile, context: ReadContext): Promise<void> {
  const { academicSessions } = context.snapshot;
  await readCsvFile(
    file,
    academicSessionsFile,
    context.check,
    {
      onRow(fields, _line, c) {
        const sisId = fields[c.sourcedId]!;
        if (
          sisId === '' ||
          academicSessions.has(sisId) ||
          (c.status >= 0 && isDeletedStatus(fields[c.status]))
        ) {
          return;
        }
        academicSessions.set(sisId, {
          sisId,
          title: normalizeText(fields[c.title]) ?? sisId,
          type: fields[c.type]!.trim(),
        });
      },
      onUnusableRow() {},
    },
    { onBytesRead: context.onBytesRead },
  );
}
