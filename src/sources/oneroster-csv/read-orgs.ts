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
  const { snapshot } = context;
  return readCsvFile(
    file,
    orgsFile,
    context.check,
    {
      onRow(fields, _line, c) {
        // Rows without an id never get here; a repeated id (ID_DUPLICATE): the first row stands.
        const sisId = ownString(fields[c.sourcedId]!);
        if (c.status >= 0 && isDeletedStatus(fields[c.status])) return;
        if (snapshot.orgs.has(sisId)) return;
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
    { onBytesRead: context.onBytesRead },
  );
}
