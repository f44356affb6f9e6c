import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.ts';
import { newId } from '../store/new-id.ts';
import { DirectoryError } from './directory-error.ts';

/** The time zone a district gets when none is given: runs and dates are read in it. */
export const defaultTimeZone = 'America/New_York';

export async function createDistrict(
  db: Kysely<Database>,
  input: { name: string; timeZone?: string | undefined },
): Promise<{ id: string }> {
  const name = input.name.trim();
  if (!name) throw new DirectoryError('DISTRICT_NAME_REQUIRED', 'A district needs a name.');
  const timeZone = input.timeZone ?? defaultTimeZone;
  if (!isTimeZone(timeZone)) {
    throw new DirectoryError(
      'TIME_ZONE_INVALID',
      `"${timeZone}" is not an IANA time zone (e.g. America/Chicago).`,
    );
  }
  const id = newId();
  await db.insertInto('districts').values({ id, name, time_zone: timeZone }).execute();
  return { id };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
