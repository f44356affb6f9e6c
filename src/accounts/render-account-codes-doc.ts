import { accountCodes } from './account-codes.ts';

/**
 * docs/account-codes.md, rendered from the catalogue so the two cannot drift apart
 * (`npm run docs` writes it; a test checks it is current).
 */
export function renderAccountCodesDoc(): string {
  const lines = [
    '# Account refusals',
    '',
    'Invitations, activation, sign-in and grants refuse with a stable code, the HTTP status the API',
    'answers with, and a message saying which rule refused. With `--json` the CLI prints',
    '`{"error":{"code","message","details"}}` and exits 1. Codes are permanent and never reused.',
    '',
    'This page is generated from `src/accounts/account-codes.ts` by `npm run docs`.',
    '',
    '| code | status | when it fires | what to do |',
    '| --- | --- | --- | --- |',
  ];
  for (const [code, entry] of Object.entries(accountCodes).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| \`${code}\` | ${entry.status} | ${escapeCell(entry.when)} | ${escapeCell(entry.fix)} |`);
  }
  return `${lines.join('\n')}\n`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
