import { findingCodes } from './finding-codes.ts';

/**
 * docs/findings.md, rendered from the catalogue so the two cannot drift apart
 * (`npm run docs` writes it; a test checks it is current).
 */
export function renderFindingsDoc(): string {
  const lines = [
    '# Findings',
    '',
    'Everything a run or the validator notices about its input is a *finding*: a severity, a stable',
    'code, where (file, line, column, SIS id) and a message with the fix. Errors stop the rows (or the',
    'file) they are about; warnings and notes do not. Codes are permanent and never reused.',
    '',
    'This page is generated from `src/findings/finding-codes.ts` by `npm run docs`.',
    '',
    '| code | severity | when it fires | what to do |',
    '| --- | --- | --- | --- |',
  ];
  for (const [code, entry] of Object.entries(findingCodes).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| \`${code}\` | ${entry.severity} | ${escapeCell(entry.when)} | ${escapeCell(entry.fix)} |`);
  }
  return `${lines.join('\n')}\n`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
