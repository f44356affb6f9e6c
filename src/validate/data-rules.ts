import type { CsvFileBinding } from '../oneroster/csv-binding.ts';
import { userRoleMap } from '../sources/oneroster-csv/user-role-map.ts';
import { ownString } from '../roster/own-string.ts';
import type { BundleCheck } from './bundle-check.ts';
import { checkValue, splitItems } from './check-value.ts';
import { IdTable } from './id-table.ts';

/** Role bits kept per user for the agent rule. */
const studentBit = 1;
const staffBit = 2;
const guardianBit = 4;

const bitOfRole = { student: studentBit, staff: staffBit, guardian: guardianBit } as const;

/** The directory role a OneRoster role word makes (`userRoleMap`); any other word counts as staff. */
function roleBit(role: string): number {
  const lower = role.trim().toLowerCase();
  if (lower === '') return 0;
  const directoryRole = userRoleMap.get(lower);
  return directoryRole ? bitOfRole[directoryRole] : staffBit;
}

type RowRule = (fields: readonly string[], line: number) => void;

const isDate = (value: string): boolean =>
  value !== '' && checkValue({ kind: 'date' }, value, 'conformance') === null;

/**
 * The data rules of the conformance level that span columns or files: date ranges, subjects
 * against subject codes, one primary teacher per class, an enrollment's school being its
 * class's, and agents of students being guardians (never teachers). Each file gets a row rule
 * that reads the columns it needs; what spans files is kept compactly (ids as hashes).
 */
export class DataRules {
  private readonly schoolIndex = new Map<string, number>();
  private readonly classSchools = new IdTable();
  private readonly primaryTeachers = new IdTable();
  private readonly userRoles = new IdTable();
  /** Agent links as written: users[i] lists agents[i] on lines[i] of users.csv. */
  private readonly agentLinks = { users: [] as string[], agents: [] as string[], lines: [] as number[] };

  constructor(private readonly bundle: BundleCheck) {}

  ruleFor(binding: CsvFileBinding, positions: ReadonlyMap<string, number>): RowRule | null {
    if (this.bundle.level !== 'conformance') return null;
    const at = (name: string): number => positions.get(name.toLowerCase()) ?? -1;
    const value = (fields: readonly string[], position: number): string =>
      position === -1 ? '' : fields[position]!.trim();
    const file = binding.file;
    const rules: RowRule[] = [];
    const dateRange = (start: string, end: string): void => {
      const [startAt, endAt] = [at(start), at(end)];
      if (startAt === -1 || endAt === -1) return;
      rules.push((fields, line) => {
        const [from, to] = [value(fields, startAt), value(fields, endAt)];
        // Dates compare as text only in their standard form; a malformed one is VALUE_TYPE's.
        if (isDate(from) && isDate(to) && to < from) {
          this.bundle.report({
            code: 'DATE_RANGE',
            file,
            line,
            column: end,
            value: to,
            message: `${end} ${to} is before ${start} ${from}.`,
          });
        }
      });
    };
    const subjectCodes = (): void => {
      const [subjectsAt, codesAt] = [at('subjects'), at('subjectCodes')];
      if (subjectsAt === -1 || codesAt === -1) return;
      rules.push((fields, line) => {
        const subjects = splitItems(fields[subjectsAt]!);
        const codes = splitItems(fields[codesAt]!);
        if (codes.length > 0 && codes.length !== subjects.length) {
          this.bundle.report({
            code: 'SUBJECT_CODES_LENGTH',
            file,
            line,
            column: 'subjectCodes',
            message: `The row has ${subjects.length} subjects but ${codes.length} subjectCodes; the two lists go pair by pair.`,
          });
        }
      });
    };

    switch (binding.record) {
      case 'academicSessions':
        dateRange('startDate', 'endDate');
        break;
      case 'courses':
        subjectCodes();
        break;
      case 'classes': {
        subjectCodes();
        const [idAt, schoolAt] = [at('sourcedId'), at('schoolSourcedId')];
        if (idAt !== -1 && schoolAt !== -1) {
          rules.push((fields) => {
            const school = value(fields, schoolAt);
            if (school !== '') this.classSchools.set(fields[idAt]!, this.indexOfSchool(school));
          });
        }
        break;
      }
      case 'enrollments': {
        dateRange('beginDate', 'endDate');
        const [classAt, schoolAt, roleAt, primaryAt] = [
          at('classSourcedId'),
          at('schoolSourcedId'),
          at('role'),
          at('primary'),
        ];
        if (classAt === -1) break;
        rules.push((fields, line) => {
          const classId = fields[classAt]!;
          const school = value(fields, schoolAt);
          const classSchool = this.classSchools.get(classId);
          if (school !== '' && classSchool !== undefined && this.indexOfSchool(school) !== classSchool) {
            this.bundle.report({
              code: 'ENROLLMENT_SCHOOL_MISMATCH',
              file,
              line,
              column: 'schoolSourcedId',
              value: school.slice(0, 100),
              message: `The enrollment's school ${school.slice(0, 100)} is not the school of class ${classId.slice(0, 100)} in classes.csv.`,
            });
          }
          if (
            value(fields, roleAt).toLowerCase() === 'teacher' &&
            value(fields, primaryAt).toLowerCase() === 'true'
          ) {
            const count = (this.primaryTeachers.get(classId) ?? 0) + 1;
            this.primaryTeachers.set(classId, count);
            if (count === 2) {
              this.bundle.report({
                code: 'CLASS_PRIMARY_TEACHERS',
                file,
                line,
                column: 'primary',
                sisId: classId.slice(0, 100),
                message: `Class ${classId.slice(0, 100)} already has a primary teacher on an earlier row; a class has one primary teacher.`,
              });
            }
          }
        });
        break;
      }
      case 'users': {
        const [idAt, roleAt, agentsAt] = [at('sourcedId'), at('role'), at('agentSourcedIds')];
        if (idAt === -1) break;
        rules.push((fields, line) => {
          const id = fields[idAt]!;
          if (roleAt !== -1) this.addRole(id, value(fields, roleAt));
          if (agentsAt === -1) return;
          for (const agent of splitItems(fields[agentsAt]!)) {
            this.agentLinks.users.push(ownString(id));
            this.agentLinks.agents.push(ownString(agent));
            this.agentLinks.lines.push(line);
          }
        });
        break;
      }
      case 'roles': {
        dateRange('beginDate', 'endDate');
        const [userAt, roleAt] = [at('userSourcedId'), at('role')];
        if (userAt !== -1 && roleAt !== -1) {
          rules.push((fields) => this.addRole(fields[userAt]!, value(fields, roleAt)));
        }
        break;
      }
      case 'lineItems':
        dateRange('assignDate', 'dueDate');
        break;
      default:
        break;
    }
    if (rules.length === 0) return null;
    if (rules.length === 1) return rules[0]!;
    return (fields, line) => {
      for (const rule of rules) rule(fields, line);
    };
  }

  /** Judges what needed every file: agents of students are guardians, of guardians students. */
  finish(): void {
    const { users, agents, lines } = this.agentLinks;
    for (let index = 0; index < users.length; index++) {
      const userRoles = this.userRoles.get(users[index]!) ?? 0;
      const agentRoles = this.userRoles.get(agents[index]!);
      if (agentRoles === undefined || agentRoles === 0) continue;
      const isStudentWithNonGuardian = userRoles & studentBit && !(agentRoles & guardianBit);
      const isGuardianWithNonStudent = userRoles === guardianBit && !(agentRoles & studentBit);
      if (!isStudentWithNonGuardian && !isGuardianWithNonStudent) continue;
      const agent = agents[index]!.slice(0, 100);
      this.bundle.report({
        code: 'AGENT_ROLE_INVALID',
        file: 'users.csv',
        line: lines[index],
        column: 'agentSourcedIds',
        sisId: users[index]!.slice(0, 100),
        value: agent,
        message: isStudentWithNonGuardian
          ? `Student ${users[index]!.slice(0, 100)} lists ${agent} as an agent, but ${agent} is not a parent, guardian or relative (a teacher is never a student's agent).`
          : `Guardian ${users[index]!.slice(0, 100)} lists ${agent} as an agent, but ${agent} is not a student.`,
      });
    }
  }

  private addRole(userId: string, role: string): void {
    const bit = roleBit(role);
    if (bit !== 0) this.userRoles.set(userId, (this.userRoles.get(userId) ?? 0) | bit);
  }

  private indexOfSchool(school: string): number {
    let index = this.schoolIndex.get(school);
    if (index === undefined) {
      index = this.schoolIndex.size + 1;
      this.schoolIndex.set(ownString(school), index);
    }
    return index;
  }
}
