import type { FindingLog, NewFinding } from '../findings/finding-log.ts';
import type { CsvFileBinding, OneRosterVersion, RecordFile } from '../oneroster/csv-binding.ts';
import { ownString } from '../roster/own-string.ts';
import { DataRules } from './data-rules.ts';
import { FileChecker } from './file-checker.ts';
import { GrowableUint32 } from './growable-uint32.ts';
import { IdTable, idHash } from './id-table.ts';
import { syncReadsOf } from './sync-reads.ts';
import type { ValidationLevel } from './validation-level.ts';

/** How manifest.csv says a file is sent. */
export type FileMode = 'bulk' | 'delta';

export interface BundleCheckOptions {
  level: ValidationLevel;
  findings: FindingLog;
  version: OneRosterVersion;
  /** Lower-cased names of the files the bundle holds. */
  present: ReadonlySet<string>;
  /** Mode per lower-cased file name; files the manifest does not name are bulk. */
  modes: ReadonlyMap<string, FileMode>;
}

interface PendingReference {
  target: RecordFile;
  id: string;
  file: string;
  line: number;
  column: string;
}

/** A reference from a file to a record of its own that the file turned out not to have. */
export interface DanglingSelfReference {
  column: string;
  line: number;
  /** The hash of the id (`idHash`); the id itself is read again from the line. */
  hi: number;
  lo: number;
}

/**
 * References of a file to records of its own (agentSourcedIds, parentSourcedId), waiting for
 * the file to end, as hashes in typed arrays: a big district has millions of them, and
 * strings would cost ~50 bytes each and the garbage collector's time. The few that turn out
 * dangling are read again for their value (`checkCsvFile`).
 */
export class SelfChannel {
  readonly his = new GrowableUint32();
  readonly los = new GrowableUint32();
  readonly lines = new GrowableUint32();

  add(id: string, line: number): void {
    idHash.of(id);
    this.addHash(idHash.hi, idHash.lo, line);
  }

  addHash(hi: number, lo: number, line: number): void {
    this.his.push(hi);
    this.los.push(lo);
    this.lines.push(line);
  }
}

/** How many dangling self-references are read again for their value; the rest are counted. */
const maxRecoveredReferences = 1000;

/**
 * References from one column of one file to another file that wait for it to end, as
 * parallel arrays.
 */
interface PendingChannel {
  target: RecordFile;
  file: string;
  column: string;
  ids: string[];
  lines: number[];
}

/**
 * The validation of one bundle across its files: every file's checker reports into it, it
 * keeps the ids each file declares and checks the references between files. A reference to a
 * file already read is checked at once; one to a file not read yet (or to the same file) waits
 * until that file ends. Files are read in the order of `fileOrder`, which puts the files most
 * rows refer to (orgs, classes, users) before the big ones that refer to them (enrollments).
 */
export class BundleCheck {
  readonly level: ValidationLevel;
  readonly version: OneRosterVersion;
  readonly findings: FindingLog;
  readonly rules: DataRules;
  private readonly present: ReadonlySet<string>;
  private readonly modes: ReadonlyMap<string, FileMode>;
  private readonly ids = new Map<RecordFile, IdTable>();
  /** The ids of files read to the end, which references are checked against at once. */
  private readonly ended = new Map<RecordFile, IdTable>();
  /** Files present but unreadable (no usable header): references to them cannot be judged. */
  private readonly unjudgeable = new Set<RecordFile>();
  private pending = new Map<string, PendingChannel>();
  /** The file being read's references to itself, by column. */
  private selfPending = new Map<string, SelfChannel>();
  /** Record kinds checked elsewhere (another thread): references to them wait as hashes. */
  private readonly deferredTargets = new Set<RecordFile>();
  /** References to a deferred target, by `file column`, with the target they wait for. */
  private readonly deferred = new Map<
    string,
    { target: RecordFile; file: string; column: string; channel: SelfChannel }
  >();
  /** `file column target` of references to files the bundle lacks, reported once each. */
  private readonly absentTargets = new Set<string>();

  constructor(options: BundleCheckOptions) {
    this.level = options.level;
    this.version = options.version;
    this.findings = options.findings;
    this.present = options.present;
    this.modes = options.modes;
    this.rules = new DataRules(this);
  }

  report(finding: NewFinding): void {
    this.findings.add(finding);
  }

  /** bulk or delta per lower-cased file name, as the manifest declares them. */
  get fileModes(): ReadonlyMap<string, FileMode> {
    return this.modes;
  }

  modeOf(fileName: string): FileMode {
    return this.modes.get(fileName.toLowerCase()) ?? 'bulk';
  }

  /** A checker for one file of the bundle; call its `end()` when the file has been read. */
  fileChecker(binding: CsvFileBinding): FileChecker {
    return new FileChecker(binding, this, syncReadsOf(this.version, binding.file));
  }

  /**
   * The ids of a record file, when this level keeps them: always for the files the sync
   * reads, for every file at conformance. Enrollment ids are not kept at accept level (the
   * sync does not use them, and a big district has ten million).
   */
  idsOf(record: RecordFile, expectedIds?: number): IdTable | null {
    const isKept =
      this.level === 'conformance' ||
      (record !== 'enrollments' && syncReadsOf(this.version, `${record}.csv`) !== null);
    if (!isKept) return null;
    let table = this.ids.get(record);
    if (!table) {
      table = new IdTable(expectedIds);
      this.ids.set(record, table);
    }
    return table;
  }

  /** The ids of a file read to the end (references to it are checked at once), else null. */
  endedIdsOf(target: RecordFile): IdTable | null {
    return this.ended.get(target) ?? null;
  }

  /** Uses ids checked elsewhere (another thread) as a file read to the end. */
  installEnded(record: RecordFile, table: IdTable): void {
    this.ids.set(record, table);
    this.ended.set(record, table);
  }

  /** The ids of a record file read to the end, to hand to another thread. */
  endedTables(): [RecordFile, IdTable][] {
    return [...this.ended];
  }

  /** Marks a record kind as checked elsewhere: references to it wait as hashes until `settleDeferred`. */
  deferTarget(record: RecordFile): void {
    this.deferredTargets.add(record);
  }

  /** Where references of `file`'s `column` to a deferred target wait, or null if it is not deferred. */
  deferredReferencesOf(target: RecordFile, file: string, column: string): SelfChannel | null {
    if (!this.deferredTargets.has(target)) return null;
    const key = `${file} ${column}`;
    let entry = this.deferred.get(key);
    if (!entry) {
      entry = { target, file, column, channel: new SelfChannel() };
      this.deferred.set(key, entry);
    }
    return entry.channel;
  }

  /**
   * The ids of a deferred target have arrived: references to it are checked. Returns the
   * dangling ones by file, for the caller to read their values again.
   */
  settleDeferred(record: RecordFile, table: IdTable): Map<string, DanglingSelfReference[]> {
    this.deferredTargets.delete(record);
    this.installEnded(record, table);
    const dangling = new Map<string, DanglingSelfReference[]>();
    for (const [key, { target, file, column, channel }] of this.deferred) {
      if (target !== record) continue;
      this.deferred.delete(key);
      const { his, los, lines } = channel;
      for (let index = 0; index < lines.length; index++) {
        const [hi, lo, line] = [his.at(index), los.at(index), lines.at(index)];
        if (table.hasHash(hi, lo)) continue;
        const list = dangling.get(file) ?? [];
        if (list.length < maxRecoveredReferences) {
          list.push({ column, line, hi, lo });
          dangling.set(file, list);
        } else {
          this.report({
            code: 'REFERENCE_UNKNOWN',
            file,
            line,
            column,
            message: `${column} names a record that is not in ${record}.csv.`,
          });
        }
      }
    }
    return dangling;
  }

  /**
   * Where a file being read puts its references to its own records (`target` is its own
   * record kind), or null when such references are not judged (a delta, ids not kept).
   */
  selfReferencesOf(target: RecordFile, column: string): SelfChannel | null {
    const targetFile = `${target}.csv`;
    if (this.modeOf(targetFile) === 'delta' || this.unjudgeable.has(target)) return null;
    if (!this.ids.has(target) && !this.idsOf(target)) return null;
    return this.selfChannelFor(column);
  }

  private selfChannelFor(column: string): SelfChannel {
    let channel = this.selfPending.get(column);
    if (!channel) {
      channel = new SelfChannel();
      this.selfPending.set(column, channel);
    }
    return channel;
  }

  /** Checks that `id` is a record of `target`, now or when that file ends. */
  reference(target: RecordFile, id: string, file: string, line: number, column: string): void {
    const endedTable = this.ended.get(target);
    if (endedTable) {
      if (!endedTable.has(id)) this.reportUnknown({ target, id, file, line, column });
      return;
    }
    const targetFile = `${target}.csv`;
    if (!this.present.has(targetFile.toLowerCase())) {
      const key = `${file} ${column} ${target}`;
      if (this.level === 'conformance' && !this.absentTargets.has(key)) {
        this.absentTargets.add(key);
        this.report({
          code: 'REFERENCE_FILE_MISSING',
          file,
          line,
          column,
          message: `${file} refers to records of ${targetFile} in "${column}", but the bundle has no ${targetFile}.`,
        });
      }
      return;
    }
    // A delta sends only what changed: what it refers to may be in the directory already.
    if (this.modeOf(targetFile) === 'delta' || this.unjudgeable.has(target)) return;
    if (targetFile === file) {
      this.selfChannelFor(column).add(id, line);
      return;
    }
    if (this.ids.has(target) || this.idsOf(target)) {
      const key = `${file}\u0000${column}\u0000${target}`;
      let channel = this.pending.get(key);
      if (!channel) {
        channel = { target, file, column, ids: [], lines: [] };
        this.pending.set(key, channel);
      }
      channel.ids.push(ownString(id));
      channel.lines.push(line);
    }
  }

  /**
   * Called when a file has been read: references waiting for it are settled. Returns the
   * file's references to itself that dangle, for the caller to read their values again.
   */
  endFile(binding: CsvFileBinding, isUsable: boolean): DanglingSelfReference[] {
    const selfPending = this.selfPending;
    this.selfPending = new Map();
    const record = binding.record;
    if (record === null) return [];
    if (!isUsable) {
      this.unjudgeable.add(record);
      this.dropPending(record);
      return [];
    }
    const table = this.ids.get(record);
    // References to a delta or to a file whose ids are not kept are never judged.
    if (!table || this.modeOf(binding.file) === 'delta') {
      this.unjudgeable.add(record);
      this.dropPending(record);
      return [];
    }
    this.ended.set(record, table);
    const dangling: DanglingSelfReference[] = [];
    for (const [column, { his, los, lines }] of selfPending) {
      for (let index = 0; index < lines.length; index++) {
        const [hi, lo, line] = [his.at(index), los.at(index), lines.at(index)];
        if (table.hasHash(hi, lo)) continue;
        if (dangling.length < maxRecoveredReferences) {
          dangling.push({ column, line, hi, lo });
        } else {
          this.report({
            code: 'REFERENCE_UNKNOWN',
            file: binding.file,
            line,
            column,
            message: `${column} names a record that is not in ${binding.file}.`,
          });
        }
      }
    }
    for (const [key, channel] of this.pending) {
      if (channel.target !== record) continue;
      this.pending.delete(key);
      const { ids, lines, file, column } = channel;
      for (let index = 0; index < ids.length; index++) {
        if (!table.has(ids[index]!)) {
          this.reportUnknown({ target: record, id: ids[index]!, file, line: lines[index]!, column });
        }
      }
    }
    return dangling;
  }

  /** Called once every file has been read. */
  finish(): void {
    // References to files that turned out unreadable (no usable header) cannot be judged.
    this.pending.clear();
    this.rules.finish();
  }

  private dropPending(record: RecordFile): void {
    for (const [key, channel] of this.pending) if (channel.target === record) this.pending.delete(key);
  }

  reportUnknown(reference: PendingReference): void {
    const { target, id, file, line, column } = reference;
    const shown = id.slice(0, 100);
    this.report({
      code: 'REFERENCE_UNKNOWN',
      file,
      line,
      column,
      sisId: shown,
      value: shown,
      message: `${column} "${shown}" is not a sourcedId in ${target}.csv.`,
    });
  }
}
