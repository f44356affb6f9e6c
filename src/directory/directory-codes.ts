interface DirectoryCodeEntry {
  /** The HTTP status an API answer with this code carries. */
  status: 400 | 403 | 404 | 409;
  /** When it fires. */
  when: string;
  /** What the user should do. */
  fix: string;
}

/**
 * Every code a refused directory operation carries (`DirectoryError.code`), with its HTTP
 * status: the one place codes map to statuses (STYLE 13). Codes are permanent: a retired code
 * stays here marked retired and is never reused. `docs/directory-codes.md` is rendered from
 * this table and a test keeps the two equal.
 */
export const directoryCodes = {
  INPUT_INVALID: {
    status: 400,
    when: 'The input of an operation does not fit its schema (a missing or unknown field, a value of the wrong kind or length). The message names each field.',
    fix: 'Send the fields the operation takes (its zod schema, exported next to it).',
  },
  NOT_PERMITTED: {
    status: 403,
    when: 'The person asking holds no right that allows the operation on this target (SPEC §7). The message names the action and who may do it.',
    fix: 'Ask someone who may (a district admin, a leader of the school…), or have a district admin grant the right.',
  },
  OPERATOR_SCOPE_MISSING: {
    status: 403,
    when: 'An API token lacks the scope the operation needs (`directory:write`; `syncs:write` to enable or disable a sync).',
    fix: 'Use a token with that scope, or make one.',
  },
  OTHER_DISTRICT: {
    status: 404,
    when: 'The target belongs to another district than the one the principal acts in (tenant isolation). Answered like a missing record, so other districts’ ids are not confirmed.',
    fix: 'Use an id of your own district.',
  },
  DISTRICT_NOT_FOUND: {
    status: 404,
    when: 'No district has the given id.',
    fix: 'Use an id `rostersync district list` prints.',
  },
  SCHOOL_NOT_FOUND: {
    status: 404,
    when: 'No school has the given id.',
    fix: 'Use an id `rostersync school list` prints.',
  },
  CLASSROOM_NOT_FOUND: {
    status: 404,
    when: 'No classroom of the district has the given id.',
    fix: 'Use a classroom id from the directory export or the API.',
  },
  PERSON_NOT_FOUND: {
    status: 404,
    when: 'No person of the district has the given id.',
    fix: 'Use a person id from the directory export or the API.',
  },
  CONFIG_NOT_FOUND: {
    status: 404,
    when: 'No sync config of the district has the given id.',
    fix: 'Use an id `rostersync config list` prints.',
  },
  MEMBERSHIP_NOT_FOUND: {
    status: 404,
    when: 'The person is not a member of the classroom the operation names.',
    fix: 'Check the classroom and the person.',
  },
  DISTRICT_NAME_REQUIRED: {
    status: 400,
    when: 'A district is created with an empty name.',
    fix: 'Give the district a name.',
  },
  TIME_ZONE_INVALID: {
    status: 400,
    when: 'A district is created with a time zone that is not an IANA zone.',
    fix: 'Use a zone such as `America/Chicago`.',
  },
  SCHOOL_NAME_REQUIRED: {
    status: 400,
    when: 'A school is created with an empty name.',
    fix: 'Give the school a name.',
  },
  SCHOOL_ID_EMPTY: {
    status: 400,
    when: 'A School ID (source org id) given to a school is empty.',
    fix: 'Leave it out, or give the source’s org id.',
  },
  SCHOOL_ID_TAKEN: {
    status: 409,
    when: 'A School ID is already on another school: one source school maps to one directory school unless a split rule says otherwise.',
    fix: 'Remove it from the other school, or add a split rule to the config.',
  },
  LIMIT_INVALID: {
    status: 400,
    when: 'A page of the change feed is asked for with a limit out of range.',
    fix: 'Ask for between 1 and the maximum the message names.',
  },
  CURSOR_INVALID: {
    status: 400,
    when: 'A change feed cursor is malformed or belongs to another district.',
    fix: 'Use the cursor the previous page returned, or start without one.',
  },
  SCHOOL_ARCHIVED: {
    status: 409,
    when: 'A classroom is created in an archived school.',
    fix: 'Create it in an open school.',
  },
  CLASSROOM_ARCHIVED: {
    status: 409,
    when: 'An archived classroom is renamed, edited, given members or a SIS id.',
    fix: 'Work on an open classroom; a synced one comes back when the source sends it (per *Unarchive classrooms that reappear*).',
  },
  CLASSROOM_SYNCED: {
    status: 409,
    when: 'An enabled sync owns the classroom and the change is the source’s (SPEC §3): adding a student, changing grades, subjects, periods or type, or giving it a SIS id again. Renaming, adding co-teachers and archiving are allowed.',
    fix: 'Make the change in the SIS, use a manual classroom, or disable the sync.',
  },
  MEMBERSHIP_EXISTS: {
    status: 409,
    when: 'The person is already a member of the classroom (by hand or synced).',
    fix: 'Nothing to do; remove the membership first to change its role (a synced one changes in the SIS).',
  },
  LINK_NOT_FOUND: {
    status: 404,
    when: 'The guardian is not linked to the student the operation names.',
    fix: 'Check the student and the guardian.',
  },
  LINK_SYNCED: {
    status: 409,
    when: 'A guardian link an enabled sync made is removed by hand: the source owns it (SPEC §3).',
    fix: 'Remove the contact in the SIS or the guardians file; the next run removes the link. Or disable the sync first.',
  },
  GUARDIAN_NO_CREDENTIAL: {
    status: 400,
    when: 'A guardian is created by hand with neither an email nor a mobile: they could not sign in or be reached (SPEC §6).',
    fix: 'Give an email or a mobile.',
  },
  MEMBERSHIP_SYNCED: {
    status: 409,
    when: 'A membership an enabled sync made is removed by hand: the source owns it.',
    fix: 'Remove the enrollment in the SIS; the next run removes the membership.',
  },
  ROLE_REQUIRED: {
    status: 409,
    when: 'The person lacks the open role the operation needs: a student for a student membership, a merge, a join code or an account; staff for a teacher or aide membership.',
    fix: 'Pick a person with that role, or give them the role first (staff: add them to a school).',
  },
  PERSON_ARCHIVED: {
    status: 409,
    when: 'An archived person’s contact details, schools or links are changed by hand.',
    fix: 'Work on an open person; a synced one comes back when the source sends them again.',
  },
  SCHOOL_SYNCED: {
    status: 409,
    when: 'A student is created by hand in a school an enabled sync rosters (a school-level config of it, or a district-level config while it has School IDs), SPEC §3.',
    fix: 'Add the student in the SIS; the next run creates them. Or disable the sync.',
  },
  STUDENT_SYNCED: {
    status: 409,
    when: 'A student an enabled sync owns is archived by hand (SPEC §3): the sync archives students who leave the source.',
    fix: 'Remove the student in the SIS, or merge a manual duplicate into them.',
  },
  STAFF_SYNCED: {
    status: 409,
    when: 'A school is added by hand to a staff member an enabled sync owns: their schools are the source’s, set every run.',
    fix: 'Add the school in the SIS, or add the person to classrooms of that school instead.',
  },
  CONTACT_INVALID: {
    status: 400,
    when: 'A new email or phone number is not valid (emails are compared case-insensitively; phones are normalised to E.164).',
    fix: 'Correct the value the message quotes.',
  },
  CREDENTIAL_IN_USE: {
    status: 409,
    when: 'A new email or mobile belongs to another person of the district: credentials sign people in, so each is unique in a district (SPEC §6).',
    fix: 'Use another value, or correct the other person’s first.',
  },
  CONTACTS_FOLLOW_SOURCE: {
    status: 409,
    when: 'The contact details of an invitee an enabled sync owns are edited by hand: an invitee’s details always follow the source (SPEC §6), so the edit would be undone.',
    fix: 'Correct them in the SIS, or let the person activate their account first.',
  },
  CONTACTS_MANAGED_BY_SCHOOL: {
    status: 409,
    when: 'An active user’s contact details are edited by hand while their sync has *Update contact details of active users* on: the school manages them (SPEC §6).',
    fix: 'Correct them in the SIS, or ask a district admin to turn the setting off.',
  },
  LINK_TO_SELF: {
    status: 400,
    when: 'A person is linked as their own guardian.',
    fix: 'Link another person.',
  },
  JOIN_CODE_INVALID: {
    status: 404,
    when: 'A join code is not one of the district’s current codes (mistyped, rotated, or its student archived).',
    fix: 'Check the code on the letter (it has no 0, O, 1, I or L), or ask the school for a new one.',
  },
  JOIN_FOR_ANOTHER: {
    status: 403,
    when: 'A signed-in person names another person as the guardian joining with a code: a person joins only as themself (an operator names the guardian).',
    fix: 'Leave guardianId out; the signed-in person joins.',
  },
  JOIN_BY_STUDENT: {
    status: 403,
    when: 'A person holding a student role (and no guardian role) tries to join a student as a guardian with a join code: codes travel home with students, and a student must not receive what guardians receive.',
    fix: 'A school leader or rostering admin links them by hand if they really are a guardian.',
  },
  CONFIG_NOT_FOR_SCHOOL: {
    status: 409,
    when: 'A classroom is given a SIS id of a sync that does not roster its school, so no run of it would ever see the class.',
    fix: 'Use the config of the classroom’s school, or give the school its School ID.',
  },
  CLASSROOM_SIS_ID_TAKEN: {
    status: 409,
    when: 'A classroom is given a SIS id another classroom of the same sync already has.',
    fix: 'Move the members by hand and archive one of the two, or check the SIS id.',
  },
  MERGE_TARGET_NOT_SYNCED: {
    status: 409,
    when: 'A student is merged into a record that is not an open synced student.',
    fix: 'Merge into the synced twin the last run created.',
  },
  MERGE_SOURCE_NOT_MANUAL: {
    status: 409,
    when: 'The record merged away is not an open student made by hand (it holds a synced role, or no student role).',
    fix: 'Merge only manual duplicates; two synced records are one only when the SIS merges them.',
  },
} as const satisfies Record<string, DirectoryCodeEntry>;

export type DirectoryCode = keyof typeof directoryCodes;

/** The HTTP status of a directory refusal; an unknown code is a bug, answered as 500. */
export function httpStatusOfDirectoryCode(code: string): number {
  return Object.hasOwn(directoryCodes, code) ? directoryCodes[code as DirectoryCode].status : 500;
}
