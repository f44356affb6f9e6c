import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CsvFileBinding, ValueType } from '../../oneroster/csv-binding.ts';
import { bindingFor, csvBindings } from '../../oneroster/csv-bindings.ts';
import { cedsGrades } from '../../roster/normalize-grade.ts';

/** One way a bundle departs from the OneRoster CSV binding, with how many rows do so. */
export interface ConformanceProblem {
  file: string;
  column: string | null;
  /** What is wrong, in the same words for every row it applies to. */
  rule: string;
  count: number;
  /** The first value (or sourcedId) that breaks the rule. */
  example: string;
}

interface LoadedFile {
  binding: CsvFileBinding;
  header: string[];
  rows: Record<string, string>[];
}

const guardianRoles = new Set(['parent', 'guardian', 'relative']);
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const typedIdPattern = /^\{[^:{}]+:[^{}]+\}$/;
const grades = new Set<string>(cedsGrades);

/**
 * Holds a bundle folder to the OneRoster CSV binding of the version its manifest declares
 * (tests only: every file goes into memory). Checks the manifest (manifest.version,
 * oneroster.version, every file of the version bulk or absent, exactly the bulk files present),
 * each file's encoding and header, every value against its column (required, blank in bulk,
 * type, enum token and case, CEDS grades, references that resolve), and the rules that span
 * columns: subjects and subjectCodes pair by pair, one primary teacher per class, an
 * enrollment's school being its class's, date ranges, and agents (a student's are parents,
 * guardians or relatives, a guardian's are students). Returns no problems for a conforming
 * bundle; each problem is counted once per rule, file and column.
 */
export function listConformanceProblems(dir: string): ConformanceProblem[] {
  const problems = new Map<string, ConformanceProblem>();
  const report = (file: string, column: string | null, rule: string, example: string): void => {
    const key = `${file}|${column}|${rule}`;
    const known = problems.get(key);
    if (known) known.count++;
    else problems.set(key, { file, column, rule, count: 1, example });
  };

  const read = (name: string): { header: string[]; rows: Record<string, string>[] } => {
    const bytes = readFileSync(path.join(dir, name));
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      report(name, null, 'not UTF-8', '');
      text = new TextDecoder('windows-1252').decode(bytes);
    }
    const [header = [], ...lines] = parse(text, { relax_column_count: false }) as string[][];
    return {
      header,
      rows: lines.map((fields) => Object.fromEntries(header.map((column, i) => [column, fields[i]!]))),
    };
  };

  const present = readdirSync(dir).filter((name) => name.endsWith('.csv'));
  if (!present.includes('manifest.csv')) {
    report('manifest.csv', null, 'missing', '');
    return [...problems.values()];
  }
  const manifest = new Map(read('manifest.csv').rows.map((row) => [row.propertyName!, row.value!]));
  if (manifest.get('manifest.version') !== '1.0') {
    report('manifest.csv', 'value', 'manifest.version is not 1.0', manifest.get('manifest.version') ?? '');
  }
  const version = manifest.get('oneroster.version');
  if (version !== '1.1' && version !== '1.2') {
    report('manifest.csv', 'value', 'oneroster.version is not 1.1 or 1.2', version ?? '');
    return [...problems.values()];
  }

  const files = new Map<string, LoadedFile>();
  for (const binding of csvBindings[version].values()) {
    if (binding.file === 'manifest.csv') continue;
    const mode = manifest.get(`file.${binding.file.slice(0, -4)}`);
    const isPresent = present.includes(binding.file);
    if (mode !== 'bulk' && mode !== 'absent')
      report('manifest.csv', 'value', 'file is not bulk or absent', binding.file);
    else if (mode === 'bulk' && !isPresent) report(binding.file, null, 'declared bulk but missing', '');
    else if (mode === 'absent' && isPresent) report(binding.file, null, 'present but declared absent', '');
    if (isPresent) files.set(binding.file, { binding, ...read(binding.file) });
  }
  for (const name of present) {
    if (name !== 'manifest.csv' && !bindingFor(version, name)) {
      report(name, null, `not a OneRoster ${version} file`, '');
    }
  }

  const idsOf = new Map<string, Set<string>>();
  for (const { binding, rows } of files.values()) {
    if (binding.record) idsOf.set(binding.record, new Set(rows.map((row) => row.sourcedId!)));
  }
  for (const { binding, header, rows } of files.values()) {
    const expected = binding.columns.map((column) => column.name);
    if (header.join(',') !== expected.join(',')) {
      report(binding.file, null, 'header is not the binding’s columns in order', header.join(','));
      continue;
    }
    const seen = new Set<string>();
    for (const row of rows) {
      for (const { name, requirement, type } of binding.columns) {
        const value = row[name]!;
        if (value === '') {
          if (requirement === 'always')
            report(binding.file, name, 'required value is empty', row.sourcedId ?? '');
          continue;
        }
        // The generator writes bulk files only, where status and dateLastModified are blank.
        if (requirement === 'delta') report(binding.file, name, 'value in a bulk file', value);
        if (type.kind === 'id') {
          if (seen.has(value)) report(binding.file, name, 'sourcedId is not unique', value);
          seen.add(value);
        } else if (type.kind === 'reference' || type.kind === 'referenceList') {
          const ids = idsOf.get(type.target);
          const items = type.kind === 'reference' ? [value] : splitItems(value);
          for (const item of items) {
            if (!ids?.has(item)) report(binding.file, name, `refers to no row of ${type.target}.csv`, item);
          }
        } else {
          const wrong = checkValue(type, value);
          if (wrong) report(binding.file, name, wrong, value);
        }
      }
    }
  }

  checkDataRules(files, report);
  return [...problems.values()];
}

/** What is wrong with a non-empty value of a column that is not an id or a reference. */
function checkValue(type: ValueType, value: string): string | null {
  const isToken = (token: string, values: readonly string[], isExtensible?: boolean): boolean =>
    values.includes(token) || (isExtensible === true && token.startsWith('ext:'));
  switch (type.kind) {
    case 'date':
      return datePattern.test(value) && isRealDate(value) ? null : 'not a YYYY-MM-DD date';
    case 'datetime':
      return dateTimePattern.test(value) && isRealDate(value.slice(0, 10)) ? null : 'not a UTC date-time';
    case 'boolean':
      return value === 'true' || value === 'false' ? null : 'not true or false';
    case 'year':
      return /^\d{4}$/.test(value) ? null : 'not a YYYY year';
    case 'integer':
      return /^-?\d+$/.test(value) ? null : 'not an integer';
    case 'float':
      return Number.isFinite(Number(value)) ? null : 'not a number';
    case 'enum':
      return isToken(value, type.values, type.extensible) ? null : 'not a token of the enumeration';
    case 'enumList':
      return splitItems(value).every((item) => isToken(item, type.values, type.extensible))
        ? null
        : 'not a list of tokens of the enumeration';
    case 'grades':
      return splitItems(value).every((item) => grades.has(item)) ? null : 'not CEDS grade codes';
    case 'typedIdList':
      return splitItems(value).every((item) => typedIdPattern.test(item)) ? null : 'not {type:id} pairs';
    default:
      return null;
  }
}

/** The rules that span columns or files. */
function checkDataRules(
  files: ReadonlyMap<string, LoadedFile>,
  report: (file: string, column: string | null, rule: string, example: string) => void,
): void {
  const rowsOf = (name: string): Record<string, string>[] => files.get(name)?.rows ?? [];
  const dateRange = (name: string, start: string, end: string): void => {
    for (const row of rowsOf(name)) {
      if (row[start] && row[end] && row[end]! < row[start]!) {
        report(name, end, `before ${start}`, row.sourcedId!);
      }
    }
  };
  dateRange('academicSessions.csv', 'startDate', 'endDate');
  dateRange('enrollments.csv', 'beginDate', 'endDate');
  dateRange('roles.csv', 'beginDate', 'endDate');

  for (const name of ['courses.csv', 'classes.csv']) {
    for (const row of rowsOf(name)) {
      // An empty subjectCodes is allowed; given, it pairs with subjects one by one.
      const codes = splitItems(row.subjectCodes ?? '');
      if (codes.length > 0 && codes.length !== splitItems(row.subjects ?? '').length) {
        report(name, 'subjectCodes', 'not as many as subjects', row.sourcedId!);
      }
    }
  }

  const classSchool = new Map(rowsOf('classes.csv').map((row) => [row.sourcedId!, row.schoolSourcedId!]));
  const primaries = new Set<string>();
  for (const row of rowsOf('enrollments.csv')) {
    const school = classSchool.get(row.classSourcedId!);
    if (school !== undefined && school !== row.schoolSourcedId) {
      report('enrollments.csv', 'schoolSourcedId', 'not the school of the class', row.sourcedId!);
    }
    if (row.role === 'teacher' && row.primary === 'true') {
      if (primaries.has(row.classSourcedId!)) {
        report('enrollments.csv', 'primary', 'a second primary teacher of the class', row.sourcedId!);
      }
      primaries.add(row.classSourcedId!);
    }
  }

  // Roles per user: users.csv `role` in 1.1, every roles.csv row in 1.2.
  const roles = new Map<string, Set<string>>();
  const addRole = (user: string, role: string): void => {
    if (!roles.has(user)) roles.set(user, new Set());
    roles.get(user)!.add(role);
  };
  for (const row of rowsOf('users.csv')) if (row.role) addRole(row.sourcedId!, row.role);
  for (const row of rowsOf('roles.csv')) addRole(row.userSourcedId!, row.role!);
  const isGuardian = (user: string): boolean =>
    [...(roles.get(user) ?? [])].some((r) => guardianRoles.has(r));
  for (const row of rowsOf('users.csv')) {
    const own = roles.get(row.sourcedId!) ?? new Set<string>();
    for (const agent of splitItems(row.agentSourcedIds ?? '')) {
      if (!roles.has(agent)) continue;
      if (own.has('student') && !isGuardian(agent)) {
        report(
          'users.csv',
          'agentSourcedIds',
          'a student’s agent is not a parent, guardian or relative',
          agent,
        );
      }
      if (!own.has('student') && isGuardian(row.sourcedId!) && !roles.get(agent)!.has('student')) {
        report('users.csv', 'agentSourcedIds', 'a guardian’s agent is not a student', agent);
      }
    }
  }
}

/** Items of a OneRoster comma list; an empty item is kept so that it fails its check. */
function splitItems(value: string): string[] {
  return value === '' ? [] : value.split(',').map((item) => item.trim());
}

function isRealDate(value: string): boolean {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
