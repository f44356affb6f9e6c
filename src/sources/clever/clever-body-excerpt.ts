/** How much of an error body goes into a message: enough to read "Cannot GET /v3.0/x", no more. */
const EXCERPT_LENGTH = 200;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * A short, readable excerpt of a response body for an error message. Clever's error bodies may be
 * HTML (an Express "Cannot GET" page) or JSON (`{"error": "..."}`), so the text is never parsed
 * blindly: a JSON `error`/`message` string is preferred, HTML loses its head and tags, and every
 * `secret` is replaced so a server echoing a token cannot leak it into logs.
 */
export function cleverBodyExcerpt(body: string, secrets: readonly string[] = []): string {
  let text = jsonErrorMessage(body) ?? htmlToText(body);
  for (const secret of secrets) {
    if (secret.length > 0) text = text.split(secret).join('[redacted]');
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text;
}

function jsonErrorMessage(body: string): string | null {
  if (!/^\s*\{/.test(body)) return null;
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value !== 'object' || value === null) return null;
    const { error, message } = value as { error?: unknown; message?: unknown };
    if (typeof error === 'string' && error !== '') return error;
    if (typeof message === 'string' && message !== '') return message;
    return null;
  } catch {
    return null;
  }
}

function htmlToText(body: string): string {
  if (!/<[a-z!/]/i.test(body)) return body;
  return body
    .replace(/<head[\s>][\s\S]*?<\/head>/gi, ' ')
    .replace(/<(script|style)[\s>][\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (match, name: string) => decodeEntity(name) ?? match);
}

function decodeEntity(name: string): string | undefined {
  if (name.startsWith('#x') || name.startsWith('#X')) return safeCodePoint(parseInt(name.slice(2), 16));
  if (name.startsWith('#')) return safeCodePoint(parseInt(name.slice(1), 10));
  return ENTITIES[name.toLowerCase()];
}

function safeCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}
