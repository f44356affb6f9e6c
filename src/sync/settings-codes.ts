interface SettingsCodeEntry {
  /** When it fires. */
  when: string;
  /** What the user should do. */
  fix: string;
}

/**
 * Every code a refused settings change carries (`config create`, `config set`), in one place.
 * Codes are permanent: a retired code stays here marked retired and is never reused.
 * `docs/settings.md` is rendered from this table and a test keeps the two equal.
 */
export const settingsCodes = {
  SETTINGS_INVALID: {
    when: 'A value does not fit its setting: wrong type, out of range, not a valid time, zone, date, grade or school id. The message names the setting and what it takes.',
    fix: 'Give a value of the kind the message names (README, "Configuration").',
  },
  SETTINGS_FILE_INVALID: {
    when: 'A `key=@file` value names a file that cannot be read or does not hold JSON.',
    fix: 'Check the path (relative to the folder the command runs in) and that the file is valid JSON.',
  },
  SETTING_UNKNOWN: {
    when: 'A key is not a setting. The message suggests the nearest setting when one is close.',
    fix: 'Use a key from README, "Configuration" (keys ignore case, `_` and `-`).',
  },
  SETTING_NOT_FOR_SOURCE: {
    when: 'A setting only another source uses is given a value other than its default (a `clever.*` setting on a OneRoster config): it would have no effect.',
    fix: 'Leave it at its default, or set it on a config of the source it belongs to.',
  },
  GUARDIANS_MANAGED_TWICE: {
    when: 'Two configs of one district would both manage guardians for the same school: a district-level config covers every school, a school-level one its school. Each would create, update and remove guardians and links the other also owns.',
    fix: 'Turn `manageGuardians` off on one of them (the message names the other config).',
  },
  SCHOOL_ID_MAPPED_TWICE: {
    when: 'One source school is tied to two directory schools (its id is a School ID of both, or of a school a split of it does not route to) without a split rule saying which records go where.',
    fix: 'Add a split for that source school to `schoolMapping`, or keep the School ID on one school only.',
  },
  SCHOOL_SPLIT_OVERLAP: {
    when: 'A record could be routed by two rules of one split: grade ranges that share grades, the same value in two rules on the same class attribute, or two splits of one source school. The message names the grades or values and the schools.',
    fix: 'Make the ranges or values of the rules disjoint, or merge the two splits.',
  },
  SCHOOL_SPLIT_UNROUTED: {
    when: "A split leaves records with no school: a grade split's ranges do not cover every grade of the scale IT…PS (the message lists the grades), or a class split has no `otherwise` school for classes that match no rule.",
    fix: 'Widen or add a range (e.g. start the lowest at IT, end the highest at PS), or add `otherwise`.',
  },
  SCHOOL_NOT_IN_DISTRICT: {
    when: 'A split rule, a split’s `otherwise` or the `classroomFilters.schools` filter names a school that is not an open school of this district (another district’s, an archived one, or none at all).',
    fix: 'Use the id of one of the district’s schools, as `rostersync school list` prints it.',
  },
  SCHOOL_OUT_OF_SCOPE: {
    when: 'A school-level config names a school other than its own in a split rule or the schools filter: it syncs only its school.',
    fix: 'Name only the config’s school, or make the split in a district-level config.',
  },
} as const satisfies Record<string, SettingsCodeEntry>;

export type SettingsCode = keyof typeof settingsCodes;
