import { normalizeText } from '../../roster/normalize-text.ts';
import { ownString } from '../../roster/own-string.ts';
import type { SnapshotOrg } from '../../roster/snapshot.ts';
import type { BundleFile } from './open-bundle.ts';
import { orgsFile } from './oneroster-files.ts';
import { readCsvFile, type CsvFileResult } from './read-csv-file.ts';
import { isDeletedStatus, type ReadContext } from './read-context.ts';

/** Reads orgs.csv: the district, its schools and any other org kinds. */
export async function readOrgs(
  file: BundleFile,
  context: ReadContext,
): Promise<CsvFileResult<typeof orgsFile>> {
  const { snapshot, findings } = context;
  return readCsvFile(
    file,
    orgsFile,
    findings,
    {
      onRow(fields, line, c) {
        const sisId = ownString(fields[c.sourcedId]!);
        if (sisId === '') {
          findings.add({
            code: 'ID_MISSING',
            file: orgsFile.name,
            line,
            column: 'sourcedId',
            message: 'The org has no sourcedId; the row is skipped.',
          });
          return;
        }
        if (c.status >= 0 && isDeletedStatus(fields[c.status])) return;
        if (snapshot.orgs.has(sisId)) {
          findings.add({
            code: 'ID_DUPLICATE',
            file: orgsFile.name,
            line,
            column: 'sourcedId',
            sisId,
            message: `Org ${sisId} appears more than once in orgs.csv; only its first row is used.`,
          });
          return;
        }
        const type = fields[c.type]!.trim().toLowerCase();
        const org: SnapshotOrg = {
          sisId,
          name: normalizeText(fields[c.name]) ?? sisId,
          type: type === 'district' || type === 'school' ? type : 'other',
          parentSisId: c.parentSourcedId >= 0 ? normalizeText(fields[c.parentSourcedId]) : null,
        };
        snapshot.orgs.set(sisId, org);
      },
      onUnusableRow() {},
    },
    { entity: 'orgs', onBytesRead: context.onBytesRead },
  );
}
