import type { CleverData, CleverEvent, CleverRecord, CleverResource } from './clever-data.ts';
import { cleverPageLinks, type CleverLink } from './clever-page-links.ts';
import { cannotGetPage, cleverError, type CleverReply } from './clever-reply.ts';
import type { CleverRoute } from './clever-route.ts';
import type { FakeCleverFaults } from './fake-clever-faults.ts';
import { cleverPageNumber, firstIndexAtOrAfter, selectCleverPage } from './select-clever-page.ts';

/** Clever's page size when a request gives no `limit`. */
const defaultLimit = 100;
/** Clever's largest page; a larger `limit` is refused with 413 (Clever's docs). */
const maxLimit = 10_000;

const userRoles = ['student', 'teacher', 'staff', 'district_admin', 'contact'];

export interface CleverDataRequest {
  route: CleverRoute;
  /** The district whose token asked: the only district whose records it may see. */
  districtId: string;
  method: string;
  pathname: string;
  /** The path and query exactly as requested: the `self` link. */
  target: string;
  params: URLSearchParams;
  faults: FakeCleverFaults;
  /** Asked before a forward page is served: a planned failure for that page, or undefined. */
  pageFault?: (pageNumber: () => number) => CleverReply | undefined;
}

/**
 * Answers one authorised Data API request from `data`, whose arrays are sorted by id. Pure:
 * the server around it does tokens, rate limits, delays and the wire.
 */
export function answerCleverData(data: CleverData, request: CleverDataRequest): CleverReply {
  const { route, districtId } = request;
  if (request.method !== 'GET') return cannotGetPage(request.method, request.pathname);
  if (route.kind === 'me') {
    const district = `/${route.version}/districts/${districtId}`;
    return {
      status: 200,
      json: {
        type: 'district',
        data: { id: districtId, district: districtId, type: 'district' },
        links: [
          { rel: 'self', uri: '/me' },
          { rel: 'canonical', uri: district },
          { rel: 'district', uri: district },
        ],
      },
    };
  }
  if (route.resource === 'events') {
    const isVisible = (event: CleverEvent) => eventDistrict(event) === districtId;
    if (route.kind === 'record') return answerRecord(request, data.events, isVisible, route.id, 'events');
    return answerEvents(data.events, isVisible, request);
  }
  const resource = route.resource;
  const isInDistrict = (record: CleverRecord) => recordDistrict(resource, record) === districtId;
  if (route.kind === 'record') return answerRecord(request, data[resource], isInDistrict, route.id, resource);
  const role = request.params.get('role');
  if (resource === 'users' && role !== null) {
    if (!userRoles.includes(role)) {
      return cleverError(400, `role must be one of ${userRoles.join(', ')}`);
    }
    const hasRole = (record: CleverRecord) =>
      isInDistrict(record) && (record.roles as Record<string, unknown> | undefined)?.[role] !== undefined;
    return answerList(data.users, hasRole, request, resource);
  }
  return answerList(data[resource], isInDistrict, request, resource);
}

function answerEvents(
  events: CleverEvent[],
  isInDistrict: (event: CleverEvent) => boolean,
  request: CleverDataRequest,
): CleverReply {
  // Clever's events filter `record_type` (repeatable): only events of those resources.
  const recordTypes = request.params.getAll('record_type');
  const isVisible =
    recordTypes.length === 0
      ? isInDistrict
      : (event: CleverEvent) => isInDistrict(event) && recordTypes.includes(event.type.split('.')[0]!);
  // An unknown `starting_after` is compared, not looked up: in the recorded interactions Clever
  // answered `/v3.0/events?starting_after=640df950…` — an id on none of its pages — with the events
  // whose ids sort after it (200, a `prev` link to the first of them). So a gap is not detected
  // here; the 404 of `isUnknownEventCursorNotFound` lets a test play the stricter server.
  const cursor = request.params.get('starting_after');
  if (request.faults.isUnknownEventCursorNotFound && cursor !== null) {
    const index = firstIndexAtOrAfter(events, cursor);
    if (events[index]?.id !== cursor) return cleverError(404, `No event ${cursor}`);
  }
  return answerList(events, isVisible, request, 'events');
}

function answerList<T extends { id: string }>(
  records: readonly T[],
  isVisible: (record: T) => boolean,
  request: CleverDataRequest,
  resource: CleverResource | 'events',
): CleverReply {
  const { params, route } = request;
  const limitText = params.get('limit');
  const limit = limitText === null ? defaultLimit : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) return cleverError(400, 'limit must be a positive integer');
  if (limit > maxLimit) return cleverError(413, `limit must not exceed ${maxLimit}`);
  const servedLimit = Math.min(limit, request.faults.pageSizeCap ?? limit);
  const startingAfter = params.get('starting_after') ?? undefined;
  const endingBefore = params.get('ending_before') ?? undefined;
  if (startingAfter !== undefined && endingBefore !== undefined) {
    return cleverError(400, 'starting_after and ending_before cannot be combined');
  }
  if (endingBefore === undefined) {
    const failure = request.pageFault?.(() =>
      cleverPageNumber(records, isVisible, servedLimit, startingAfter),
    );
    if (failure !== undefined) return failure;
  }
  const page = selectCleverPage(records, isVisible, { limit: servedLimit, startingAfter, endingBefore });
  // Recorded quirk: Clever's self link of a bare `/v3.0/events` ends in "?".
  const self = resource === 'events' && !request.target.includes('?') ? `${request.target}?` : request.target;
  return {
    status: 200,
    json: {
      data: page.items.map((item) => ({ data: item, uri: `/${route.version}/${resource}/${item.id}` })),
      links: cleverPageLinks(self, request.pathname, params, page),
    },
  };
}

function answerRecord<T extends { id: string }>(
  request: CleverDataRequest,
  records: readonly T[],
  isVisible: (record: T) => boolean,
  id: string,
  resource: CleverResource | 'events',
): CleverReply {
  const record = records[firstIndexAtOrAfter(records, id)];
  // Another district's record is as absent as a missing one: tenancy leaks nothing, not even existence.
  if (record === undefined || record.id !== id || !isVisible(record)) {
    return request.faults.htmlNotFound
      ? cannotGetPage(request.method, request.pathname)
      : cleverError(404, 'Resource not found');
  }
  return { status: 200, json: { data: record, links: recordLinks(request.route.version, resource, record) } };
}

/** The relationship links Clever puts on a single record, as recorded per type. */
function recordLinks(
  version: string,
  resource: CleverResource | 'events',
  record: { id: string },
): CleverLink[] {
  const self = `/${version}/${resource}/${record.id}`;
  const related: Record<CleverResource | 'events', string[]> = {
    districts: [],
    events: [],
    schools: ['district', 'sections', 'users', 'terms', 'courses'],
    sections: ['district', 'school', 'term', 'course', 'users'],
    terms: ['district', 'sections', 'schools'],
    courses: ['district', 'sections', 'schools'],
    users: ['district', 'sections', ...userRelations(record), 'schools'],
  };
  return [{ rel: 'self', uri: self }, ...related[resource].map((rel) => ({ rel, uri: `${self}/${rel}` }))];
}

function userRelations(record: { id: string }): string[] {
  const roles = (record as CleverRecord).roles as Record<string, unknown> | undefined;
  if (roles?.student !== undefined) return ['myContacts', 'myTeachers'];
  if (roles?.teacher !== undefined || roles?.contact !== undefined) return ['myStudents'];
  return [];
}

/** A record's district: a district is its own; every other record names it in `district`. */
export function recordDistrict(resource: CleverResource, record: CleverRecord): unknown {
  return resource === 'districts' ? record.id : record.district;
}

/** An event belongs to the district of the object it carries. */
export function eventDistrict(event: CleverEvent): unknown {
  const resource = event.type.split('.')[0];
  const object = event.data.object;
  return resource === 'districts' ? object.id : object.district;
}
