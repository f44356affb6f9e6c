import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDistrict } from '../../directory/create-district.ts';
import { createSchool } from '../../directory/create-school.ts';
import type { Store } from '../../store/store.ts';
import { createSyncConfig } from '../../sync/create-sync-config.ts';
import { runSync } from '../../sync/run-sync.ts';
import { generateBundle } from '../generator/generate-bundle.ts';
import { schoolYearOf } from '../generator/school-year-of.ts';
import { readBundleSchools } from '../read-bundle-schools.ts';

/** The demo district's name; its presence is how `serve --demo` knows the demo exists. */
export const demoDistrictName = 'Demo District (generated)';
const demoStudents = 500;

export interface DemoDistrict {
  districtId: string;
  runId: string | null;
  status: string;
  message: string;
}

/**
 * Makes sure the demo district exists: a generated 500-student OneRoster bundle, a school per
 * generated school (tied by School ID), a config reading the bundle, and one sync. Runs once;
 * later starts find it and leave it alone.
 */
export async function ensureDemoDistrict(
  store: Store,
  options: { bundleDir?: string | undefined; now?: Date } = {},
): Promise<DemoDistrict> {
  const existing = await store.db
    .selectFrom('districts')
    .select('id')
    .where('name', '=', demoDistrictName)
    .executeTakeFirst();
  if (existing) {
    return {
      districtId: existing.id,
      runId: null,
      status: 'exists',
      message: 'The demo district is already there.',
    };
  }
  const bundleDir = options.bundleDir ?? path.join(tmpdir(), `rostersync-demo-${process.pid}`);
  mkdirSync(path.dirname(bundleDir), { recursive: true });
  await generateBundle({
    students: demoStudents,
    seed: 1,
    outDir: bundleDir,
    // Enrollments run through the current school year, so the demo has classes whatever the date.
    schoolYear: schoolYearOf(options.now ?? new Date()),
  });
  const { id: districtId } = await createDistrict(store.db, {
    name: demoDistrictName,
    timeZone: 'America/New_York',
  });
  for (const school of await readBundleSchools(bundleDir)) {
    await createSchool(store.db, { districtId, name: school.name, schoolIds: [school.sisId] });
  }
  const { id: configId } = await createSyncConfig(store.db, {
    districtId,
    source: 'oneroster-csv',
    name: 'Demo OneRoster bundle',
    sourceOptions: { path: bundleDir },
  });
  const run = await runSync({ store, configId, trigger: 'demo' });
  return {
    districtId,
    runId: run.id,
    status: run.status,
    message: `Demo district synced from ${bundleDir}: ${run.counts.students.created} students, ${run.counts.staff.created} staff, ${run.counts.guardians.created} guardians, ${run.counts.classrooms.created} classrooms.`,
  };
}
