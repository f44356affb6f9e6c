import path from 'node:path';
import { openCsvFile } from './csv-writer.ts';
import type { FileStats } from './district-model.ts';
import { studentSourcedId } from './entity-ids.ts';
import type { DistrictDay } from './generate-district.ts';

export const guardiansHeader = [
  'student_id',
  'guardian_id',
  'first_name',
  'last_name',
  'email',
  'mobile_phone',
  'home_phone',
  'language',
  'relationship',
] as const;

/**
 * Writes rostersync's guardians.csv (SPEC §2.5): one row per guardian–student pair, so a
 * guardian of three children has three rows. Guardians without a SIS id (about 5 %) have a
 * blank `guardian_id`, which makes the sync derive a stable key from email, mobile or name.
 */
export async function writeGuardiansCsv(
  district: DistrictDay,
  dir: string,
): Promise<Record<string, FileStats>> {
  const file = await openCsvFile(path.join(dir, 'guardians.csv'), guardiansHeader);
  // The guardians depend on which added students found room, which walking the schools settles.
  for (const schoolDay of district.schools()) void schoolDay;
  district.districtStaff();
  for (const guardian of district.guardians()) {
    const guardianId = guardian.hasSisId ? guardian.sourcedId : '';
    for (const student of guardian.studentIndexes) {
      file.row([
        studentSourcedId(student),
        guardianId,
        guardian.givenName,
        guardian.familyName,
        guardian.email,
        guardian.mobile,
        guardian.homePhone,
        guardian.language,
        guardian.relationship,
      ]);
    }
    await file.flush();
  }
  return { 'guardians.csv': await file.close() };
}
