import { describe, expect, it } from 'vitest';
import { cleverBodyExcerpt } from './clever-body-excerpt.ts';

// Clever's recorded answer to GET /v3.0/resources with a token that may not call it (404).
const CANNOT_GET_HTML =
  '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n' +
  '<body>\n<pre>Cannot GET /v3.0/resources</pre>\n</body>\n</html>\n';

describe('cleverBodyExcerpt', () => {
  it('reads an HTML error page as its text, without the head', () => {
    expect(cleverBodyExcerpt(CANNOT_GET_HTML)).toBe('Cannot GET /v3.0/resources');
  });

  it('decodes entities and collapses white space', () => {
    expect(cleverBodyExcerpt('<p>Bad&nbsp;request:\n  <b>limit &gt; 10000</b> &#39;x&#39;</p>')).toBe(
      "Bad request: limit > 10000 'x'",
    );
  });

  it('prefers the error string of a JSON body', () => {
    expect(cleverBodyExcerpt('{"error":"Resource not found"}')).toBe('Resource not found');
    expect(cleverBodyExcerpt('{"code":7}')).toBe('{"code":7}');
  });

  it('cuts long bodies to about 200 characters', () => {
    const excerpt = cleverBodyExcerpt('x'.repeat(5000));
    expect(excerpt).toHaveLength(200);
    expect(excerpt.endsWith('…')).toBe(true);
  });

  it('replaces secrets a server echoes back', () => {
    expect(cleverBodyExcerpt('invalid token DEMO_TOKEN_123', ['DEMO_TOKEN_123'])).toBe(
      'invalid token [redacted]',
    );
  });
});
