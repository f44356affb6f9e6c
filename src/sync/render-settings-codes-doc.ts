import { settingsCodes } from './settings-codes.ts';

/**
 * docs/settings-codes.md, rendered from the catalogue so the two cannot drift apart
 * (`npm run docs` writes it; a test checks it is current).
 */
export function renderSettingsCodesDoc(): string {
  const lines = [
    '# Settings refusals',
    '',
    '`rostersync config create` and `config set` refuse settings that are invalid or that contradict',
    'themselves, their source or the district’s other configs. Nothing is stored; the refusal has a',
    'stable code, and its message says which rule refused it and names the settings, grades, schools',
    'or configs involved. With several problems, the code is the first one’s and `--json` lists them all',
    'in `error.details`. Codes are permanent and never reused.',
    '',
    'This page is generated from `src/sync/settings-codes.ts` by `npm run docs`.',
    '',
    '| code | when it fires | what to do |',
    '| --- | --- | --- |',
  ];
  for (const [code, entry] of Object.entries(settingsCodes).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| \`${code}\` | ${escapeCell(entry.when)} | ${escapeCell(entry.fix)} |`);
  }
  return `${lines.join('\n')}\n`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
