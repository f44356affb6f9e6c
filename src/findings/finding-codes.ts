import type { Severity } from './finding.ts';

interface FindingCodeEntry {
  severity: Severity;
  /** When it fires. */
  when: string;
  /** What the user should do. */
  fix: string;
}

/**
 * Every finding code, in one place. Codes are permanent: a retired code stays here marked
 * retired and is never reused. `docs/findings.md` is rendered from this table and a test keeps
 * the two equal.
 */
export const findingCodes = {
  BUNDLE_NOT_FOUND: {
    severity: 'error',
    when: 'The bundle path does not exist or cannot be read.',
    fix: 'Check the path given to the sync config (`--path`) or to the command.',
  },
  BUNDLE_UNREADABLE: {
    severity: 'error',
    when: 'The bundle is a file that is not a readable ZIP archive, or the ZIP is damaged.',
    fix: 'Export the bundle again, or give the folder the CSV files are in.',
  },
  BUNDLE_AMBIGUOUS: {
    severity: 'error',
    when: 'The bundle holds CSV files in more than one folder, so it is unclear which set to read.',
    fix: 'Put the OneRoster files at the root of the ZIP or folder, or in exactly one folder.',
  },
  FILE_MISSING: {
    severity: 'error',
    when: 'A file the sync needs (users.csv, classes.csv, enrollments.csv) is not in the bundle. Nothing is changed.',
    fix: 'Add the file to the export. If your SIS names it differently, rename it to the OneRoster name.',
  },
  FILE_ABSENT: {
    severity: 'info',
    when: 'An optional file (orgs.csv, academicSessions.csv, courses.csv, manifest.csv) is not in the bundle.',
    fix: 'Nothing is required. Without orgs.csv, source schools are known only by the ids the other files use.',
  },
  FILE_EMPTY: {
    severity: 'error',
    when: 'A file has no header line.',
    fix: 'Export the file again; the first line must name the OneRoster columns.',
  },
  FILE_DELTA: {
    severity: 'warning',
    when: 'manifest.csv declares a file as a delta, so absent rows say nothing about removals: its entity types are read as partial.',
    fix: 'Nothing, if you meant to send a delta. Send a bulk export to let the sync archive records that left.',
  },
  ENCODING_WINDOWS_1252: {
    severity: 'warning',
    when: 'A file is not UTF-8. It is read as Windows-1252 (the superset of ISO-8859-1 that Excel writes), so accented names arrive intact.',
    fix: 'Check a few accented names in the directory; export the file as UTF-8 next time.',
  },
  ENCODING_UTF16: {
    severity: 'error',
    when: 'A file is UTF-16 encoded. It is not used.',
    fix: 'Save the file as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)").',
  },
  ROW_UNDECODABLE: {
    severity: 'error',
    when: 'A row of a UTF-8 file holds bytes that are not valid UTF-8. The row is skipped, never stored garbled, and removals of the types the file feeds are held this run.',
    fix: 'Save the whole file as UTF-8; a copy-paste from another program probably brought other bytes in.',
  },
  MANIFEST_INVALID: {
    severity: 'warning',
    when: 'manifest.csv could not be read as propertyName,value pairs, or declares a value the sync does not know.',
    fix: 'Follow the OneRoster manifest format: a header `propertyName,value` and rows such as `file.users,bulk`.',
  },
  HEADER_MISSING: {
    severity: 'error',
    when: 'A column the sync cannot do without (sourcedId, role, classSourcedId…) is missing from a file header. The file is not used.',
    fix: 'Add the column to the export, spelt as OneRoster spells it.',
  },
  HEADER_OPTIONAL_MISSING: {
    severity: 'warning',
    when: 'An optional column (email, sms, grades…) is missing from a file header. The field is left as it is in the directory, never cleared.',
    fix: 'Add the column (it may be empty) if you want the sync to keep that field up to date.',
  },
  HEADER_UNKNOWN: {
    severity: 'warning',
    when: 'A file header has a column OneRoster does not define (and not a `metadata.` extension). It is ignored.',
    fix: 'Check the spelling of the column; extension columns must start with `metadata.`.',
  },
  HEADER_DUPLICATE: {
    severity: 'warning',
    when: 'A file header names the same column twice. The first one is used.',
    fix: 'Remove the duplicate column from the export.',
  },
  ROW_MALFORMED: {
    severity: 'error',
    when: 'A line cannot be read as CSV (for example an unbalanced quote). The row is skipped, and since its record is unknown, removals of the types the file feeds are held this run.',
    fix: 'Quote fields that contain commas, quotes or line breaks, and double the quotes inside them.',
  },
  ROW_COLUMN_COUNT: {
    severity: 'error',
    when: 'A row has more or fewer fields than the header. The row is skipped; its record is left as it is.',
    fix: 'Quote fields that contain commas; make every row have as many fields as the header.',
  },
  ID_MISSING: {
    severity: 'error',
    when: 'A row has an empty sourcedId (or userSourcedId/classSourcedId). The row is skipped, and removals of the types the file feeds are held this run.',
    fix: 'Give every row its id.',
  },
  ID_DUPLICATE: {
    severity: 'error',
    when: 'The same sourcedId appears on more than one row of a file. The first row is used, the others are skipped.',
    fix: 'Make ids unique within each file; merge or remove the duplicate rows.',
  },
  ROLE_UNKNOWN: {
    severity: 'error',
    when: 'A user or enrollment row has a role the sync does not know. The row is skipped; its record is left as it is.',
    fix: 'Use a OneRoster role: student, teacher, aide, proctor, administrator, parent, guardian or relative.',
  },
  VALUE_INVALID: {
    severity: 'warning',
    when: 'A field holds a value of the wrong form (a boolean, a class type, a date). The field is ignored.',
    fix: 'Use the form OneRoster gives for the column (true/false, homeroom/scheduled, YYYY-MM-DD).',
  },
  EMAIL_INVALID: {
    severity: 'warning',
    when: 'An email address is not valid. It is not used: a new person gets no email, an existing one keeps the one on record.',
    fix: 'Correct the address in the SIS.',
  },
  PHONE_INVALID: {
    severity: 'warning',
    when: 'A phone number cannot be read as a valid number for the district region. It is not used to sign in or text: a new person gets none, an existing one keeps the one on record.',
    fix: 'Correct the number in the SIS; give numbers outside the district region with their + country code.',
  },
  GRADE_INVALID: {
    severity: 'warning',
    when: 'A grade is not a CEDS grade code (IT, PR, PK, TK, KG, 01–13, PS, UG, Other). It is ignored; the grade on record stays.',
    fix: 'Use CEDS grade codes in the export.',
  },
  REFERENCE_UNKNOWN: {
    severity: 'error',
    when: 'A row refers to a class, user or org that the bundle does not contain. The row is skipped.',
    fix: 'Export the referenced record too, or remove the row that refers to it.',
  },
  SCHOOL_NOT_MAPPED: {
    severity: 'info',
    when: 'Records belong to a source school that no directory school carries as a School ID. They are not synced.',
    fix: 'If the school should be synced, add its id as a School ID on the directory school.',
  },
  SCHOOLS_NOT_FOUND: {
    severity: 'error',
    when: 'A School ID configured on a directory school is not in the source. The run fails before changing anything.',
    fix: 'Correct or remove the School ID on the school, or check that the export includes that school.',
  },
  GUARDIAN_NOT_LINKED: {
    severity: 'warning',
    when: 'A guardian is linked (agentSourcedIds, either side) to no student the sync keeps. The guardian is not created.',
    fix: 'List the guardian in the student row’s agentSourcedIds, or the student in the guardian’s.',
  },
  GUARDIAN_LINK_INVALID: {
    severity: 'warning',
    when: 'agentSourcedIds links a student to a user who is not a guardian (for example a teacher), or a guardian to a non-student. The link is ignored.',
    fix: 'agentSourcedIds of a student must list parent, guardian or relative users only.',
  },
  GUARDIANS_OVER_LIMIT: {
    severity: 'warning',
    when: 'A student has more guardians than the maximum guardians per student setting. The extra links are not made.',
    fix: 'Remove the extra guardians in the SIS, or raise the setting.',
  },
  ENROLLMENT_ENDED: {
    severity: 'info',
    when: 'Enrollments whose endDate has passed are not memberships. Counted once per run.',
    fix: 'Nothing; they leave the class on their end date.',
  },
  REMOVALS_HELD_THRESHOLD: {
    severity: 'warning',
    when: 'A run would archive or remove more records of one type than the deletion threshold allows. Those removals are held; everything else is applied.',
    fix: 'Check the source. If the removals are right, approve the run or raise the threshold and run again.',
  },
  REMOVALS_HELD_INCOMPLETE: {
    severity: 'warning',
    when: 'A run would remove records of a type the source did not send completely (delta, failed page, unreadable rows). Those removals are held.',
    fix: 'Fix what made the type partial (see the other findings) and run again.',
  },
  FINDINGS_TRUNCATED: {
    severity: 'info',
    when: 'A code fired more often than the report keeps. The first ones are listed and the total is counted.',
    fix: 'Fix the listed cases; the same fix usually clears the rest.',
  },
} as const satisfies Record<string, FindingCodeEntry>;

export type FindingCode = keyof typeof findingCodes;
