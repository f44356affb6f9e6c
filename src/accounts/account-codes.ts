interface AccountCodeEntry {
  /** The HTTP status the API answers with. */
  status: number;
  /** When it fires. */
  when: string;
  /** What the user should do. */
  fix: string;
}

/**
 * Every code a refused account operation carries (invitations, activation, sign-in, grants), in
 * one place with its HTTP status. Codes are permanent: a retired code stays here marked retired
 * and is never reused. `docs/account-codes.md` is rendered from this table and a test keeps the
 * two equal.
 */
export const accountCodes = {
  ACCOUNTS_NOT_ALLOWED: {
    status: 403,
    when: 'The caller may not manage accounts of this district: only rostersync itself (the CLI) and people with the `district_admin` grant of the district invite people and give or take back grants.',
    fix: 'Ask a district admin, or run the command on the rostersync host.',
  },
  DISTRICT_NOT_FOUND: {
    status: 404,
    when: 'The district id is not a district id at all.',
    fix: 'Use an id from `rostersync district list`.',
  },
  PERSON_NOT_FOUND: {
    status: 404,
    when: 'The person id is not a person of this district (it may be one of another district: nothing reaches across districts).',
    fix: 'Use an id from `rostersync export --district ID`.',
  },
  PERSON_ARCHIVED: {
    status: 409,
    when: 'The person is archived (the source no longer sends any of their roles, or they were archived by hand): an archived person gets no invitation and no grant.',
    fix: 'Wait until the source sends the person again, or invite someone else.',
  },
  PERSON_NO_CREDENTIAL: {
    status: 409,
    when: 'The person has neither an email nor a mobile number, so they could never sign in.',
    fix: 'Give the person an email or mobile in the source (or by hand, where SPEC §6 allows) and invite again.',
  },
  INVITATION_UNKNOWN: {
    status: 404,
    when: 'The activation token is not one this district issued (mistyped, cut short, or of another district).',
    fix: 'Open the activation link exactly as it was sent, or ask for a new invitation.',
  },
  INVITATION_EXPIRED: {
    status: 410,
    when: 'The invitation was not accepted within its 14 days.',
    fix: 'Ask for a new invitation (`rostersync invite PERSON --district ID`).',
  },
  INVITATION_USED: {
    status: 410,
    when: 'The invitation was already accepted; a token works once.',
    fix: 'Sign in with the password set then, or ask for a new invitation to set another.',
  },
  INVITATION_REVOKED: {
    status: 410,
    when: 'A newer invitation of the same person replaced this one.',
    fix: 'Use the newest activation link the person received.',
  },
  PASSWORD_TOO_SHORT: {
    status: 400,
    when: 'The new password has fewer than 12 characters.',
    fix: 'Choose a password of at least 12 characters; a few unrelated words are easy to remember.',
  },
  PASSWORD_TOO_LONG: {
    status: 400,
    when: 'The new password has more than 1,024 characters (a bound on the work hashing it costs).',
    fix: 'Choose a shorter password.',
  },
  PASSWORD_TOO_SIMPLE: {
    status: 400,
    when: 'The new password is one character repeated.',
    fix: 'Choose a password with different characters.',
  },
  SIGN_IN_FAILED: {
    status: 401,
    when: 'The email or mobile and password do not belong to an active, unarchived person of the district. The same answer whatever was wrong, so it does not tell who has an account.',
    fix: 'Check the email or mobile and the password; someone who never activated their account needs an invitation.',
  },
  SIGN_IN_LOCKED: {
    status: 429,
    when: 'Too many failed sign-ins for this email or mobile, or from this address (5 within 15 minutes): sign-in is refused for 15 minutes. `details.retryAfterSeconds` says how long is left.',
    fix: 'Wait the time given, then sign in with the right password.',
  },
  GRANT_INVALID: {
    status: 400,
    when: 'The grant does not fit its role: `district_admin` takes no school, `school_leader` needs one, or the role is not one of district_admin, school_leader, rostering_admin, users_manager.',
    fix: 'Give `--school` for a school leader, leave it out for a district admin.',
  },
  GRANT_SCHOOL_NOT_FOUND: {
    status: 404,
    when: 'The school of the grant is not an open school of this district (another district’s, an archived one, or none at all).',
    fix: 'Use the id of one of the district’s schools, as `rostersync school list` prints it.',
  },
  GRANT_NOT_FOUND: {
    status: 404,
    when: 'The person does not hold that grant (with that school, or district-wide without one), so there is nothing to take back.',
    fix: 'See `rostersync grants --district ID` for what each person holds.',
  },
} as const satisfies Record<string, AccountCodeEntry>;

export type AccountCode = keyof typeof accountCodes;
