import { createHash } from 'node:crypto';
import { cannotGetPage, cleverError, type CleverReply } from './clever-reply.ts';

/** The scopes of a district token in Clever's recorded answer (clever-demo-district). */
const districtTokenScopes = [
  'read:district_admins',
  'read:districts',
  'read:resources',
  'read:school_admins',
  'read:schools',
  'read:sections',
  'read:student_contacts',
  'read:students',
  'read:teachers',
  'read:user_id',
];

export interface OauthTokensRequest {
  method: string;
  pathname: string;
  params: URLSearchParams;
  authorization: string | undefined;
}

/**
 * `GET` or `POST /oauth/tokens?owner_type=district[&district=ID]` with HTTP Basic
 * `client_id:secret`: the district tokens granted to the app, in Clever's shape
 * (`{"data":[{"id","created","owner":{"type":"district","id"},"access_token","scopes"}],"links":[…]}`).
 */
export function answerOauthTokens(
  request: OauthTokensRequest,
  clients: Readonly<Record<string, { secret: string }>>,
  tokens: Readonly<Record<string, string>>,
  created: string,
): CleverReply {
  if (request.method !== 'GET' && request.method !== 'POST') {
    return cannotGetPage(request.method, request.pathname);
  }
  const credentials = parseBasic(request.authorization);
  const client = credentials === null ? undefined : clients[credentials.clientId];
  if (credentials === null || client === undefined || client.secret !== credentials.secret) {
    return cleverError(401, 'invalid_client');
  }
  if (request.params.get('owner_type') !== 'district') return cleverError(400, 'owner_type must be district');
  const district = request.params.get('district');
  const data = Object.entries(tokens)
    .filter(([, owner]) => district === null || owner === district)
    .map(([token, owner]) => ({
      id: createHash('sha256').update(token).digest('hex').slice(0, 24),
      created,
      owner: { type: 'district', id: owner },
      access_token: token,
      scopes: districtTokenScopes,
    }));
  // Recorded: owner_type first, then the district filter, whatever order the request used.
  const self = `/oauth/tokens?owner_type=district${district === null ? '' : `&district=${encodeURIComponent(district)}`}`;
  return { status: 200, json: { data, links: [{ rel: 'self', uri: self }] } };
}

function parseBasic(header: string | undefined): { clientId: string; secret: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { clientId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
