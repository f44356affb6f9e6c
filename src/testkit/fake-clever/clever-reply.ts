/** What the fake answers, before headers: a JSON document or an HTML page. */
export type CleverReply = { status: number; json: unknown } | { status: number; html: string };

/** A JSON error the way Clever sends them: `{"error":"…"}`. */
export function cleverError(status: number, message: string): CleverReply {
  return { status, json: { error: message } };
}

/** Clever's HTML 404 for a path it does not serve, as recorded ("Cannot GET /v3.0/resources"). */
export function cannotGetPage(method: string, pathname: string): CleverReply {
  const escaped = `${method} ${pathname}`.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    status: 404,
    html:
      '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n' +
      `</head>\n<body>\n<pre>Cannot ${escaped}</pre>\n</body>\n</html>\n`,
  };
}

/** A gateway's HTML error page, the kind of 5xx body a client of Clever must survive. */
export function gatewayErrorPage(status: number): CleverReply {
  return {
    status,
    html: `<html>\r\n<head><title>${status} Error</title></head>\r\n<body>\r\n<center><h1>${status} Error</h1></center>\r\n</body>\r\n</html>\r\n`,
  };
}
