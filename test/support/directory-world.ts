import { createSchool } from '../../src/directory/create-school.ts';
import { addClassroomMember } from '../../src/directory/operations/add-classroom-member.ts';
import { createClassroom } from '../../src/directory/operations/create-classroom.ts';
import { createStudent } from '../../src/directory/operations/create-student.ts';
import type { SystemPrincipal } from '../../src/directory/principal.ts';
import { newId } from '../../src/store/new-id.ts';
import type { ScenarioHarness } from './scenario-harness.ts';
import { smallDistrict } from './small-district.ts';
import { createSmallDistrict } from './sync-fixture.ts';

/** A district synced once from the small district, with a third school no sync rosters. */
export interface DirectoryWorld {
  districtId: string;
  configId: string;
  lincoln: string;
  roosevelt: string;
  /** A school without School IDs: no sync rosters it. */
  annex: string;
  /** Person id by SIS id; classroom id by SIS id. */
  person: (sisId: string) => string;
  classroom: (sisId: string) => string;
  system: SystemPrincipal;
}

/**
 * Makes a world for tests of manual operations: the small district synced once (its sync
 * enabled or disabled), plus the Annex school.
 */
export async function buildDirectoryWorld(
  harness: ScenarioHarness,
  options: { isEnabled: boolean; settings?: string[]; name?: string },
): Promise<DirectoryWorld> {
  const { districtId, configId, schools } = await createSmallDistrict(
    harness.cli,
    harness.bundles.write(smallDistrict()),
    {
      settings: [`enabled=${options.isEnabled ? 'on' : 'off'}`, ...(options.settings ?? [])],
      ...(options.name ? { name: options.name } : {}),
    },
  );
  const run = await harness.sync(configId);
  if (run.code !== 0) throw new Error(`the world's first sync ended ${run.summary.status}`);
  const { id: annex } = await createSchool(harness.store.db, { districtId, name: 'Annex' });
  const exported = await harness.exportOf(districtId);
  return {
    districtId,
    configId,
    lincoln: schools['Lincoln Elementary']!,
    roosevelt: schools['Roosevelt Middle']!,
    annex,
    person: (sisId) => exported.people.find((p) => p.roles.some((r) => r.sisId === sisId))!.id,
    classroom: (sisId) => exported.classrooms.find((c) => c.sisId === sisId)!.id,
    system: { kind: 'system', districtId },
  };
}

/** A manual classroom (in Lincoln unless told) taught, by hand, by T1. */
export async function createManualClassroom(
  harness: ScenarioHarness,
  world: DirectoryWorld,
  schoolId = world.lincoln,
): Promise<string> {
  const db = harness.store.db;
  const { classroomId } = await createClassroom(db, world.system, { schoolId, name: `Club ${newId()}` });
  await addClassroomMember(db, world.system, { classroomId, personId: world.person('T1'), role: 'teacher' });
  return classroomId;
}

/** A manual student of the Annex. */
export async function createManualStudent(harness: ScenarioHarness, world: DirectoryWorld): Promise<string> {
  const { personId } = await createStudent(harness.store.db, world.system, {
    schoolId: world.annex,
    givenName: 'Manual',
    familyName: `Student ${newId().slice(-6)}`,
  });
  return personId;
}
