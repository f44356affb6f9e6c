import type { NewFinding } from '../findings/finding-log.ts';
import type { CsvFileBinding } from '../oneroster/csv-binding.ts';
import { closestName } from './closest-name.ts';
import type { SyncReads } from './sync-reads.ts';
import type { ValidationLevel } from './validation-level.ts';

export interface HeaderColumns {
  /** Position of each column of the binding the header has, by lower-cased name. */
  positions: Map<string, number>;
  /** How many fields the header has: every row must have as many. */
  width: number;
}

/**
 * Checks a file's header line against the binding. Accept level: the columns the sync needs
 * are there (a near miss is named: "did you mean sourcedId?"), none twice, unknown ones
 * noted; header case and `metadata.*` extensions are fine. Conformance adds: every column of
 * the standard, spelt exactly, in the standard's order.
 */
export function checkHeader(
  header: readonly string[],
  binding: CsvFileBinding,
  reads: SyncReads | null,
  level: ValidationLevel,
  report: (finding: NewFinding) => void,
): HeaderColumns {
  const file = binding.file;
  const canonical = new Map(binding.columns.map((column) => [column.name.toLowerCase(), column.name]));
  const positions = new Map<string, number>();
  const unknown: { name: string; position: number }[] = [];
  header.forEach((cell, position) => {
    const name = cell.trim();
    const lower = name.toLowerCase();
    if (lower.startsWith('metadata.')) return;
    const standardName = canonical.get(lower);
    if (standardName === undefined) {
      unknown.push({ name, position });
    } else if (positions.has(lower)) {
      report({
        code: 'HEADER_DUPLICATE',
        file,
        line: 1,
        column: standardName,
        message: `${file} names the column "${standardName}" twice; the first one is used. Remove the other.`,
      });
    } else {
      positions.set(lower, position);
      if (level === 'conformance' && cell !== standardName) {
        report({
          code: 'HEADER_CASE',
          file,
          line: 1,
          column: standardName,
          value: cell.slice(0, 100),
          message: `${file} spells the column "${cell.slice(0, 100)}"; OneRoster spells it "${standardName}".`,
        });
      }
    }
  });

  const missing = binding.columns.filter((column) => !positions.has(column.name.toLowerCase()));
  const suggestions = new Map<string, string>();
  for (const { name } of unknown) {
    const meant = closestName(
      name,
      missing.map((column) => column.name),
    );
    if (meant !== null && ![...suggestions.values()].includes(meant)) suggestions.set(name, meant);
  }
  for (const { name } of unknown) {
    const meant = suggestions.get(name);
    report(
      meant === undefined
        ? {
            code: 'HEADER_UNKNOWN',
            file,
            line: 1,
            column: name.slice(0, 100),
            message: `${file} has a column "${name.slice(0, 100)}" that OneRoster does not define; it is ignored. Extension columns must start with "metadata.".`,
          }
        : {
            code: 'HEADER_MISSPELT',
            file,
            line: 1,
            column: name.slice(0, 100),
            message: `${file} has a column "${name.slice(0, 100)}": did you mean "${meant}"? As spelt, it is ignored.`,
          },
    );
  }

  const needed = new Set((reads?.required ?? []).map((name) => name.toLowerCase()));
  const quiet = new Set(reads?.qualifiers ?? []);
  const fed = new Set(
    (reads?.read ?? []).filter((name) => !quiet.has(name)).map((name) => name.toLowerCase()),
  );
  for (const column of missing) {
    const misspelt = [...suggestions].find(([, meant]) => meant === column.name)?.[0];
    const hint = misspelt === undefined ? '' : ` (the header has "${misspelt.slice(0, 100)}")`;
    if (needed.has(column.name.toLowerCase())) {
      report({
        code: 'HEADER_MISSING',
        file,
        line: 1,
        column: column.name,
        message: `${file} has no "${column.name}" column${hint}, which the sync needs; the file cannot be used.`,
      });
    } else if (level === 'accept' && fed.has(column.name.toLowerCase())) {
      report({
        code: 'HEADER_OPTIONAL_MISSING',
        file,
        line: 1,
        column: column.name,
        message: `${file} has no "${column.name}" column${hint}; the field it feeds is left as it is.`,
      });
    } else if (level === 'conformance') {
      report({
        code: column.requirement === 'always' ? 'HEADER_MISSING' : 'HEADER_INCOMPLETE',
        file,
        line: 1,
        column: column.name,
        message:
          column.requirement === 'always'
            ? `${file} has no "${column.name}" column${hint}; OneRoster requires it.`
            : `${file} has no "${column.name}" column${hint}; OneRoster lists every column in the header, even when its values are empty.`,
      });
    }
  }

  if (level === 'conformance') {
    const order = binding.columns
      .map((column) => column.name)
      .filter((name) => positions.has(name.toLowerCase()));
    const actual = [...order].sort(
      (a, b) => positions.get(a.toLowerCase())! - positions.get(b.toLowerCase())!,
    );
    const firstOut = actual.findIndex((name, index) => name !== order[index]);
    if (firstOut !== -1) {
      report({
        code: 'HEADER_ORDER',
        file,
        line: 1,
        column: actual[firstOut],
        message: `${file} has its columns in another order than OneRoster's: "${order[firstOut]}" should come where "${actual[firstOut]}" is. The order is ${binding.columns.map((column) => column.name).join(',')}.`,
      });
    }
  }
  return { positions, width: header.length };
}
