import { CleverCredentialsError } from './clever-http-error.ts';
import { sendCleverRequest } from './send-clever-request.ts';
import type { CleverHttp } from './send-clever-request.ts';

/**
 * Exchanges the app's client id and secret for the district's bearer token: GET
 * `tokenUrl?owner_type=district` with HTTP Basic auth lists the tokens districts granted the app;
 * the one whose owner is the district is the token. The `district` filter keeps other districts'
 * tokens off the wire (Clever honours it; a server that ignores it still works, the owner check
 * decides).
 */
export async function fetchCleverDistrictToken(
  http: CleverHttp,
  options: { tokenUrl: string; clientId: string; clientSecret: string; districtId: string },
): Promise<string> {
  const url = new URL(options.tokenUrl);
  url.searchParams.set('owner_type', 'district');
  url.searchParams.set('district', options.districtId);
  const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64');
  const body = (await sendCleverRequest(
    { ...http, secrets: [...http.secrets, basic] },
    {
      url,
      authorization: `Basic ${basic}`,
      checkBody: checkTokenList,
      credentialName: 'the client id and secret',
    },
  )) as { data: readonly unknown[] };

  for (const item of body.data) {
    if (typeof item !== 'object' || item === null) continue;
    const { owner, access_token: accessToken } = item as { owner?: unknown; access_token?: unknown };
    const ownerId = typeof owner === 'object' && owner !== null ? (owner as { id?: unknown }).id : undefined;
    if (ownerId === options.districtId && typeof accessToken === 'string' && accessToken !== '') {
      return accessToken;
    }
  }
  throw new CleverCredentialsError(
    `Clever has no token for district ${options.districtId} under this client id: the district has not ` +
      `connected the app, or disconnected it.`,
  );
}

function checkTokenList(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { data?: unknown }).data)) {
    return 'no data list of tokens';
  }
  return null;
}
