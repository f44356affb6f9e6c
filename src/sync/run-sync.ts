import type { CountryCode } from 'libphonenumber-js';
import type { Finding } from '../findings/finding.ts';
import { FindingLog } from '../findings/finding-log.ts';
import type { EntityType, Snapshot } from '../roster/snapshot.ts';
import { SourceCredentialsError, type SourceProgress } from '../sources/roster-source.ts';
import { rosterSources } from '../sources/roster-sources.ts';
import { newId } from '../store/new-id.ts';
import type { Store } from '../store/store.ts';
import { ChangeApplier, phaseOf } from './change-applier.ts';
import { buildSyncTargets } from './build-sync-targets.ts';
import { deletionsToLoad } from './deletions-to-load.ts';
import { guardPlan, type Hold } from './guard-plan.ts';
import {
  loadDirectoryView,
  loadGuardianLinks,
  loadMemberships,
  loadOnePersonGroups,
  loadPersonDetails,
  loadRoleDetails,
  loadStudentsOfGuardians,
} from './load-directory-view.ts';
import {
  countChange,
  countTotals,
  newRunCounts,
  removalActions,
  type EntityCounts,
  type GroupHash,
  type KeptContact,
  type PlannedChange,
} from './plan.ts';
import {
  classifyPeople,
  classroomsLeftArchived,
  emptyPlanTotals,
  groupsToLoad,
  planChanges,
} from './plan-changes.ts';
import { findCredentialChanges } from './find-credential-changes.ts';
import { findNewcomers } from './find-newcomers.ts';
import { findTakenCredentials } from './find-taken-credentials.ts';
import { loadCredentialHolders } from './load-credential-holders.ts';
import { rekeyStudents } from './match-students-by-number.ts';
import { noIdentityResolution, resolveIdentities, type Newcomer } from './resolve-identities.ts';
import { PhaseTimer, type PhaseTimings } from './phase-timer.ts';
import { finishRun, insertRun, markInterruptedRuns, PlanChangeWriter, saveFindings } from './run-record.ts';
import type { RunStatus } from './run-status.ts';
import { loadSyncConfig, type SyncConfig } from './sync-config.ts';
import { loadSourceState } from './load-source-state.ts';
import { saveSourceState } from './save-source-state.ts';
import { openSourceOptions } from './source-options.ts';
import { withConfigLock } from './with-config-lock.ts';

/** Progress of the long steps of a run, for progress bars. */
export interface RunProgress {
  step(name: 'read' | 'apply'): SourceProgress & { done(): void };
}

export interface RunSyncOptions {
  store: Store;
  configId: string;
  /** Read this bundle instead of the config's own path (a manual upload, a test). */
  path?: string | undefined;
  isDryRun?: boolean;
  trigger?: string;
  now?: () => Date;
  progress?: RunProgress;
  /**
   * Called once the run is recorded (status `running`), before reading: a caller that does not
   * wait for the summary (a run started over the API) answers with the id from here.
   */
  onStarted?: (runId: string) => void;
  /** Test hook: fail after this many apply chunks were committed. */
  failAfterChunks?: number;
  applyChunkSize?: number;
}

export interface RunSummary {
  id: string;
  configId: string;
  districtId: string;
  status: RunStatus;
  isDryRun: boolean;
  counts: Record<EntityType, EntityCounts>;
  held: Partial<Record<EntityType, Hold>>;
  findings: Finding[];
  /** Seconds per phase. */
  timings: PhaseTimings;
  error: string | null;
}

export class ConfigNotFoundError extends Error {
  readonly code = 'CONFIG_NOT_FOUND';
}

/**
 * One run of a sync config: fetch → validate → plan → guard → apply → report (SPEC §5).
 * Every outcome, including a failure, is recorded on the run; only an unknown config or a
 * config already running throws.
 */
export async function runSync(options: RunSyncOptions): Promise<RunSummary> {
  const { store } = options;
  const config = await loadSyncConfig(store.db, options.configId);
  if (!config) throw new ConfigNotFoundError(`No sync config ${options.configId}.`);
  return withConfigLock(store, config.id, async () => {
    await markInterruptedRuns(store.db, config.id);
    const runId = newId();
    const isDryRun = options.isDryRun ?? false;
    const sourceOptions = options.path
      ? { ...config.sourceOptions, path: options.path }
      : config.sourceOptions;
    await insertRun(store.db, {
      id: runId,
      districtId: config.districtId,
      configId: config.id,
      isDryRun,
      trigger: options.trigger ?? 'cli',
      input: typeof sourceOptions.path === 'string' ? sourceOptions.path : null,
    });
    options.onStarted?.(runId);
    const findings = new FindingLog();
    const timer = new PhaseTimer();
    let outcome: Outcome;
    try {
      outcome = await executeRun(options, config, sourceOptions, runId, findings, timer);
    } catch (error) {
      outcome = { status: 'failed_error', counts: emptyRunCounts(), holds: {}, error: errorMessage(error) };
    }
    const findingList = findings.list();
    await saveFindings(store.db, { id: runId, districtId: config.districtId }, findingList);
    timer.lap('report');
    await finishRun(store.db, runId, {
      ...outcome,
      findingCounts: findings.counts(),
      timings: timer.timings,
    });
    if (outcome.sourceState) await saveSourceState(store.db, config.id, outcome.sourceState);
    return {
      id: runId,
      configId: config.id,
      districtId: config.districtId,
      status: outcome.status,
      isDryRun,
      counts: outcome.counts,
      held: outcome.holds,
      findings: findingList,
      timings: timer.timings,
      error: outcome.error ?? null,
    };
  });
}

interface Outcome {
  status: RunStatus;
  counts: Record<EntityType, EntityCounts>;
  holds: Partial<Record<EntityType, Hold>>;
  error?: string | null;
  /** The state the source handed over, set only when the run applied its changes. */
  sourceState?: Record<string, unknown> | undefined;
}

async function executeRun(
  options: RunSyncOptions,
  config: SyncConfig,
  sourceOptions: Record<string, unknown>,
  runId: string,
  findings: FindingLog,
  timer: PhaseTimer,
): Promise<Outcome> {
  const { store } = options;
  const now = options.now?.() ?? new Date();
  const source = rosterSources.get(config.source);
  if (!source) throw new Error(`The config's source "${config.source}" is not known to this version.`);

  const readProgress = options.progress?.step('read');
  const sourceState = {
    before: await loadSourceState(store.db, config.id),
    after: undefined as Record<string, unknown> | undefined,
  };
  let snapshot: Snapshot | null;
  try {
    snapshot = await source.read({
      // Secrets are opened here, inside the try: one that does not open ends the run failed_credentials.
      options: openSourceOptions(sourceOptions, source.secretOptionKeys, store.secrets),
      settings: config.settings,
      findings,
      phoneRegion: config.settings.phoneRegion as CountryCode,
      today: localDate(now, config.districtTimeZone),
      now,
      state: sourceState.before,
      saveState: (state) => {
        sourceState.after = state;
      },
      progress: readProgress,
    });
  } catch (error) {
    if (!(error instanceof SourceCredentialsError)) throw error;
    findings.add({ code: 'SOURCE_CREDENTIALS_REJECTED', entity: 'bundle', message: error.message });
    return { status: 'failed_credentials', counts: emptyRunCounts(), holds: {} };
  } finally {
    readProgress?.done();
  }
  timer.lap('read');
  if (!snapshot) return { status: 'failed_invalid_input', counts: emptyRunCounts(), holds: {} };

  const view = await loadDirectoryView(store.db, {
    districtId: config.districtId,
    configId: config.id,
    schoolId: config.schoolId,
    withStudentNumbers: config.settings.studentId === 'student_number',
  });
  timer.lap('view');
  const splitSources = new Set(config.settings.schoolMapping.splits.map((split) => split.sourceSchoolId));
  const missing = missingSchoolIds(snapshot, [
    ...new Set([...view.schoolsBySourceId.keys(), ...splitSources]),
  ]);
  if (missing.length > 0) {
    for (const sourceId of missing) {
      findings.add({
        code: 'SCHOOLS_NOT_FOUND',
        entity: 'schools',
        sisId: sourceId,
        value: sourceId,
        message: view.schoolsBySourceId.has(sourceId)
          ? `School ID ${sourceId} is configured on a directory school but the source has no such school. Nothing was changed.`
          : `Source school ${sourceId} has a split rule (schoolMapping.splits) but the source has no such school. Nothing was changed.`,
      });
    }
    return { status: 'failed_schools_not_found', counts: emptyRunCounts(), holds: {} };
  }

  // SPEC §6 for the staff and guardians the run would create: one with an existing person,
  // or kept apart with the credential left to its holder.
  const newcomers = findNewcomers(snapshot, view, config.settings);
  const onePerson = await loadOnePersonGroups(store.db, config.districtId, config.id);
  const identity =
    newcomers.length === 0
      ? { ...noIdentityResolution(), onePerson }
      : resolveIdentities(
          newcomers,
          await loadCredentialHolders(store.db, config.districtId, credentialsOf(newcomers)),
          config.id,
          findings,
          onePerson,
        );
  const targets = buildSyncTargets(
    snapshot,
    view,
    config.settings,
    { isDistrictLevel: config.schoolId === null },
    findings,
    identity,
  );
  rekeyStudents(view.roles, targets.studentRekeys);
  const needed = groupsToLoad(targets, view);
  const forDeletions = deletionsToLoad(snapshot.deleted, view);
  timer.lap('targets');
  const people = classifyPeople(targets, view);
  await loadRoleDetails(store.db, view, people.roleIdsToLoad);
  if (targets.joins.person.size > 0)
    await loadPersonDetails(store.db, view, [...targets.joins.person.values()]);
  const credentialChanges = findCredentialChanges(people.toPlan, targets, view);
  if (credentialChanges.length > 0) {
    const holders = await loadCredentialHolders(store.db, config.districtId, {
      emails: credentialChanges.filter((change) => change.field === 'email').map((change) => change.value),
      mobiles: credentialChanges.filter((change) => change.field === 'mobile').map((change) => change.value),
    });
    for (const [sisId, fields] of findTakenCredentials(credentialChanges, holders, findings)) {
      targets.withheldCredentials.set(
        sisId,
        new Set([...(targets.withheldCredentials.get(sisId) ?? []), ...fields]),
      );
    }
  }
  const currentMembers = await loadMemberships(
    store.db,
    config.districtId,
    withExtra(needed.classroomIds, forDeletions.classroomIds),
  );
  // The links of a guardian marked deleted are found by way of its students.
  const studentsOfDeleted = await loadStudentsOfGuardians(
    store.db,
    config.districtId,
    forDeletions.guardianIds,
  );
  const currentLinks = await loadGuardianLinks(
    store.db,
    config.districtId,
    withExtra(needed.studentPersonIds, [...studentsOfDeleted.values()].flat()),
  );
  timer.lap('groups');

  const run = { id: runId, districtId: config.districtId };
  const totals = emptyPlanTotals(targets);
  const counts = newRunCounts();
  const removals: PlannedChange[] = [];
  const applyProgress = options.isDryRun ? undefined : options.progress?.step('apply');
  const applier = options.isDryRun
    ? null
    : new ChangeApplier({
        store,
        districtId: config.districtId,
        configId: config.id,
        runId,
        chunkSize: options.applyChunkSize,
        failAfterChunks: options.failAfterChunks,
        onProgress: (applied) => {
          applyProgress?.setTotal(Math.max(streamed, applied));
          applyProgress?.advance(applied - reported);
          reported = applied;
        },
      });
  const sink = applier ?? new PlanChangeWriter(store, run, 'planned');
  let streamed = 0;
  let reported = 0;
  let holds: Partial<Record<EntityType, Hold>>;
  try {
    // Creates, updates and revivals stream straight into the applier; removals wait for the
    // guard, which needs all of them to judge the threshold.
    const input = {
      targets,
      people,
      view,
      currentMembers,
      currentLinks,
      unreadable: snapshot.unreadable,
      completeness: snapshot.completeness,
      deleted: snapshot.deleted,
      unarchiveClassrooms: config.settings.unarchiveClassrooms,
      updateActiveContacts: config.settings.updateActiveContacts,
      newId,
    };
    reportLeftArchived(classroomsLeftArchived(input), findings);
    for (const change of planChanges(input, totals)) {
      if (removalActions.has(change.action)) {
        removals.push(change);
        continue;
      }
      countChange(counts, change);
      streamed++;
      const wait = sink.add(change);
      if (wait) await wait;
    }
    timer.lap('plan and apply');
    reportKeptContacts(totals.keptContacts, findings);

    const archivedGuardians = removals
      .filter((change) => change.entity === 'guardians' && change.action === 'archive')
      .map((change) => change.recordId);
    const guarded = guardPlan({
      removals,
      completeness: snapshot.completeness,
      partialReasons: snapshot.partialReasons,
      owned: view.ownedCounts,
      settings: config.settings,
      studentsOfArchivedGuardians: await loadStudentsOfGuardians(
        store.db,
        config.districtId,
        archivedGuardians,
      ),
    });
    holds = guarded.holds;
    reportHolds(holds, findings);
    timer.lap('guard');

    // A dry run lists held removals in its plan too; a real run applies only the allowed ones.
    const removalsToRecord = applier ? guarded.toApply : [...guarded.toApply, ...guarded.held];
    for (const change of removalsToRecord.sort((a, b) => phaseOf(a) - phaseOf(b))) {
      countChange(counts, change);
      streamed++;
      const wait = sink.add(change);
      if (wait) await wait;
    }
    if (applier) {
      await applier.finish({
        groupHashes: storableGroupHashes(totals.groupHashes, guarded.held),
        hashRefreshes: totals.hashRefreshes,
      });
      const heldWriter = new PlanChangeWriter(store, run, 'held');
      for (const change of guarded.held) await heldWriter.add(change);
      await heldWriter.finish();
    } else {
      await (sink as PlanChangeWriter).finish();
    }
  } finally {
    applyProgress?.done();
  }
  timer.lap('removals');
  countTotals(counts, totals);

  const status: RunStatus = Object.values(holds).some((hold) => hold.reason === 'incomplete')
    ? 'held_incomplete'
    : Object.keys(holds).length > 0
      ? 'held_threshold'
      : findings.list().some((finding) => finding.severity !== 'info')
        ? 'succeeded_with_warnings'
        : 'succeeded';
  // Only a run that applied (every return above is a failure) moves the source's state on; a
  // dry run leaves it, so the next real run reads from where the last applied one left off.
  return { status, counts, holds, ...(options.isDryRun ? {} : { sourceState: sourceState.after }) };
}

/** The emails and mobiles newcomers would get. */
function credentialsOf(newcomers: readonly Newcomer[]): { emails: string[]; mobiles: string[] } {
  const emails: string[] = [];
  const mobiles: string[] = [];
  for (const { fields } of newcomers) {
    if (fields.email) emails.push(fields.email);
    if (fields.mobile) mobiles.push(fields.mobile);
  }
  return { emails, mobiles };
}

/** `ids` and the `extra` ones not among them; `ids` itself (a first import's million) when none. */
function withExtra(ids: string[], extra: string[]): string[] {
  if (extra.length === 0) return ids;
  const all = new Set(ids);
  for (const id of extra) all.add(id);
  return [...all];
}

/** Group hashes are stored only for groups whose changes all went through. */
function storableGroupHashes(groupHashes: GroupHash[], held: PlannedChange[]): GroupHash[] {
  if (held.length === 0) return groupHashes;
  const heldGroups = new Set<string>();
  for (const change of held) {
    if (change.entity === 'memberships') heldGroups.add(`members:${change.recordId}`);
    if (change.entity === 'guardianLinks') heldGroups.add(`links:${change.relatedId}`);
  }
  return groupHashes.filter((group) => !heldGroups.has(`${group.kind}:${group.id}`));
}

/**
 * Source school ids configured (School IDs in the directory, split rules' source schools) that
 * the source does not have (SPEC §5 step 2).
 */
function missingSchoolIds(snapshot: Snapshot, configuredIds: readonly string[]): string[] {
  // A delta names only the records that changed, so a school it does not name may well still
  // be there (a delta without orgs.csv names few): only a bulk read can tell.
  const isDelta = (['students', 'staff', 'classrooms'] as const).some(
    (entity) => snapshot.completeness[entity] === 'delta',
  );
  if (isDelta) return [];
  const present = new Set(snapshot.orgs.keys());
  for (const klass of snapshot.classes.values()) present.add(klass.schoolSisId);
  for (const person of snapshot.people.values()) {
    for (const role of person.roles) for (const org of role.orgSisIds) present.add(org);
  }
  return configuredIds.filter((id) => !present.has(id)).sort();
}

function reportLeftArchived(sisIds: readonly string[], findings: FindingLog): void {
  if (sisIds.length === 0) return;
  const named = sisIds.slice(0, 10).join(', ') + (sisIds.length > 10 ? ', …' : '');
  findings.add({
    code: 'CLASSROOMS_LEFT_ARCHIVED',
    entity: 'classrooms',
    value: String(sisIds.length),
    message: `${sisIds.length} synced ${sisIds.length === 1 ? 'classroom' : 'classrooms'} archived by hand ${sisIds.length === 1 ? 'stays' : 'stay'} archived though the source still sends ${sisIds.length === 1 ? 'it' : 'them'} (unarchiveClassrooms is off): ${named}.`,
  });
}

function reportHolds(holds: Partial<Record<EntityType, Hold>>, findings: FindingLog): void {
  for (const [entity, hold] of Object.entries(holds) as [EntityType, Hold][]) {
    findings.add({
      code: hold.reason === 'incomplete' ? 'REMOVALS_HELD_INCOMPLETE' : 'REMOVALS_HELD_THRESHOLD',
      entity,
      value: String(hold.tried),
      message:
        hold.reason === 'incomplete'
          ? `Held ${hold.tried} ${entity} removals (${hold.percent}%): the source did not send ${entity} completely (${hold.detail ?? 'partial'}).`
          : `Held ${hold.tried} ${entity} removals (${hold.percent}% of those synced); the deletion threshold allows ${hold.allowed}.`,
    });
  }
}

function emptyRunCounts(): Record<EntityType, EntityCounts> {
  return newRunCounts();
}

/** The calendar date (YYYY-MM-DD) at `now` in a time zone. */
function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One note per active user whose source contact details were not applied (SPEC §6,
 * `updateActiveContacts` off): the source's values and the directory's, so a person can
 * see what the school's system says.
 */
function reportKeptContacts(kept: readonly KeptContact[], findings: FindingLog): void {
  for (const person of kept) {
    const fields = Object.entries(person.fields)
      .map(
        ([field, { directory, source }]) =>
          `${field}: source ${JSON.stringify(source)}, directory ${JSON.stringify(directory)}`,
      )
      .join('; ');
    findings.add({
      code: 'CONTACT_UPDATE_SKIPPED',
      sisId: person.sisId,
      value: Object.keys(person.fields).join(','),
      message: `${person.sisId} is an active user, whose contact details the sync leaves alone (updateActiveContacts is off): ${fields.slice(0, 500)}.`,
    });
  }
}
