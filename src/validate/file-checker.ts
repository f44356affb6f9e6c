import type { CsvProblem } from '../csv/read-csv-rows.ts';
import type { TextEncoding } from '../csv/decode-text.ts';
import type { NewFinding } from '../findings/finding-log.ts';
import type { ColumnSpec, CsvFileBinding, RecordFile } from '../oneroster/csv-binding.ts';
import type { BundleCheck, DanglingSelfReference, SelfChannel } from './bundle-check.ts';
import { checkHeader, type HeaderColumns } from './check-header.ts';
import { checkValue, splitItems } from './check-value.ts';
import { forEachListItem, idHash, type IdTable } from './id-table.ts';
import type { SyncReads } from './sync-reads.ts';

/** One column a row check looks at, prepared once per file. */
interface CheckedColumn {
  position: number;
  spec: ColumnSpec;
  /** Report an empty value (VALUE_REQUIRED, or ID_MISSING for the id). */
  isRequired: boolean;
  /** Accept level: the sync's own words for this column (lower case), instead of the enum. */
  vocabulary: ReadonlySet<string> | null;
  /** Whether a value must be looked at in a bulk file (status, dateLastModified). */
  isDeltaColumn: boolean;
  /**
   * For a reference column whose target file was read before this one: its ids, checked
   * inline (the hottest path of a big bundle: every enrollment names a class and a user).
   */
  targetIds: IdTable | null;
  /**
   * For a reference to the file's own records (agentSourcedIds), or to records checked on
   * another thread: where they wait, as hashes.
   */
  selfReferences: SelfChannel | null;
}

/**
 * What a row is to the sync: `usable`; `unusable` (wrong shape, no id: its record must be
 * protected); or a `repeat` of an id seen on an earlier row (the first row stands).
 */
export type RowVerdict = 'usable' | 'unusable' | 'repeat';

/** Values never shown in a finding. */
const secretColumns = new Set(['password']);

/**
 * Checks one file of a bundle as it streams: its encoding, header, and every row (shape,
 * required values, types, ids, references, data rules). The sync's readers and the validate
 * command drive the same checker, so a sync reports exactly what `rostersync validate` does
 * at accept level.
 */
export class FileChecker {
  readonly file: string;
  private columns: HeaderColumns | null = null;
  private checked: CheckedColumn[] = [];
  private idPosition = -1;
  private ids: IdTable | null = null;
  private rowRule: ((fields: readonly string[], line: number) => void) | null = null;
  private hasReportedNewline = false;
  private expectedBytes = 0;
  /** Columns already reported as set in a bulk file (once per file each). */
  private readonly bulkValueReported = new Set<string>();

  constructor(
    readonly binding: CsvFileBinding,
    private readonly bundle: BundleCheck,
    private readonly reads: SyncReads | null,
  ) {
    this.file = binding.file;
  }

  /** The file's size in bytes, when known: sizes its id table. */
  expectBytes(bytes: number): void {
    this.expectedBytes = bytes;
  }

  /** The header's columns, once `header()` has been called. */
  get headerColumns(): HeaderColumns | null {
    return this.columns;
  }

  encoding(encoding: TextEncoding, hasBom: boolean): void {
    if (encoding !== 'utf-8') {
      // One code for both: the fix is the same, only the name of what was detected differs.
      const detected = encoding === 'iso-8859-1' ? 'ISO-8859-1 (Latin-1)' : 'Windows-1252';
      this.report({
        code: 'ENCODING_WINDOWS_1252',
        file: this.file,
        message: `${this.file} is not UTF-8; it was read as ${detected}. Check that accented names look right, and export UTF-8 next time.`,
      });
    }
    if (hasBom && this.bundle.level === 'conformance') {
      this.report({
        code: 'FILE_BOM',
        file: this.file,
        message: `${this.file} starts with a UTF-8 byte order mark. rostersync reads it, but some OneRoster consumers do not.`,
      });
    }
  }

  /** The file cannot be read at all (its encoding, or no header line). */
  unreadable(code: 'ENCODING_UTF16' | 'FILE_NOT_TEXT' | 'FILE_EMPTY', message: string): void {
    this.report({ code, file: this.file, message });
  }

  /** Checks the header line and prepares the row checks. */
  header(fields: readonly string[]): HeaderColumns {
    const { level } = this.bundle;
    const columns = checkHeader(fields, this.binding, this.reads, level, (finding) => this.report(finding));
    this.columns = columns;
    const mode = this.bundle.modeOf(this.file);
    const readSet = new Set((this.reads?.read ?? []).map((name) => name.toLowerCase()));
    const requiredSet = new Set((this.reads?.required ?? []).map((name) => name.toLowerCase()));
    for (const spec of this.binding.columns) {
      const lower = spec.name.toLowerCase();
      const position = columns.positions.get(lower);
      if (position === undefined) continue;
      const isRead = readSet.has(lower) || lower === 'status';
      if (level === 'accept' && !isRead) continue;
      const isStructural = ['id', 'reference', 'referenceList', 'enum'].includes(spec.type.kind);
      const isRequired =
        spec.type.kind === 'id' ||
        (spec.requirement === 'delta' &&
          mode === 'delta' &&
          (lower === 'status' || level === 'conformance')) ||
        (spec.requirement === 'always' &&
          (level === 'conformance' || (requiredSet.has(lower) && isStructural)));
      // The sync's own words judge a role at both levels: conformance adds the standard's enum.
      const words = this.reads?.vocabularies[spec.name];
      // Free text that may be empty needs no look at all.
      const isFreeText = spec.type.kind === 'string' || spec.type.kind === 'stringList';
      if (isFreeText && !isRequired && spec.requirement !== 'delta') continue;
      const isReference = spec.type.kind === 'reference' || spec.type.kind === 'referenceList';
      const target = isReference ? (spec.type as { target: RecordFile }).target : null;
      const targetIds = target ? this.bundle.endedIdsOf(target) : null;
      const isSelf = target !== null && `${target}.csv` === this.binding.file;
      this.checked.push({
        position,
        spec,
        isRequired,
        vocabulary: words ? new Set(words) : null,
        isDeltaColumn: spec.requirement === 'delta',
        targetIds,
        selfReferences:
          target === null || targetIds
            ? null
            : isSelf
              ? this.bundle.selfReferencesOf(target, spec.name)
              : this.bundle.deferredReferencesOf(target, this.file, spec.name),
      });
      if (spec.type.kind === 'id') this.idPosition = position;
    }
    if (this.binding.record !== null && this.idPosition !== -1) {
      // Rows of OneRoster files run from ~40 bytes (enrollments) to ~150 (users).
      this.ids = this.bundle.idsOf(this.binding.record, Math.ceil(this.expectedBytes / 128));
    }
    this.rowRule = this.bundle.rules.ruleFor(this.binding, columns.positions);
    return columns;
  }

  /** A line that could not be read as CSV (unbalanced quote, undecodable bytes). */
  problem(entry: CsvProblem): void {
    this.report({
      code: entry.kind === 'undecodable' ? 'ROW_UNDECODABLE' : 'ROW_MALFORMED',
      file: this.file,
      line: entry.line,
      message: entry.message,
    });
    // Its record is in the file even if it cannot be read: not a dangling reference target.
    if (this.idPosition === 0 && entry.firstField) this.ids?.add(entry.firstField);
  }

  /**
   * Checks one row and says what it is to the sync. Problems with single values are reported
   * but leave the row usable: the reader ignores that value.
   */
  row(fields: readonly string[], line: number): RowVerdict {
    const columns = this.columns!;
    if (fields.length !== columns.width) {
      this.report({
        code: 'ROW_COLUMN_COUNT',
        file: this.file,
        line,
        message: `The row has ${fields.length} fields but the header has ${columns.width}; it is skipped. A value with a comma must be in double quotes.`,
      });
      if (this.idPosition === 0 && fields[0]) this.ids?.add(fields[0]);
      return 'unusable';
    }
    let verdict: RowVerdict = 'usable';
    for (const column of this.checked) {
      const raw = fields[column.position]!;
      const value = raw.trim();
      if (value === '') {
        if (column.isRequired && !this.reportEmpty(column, line)) verdict = 'unusable';
        continue;
      }
      if (column.isDeltaColumn) this.checkBulkValue(column, line);
      const targetIds = column.targetIds;
      if (targetIds !== null) {
        if (column.spec.type.kind === 'reference') {
          if (!targetIds.has(value)) this.reportDangling(column, value, line);
        } else if (raw.indexOf(',') === -1) {
          if (!targetIds.has(value)) this.reportDangling(column, value, line);
        } else {
          this.listColumn = column;
          this.listLine = line;
          this.listRaw = raw;
          forEachListItem(raw, this.checkListItem);
        }
        continue;
      }
      const selfReferences = column.selfReferences;
      if (selfReferences !== null) {
        if (raw.indexOf(',') === -1) {
          selfReferences.add(value, line);
        } else {
          this.listColumn = column;
          this.listLine = line;
          forEachListItem(raw, this.addSelfItem);
        }
        continue;
      }
      const kind = column.spec.type.kind;
      if (kind === 'id') {
        if (this.ids && !this.ids.add(raw)) {
          this.report({
            code: 'ID_DUPLICATE',
            file: this.file,
            line,
            column: column.spec.name,
            sisId: raw.slice(0, 100),
            value: raw.slice(0, 100),
            message: `${column.spec.name} "${raw.slice(0, 100)}" appears on an earlier row of ${this.file}; only the first row is used.`,
          });
          if (verdict === 'usable') verdict = 'repeat';
        }
        continue;
      }
      if (kind === 'reference') {
        this.bundle.reference(column.spec.type.target, value, this.file, line, column.spec.name);
        continue;
      }
      if (kind === 'referenceList') {
        for (const item of splitItems(raw)) {
          this.bundle.reference(column.spec.type.target, item, this.file, line, column.spec.name);
        }
        continue;
      }
      this.checkTyped(column, value, line);
    }
    if (this.bundle.level === 'conformance' && !this.hasReportedNewline) {
      if (fields.some((field) => field.includes('\n'))) {
        this.hasReportedNewline = true;
        this.report({
          code: 'ROW_EMBEDDED_NEWLINE',
          file: this.file,
          line,
          message: `A value of this row spans several lines (a line break inside quotes). It is valid CSV, but many OneRoster consumers break on it; reported once per file.`,
        });
      }
    }
    this.rowRule?.(fields, line);
    return verdict;
  }

  /**
   * Called when the file has been read; `isUsable` false when its header made it unusable.
   * Returns the file's references to its own records that dangle, whose values the caller
   * reads again (`settleDangling`).
   */
  end(isUsable: boolean): DanglingSelfReference[] {
    // Without its id column a file's ids are unknown: references to it cannot be judged.
    return this.bundle.endFile(this.binding, isUsable && this.ids !== null);
  }

  /** Reports the dangling references of one row read again, now with their values. */
  settleDangling(
    fields: readonly string[],
    line: number,
    dangling: readonly DanglingSelfReference[],
    target: RecordFile | null = this.binding.record,
  ): void {
    for (const reference of dangling) {
      const position = this.columns?.positions.get(reference.column.toLowerCase());
      const item =
        position === undefined
          ? undefined
          : splitItems(fields[position] ?? '').find((candidate) => {
              idHash.of(candidate);
              return idHash.hi === reference.hi && idHash.lo === reference.lo;
            });
      this.bundle.reportUnknown({
        target: target!,
        id: item ?? '',
        file: this.file,
        line,
        column: reference.column,
      });
    }
  }

  /** In a bulk file, OneRoster leaves status and dateLastModified empty. */
  private checkBulkValue(column: CheckedColumn, line: number): void {
    const name = column.spec.name;
    if (this.bundle.level !== 'conformance' || this.bundle.modeOf(this.file) !== 'bulk') return;
    if (this.bulkValueReported.has(name)) return;
    this.bulkValueReported.add(name);
    this.report({
      code: 'BULK_DELTA_FIELD',
      file: this.file,
      line,
      column: name,
      message: `${this.file} is sent in bulk, where OneRoster leaves ${name} empty; this is the first row with a value (reported once per file).`,
    });
  }

  private checkTyped(column: CheckedColumn, value: string, line: number): void {
    const name = column.spec.name;
    if (name === 'status' && value.toLowerCase() === 'inactive') {
      this.report({
        code: 'STATUS_INACTIVE_LEGACY',
        file: this.file,
        line,
        column: name,
        value,
        message: `status "inactive" is OneRoster 1.0; it is read as "tobedeleted", which is the word since 1.1.`,
      });
      return;
    }
    if (column.vocabulary) {
      if (!column.vocabulary.has(value.toLowerCase())) {
        this.report({
          code: 'ROLE_UNKNOWN',
          file: this.file,
          line,
          column: name,
          value: value.slice(0, 100),
          message: `${name} "${value.slice(0, 100)}" is not a role the sync knows (${[...column.vocabulary].join(', ')}); the row is left as it is.`,
        });
        return;
      }
      if (this.bundle.level === 'accept') return;
    }
    const problem = checkValue(column.spec.type, value, this.bundle.level);
    // Accept level reads values in any case, as real exports write them.
    if (!problem || (problem.code === 'VALUE_CASE' && this.bundle.level === 'accept')) return;
    const shown = secretColumns.has(name) ? undefined : value.slice(0, 100);
    this.report({
      code: problem.code,
      file: this.file,
      line,
      column: name,
      value: shown,
      message: `${name} ${shown === undefined ? 'value' : `"${shown}"`} is not ${problem.message}.`,
    });
  }

  /** The list being walked by `forEachListItem`, for its callbacks (made once, not per row). */
  private listColumn: CheckedColumn | null = null;
  private listLine = 0;
  private listRaw = '';

  private readonly checkListItem = (start: number, end: number): void => {
    const column = this.listColumn!;
    if (!column.targetIds!.hasHash(idHash.hi, idHash.lo)) {
      this.reportDangling(column, this.listRaw.slice(start, end), this.listLine);
    }
  };

  private readonly addSelfItem = (): void => {
    this.listColumn!.selfReferences!.addHash(idHash.hi, idHash.lo, this.listLine);
  };

  private reportDangling(column: CheckedColumn, id: string, line: number): void {
    const { target } = column.spec.type as { target: RecordFile };
    this.bundle.reportUnknown({ target, id, file: this.file, line, column: column.spec.name });
  }

  /** Reports an empty required value; returns whether the row stays usable. */
  private reportEmpty(column: CheckedColumn, line: number): boolean {
    const name = column.spec.name;
    if (column.spec.type.kind === 'id') {
      this.report({
        code: 'ID_MISSING',
        file: this.file,
        line,
        column: name,
        message: `The row has no ${name}; it is skipped.`,
      });
      return false;
    }
    const isDeltaColumn = column.spec.requirement === 'delta';
    this.report({
      code: 'VALUE_REQUIRED',
      file: this.file,
      line,
      column: name,
      message: isDeltaColumn
        ? `${name} is empty; in a delta file every row needs it${name === 'status' ? ' (active or tobedeleted)' : ''}.`
        : `${name} is empty; OneRoster requires a value.`,
    });
    return true;
  }

  private report(finding: NewFinding): void {
    this.bundle.report(finding);
  }
}
