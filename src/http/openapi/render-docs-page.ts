import { createHash } from 'node:crypto';

const style =
  'body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}' +
  'code{background:#f3f3f3;padding:0 .25rem}table{border-collapse:collapse;width:100%}' +
  'td,th{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}' +
  '.m{font-weight:600;font-family:monospace}';

/** The docs page's content security policy: nothing loads, only its own inline style applies. */
export const docsPagePolicy = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

/**
 * A static page listing every operation of the OpenAPI document: method, path, scope, summary.
 * No script and nothing from a CDN; the document itself (`openApiPath`) is the full reference.
 */
export function renderDocsPage(document: Record<string, unknown>, openApiPath: string): string {
  const info = document.info as { title: string; version: string; description: string };
  const rows: string[] = [];
  for (const [path, operations] of Object.entries(
    document.paths as Record<string, Record<string, Record<string, unknown>>>,
  )) {
    for (const [method, operation] of Object.entries(operations)) {
      rows.push(
        `<tr><td class="m">${method.toUpperCase()}</td><td><code>${escapeHtml(path)}</code></td>` +
          `<td>${escapeHtml(String(operation['x-required-scope'] ?? ''))}</td>` +
          `<td>${escapeHtml(String(operation.summary ?? ''))}<br><small>${escapeHtml(String(operation.operationId))}</small></td></tr>`,
      );
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(info.title)}</title><style>${style}</style></head>
<body><h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>
<p>${escapeHtml(info.description)}</p>
<p>The OpenAPI 3.1 document: <a href="${openApiPath}"><code>${openApiPath}</code></a>.</p>
<table><thead><tr><th>method</th><th>path</th><th>scope</th><th>what it does</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
