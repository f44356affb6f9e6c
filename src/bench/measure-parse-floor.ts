import { decodeText } from '../csv/decode-text.ts';
import { openBundle } from '../sources/oneroster-csv/open-bundle.ts';
import { readCsvRows } from '../csv/read-csv-rows.ts';

/**
 * The parse floor: stream and tokenise every CSV file of the bundle with the reader the sync
 * uses, and do nothing else. No run can read the input faster than this.
 */
export async function measureParseFloor(bundlePath: string): Promise<{ seconds: number; rows: number }> {
  const started = performance.now();
  const bundle = await openBundle(bundlePath);
  let rows = 0;
  try {
    for (const [name, file] of bundle.files) {
      if (!name.endsWith('.csv')) continue;
      for await (const batch of readCsvRows(decodeText(await file.open(), { onEncoding() {} })))
        rows += batch.length;
    }
  } finally {
    bundle.close();
  }
  return { seconds: (performance.now() - started) / 1000, rows };
}
