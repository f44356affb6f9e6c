import type { FindingLog } from '../../findings/finding-log.ts';
import { normalizeEmail, type NormalizedValue } from '../../roster/normalize-email.ts';
import { normalizePhone } from '../../roster/normalize-phone.ts';
import type { PersonFields } from '../../roster/snapshot.ts';
import type { ReadContext } from './read-context.ts';

/** Positions of a users.csv row's contact columns (-1 when the file has none). */
export interface ContactColumns {
  email: number;
  sms: number;
  phone: number;
}

/**
 * A users.csv row's email, mobile (`sms`) and home phone (`phone`), normalised, in both
 * OneRoster versions. A value that is not valid is reported (EMAIL_INVALID, PHONE_INVALID)
 * and comes back `undefined`, so the directory keeps what it has; a missing column is
 * `undefined` too. Which number signs in is decided later (the phone credential setting).
 */
export function readContactFields(
  fields: readonly string[],
  columns: ContactColumns,
  at: { sisId: string; line: number; file: string },
  context: Pick<ReadContext, 'findings' | 'phoneRegion'>,
): Pick<PersonFields, 'email' | 'mobile' | 'homePhone'> {
  const usable = (result: NormalizedValue, column: string): string | null | undefined => {
    if (!('invalid' in result)) return result.value;
    report(context.findings, at, column, result.invalid);
    return undefined;
  };
  return {
    email: columns.email >= 0 ? usable(normalizeEmail(fields[columns.email]), 'email') : undefined,
    mobile:
      columns.sms >= 0 ? usable(normalizePhone(fields[columns.sms], context.phoneRegion), 'sms') : undefined,
    homePhone:
      columns.phone >= 0
        ? usable(normalizePhone(fields[columns.phone], context.phoneRegion), 'phone')
        : undefined,
  };
}

function report(
  findings: FindingLog,
  at: { sisId: string; line: number; file: string },
  column: string,
  invalid: string,
): void {
  const value = invalid.slice(0, 100);
  findings.add({
    code: column === 'email' ? 'EMAIL_INVALID' : 'PHONE_INVALID',
    file: at.file,
    line: at.line,
    column,
    sisId: at.sisId,
    value,
    message: `${column} "${value}" of user ${at.sisId} is not valid; it is not used.`,
  });
}
