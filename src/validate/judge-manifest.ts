import type { NewFinding } from '../findings/finding-log.ts';
import type { CsvBinding } from '../oneroster/csv-binding.ts';
import type { FileMode } from './bundle-check.ts';
import type { ValidationLevel } from './validation-level.ts';

/** One `propertyName,value` row of manifest.csv. */
export interface ManifestProperty {
  value: string;
  line: number;
}

export interface ManifestVerdict {
  /** bulk or delta per lower-cased file name; files the manifest does not name are bulk. */
  modes: Map<string, FileMode>;
  findings: NewFinding[];
}

/**
 * Holds manifest.csv against the bundle: every `file.x` is bulk, delta or absent; a file said
 * to be sent is there; a file that is there is declared (conformance); the properties the
 * standard requires are present (conformance, when the bundle has a manifest.csv at all).
 */
export function judgeManifest(
  properties: ReadonlyMap<string, ManifestProperty>,
  present: ReadonlySet<string>,
  binding: CsvBinding,
  level: ValidationLevel,
): ManifestVerdict {
  const modes = new Map<string, FileMode>();
  const findings: NewFinding[] = [];
  const declared = new Set<string>();
  for (const [property, { value, line }] of properties) {
    if (!property.toLowerCase().startsWith('file.')) continue;
    const lower = `${property.slice(5)}.csv`.toLowerCase();
    // Property names arrive lower-cased; messages name the file as the standard spells it.
    const fileName = binding.get(lower)?.file ?? `${property.slice(5)}.csv`;
    declared.add(lower);
    const mode = value.trim().toLowerCase();
    if (mode !== 'bulk' && mode !== 'delta' && mode !== 'absent') {
      findings.push({
        code: 'MANIFEST_INVALID',
        file: 'manifest.csv',
        line,
        column: 'value',
        value: value.slice(0, 100),
        message: `${property} is "${value.slice(0, 100)}"; it must be bulk, delta or absent. The file is read as bulk.`,
      });
      continue;
    }
    if (mode === 'absent') {
      if (present.has(lower)) {
        findings.push({
          code: 'MANIFEST_FILE_UNDECLARED',
          file: 'manifest.csv',
          line,
          column: 'value',
          value,
          message: `manifest.csv says ${fileName} is absent, but the bundle has it; it is read as bulk.`,
        });
      }
      continue;
    }
    modes.set(lower, mode);
    if (!present.has(lower)) {
      findings.push({
        code: 'MANIFEST_FILE_ABSENT',
        file: 'manifest.csv',
        line,
        column: 'value',
        value,
        message: `manifest.csv says ${fileName} is sent (${mode}), but the bundle has no ${fileName}.`,
      });
    }
  }
  // Without manifest.csv at all, MANIFEST_MISSING says it once; its rows are not each missing.
  if (level === 'conformance' && present.has('manifest.csv')) {
    for (const name of ['manifest.version', 'oneroster.version']) {
      const property = properties.get(name);
      if (property === undefined) {
        findings.push({
          code: 'MANIFEST_PROPERTY_MISSING',
          file: 'manifest.csv',
          column: 'propertyName',
          value: name,
          message: `manifest.csv has no "${name}" row; OneRoster requires it.`,
        });
      } else if (property.value.trim() === '') {
        findings.push({
          code: 'MANIFEST_PROPERTY_MISSING',
          file: 'manifest.csv',
          line: property.line,
          column: 'value',
          value: name,
          message: `manifest.csv has a "${name}" row without a value; OneRoster requires one.`,
        });
      }
    }
    for (const file of binding.values()) {
      if (file.record === null && file.file === 'manifest.csv') continue;
      const lower = file.file.toLowerCase();
      const property = `file.${file.file.slice(0, -4)}`;
      if (!declared.has(lower)) {
        findings.push(
          present.has(lower)
            ? {
                code: 'MANIFEST_FILE_UNDECLARED',
                file: 'manifest.csv',
                column: 'propertyName',
                value: property,
                message: `The bundle has ${file.file}, but manifest.csv has no "${property}" row; it is read as bulk.`,
              }
            : {
                code: 'MANIFEST_PROPERTY_MISSING',
                file: 'manifest.csv',
                column: 'propertyName',
                value: property,
                message: `manifest.csv has no "${property}" row; OneRoster lists every file, with "absent" for those not sent.`,
              },
        );
      }
    }
  }
  return { modes, findings };
}
