import { decodeText } from '../csv/decode-text.ts';
import { openBundle } from '../sources/oneroster-csv/open-bundle.ts';
import { readCsvRows } from '../csv/read-csv-rows.ts';

/**
 * The schools (orgs of type `school`) of a OneRoster bundle, so the demo and the benchmark can
 * create one directory school per source school, tied by its School ID.
 */
export async function readBundleSchools(bundlePath: string): Promise<{ sisId: string; name: string }[]> {
  const bundle = await openBundle(bundlePath);
  try {
    const orgs = bundle.files.get('orgs.csv');
    if (!orgs) return [];
    const schools: { sisId: string; name: string }[] = [];
    let header: string[] | null = null;
    for await (const batch of readCsvRows(decodeText(await orgs.open(), { onEncoding() {} }))) {
      for (const entry of batch) {
        if (entry.kind !== 'row') continue;
        if (!header) {
          header = entry.fields;
          continue;
        }
        const columns = header;
        const field = (name: string): string => entry.fields[columns.indexOf(name)] ?? '';
        if (field('type') === 'school') schools.push({ sisId: field('sourcedId'), name: field('name') });
      }
    }
    return schools;
  } finally {
    bundle.close();
  }
}
