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
    when: 'The bundle is a file that is not a readable ZIP archive, the ZIP is damaged, or a file in it cannot be read to the end (damaged data, or more or fewer bytes than its header says). The bundle is not used.',
    fix: 'Export the bundle again, or give the folder the CSV files are in.',
  },
  BUNDLE_AMBIGUOUS: {
    severity: 'error',
    when: 'The bundle holds CSV files in more than one folder, so it is unclear which set to read.',
    fix: 'Put the OneRoster files at the root of the ZIP or folder, or in exactly one folder.',
  },
  BUNDLE_UNSAFE: {
    severity: 'error',
    when: 'The ZIP has an entry whose name would land outside its folder (an absolute path, a drive letter, a `..` step), more than 10,000 entries, more than 50 GiB of content, or an entry over 10 MiB that expands more than 200 times its compressed size (a zip bomb). The whole bundle is refused; nothing in it is read.',
    fix: 'Export the bundle again with your SIS or a standard ZIP tool. If you did not make this file, do not open it: it may be hostile.',
  },
  BUNDLE_DUPLICATE_FILE: {
    severity: 'error',
    when: 'The bundle holds two files whose names differ only in case (users.csv and Users.csv), so it is unclear which one to read. The bundle is not used.',
    fix: 'Keep one of the two files and remove the other.',
  },
  BUNDLE_SYMLINK: {
    severity: 'error',
    when: 'An entry of the ZIP, or a file or folder of the bundle folder, is a symbolic link. It is not followed or read.',
    fix: 'Put the real file in the bundle instead of a link to it.',
  },
  BUNDLE_JUNK_IGNORED: {
    severity: 'info',
    when: 'The bundle holds operating-system files (`__MACOSX/`, `.DS_Store`, `._*`, `Thumbs.db`, `desktop.ini`). They are ignored; the note counts them and names the first few.',
    fix: 'Nothing.',
  },
  BUNDLE_FILE_IGNORED: {
    severity: 'info',
    when: 'The bundle holds CSV files outside the folder the OneRoster files were found in; they are not read. The note names them. (Files that are not CSV, such as a README.txt, are ignored without a note.)',
    fix: 'Nothing, if they are not roster files. Otherwise put them next to users.csv, with a .csv name.',
  },
  FILE_MISSING: {
    severity: 'error',
    when: 'A file the sync needs (users.csv, classes.csv, enrollments.csv, and roles.csv in a OneRoster 1.2 bundle) is not in the bundle. Nothing is changed.',
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
  FILE_NOT_TEXT: {
    severity: 'error',
    when: 'A file is not readable text: it looks like a spreadsheet (an .xlsx or .xls workbook renamed to .csv) or another binary file, or it is in an encoding other than UTF-8, ISO-8859-1 and Windows-1252 (GBK, Shift-JIS…), which could only be read with garbled names. It is not used.',
    fix: 'Open it in Excel and save it as "CSV UTF-8 (Comma delimited)", or export CSV (UTF-8) from the SIS again.',
  },
  FILE_DELTA: {
    severity: 'warning',
    when: 'manifest.csv declares a file as a delta, so absent rows say nothing about removals: records it leaves out are left as they are, and only rows marked tobedeleted remove records.',
    fix: 'Nothing, if you meant to send a delta. Send a bulk export to let the sync archive records that left without being marked tobedeleted.',
  },
  DELETIONS_MARKED: {
    severity: 'info',
    when: 'Rows with status tobedeleted (or the OneRoster 1.0 word inactive) name users, classes or enrollments to remove. Counted once per run. Each is removed like any removal, through the deletion threshold; one the directory does not have, or that another sync or a person owns, is left alone.',
    fix: 'Nothing, if the source meant to delete them. If a run holds them, check the export before approving.',
  },
  ENCODING_WINDOWS_1252: {
    severity: 'warning',
    when: 'A file is not UTF-8. It is read as ISO-8859-1 (Latin-1), or as Windows-1252 (the superset of ISO-8859-1 that Excel writes) when it holds characters only Windows-1252 has, such as curly quotes or €; accented names arrive intact. The message names the encoding detected.',
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
  DELETION_CONFLICT: {
    severity: 'warning',
    when: 'A file sends the same record both as active and as tobedeleted. The record is kept as the active row says, whatever the order of the rows, and nothing is removed.',
    fix: 'Send each record once: either its current values or a tobedeleted row.',
  },
  ROLE_UNKNOWN: {
    severity: 'error',
    when: 'A user, role (1.2 roles.csv) or enrollment row has a role the sync does not know. The row is skipped; its record is left as it is.',
    fix: 'Use a OneRoster role: student, teacher, aide, proctor, administrator, parent, guardian or relative (1.2 also: districtAdministrator, principal, siteAdministrator, systemAdministrator).',
  },
  USER_WITHOUT_ROLE: {
    severity: 'warning',
    when: 'OneRoster 1.2: a users.csv user has no row in roles.csv, so it is neither student, staff nor guardian. The user is left as it is in the directory: not created, updated or removed.',
    fix: 'Export the user’s roles too (roles.csv, one row per user and org).',
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
    when: 'Records belong to a source school that no directory school carries as a School ID, or to a split source school whose rules route them nowhere (an ungraded record in a grade split without `otherwise`). They are not synced.',
    fix: 'If the school should be synced, add its id as a School ID on the directory school.',
  },
  CLASSROOMS_FILTERED: {
    severity: 'info',
    when: 'The classroom filters (`classroomFilters`) leave out classes of mapped schools. Counted once per run, with how many each filter left out (a class is counted under the first filter it fails). Their classrooms and memberships are not synced; a classroom synced before is archived through the deletion threshold, its members kept.',
    fix: 'Nothing, if the filters are meant. A run held by the threshold after a filter change: approve the hold, or raise the threshold and run again.',
  },
  CLASSROOMS_LEFT_ARCHIVED: {
    severity: 'info',
    when: 'Synced classrooms a person archived are still sent by the source, and `unarchiveClassrooms` is off: they stay archived, and their memberships are not changed. Counted once per run, naming the first ten class SIS ids. (A classroom the sync archived, because it left the source or was filtered out, is revived when it comes back.)',
    fix: 'Nothing, if they were archived on purpose. To bring them back, unarchive them by hand or turn `unarchiveClassrooms` on.',
  },
  SCHOOLS_NOT_FOUND: {
    severity: 'error',
    when: 'A School ID configured on a directory school, or the source school of a split rule (`schoolMapping.splits`), is not in the source. The run fails before changing anything.',
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
  GUARDIAN_NO_CREDENTIAL: {
    severity: 'warning',
    when: 'A guardian the sync would keep has neither a valid email nor a valid mobile (the mobile is the phone the `phoneCredential` setting names; invalid values are reported as EMAIL_INVALID or PHONE_INVALID and not used), so they could not sign in (SPEC §6). The guardian is skipped: not created and not linked; one synced before is kept as it is, with its links, and is not archived.',
    fix: 'Give the guardian an email or a mobile in the SIS; the next run syncs them.',
  },
  GUARDIAN_CREDENTIAL_CONFLICT: {
    severity: 'warning',
    when: 'Guardians with different SIS ids share one email or one mobile. Credentials are unique among people (SPEC §6), so the shared value is given to none of them (each keeps the value the directory has). A guardian with another credential is synced with that one; one whose only credentials are shared is skipped like GUARDIAN_NO_CREDENTIAL. One finding per guardian and shared value.',
    fix: 'Give each guardian their own email and mobile in the SIS, or merge the duplicate guardian records into one.',
  },
  ENROLLMENT_ENDED: {
    severity: 'info',
    when: 'Enrollments whose endDate has passed are not memberships. Counted once per run.',
    fix: 'Nothing; they leave the class on their end date.',
  },
  ROLE_ENDED: {
    severity: 'info',
    when: 'OneRoster 1.2: roles.csv rows whose endDate has passed are not roles. Counted once per run. A user left with no current role is not in the roster, so its person is archived (through the deletion threshold).',
    fix: 'Nothing; the role ends on its end date.',
  },
  REMOVALS_HELD_THRESHOLD: {
    severity: 'warning',
    when: 'A run would archive or remove more records of one type than the deletion threshold allows. Those removals are held; everything else is applied.',
    fix: 'Check the source. If the removals are right, approve the run or raise the threshold and run again.',
  },
  REMOVALS_HELD_INCOMPLETE: {
    severity: 'warning',
    when: 'A run would remove records of a type the source did not send completely (failed page, unreadable rows) because they are absent. Those removals are held; records the source marked tobedeleted are not held for this reason. A delta never infers removals, so it never causes this.',
    fix: 'Fix what made the type partial (see the other findings) and run again.',
  },
  HELD_CHANGES_SKIPPED: {
    severity: 'warning',
    when: 'An approval of a held run (`rostersync approve`) re-checked the held removals against the directory as it is now, and some no longer applied: the record is gone, archived or removed already, no longer owned by the sync config, changed since the held run, kept by a later run that read the source, or a guardian whose students stay. They were not applied; one finding per reason gives the count.',
    fix: 'Nothing: they were left as they are. If some should still go, run the sync again: it plans against the source and the directory as they are now.',
  },
  HELD_CHANGES_NOT_APPROVED: {
    severity: 'info',
    when: 'An approval with `--max N` applied N held removals; the other held removals that still applied were left as they are. The hold is resolved all the same.',
    fix: 'If they should go too, run the sync again (it plans them again, through the deletion threshold).',
  },
  BUNDLE_NOT_ONEROSTER: {
    severity: 'error',
    when: 'The bundle is not OneRoster: no manifest.csv and files whose columns are not OneRoster 1.1 or 1.2 (often a Microsoft School Data Sync set, which borrows the file names). Nothing else is checked or changed.',
    fix: 'Export "OneRoster CSV" (1.1 or 1.2) from the SIS, with its manifest.csv, or check that the right folder or ZIP was given.',
  },
  VERSION_UNSUPPORTED: {
    severity: 'error',
    when: 'manifest.csv declares a OneRoster version other than 1.1 or 1.2.',
    fix: 'Export OneRoster 1.1 or 1.2. If the files really are 1.1 or 1.2, correct oneroster.version in manifest.csv.',
  },
  VERSION_MISMATCH: {
    severity: 'warning',
    when: 'manifest.csv declares one OneRoster version but users.csv has the columns of the other. The files are read as their columns say.',
    fix: 'Correct oneroster.version in manifest.csv.',
  },
  MANIFEST_MISSING: {
    severity: 'error',
    when: 'Conformance level: the bundle has no manifest.csv, which OneRoster requires. (The sync reads such bundles as bulk.)',
    fix: 'Add manifest.csv with manifest.version, oneroster.version and a file.x row (bulk, delta or absent) for every file.',
  },
  MANIFEST_PROPERTY_MISSING: {
    severity: 'error',
    when: 'Conformance level: manifest.csv lacks a row OneRoster requires (manifest.version, oneroster.version, or file.x for a file of the version).',
    fix: 'Add the row; files that are not sent are listed as absent.',
  },
  MANIFEST_FILE_ABSENT: {
    severity: 'error',
    when: 'manifest.csv says a file is sent (bulk or delta) but the bundle does not have it.',
    fix: 'Add the file to the bundle, or declare it absent in manifest.csv.',
  },
  MANIFEST_FILE_UNDECLARED: {
    severity: 'warning',
    when: 'The bundle has a file that manifest.csv declares absent, or (conformance level) does not name. It is read as bulk.',
    fix: 'Declare the file in manifest.csv as bulk or delta.',
  },
  FILE_UNKNOWN: {
    severity: 'info',
    when: 'The bundle has a CSV file that the OneRoster version does not define (and that is not guardians.csv or student_attributes.csv). It is not read.',
    fix: 'Nothing, if it is an extra; check its name if it was meant to be a OneRoster file.',
  },
  FILE_BOM: {
    severity: 'info',
    when: 'Conformance level: a file starts with a UTF-8 byte order mark. rostersync reads it; some other consumers do not.',
    fix: 'Nothing for rostersync. Save as UTF-8 without BOM for strict consumers.',
  },
  HEADER_MISSPELT: {
    severity: 'warning',
    when: 'A header column is not a OneRoster column but is close to one the header lacks (sourceId for sourcedId). As spelt, it is ignored.',
    fix: 'Rename the column to the name the message suggests.',
  },
  HEADER_CASE: {
    severity: 'warning',
    when: 'Conformance level: a header column is spelt with other case or spaces than the standard (SourcedId, " role"). The sync reads it anyway.',
    fix: 'Spell header names exactly as OneRoster does.',
  },
  HEADER_ORDER: {
    severity: 'error',
    when: 'Conformance level: the columns of a file are not in the order the OneRoster CSV binding gives. The sync reads them by name anyway.',
    fix: 'Reorder the columns as the message lists them.',
  },
  HEADER_INCOMPLETE: {
    severity: 'error',
    when: 'Conformance level: an optional column is missing from a header. OneRoster lists every column, even when all its values are empty.',
    fix: 'Add the column with empty values.',
  },
  VALUE_REQUIRED: {
    severity: 'error',
    when: 'A value is empty where it is required: a column the sync cannot do without (a role, a school, a class or user of an enrollment), status in a delta file, or (conformance level) any column OneRoster requires.',
    fix: 'Fill in the value in the export.',
  },
  VALUE_TYPE: {
    severity: 'error',
    when: 'A value is not of its column’s form: a date (YYYY-MM-DD), a date-time, a year, a number, or a {type:id} list. The sync ignores it.',
    fix: 'Write the value in the form the message gives.',
  },
  VALUE_ENUM: {
    severity: 'error',
    when: 'A value is not one of the words OneRoster allows for the column (an org type, a class type, true/false…). The sync ignores it.',
    fix: 'Use one of the values the message lists.',
  },
  VALUE_CASE: {
    severity: 'warning',
    when: 'Conformance level: a value is an allowed word in other case (Teacher for teacher, TRUE for true). OneRoster values are case-sensitive; the sync reads it anyway.',
    fix: 'Write the value as the message spells it.',
  },
  STATUS_INACTIVE_LEGACY: {
    severity: 'warning',
    when: 'A row has status "inactive", the OneRoster 1.0 word. It is read as tobedeleted.',
    fix: 'Use tobedeleted (or leave status empty in bulk files).',
  },
  BULK_DELTA_FIELD: {
    severity: 'error',
    when: 'Conformance level: a bulk file has values in status or dateLastModified, which OneRoster leaves empty in bulk. Reported once per file and column. The sync still reads tobedeleted rows as not in the roster.',
    fix: 'Leave status and dateLastModified empty in bulk files, or declare the file a delta in manifest.csv.',
  },
  ROW_EMBEDDED_NEWLINE: {
    severity: 'warning',
    when: 'Conformance level: a quoted value spans several lines. It is valid CSV and rostersync reads it, but many consumers do not. Reported once per file.',
    fix: 'Remove line breaks from values (addresses, titles) in the export.',
  },
  REFERENCE_FILE_MISSING: {
    severity: 'error',
    when: 'Conformance level: a column refers to records of a file the bundle does not have (termSourcedIds without academicSessions.csv). Reported once per column.',
    fix: 'Send the referenced file too, or leave the column empty.',
  },
  AGENT_ROLE_INVALID: {
    severity: 'error',
    when: 'Conformance level: a student lists as agent a user who is not a parent, guardian or relative (a teacher is never a student’s agent), or a guardian lists a user who is not a student.',
    fix: 'Correct agentSourcedIds in users.csv.',
  },
  CLASS_PRIMARY_TEACHERS: {
    severity: 'error',
    when: 'Conformance level: a class has more than one enrollment with role teacher and primary true.',
    fix: 'Mark one teacher primary per class; the others are primary false.',
  },
  ENROLLMENT_SCHOOL_MISMATCH: {
    severity: 'error',
    when: 'Conformance level: an enrollment’s schoolSourcedId is not the school of its class in classes.csv.',
    fix: 'Give the enrollment its class’s school.',
  },
  DATE_RANGE: {
    severity: 'error',
    when: 'Conformance level: an end date is before its start date (academic sessions, enrollments, roles, line items).',
    fix: 'Correct the dates.',
  },
  SUBJECT_CODES_LENGTH: {
    severity: 'error',
    when: 'Conformance level: a class or course has subjectCodes, but not as many as subjects; the two lists go pair by pair.',
    fix: 'Give one subject code per subject, in the same order, or leave subjectCodes empty.',
  },
  CONTACT_UPDATE_SKIPPED: {
    severity: 'info',
    when: 'The source has other contact details (names, email, mobile, home phone, language) for an active user than the directory, and Update contact details of active users is off: the user’s own values stay. The note lists both.',
    fix: 'Nothing, if the user’s values are right. To let the source win, turn on updateActiveContacts, or correct the SIS.',
  },
  STUDENT_NUMBER_MISSING: {
    severity: 'warning',
    when: 'The config identifies students by their student number (Student ID `student_number`) and a student in reach has none. The student is not synced; one synced before stays as it is (not archived).',
    fix: 'Give the student a student number in the SIS (OneRoster `identifier`, Clever `student_number`), or set Student ID back to `sis_id`.',
  },
  STUDENT_NUMBER_DUPLICATE: {
    severity: 'warning',
    when: 'Student ID is `student_number` and two or more students in reach share one student number, so the sync cannot tell which record is which. None of them is synced; ones synced before stay as they are. One finding per student.',
    fix: 'Give each student their own student number in the SIS.',
  },
  STUDENT_ID_CONFLICT: {
    severity: 'warning',
    when: 'Student ID is `student_number` and matching by number would give one SIS id to two records: a student’s number belongs to one synced student while its SIS id belongs to another, or several students in the directory share the number. The students named are kept as they are this run.',
    fix: 'Check the named students in the SIS: their SIS ids and student numbers were swapped or re-used. Once each number comes with one SIS id, the next run matches them.',
  },
  STUDENT_REKEYED: {
    severity: 'info',
    when: 'Student ID is `student_number` and a synced student’s number now comes with another SIS id (the SIS re-issued its ids, or the setting was switched). The same student is kept and its SIS id updated; nothing is archived or created.',
    fix: 'Nothing to do; the value is the SIS id the student had.',
  },
  IDENTITY_MERGED: {
    severity: 'info',
    when: 'A staff member or guardian new to the config has exactly the given name, family name, email and mobile of an existing person of the district who is not a student (or of a staff member new in the same run): one person, who now also has this role (SPEC §6: a staff member who is also a guardian; an existing guardian whose account the source now manages).',
    fix: 'Nothing to do. If they are two people, give them different emails or mobiles in the SIS.',
  },
  IDENTITY_NEAR_MATCH: {
    severity: 'warning',
    when: 'A staff member or guardian new to the config shares an email or mobile with an existing person of the district (or a guardian with a new staff member), but not the rest of the name, email and mobile, or that person is a student or already has this role from another source record. They are kept as two people, and the shared credential stays with the person who has it (see CREDENTIAL_IN_USE, GUARDIAN_CREDENTIAL_CONFLICT). The finding names what differs.',
    fix: 'If they are one person, make the SIS record match the directory (same names, email and mobile); if they are two, give each their own email and mobile.',
  },
  CREDENTIAL_IN_USE: {
    severity: 'warning',
    when: 'A person the run creates has an email or mobile that another person of the district already holds. Credentials are unique among people (SPEC §6), so the person is created without it (a guardian with no other credential is skipped instead, GUARDIAN_CREDENTIAL_CONFLICT).',
    fix: 'Correct the email or mobile in the SIS; the next run gives it to the person once no one else holds it.',
  },
  SOURCE_CREDENTIALS_REJECTED: {
    severity: 'error',
    when: 'The source refused the config’s credentials (a Clever token that is wrong, revoked or of another district; a client id or secret that is wrong). The run ends `failed_credentials` and changes nothing.',
    fix: 'Set new credentials on the config (`rostersync config set-source CONFIG token=…`) and run again.',
  },
  FINDINGS_TRUNCATED: {
    severity: 'info',
    when: 'A code fired more often than the report keeps. The first ones are listed and the total is counted.',
    fix: 'Fix the listed cases; the same fix usually clears the rest.',
  },
  ROLLBACK_CONFLICT: {
    severity: 'warning',
    when: 'A `rollback --partial` left a change of the rolled-back run (or, for a field of a person or classroom, that field) as it is, because a later run or person changed the same field of the same record, changed the state of that record, membership or link, or attached a membership or link to a record the rollback would archive. The finding names the record, the field (column) and what changed it when.',
    fix: 'Look at the later change (`run show`). If the rolled-back value is still wanted, roll back the later run too, or change the record by hand.',
  },
  CLEVER_RECORD_INVALID: {
    severity: 'warning',
    when: 'Clever: a record lacks a field the sync needs, or holds it in the wrong form: an object without `id`, a user with no role the sync knows, a student with no school, a district admin with no district, a section with no school, or a contact relationship naming a user who is not a student. A record with an id is left as it is in the directory (not created, updated or removed); without an id, removals of the types it feeds are held this run.',
    fix: 'Correct the record in the SIS (or in Clever) so it carries the field; the next run syncs it.',
  },
  CLEVER_SIS_ID_MISSING: {
    severity: 'warning',
    when: 'Clever: a student, teacher or staff user has no `sis_id` (staff: nor `staff_id`), or a contact without `sis_id` has no email, phone or name to derive a stable key from. The user is keyed by its Clever id instead; should the SIS later send the id, or Clever give the user a new id, the person is archived and created again.',
    fix: 'Send the SIS id for every user (and an email or phone for every contact).',
  },
  CLEVER_SIS_ID_DUPLICATE: {
    severity: 'warning',
    when: 'Clever: two users get the same key, for example a student and a teacher with the same `sis_id` (Clever keeps SIS ids per role). The first user in Clever’s order keeps the key; the other is keyed by its Clever id (and, once the SIS ids differ, archived and created again under its own).',
    fix: 'Give the users different SIS ids in the SIS.',
  },
  CLEVER_REFERENCE_UNKNOWN: {
    severity: 'warning',
    when: 'Clever: a section’s `students`/`teachers`/`teacher`, or a contact’s `student_relationships`, names a user the `/users` listing did not return although it finished. That membership or guardian link is not made. (While a listing is incomplete this is expected and not reported; removals wait instead.)',
    fix: 'Usually a passing state of Clever’s own sync; if it persists, ask the district to check the user in Clever.',
  },
  CLEVER_CONTACT_KEY_DERIVED: {
    severity: 'info',
    when: 'Clever: contacts without `sis_id` (whose Clever ids change when the SIS re-sends them) are keyed by a derived stable key: their email, else their phone, else their name and the student they belong to (SPEC §2.1). Counted once per run with an example, and how many contacts shared one key with another and so became one guardian.',
    fix: 'Nothing. To key contacts by the SIS, send contact ids (`sis_id`) to Clever.',
  },
  CLEVER_CONTACTS_FILTERED: {
    severity: 'info',
    when: 'Clever: the contact filters (`contactTypes`, `relationships`, `phoneTypes`) left out contact relationships and phone numbers. Counted once per run: relationships left out by type and by relationship, contacts left with no relationship (not guardians), and phones left out by type (the contact gets no mobile from Clever). A guardian synced before that is now left out is archived through the deletion threshold.',
    fix: 'Nothing, if the filters are meant; otherwise widen the Clever contact settings.',
  },
  CLEVER_CONTACT_NAME_SPLIT: {
    severity: 'info',
    when: 'Clever sends a contact’s full name in `name.last`. The sync splits it into given, middle and family names (particles such as "de la" and suffixes such as "Jr." stay with the family name; "Doe, Jane" is read family name first). Counted once per run, with an example.',
    fix: 'Nothing. A name split wrongly can be corrected by the guardian or a school once the account is active.',
  },
  CLEVER_CREDENTIALS_REJECTED: {
    severity: 'error',
    when: 'Clever refused the credentials of the sync config: it answered 401 or 403, the client id and secret gave no token for the district (the district has not connected the app, or disconnected it), or the token belongs to another district or to a signed-in user. The run fails without changing anything.',
    fix: 'Check the district id and the district token (or the client id and secret) in the sync config, and that the district still has the app connected in Clever.',
  },
  CLEVER_PAGE_FAILED: {
    severity: 'warning',
    when: 'A Clever listing (schools, users, sections, terms, courses or events) stopped early: a page still failed after its retries (5xx, network error, time-out, a body that is not Clever JSON, or a 4xx such as 404). The message names the page, the status and the count read before it. That entity type is partial, so nothing of it is removed or archived this run.',
    fix: 'Usually passing: the next run reads everything again. If it repeats, look at the status and the excerpt in the message; a 404 often means the token may not read that resource.',
  },
  CLEVER_RATE_LIMITED: {
    severity: 'info',
    when: 'Clever rate-limited the sync (HTTP 429, or no requests left in the window): the run waited until the window reset, at most 15 minutes at a time, and went on. The note says how long it waited.',
    fix: 'Nothing. If runs get slow, check whether other apps or scripts use the same district token.',
  },
  CLEVER_READ_MODE: {
    severity: 'info',
    when: 'Every Clever run says how it read Clever and why: `full` (every record: the first run, a full read due after `clever.fullSyncEveryDays`, changed settings, an event the Events API cannot apply safely, events that may have a gap, or a failed events page) or `incremental` (only the events since the last applied run, from which event id, how many). The value is `full` or `incremental`.',
    fix: 'Nothing. Many full reads in a row on a district with events enabled: the message says why (e.g. contact changes, which need a full read).',
  },
  CLEVER_CONTACT_REKEYED: {
    severity: 'info',
    when: 'Clever: contacts without a SIS id came with another Clever id than at the last full read (Clever re-issues such ids when the SIS re-sends a contact). Matched by their derived key (email, else phone, else name and student), they stay the same guardians: nothing is archived or created. Counted once per run with an example.',
    fix: 'Nothing. To give contacts stable ids, send their SIS ids (`sis_id`) to Clever.',
  },
  // Clever source codes (src/sources/clever/) go above this line.
} as const satisfies Record<string, FindingCodeEntry>;

export type FindingCode = keyof typeof findingCodes;
