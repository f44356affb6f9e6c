import { gradeScale, isGradeRule, type SchoolSplit } from './school-mapping-settings.ts';
import { settingKeys, settingValueAt } from './setting-keys.ts';
import type { SettingsCode } from './settings-codes.ts';
import { defaultSyncSettings, type SyncSettings } from './sync-settings.ts';

/** What a config's settings are judged against: the config itself and the rest of its district. */
export interface SettingsContext {
  config: { id: string | null; source: string; schoolId: string | null };
  /** The district's open (not archived) schools with their School IDs. */
  schools: readonly { id: string; name: string; sourceIds: readonly string[] }[];
  /** The district's other configs, with their settings. */
  otherConfigs: readonly {
    id: string;
    name: string;
    schoolId: string | null;
    settings: Pick<SyncSettings, 'manageGuardians'>;
  }[];
}

export interface Contradiction {
  code: SettingsCode;
  message: string;
}

/**
 * The ways a config's settings contradict themselves, the source they read or the district's
 * other configs (SPEC §4: "a configuration that contradicts itself is refused with the
 * reason"). Pure; empty when the settings can be stored.
 */
export function findSettingsContradictions(
  settings: SyncSettings,
  context: SettingsContext,
): Contradiction[] {
  const found: Contradiction[] = [];
  const schoolsById = new Map(context.schools.map((school) => [school.id, school]));
  const schoolName = (id: string): string => schoolsById.get(id)?.name ?? id;

  const defaults = defaultSyncSettings();
  for (const setting of settingKeys) {
    if (!setting.source || setting.source === context.config.source) continue;
    const path = setting.key.split('.');
    if (JSON.stringify(settingValueAt(settings, path)) !== JSON.stringify(settingValueAt(defaults, path))) {
      found.push({
        code: 'SETTING_NOT_FOR_SOURCE',
        message: `"${setting.key}" is a ${setting.source} setting; this config reads ${context.config.source}, where it would have no effect. Leave it at its default.`,
      });
    }
  }

  if (settings.manageGuardians) {
    for (const other of context.otherConfigs) {
      if (!other.settings.manageGuardians) continue;
      const { schoolId } = context.config;
      if (schoolId !== null && other.schoolId !== null && schoolId !== other.schoolId) continue;
      const where =
        schoolId === null && other.schoolId === null
          ? 'every school of the district'
          : schoolName((schoolId ?? other.schoolId) as string);
      found.push({
        code: 'GUARDIANS_MANAGED_TWICE',
        message: `Config "${other.name}" (${other.id}) already manages guardians for ${where}; turn manageGuardians off on one of the two.`,
      });
    }
  }

  const namedSchools = new Set<string>();
  const splitSources = new Set<string>();
  for (const split of settings.schoolMapping.splits) {
    const label = `The split of source school ${split.sourceSchoolId}`;
    if (splitSources.has(split.sourceSchoolId)) {
      found.push({
        code: 'SCHOOL_SPLIT_OVERLAP',
        message: `Source school ${split.sourceSchoolId} has two splits; merge their rules into one.`,
      });
    }
    splitSources.add(split.sourceSchoolId);
    found.push(...splitRoutingProblems(split, label, schoolName));
    const targets = splitTargets(split);
    for (const id of targets) namedSchools.add(id);
    for (const school of context.schools) {
      if (school.sourceIds.includes(split.sourceSchoolId) && !targets.has(school.id)) {
        found.push({
          code: 'SCHOOL_ID_MAPPED_TWICE',
          message: `School ID ${split.sourceSchoolId} is on ${school.name}, which its split does not route to; route a rule to ${school.name} or remove the School ID from it.`,
        });
      }
    }
  }
  for (const id of settings.classroomFilters.schools) namedSchools.add(id);

  if (context.config.schoolId === null) {
    const schoolsBySourceId = new Map<string, string[]>();
    for (const school of context.schools) {
      for (const sourceId of school.sourceIds) {
        schoolsBySourceId.set(sourceId, [...(schoolsBySourceId.get(sourceId) ?? []), school.name]);
      }
    }
    for (const [sourceId, names] of schoolsBySourceId) {
      if (names.length < 2 || splitSources.has(sourceId)) continue;
      found.push({
        code: 'SCHOOL_ID_MAPPED_TWICE',
        message: `School ID ${sourceId} is on ${names.join(' and ')} and no split rule says which records go where; add a split for ${sourceId} to schoolMapping or keep the School ID on one school.`,
      });
    }
  }

  for (const id of namedSchools) {
    if (!schoolsById.has(id)) {
      found.push({
        code: 'SCHOOL_NOT_IN_DISTRICT',
        message: `School ${id} is not an open school of this district; use an id that \`rostersync school list\` prints.`,
      });
    } else if (context.config.schoolId !== null && id !== context.config.schoolId) {
      found.push({
        code: 'SCHOOL_OUT_OF_SCOPE',
        message: `${schoolName(id)} is not this config's school (${schoolName(context.config.schoolId)}): a school-level config syncs only its school.`,
      });
    }
  }
  return found;
}

function splitTargets(split: SchoolSplit): Set<string> {
  const targets = new Set(split.rules.map((rule) => rule.directorySchoolId));
  if (split.otherwise) targets.add(split.otherwise);
  return targets;
}

/** Records two rules of one split would both route, and records no rule routes. */
function splitRoutingProblems(
  split: SchoolSplit,
  label: string,
  schoolName: (id: string) => string,
): Contradiction[] {
  const found: Contradiction[] = [];
  if (split.rules.every(isGradeRule)) {
    const rulesByGrade = gradeScale.map(() => [] as string[]);
    for (const rule of split.rules) {
      const [from, to] = rule.grades.map((grade) => gradeScale.indexOf(grade)) as [number, number];
      for (let index = from; index <= to; index++) rulesByGrade[index]!.push(rule.directorySchoolId);
    }
    const overlapping = gradeScale.filter((_, index) => rulesByGrade[index]!.length > 1);
    if (overlapping.length > 0) {
      const schools = [...new Set(overlapping.flatMap((grade) => rulesByGrade[gradeScale.indexOf(grade)]!))];
      found.push({
        code: 'SCHOOL_SPLIT_OVERLAP',
        message: `${label} routes grades ${gradeRuns(overlapping)} by two rules (${schools.map(schoolName).join(', ')}); make the ranges disjoint.`,
      });
    }
    const unrouted = gradeScale.filter((_, index) => rulesByGrade[index]!.length === 0);
    if (unrouted.length > 0) {
      found.push({
        code: 'SCHOOL_SPLIT_UNROUTED',
        message: `${label} routes grades ${gradeRuns(unrouted)} to no school; widen or add a range so the rules cover IT–PS.`,
      });
    }
    return found;
  }
  const ruleByValue = new Map<string, string>();
  for (const rule of split.rules) {
    if (isGradeRule(rule)) continue;
    for (const value of rule.matches) {
      const key = `${rule.classAttribute}\u001f${value.toLowerCase()}`;
      const earlier = ruleByValue.get(key);
      if (earlier !== undefined && earlier !== rule.directorySchoolId) {
        found.push({
          code: 'SCHOOL_SPLIT_OVERLAP',
          message: `${label} routes classes with ${rule.classAttribute} "${value}" to both ${schoolName(earlier)} and ${schoolName(rule.directorySchoolId)}.`,
        });
      }
      ruleByValue.set(key, rule.directorySchoolId);
    }
  }
  if (!split.otherwise) {
    found.push({
      code: 'SCHOOL_SPLIT_UNROUTED',
      message: `${label} routes by class attribute but has no "otherwise" school for classes no rule matches; add one.`,
    });
  }
  return found;
}

/** `IT, PR, 09, 10, 11` → `IT–PR, 09–11`. */
function gradeRuns(grades: readonly string[]): string {
  const runs: string[][] = [];
  for (const grade of grades) {
    const last = runs.at(-1);
    if (last && gradeScale.indexOf(grade) === gradeScale.indexOf(last.at(-1) as string) + 1) last.push(grade);
    else runs.push([grade]);
  }
  return runs.map((run) => (run.length === 1 ? run[0] : `${run[0]}–${run.at(-1)}`)).join(', ');
}
