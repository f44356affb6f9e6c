import type { CountryCode } from 'libphonenumber-js';
import type { FindingLog } from '../../findings/finding-log.ts';
import { emptySnapshot, markPartial, type EntityType, type Snapshot } from '../../roster/snapshot.ts';
import type { CleverSettings } from '../../sync/clever-settings.ts';
import {
  readText,
  type CleverApiVersion,
  type CleverObject,
  type CleverReadState,
  type CleverRecords,
  type CleverListing,
} from './clever-records.ts';
import { cleverUserTypes } from './key-clever-users.ts';
import { mapCleverSections } from './map-clever-sections.ts';
import { mapCleverUsers } from './map-clever-users.ts';

export interface MapCleverOptions {
  /** The config's Clever settings: school scope and contact filters (SPEC §2.1, §4). */
  settings: CleverSettings;
  /** Region phone numbers without a country code are read in. */
  phoneRegion: CountryCode;
  findings: FindingLog;
  /**
   * The Data API version read. v3.1 only adds student demographic fields to v3.0 (Clever calls
   * it non-breaking), none of which the snapshot holds, so both map alike; the version is
   * recorded on the snapshot for reports.
   */
  apiVersion: CleverApiVersion;
  /**
   * Told the contacts keyed by a derived key (key → Clever id), so the source can tell a
   * contact whose Clever id changed (the same key, another id) and report the re-key.
   */
  onDerivedKeys?: (keys: ReadonlyMap<string, string>) => void;
}

/**
 * The entity types each listing feeds. A listing that stopped early makes them partial: what is
 * absent may be the read's fault, so removals inferred from absence are held. Users also feed
 * memberships (a section member not listed cannot be placed). Schools, terms and courses feed no
 * entity type: they only describe classes, and orgs missing from a short schools listing are
 * inferred from the records that name them.
 */
const typesFedBy: Record<CleverListing, readonly EntityType[]> = {
  schools: [],
  users: cleverUserTypes,
  sections: ['classrooms', 'memberships'],
  terms: [],
  courses: [],
};

/**
 * Maps what one read of Clever's Data API (v3.0 or v3.1) returned into the source-neutral
 * snapshot (SPEC §2.1). Pure: no I/O, no clock; everything it notices is a finding, and a
 * record missing a field it needs is reported with its Clever id, never thrown over.
 */
export function mapCleverToSnapshot(
  records: CleverRecords,
  read: CleverReadState,
  options: MapCleverOptions,
): Snapshot {
  const { findings } = options;
  const snapshot = emptySnapshot({ kind: 'clever', version: options.apiVersion });
  for (const [resource, reason] of Object.entries(read.partial) as [CleverListing, string][]) {
    for (const entity of typesFedBy[resource]) {
      markPartial(snapshot, entity, `the Clever ${resource} listing stopped early: ${reason}`);
    }
  }
  const districtSisId = mapOrgs(records, snapshot, findings);
  const isUsersPartial = read.partial.users !== undefined;
  const users = mapCleverUsers(records.users, {
    snapshot,
    findings,
    settings: options.settings,
    phoneRegion: options.phoneRegion,
    districtSisId,
    isUsersPartial,
  });
  options.onDerivedKeys?.(users.derivedKeys);
  mapCleverSections(records.sections, users, { snapshot, findings, isUsersPartial });
  for (const term of records.terms) {
    const sisId = readText(term, 'id');
    if (sisId && !snapshot.academicSessions.has(sisId)) {
      snapshot.academicSessions.set(sisId, { sisId, title: readText(term, 'name') ?? sisId, type: 'term' });
    }
  }
  for (const course of records.courses) {
    const sisId = readText(course, 'id');
    if (sisId && !snapshot.courses.has(sisId)) {
      const title = readText(course, 'name') ?? readText(course, 'number') ?? sisId;
      snapshot.courses.set(sisId, { sisId, title });
    }
  }
  if (read.partial.schools !== undefined) inferSchoolOrgs(snapshot);
  return snapshot;
}

/**
 * The district and its schools, keyed by Clever id (what users and sections name them by).
 * Returns the district's id: a district token reads one district.
 */
function mapOrgs(records: CleverRecords, snapshot: Snapshot, findings: FindingLog): string | null {
  const { orgs } = snapshot;
  let districtSisId: string | null = null;
  const withId = (record: CleverObject, index: number, what: 'district' | 'school'): string | null => {
    const sisId = readText(record, 'id');
    if (!sisId) {
      findings.add({
        code: 'CLEVER_RECORD_INVALID',
        entity: 'schools',
        column: 'id',
        value: String(index),
        message: `Clever ${what} number ${index + 1} of the listing has no id; it is not used.`,
      });
    }
    return sisId && !orgs.has(sisId) ? sisId : null;
  };
  records.districts.forEach((district, index) => {
    const sisId = withId(district, index, 'district');
    if (!sisId) return;
    districtSisId ??= sisId;
    orgs.set(sisId, {
      sisId,
      name: readText(district, 'name') ?? sisId,
      type: 'district',
      parentSisId: null,
    });
  });
  records.schools.forEach((school, index) => {
    const sisId = withId(school, index, 'school');
    if (!sisId) return;
    orgs.set(sisId, {
      sisId,
      name: readText(school, 'name') ?? sisId,
      type: 'school',
      parentSisId: readText(school, 'district') ?? districtSisId,
    });
  });
  return districtSisId;
}

/** With a schools listing cut short, the schools people and classes name are orgs all the same. */
function inferSchoolOrgs(snapshot: Snapshot): void {
  const add = (sisId: string): void => {
    if (!snapshot.orgs.has(sisId)) {
      snapshot.orgs.set(sisId, { sisId, name: sisId, type: 'school', parentSisId: null });
    }
  };
  for (const klass of snapshot.classes.values()) add(klass.schoolSisId);
  for (const person of snapshot.people.values()) {
    for (const role of person.roles) for (const org of role.orgSisIds) add(org);
  }
}
