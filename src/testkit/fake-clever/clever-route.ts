import { cleverResources, type CleverResource } from './clever-data.ts';

/** What a Data API path asks for; the version (`v3.0`, `v3.1`) is kept for the links. */
export type CleverRoute =
  | { kind: 'me'; version: string }
  | { kind: 'list'; version: string; resource: CleverResource | 'events' }
  | { kind: 'record'; version: string; resource: CleverResource | 'events'; id: string };

const routePattern = /^\/(v3\.[01])\/([a-z_]+)(?:\/([^/]+))?\/?$/;

/**
 * The Data API endpoints the fake serves: `/v3.x/<resource>`, `/v3.x/<resource>/<id>`,
 * `/v3.x/events[/<id>]` and `/v3.x/me`. Anything else — relationship paths such as
 * `/schools/{id}/users` included — is null, and the server answers it as an unknown path.
 */
export function matchCleverRoute(pathname: string): CleverRoute | null {
  const match = routePattern.exec(pathname);
  if (!match) return null;
  const [, version, name, id] = match as unknown as [string, string, string, string | undefined];
  if (name === 'me') return id === undefined ? { kind: 'me', version } : null;
  if (name !== 'events' && !(cleverResources as readonly string[]).includes(name)) return null;
  const resource = name as CleverResource | 'events';
  return id === undefined ? { kind: 'list', version, resource } : { kind: 'record', version, resource, id };
}
