import type { FindingLog, NewFinding } from '../findings/finding-log.ts';
import type { CsvFileBinding, OneRosterVersion, RecordFile } from '../oneroster/csv-binding.ts';
import { ownString } from '../roster/own-string.ts';
import { DataRules } from './data-rules.ts';
import { FileChecker } from './file-checker.ts';
import { IdTable } from './id-table.ts';
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

/**
 * References from one column of one file to one target that wait for the target to end, as
 * parallel arrays: a big district's agentSourcedIds are hundreds of thousands of them.
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
  private readonly ended = new Set<RecordFile>();
  /** Files present but unreadable (no usable header): references to them cannot be judged. */
  private readonly unjudgeable = new Set<RecordFile>();
  private pending = new Map<string, PendingChannel>();
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
  idsOf(record: RecordFile): IdTable | null {
    const isKept =
      this.level === 'conformance' ||
      (record !== 'enrollments' && syncReadsOf(this.version, `${record}.csv`) !== null);
    if (!isKept) return null;
    let table = this.ids.get(record);
    if (!table) {
      table = new IdTable();
      this.ids.set(record, table);
    }
    return table;
  }

  /** Checks that `id` is a record of `target`, now or when that file ends. */
  reference(target: RecordFile, id: string, file: string, line: number, column: string): void {
    if (this.ended.has(target)) {
      const table = this.ids.get(target);
      if (table && !table.has(id)) this.reportUnknown({ target, id, file, line, column });
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

  /** Called when a file has been read: references waiting for it are settled. */
  endFile(binding: CsvFileBinding, isUsable: boolean): void {
    const record = binding.record;
    if (record === null) return;
    if (!isUsable) {
      this.unjudgeable.add(record);
      this.dropPending(record);
      return;
    }
    const table = this.ids.get(record);
    // References to a delta or to a file whose ids are not kept are never judged.
    if (!table || this.modeOf(binding.file) === 'delta') {
      this.unjudgeable.add(record);
      this.dropPending(record);
      return;
    }
    this.ended.add(record);
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

  private reportUnknown(reference: PendingReference): void {
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
