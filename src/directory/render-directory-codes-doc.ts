import { directoryCodes } from './directory-codes.ts';

/**
 * docs/directory-codes.md, rendered from the catalogue so the two cannot drift apart
 * (`npm run docs` writes it; a test checks it is current).
 */
export function renderDirectoryCodesDoc(): string {
  const lines = [
    '# Directory refusals',
    '',
    'Operations on the directory by hand (classrooms, memberships, guardians, students, contact',
    'details, join codes, enabling a sync) refuse with a stable code, an HTTP status and a message',
    'that names the rule that refused (SPEC §3, §6, §7). Nothing is changed by a refused operation.',
    'Codes are permanent and never reused.',
    '',
    'This page is generated from `src/directory/directory-codes.ts` by `npm run docs`.',
    '',
    '| code | HTTP | when it fires | what to do |',
    '| --- | --- | --- | --- |',
  ];
  for (const [code, entry] of Object.entries(directoryCodes).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| \`${code}\` | ${entry.status} | ${escapeCell(entry.when)} | ${escapeCell(entry.fix)} |`);
  }
  return `${lines.join('\n')}\n`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
