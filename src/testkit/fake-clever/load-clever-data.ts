import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  cleverResources,
  emptyCleverData,
  type CleverData,
  type CleverEvent,
  type CleverRecord,
} from './clever-data.ts';
import { FakeCleverError } from './fake-clever-error.ts';

/** The generator's file (`rostersync generate --format clever-json`). */
const dataFileName = 'clever.json';

/** A recorded Clever list response, one resource per file: `v3.0-users.json`, `v3.1-sections.json`… */
const envelopeFilePattern = /^v3\.[01]-(districts|schools|users|sections|terms|courses|events)\.json$/;

type DataKey = keyof CleverData;

/**
 * Reads what a fake Clever server serves, from either
 * - the generator's `clever.json` (`{"districts":[…],"schools":[…],…,"events":[…]}`), given as
 *   the file or the folder holding it, or
 * - a folder of recorded list responses (`v3.0-users.json`: `{"links":[…],"data":[{"data":{…},
 *   "uri":…}]}`), one file per resource.
 * A resource with no array or file is empty: nothing is derived (a folder without schools
 * serves no schools). Throws `FakeCleverError` when the path cannot be read or holds anything
 * else. Parses whole files at once: a generated M district (~100 MB) fits comfortably.
 */
export async function loadCleverData(dataPath: string): Promise<CleverData> {
  const info = await stat(dataPath).catch((error: unknown) => {
    throw unreadable(dataPath, error);
  });
  if (!info.isDirectory()) {
    const match = envelopeFilePattern.exec(path.basename(dataPath));
    if (match) return fromEnvelopeFiles([[match[1] as DataKey, dataPath]]);
    return parseDataFile(dataPath);
  }
  const names = await readdir(dataPath).catch((error: unknown) => {
    throw unreadable(dataPath, error);
  });
  if (names.includes(dataFileName)) return parseDataFile(path.join(dataPath, dataFileName));
  const files: [DataKey, string][] = [];
  for (const name of names.sort()) {
    const match = envelopeFilePattern.exec(name);
    if (match) files.push([match[1] as DataKey, path.join(dataPath, name)]);
  }
  if (files.length === 0) {
    throw new FakeCleverError(
      'FAKE_CLEVER_DATA_MALFORMED',
      `${dataPath} holds neither ${dataFileName} (rostersync generate --format clever-json) nor ` +
        `recorded list files named like v3.0-users.json.`,
    );
  }
  return fromEnvelopeFiles(files);
}

async function parseDataFile(file: string): Promise<CleverData> {
  const json = await readJson(file);
  if (!isObject(json)) throw malformed(file, 'expected a JSON object of arrays ("users":[…], …)');
  const keys: DataKey[] = [...cleverResources, 'events'];
  if (!keys.some((key) => key in json)) {
    const hint = Array.isArray(json.data)
      ? 'it looks like a Clever list response: name it after its resource, e.g. v3.0-users.json'
      : `expected at least one of ${keys.join(', ')}`;
    throw malformed(file, hint);
  }
  const data = emptyCleverData();
  for (const key of keys) {
    const items = json[key];
    if (items === undefined) continue;
    if (!Array.isArray(items)) throw malformed(file, `"${key}" is not an array`);
    checkItems(file, key, items);
    (data[key] as unknown[]) = items;
  }
  return data;
}

async function fromEnvelopeFiles(files: [DataKey, string][]): Promise<CleverData> {
  const data = emptyCleverData();
  const seen = new Map<DataKey, string>();
  for (const [key, file] of files) {
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw malformed(file, `a second file for ${key} next to ${path.basename(earlier)}; keep one`);
    }
    seen.set(key, file);
    const json = await readJson(file);
    if (!isObject(json) || !Array.isArray(json.data)) {
      throw malformed(file, 'expected a Clever list response {"data":[{"data":{…},"uri":…}],"links":[…]}');
    }
    const items = json.data.map((item: unknown, index: number) => {
      if (!isObject(item) || !isObject(item.data)) {
        throw malformed(file, `data[${index}] is not an envelope {"data":{…},"uri":…}`);
      }
      return item.data;
    });
    checkItems(file, key, items);
    (data[key] as unknown[]) = items;
  }
  return data;
}

/** Checks what the server relies on: every record has a string id; every event a type and object. */
function checkItems(file: string, key: DataKey, items: unknown[]): void {
  items.forEach((item, index) => {
    const where = `${key}[${index}]`;
    if (!isObject(item) || typeof item.id !== 'string' || item.id === '') {
      throw malformed(file, `${where} has no string "id"`);
    }
    if (key !== 'events') return;
    const event = item as Partial<CleverEvent>;
    if (typeof event.type !== 'string' || !isObject(event.data) || !isRecord(event.data.object)) {
      throw malformed(file, `${where} is not a Clever event {"id","type","created","data":{"object":{…}}}`);
    }
  });
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw unreadable(file, error);
  });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw malformed(file, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRecord(value: unknown): value is CleverRecord {
  return isObject(value) && typeof value.id === 'string';
}

function unreadable(file: string, error: unknown): FakeCleverError {
  const code = (error as { code?: unknown }).code;
  const reason =
    code === 'ENOENT' ? 'no such file or folder' : error instanceof Error ? error.message : String(error);
  return new FakeCleverError('FAKE_CLEVER_DATA_UNREADABLE', `Cannot read Clever data at ${file}: ${reason}.`);
}

function malformed(file: string, reason: string): FakeCleverError {
  return new FakeCleverError('FAKE_CLEVER_DATA_MALFORMED', `${file} is not Clever data: ${reason}.`);
}
