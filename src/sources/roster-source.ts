import type { CountryCode } from 'libphonenumber-js';
import type { FindingLog } from '../findings/finding-log.ts';
import type { Snapshot } from '../roster/snapshot.ts';
import type { SyncSettings } from '../sync/sync-settings.ts';

/** What a source needs for one read. */
export interface SourceReadContext {
  /** The source's own options from the sync config (a bundle path, credentials…). */
  options: Readonly<Record<string, unknown>>;
  /** The config's settings (a Clever read applies its contact filters and school scope). */
  settings: SyncSettings;
  findings: FindingLog;
  phoneRegion: CountryCode;
  /** Today in the district's time zone (YYYY-MM-DD). */
  today: string;
  /** When the run started. */
  now: Date;
  /**
   * What this source saved for the config after its last applied run (`{}` at first): a
   * Clever config's newest event id and when it last read everything. The source owns its
   * shape and must treat anything it cannot use as "no state".
   */
  state: Readonly<Record<string, unknown>>;
  /**
   * Hands over the state to keep for the next run. The run stores it only when it applies its
   * changes (succeeded, with warnings, or held); a dry run or a failure keeps the old state,
   * so the next run reads from where the last applied one left off.
   */
  saveState?: (state: Record<string, unknown>) => void;
  progress?: SourceProgress;
}

/** Progress of a read, in bytes (files) or records (APIs). */
export interface SourceProgress {
  setTotal(total: number): void;
  advance(amount: number): void;
}

/**
 * The port every roster source implements: read the source into a source-neutral snapshot,
 * reporting what it noticed as findings. `null` means the input could not be used at all
 * (the findings say why) and the run fails without changing anything.
 */
export interface RosterSource {
  readonly kind: string;
  /** The source options a config of this kind takes (`config create --set key=value`). */
  readonly optionKeys: readonly string[];
  /** Those among them that are secrets: stored encrypted, never printed or logged. */
  readonly secretOptionKeys: readonly string[];
  /** Checks the source options of a new config; returns a problem or null. */
  checkOptions(options: Readonly<Record<string, unknown>>): string | null;
  read(context: SourceReadContext): Promise<Snapshot | null>;
}

/**
 * The source refused the config's credentials (SPEC §5 step 2): the run ends
 * `failed_credentials` and changes nothing. The message never carries a secret.
 */
export class SourceCredentialsError extends Error {
  readonly code = 'SOURCE_CREDENTIALS_REJECTED';
}
