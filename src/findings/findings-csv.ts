import { quoteCsvField } from '../csv/quote-csv-field.ts';
import type { Finding } from './finding.ts';

const findingColumns = [
  'severity',
  'code',
  'entity',
  'sisId',
  'file',
  'line',
  'column',
  'value',
  'message',
] as const;

/** Findings as a CSV report (CRLF, Excel-friendly), one row per finding. */
export function findingsCsv(findings: readonly Finding[]): string {
  const lines = [findingColumns.join(',')];
  for (const finding of findings) {
    lines.push(findingColumns.map((column) => quoteCsvField(String(finding[column] ?? ''))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
