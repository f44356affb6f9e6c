import type { CountryCode } from 'libphonenumber-js';
import type { FindingLog } from '../../findings/finding-log.ts';
import type { Snapshot } from '../../roster/snapshot.ts';
import type { BundleCheck } from '../../validate/bundle-check.ts';

/** What every file reader of one bundle shares. */
export interface ReadContext {
  snapshot: Snapshot;
  findings: FindingLog;
  /** The bundle's validation, through which every file is read (`readCsvFile`). */
  check: BundleCheck;
  /** Region phone numbers without a country code are read in. */
  phoneRegion: CountryCode;
  /** Today in the district's time zone (YYYY-MM-DD): enrollments that ended before it are past. */
  today: string;
  /** Called as bytes of any file are read, for progress bars. */
  onBytesRead?: (bytes: number) => void;
}

/** Bulk rows marked for deletion are not part of the roster (`inactive` is the 1.0 word). */
export function isDeletedStatus(status: string | undefined): boolean {
  if (!status) return false;
  const value = status.trim().toLowerCase();
  return value === 'tobedeleted' || value === 'inactive';
}
