import type { Finding, Severity } from './finding.ts';
import { findingCodes, type FindingCode } from './finding-codes.ts';

/** How many findings of one code a run keeps in full; the rest are only counted. */
export const maxFindingsPerCode = 1000;

export type NewFinding = Omit<Finding, 'severity'> & { severity?: Severity };

/**
 * Collects a run's findings. A systematic problem in a million-row file must not become a
 * million stored findings, so each code keeps its first `maxPerCode` and counts the rest.
 */
export class FindingLog {
  private readonly countsByCode = new Map<FindingCode, number>();
  private readonly kept: Finding[] = [];

  constructor(private readonly maxPerCode = maxFindingsPerCode) {}

  add(finding: NewFinding): void {
    const count = (this.countsByCode.get(finding.code) ?? 0) + 1;
    this.countsByCode.set(finding.code, count);
    if (count <= this.maxPerCode) {
      this.kept.push({ ...finding, severity: finding.severity ?? findingCodes[finding.code].severity });
    }
  }

  /** The findings kept so far, without truncation notes (see `list`). */
  keptFindings(): readonly Finding[] {
    return this.kept;
  }

  /**
   * Adds what another log collected (another thread's, checking one file): its kept findings
   * while this log keeps that code, and its counts in full.
   */
  merge(kept: readonly Finding[], counts: Readonly<Record<string, number>>): void {
    const keptByCode = new Map<string, number>();
    for (const finding of kept) keptByCode.set(finding.code, (keptByCode.get(finding.code) ?? 0) + 1);
    for (const finding of kept) {
      const count = (this.countsByCode.get(finding.code) ?? 0) + 1;
      this.countsByCode.set(finding.code, count);
      if (count <= this.maxPerCode) this.kept.push(finding);
    }
    for (const [code, count] of Object.entries(counts)) {
      const notKept = count - (keptByCode.get(code) ?? 0);
      if (notKept > 0) {
        this.countsByCode.set(
          code as FindingCode,
          (this.countsByCode.get(code as FindingCode) ?? 0) + notKept,
        );
      }
    }
  }

  /** Whether any error-severity finding was added. */
  hasErrors(): boolean {
    for (const code of this.countsByCode.keys()) {
      if (findingCodes[code].severity === 'error') return true;
    }
    return this.kept.some((finding) => finding.severity === 'error');
  }

  /** How many times each code fired, including the ones not kept. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.countsByCode);
  }

  /** The kept findings, followed by one FINDINGS_TRUNCATED note per code that overflowed. */
  list(): Finding[] {
    const notes: Finding[] = [];
    for (const [code, count] of this.countsByCode) {
      if (count > this.maxPerCode) {
        notes.push({
          severity: 'info',
          code: 'FINDINGS_TRUNCATED',
          value: code,
          message: `${code} fired ${count} times; the first ${this.maxPerCode} are listed.`,
        });
      }
    }
    return [...this.kept, ...notes];
  }
}
