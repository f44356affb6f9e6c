import { createHash } from 'node:crypto';
import type { FindingLog } from '../../findings/finding-log.ts';
import type { SyncSettings } from '../../sync/sync-settings.ts';
import { SourceCredentialsError, type RosterSource } from '../roster-source.ts';
import { CleverClient, type CleverResource } from './clever-client.ts';
import { CleverCredentialsError, CleverHttpError } from './clever-http-error.ts';
import { CleverKeyDigest } from './clever-key-digest.ts';
import type { CleverNotice } from './clever-notice.ts';
import {
  readText,
  type CleverApiVersion,
  type CleverListing,
  type CleverObject,
  type CleverRecords,
} from './clever-records.ts';
import { cleverSourceStateVersion, parseCleverSourceState } from './clever-source-state.ts';
import { decideCleverReadMode } from './decide-clever-read-mode.ts';
import { mapCleverToSnapshot } from './map-clever-to-snapshot.ts';
import { readCleverEvents } from './read-clever-events.ts';

/** The options of a Clever config (`config create --source clever --set key=value`). */
const optionKeys = [
  'district_id',
  'token',
  'client_id',
  'client_secret',
  'base_url',
  'token_url',
  'api_version',
];
const secretOptionKeys = ['token', 'client_secret'];
const defaultBaseUrl = 'https://api.clever.com';
/**
 * Sorts after every Clever id (24 hex digits): `/events?ending_before=` it, `limit=1`, is the
 * newest event. Clever compares cursor ids rather than looking them up (the recorded
 * interactions answer an id on no page with the events after it).
 */
const AFTER_EVERY_ID = 'ffffffffffffffffffffffff';

/** The listings a full read makes, in order: schools before the people and sections naming them. */
const listings: readonly CleverListing[] = ['schools', 'terms', 'courses', 'users', 'sections'];

/**
 * The Clever Data API (SPEC §2.1): a full read of the district into a snapshot, or, between
 * full reads, an incremental one from the Events API (`decideCleverReadMode`,
 * `readCleverEvents`), which falls back to a full read on any doubt. A listing that stops
 * early (a page failing after its retries) makes the types it feeds partial, so the run holds
 * removals instead of reading absence as departure; rejected credentials end the run
 * `failed_credentials`. Each run says which way it read and why (`CLEVER_READ_MODE`).
 */
export const cleverSource: RosterSource = {
  kind: 'clever',
  optionKeys,
  secretOptionKeys,
  checkOptions(options) {
    const unknown = Object.keys(options).filter((key) => !optionKeys.includes(key));
    if (unknown.length > 0)
      return `unknown Clever option ${unknown.join(', ')} (known: ${optionKeys.join(', ')})`;
    if (!isText(options.district_id)) return 'a clever config needs district_id (the Clever district id)';
    const hasToken = isText(options.token);
    const hasClient = isText(options.client_id) && isText(options.client_secret);
    if (!hasToken && !hasClient) return 'a clever config needs token, or client_id and client_secret';
    if (options.api_version !== undefined && options.api_version !== 'v3.0' && options.api_version !== 'v3.1')
      return 'api_version must be v3.0 or v3.1';
    for (const key of ['base_url', 'token_url'] as const) {
      if (options[key] !== undefined && !isHttpUrl(options[key])) return `${key} must be an http(s) URL`;
    }
    return null;
  },
  async read(context) {
    const { options, findings } = context;
    const apiVersion = (options.api_version ?? 'v3.0') as CleverApiVersion;
    let client: CleverClient;
    try {
      client = await CleverClient.connect({
        baseUrl: String(options.base_url ?? defaultBaseUrl),
        ...(isText(options.token_url) ? { tokenUrl: options.token_url } : {}),
        apiVersion,
        districtId: String(options.district_id),
        ...(isText(options.token) ? { token: options.token } : {}),
        ...(isText(options.client_id) ? { clientId: options.client_id } : {}),
        ...(isText(options.client_secret) ? { clientSecret: options.client_secret } : {}),
        onNotice: noticeReporter(findings),
      });
    } catch (error) {
      if (error instanceof CleverCredentialsError) throw new SourceCredentialsError(error.message);
      throw error;
    }
    const mapOptions = {
      settings: context.settings.clever,
      phoneRegion: context.phoneRegion,
      findings,
      apiVersion,
    };
    const districtId = String(options.district_id);
    const settingsHash = hashCleverSettings(context.settings);
    const decision = decideCleverReadMode({
      state: parseCleverSourceState(context.state),
      districtId,
      apiVersion,
      settingsHash,
      now: context.now,
      fullSyncEveryDays: context.settings.clever.fullSyncEveryDays,
      hasSchoolSplits: context.settings.schoolMapping.splits.length > 0,
      studentId: context.settings.studentId,
    });
    let fullReason = decision.mode === 'full' ? decision.reason : '';
    if (decision.mode === 'incremental') {
      const events = await readCleverEvents(client, decision.state, { ...mapOptions, now: context.now });
      if (events.isIncremental) {
        const types = [...events.countsByType].map(([type, count]) => `${count} ${type}`).join(', ');
        findings.add({
          code: 'CLEVER_READ_MODE',
          value: 'incremental',
          message: `Clever was read incrementally: ${events.eventCount} event${events.eventCount === 1 ? '' : 's'} after event ${decision.state.eventId}${types ? ` (${types})` : ''}; nothing is removed for being absent.`,
        });
        // Contacts are never read incrementally, so their keys stay as the last full read left them.
        context.saveState?.({ ...events.state, contactKeyDigest: context.state.contactKeyDigest });
        return events.snapshot;
      }
      fullReason = events.reason;
    }

    // The newest event is taken before listing: what changes while the listing runs is
    // replayed by the next incremental run, which is harmless (applying is idempotent).
    const newest = await newestEvent(client);
    const records: CleverRecords = {
      districts: [],
      schools: [],
      users: [],
      sections: [],
      terms: [],
      courses: [],
    };
    const partial: Partial<Record<CleverListing, string>> = {};
    records.districts = await listAllOrThrow(client, 'districts');
    for (const listing of listings) {
      const into = records[listing] as CleverObject[];
      try {
        const result = await client.listAll(listing, undefined, (page) => {
          for (const object of page) into.push(object);
          context.progress?.advance(page.length);
        });
        if (!result.isComplete) {
          partial[listing] = result.reason;
          findings.add({
            code: 'CLEVER_PAGE_FAILED',
            entity: listing === 'sections' ? 'classrooms' : listing === 'users' ? 'students' : undefined,
            value: String(result.count),
            message: `Clever's ${listing} listing stopped after ${result.count} records: ${result.reason}. What it feeds is treated as incomplete: nothing is removed on its account this run.`,
          });
        }
      } catch (error) {
        if (error instanceof CleverCredentialsError) throw new SourceCredentialsError(error.message);
        throw error;
      }
    }
    let derivedKeys: ReadonlyMap<string, string> = new Map();
    const snapshot = mapCleverToSnapshot(
      records,
      { partial },
      { ...mapOptions, onDerivedKeys: (keys) => (derivedKeys = keys) },
    );
    const contactKeyDigest = reportContactRekeys(derivedKeys, context.state.contactKeyDigest, findings);
    // A read that did not finish is no base for events: records it missed have changes no
    // event will bring again. The next run then reads in full too.
    const isWhole = Object.keys(partial).length === 0;
    const baseline = isWhole ? newest : null;
    findings.add({
      code: 'CLEVER_READ_MODE',
      value: 'full',
      message:
        `Clever was read in full: ${fullReason}. ` +
        (baseline
          ? `The next runs read the events after ${baseline.id} until a full read is due.`
          : isWhole
            ? 'Clever has no event to start from (none yet, or events are not enabled for the app): the next run reads in full too.'
            : 'The read did not finish: the next run reads in full too.'),
    });
    const at = context.now.toISOString();
    context.saveState?.({
      version: cleverSourceStateVersion,
      districtId,
      apiVersion,
      settingsHash,
      eventId: baseline?.id ?? null,
      eventCreatedAt: baseline?.created ?? null,
      fullReadAt: at,
      checkedAt: at,
      keyDigest: CleverKeyDigest.fromUsers(records.users).encode(),
      contactKeyDigest,
    });
    return snapshot;
  },
};

/**
 * Contacts without a SIS id are keyed by a derived key (email, else phone, else name and
 * student), because Clever gives them a new id whenever the SIS re-sends them. A derived key
 * the last full read saw under another Clever id is such a re-key: the same guardian, reported
 * (SPEC §2.1), not archived and created again. Returns the digest of this read's contact keys.
 */
function reportContactRekeys(
  derivedKeys: ReadonlyMap<string, string>,
  stored: unknown,
  findings: FindingLog,
): string {
  const previous = typeof stored === 'string' ? CleverKeyDigest.decode(stored) : null;
  const current = CleverKeyDigest.decode('') as CleverKeyDigest;
  let count = 0;
  let example = '';
  for (const [key, cleverId] of derivedKeys) {
    current.claim(key, cleverId);
    if (previous?.owner(key, cleverId) === 'other') {
      count++;
      example ||= `${key} (now Clever id ${cleverId})`;
    }
  }
  if (count > 0) {
    findings.add({
      code: 'CLEVER_CONTACT_REKEYED',
      entity: 'guardians',
      value: String(count),
      message: `${count} Clever contact${count === 1 ? '' : 's'} without a SIS id came with a new Clever id (e.g. ${example}); matched by their derived key, they stay the same guardian${count === 1 ? '' : 's'}.`,
    });
  }
  return current.encode();
}

/**
 * The newest event of the district, or null when there is none or the request fails (then no
 * incremental run follows this read).
 */
async function newestEvent(client: CleverClient): Promise<{ id: string; created: string } | null> {
  let body: unknown;
  try {
    body = await client.get('/events', { ending_before: AFTER_EVERY_ID, limit: '1' });
  } catch (error) {
    // 401/403 included: the token passed `/me`, and an app may not be allowed events; the
    // listings that follow say whether the credentials are really refused.
    if (error instanceof CleverHttpError) return null;
    throw error;
  }
  const items = (body as { data?: unknown }).data;
  if (!Array.isArray(items) || items.length === 0) return null;
  const item = items.at(-1) as { data?: CleverObject } | null;
  const id = readText(item?.data, 'id');
  const created = readText(item?.data, 'created');
  return id && created && !Number.isNaN(Date.parse(created)) ? { id, created } : null;
}

/**
 * A hash of the settings that shape what a read maps and how the run plans it: a change of
 * any of them reads in full once, so records Clever did not change are judged again. The
 * schedule, the deletion thresholds (the guard reads them every run) and the full-read
 * interval itself are left out.
 */
function hashCleverSettings(settings: SyncSettings): string {
  const shaping: Partial<SyncSettings> = { ...settings };
  for (const key of [
    'enabled',
    'startTime',
    'timeZone',
    'blackoutDates',
    'deletionThreshold',
    'deletionThresholdByType',
  ] as const) {
    delete shaping[key];
  }
  const clever: Partial<SyncSettings['clever']> = { ...settings.clever };
  delete clever.fullSyncEveryDays;
  return createHash('sha256')
    .update(JSON.stringify({ ...shaping, clever }))
    .digest('hex')
    .slice(0, 32);
}

/** The district record must come: without it nothing can be mapped. */
async function listAllOrThrow(client: CleverClient, resource: CleverResource): Promise<CleverObject[]> {
  const objects: CleverObject[] = [];
  try {
    const result = await client.listAll(resource, undefined, (page) => {
      for (const object of page) objects.push(object);
    });
    if (!result.isComplete) throw new Error(`Clever's ${resource} listing failed: ${result.reason}`);
  } catch (error) {
    if (error instanceof CleverCredentialsError) throw new SourceCredentialsError(error.message);
    throw error;
  }
  return objects;
}

/** One finding per run for rate-limit waits, with their count and total. */
function noticeReporter(findings: FindingLog): (notice: CleverNotice) => void {
  let waits = 0;
  return (notice) => {
    if (notice.kind !== 'rate_limited') return;
    waits++;
    if (waits === 1) {
      findings.add({
        code: 'CLEVER_RATE_LIMITED',
        value: String(notice.waitMs),
        message: `Clever asked rostersync to slow down (${notice.path}); it waited ${Math.ceil(notice.waitMs / 1000)} s for the rate limit to reset and went on.`,
      });
    }
  };
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
