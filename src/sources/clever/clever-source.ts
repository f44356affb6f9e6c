import type { FindingLog } from '../../findings/finding-log.ts';
import { SourceCredentialsError, type RosterSource } from '../roster-source.ts';
import { CleverClient, type CleverResource } from './clever-client.ts';
import { CleverCredentialsError } from './clever-http-error.ts';
import type { CleverNotice } from './clever-notice.ts';
import type { CleverApiVersion, CleverListing, CleverObject, CleverRecords } from './clever-records.ts';
import { mapCleverToSnapshot } from './map-clever-to-snapshot.ts';

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

/** The listings a full read makes, in order: schools before the people and sections naming them. */
const listings: readonly CleverListing[] = ['schools', 'terms', 'courses', 'users', 'sections'];

/**
 * The Clever Data API (SPEC §2.1): one full read of the district into a snapshot. A listing
 * that stops early (a page failing after its retries) makes the types it feeds partial, so the
 * run holds removals instead of reading absence as departure; rejected credentials end the run
 * `failed_credentials`.
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
    return mapCleverToSnapshot(
      records,
      { partial },
      { settings: context.settings.clever, phoneRegion: context.phoneRegion, findings, apiVersion },
    );
  },
};

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
