import type { RunSummary } from './run-sync.ts';

/** The run summary's JSON contract (README "sync"). */
export function runSummaryJson(summary: RunSummary): Record<string, unknown> {
  return {
    id: summary.id,
    configId: summary.configId,
    status: summary.status,
    dryRun: summary.isDryRun,
    counts: summary.counts,
    held: summary.held,
    findings: summary.findings.map((finding) => ({
      severity: finding.severity,
      code: finding.code,
      entity: finding.entity ?? null,
      sisId: finding.sisId ?? null,
      file: finding.file ?? null,
      line: finding.line ?? null,
      column: finding.column ?? null,
      value: finding.value ?? null,
      message: finding.message,
    })),
    error: summary.error,
  };
}
