// Writes the generated documentation pages: `npm run docs`.
import { writeFileSync } from 'node:fs';
import { renderFindingsDoc } from '../src/findings/render-findings-doc.ts';
import { renderSettingsCodesDoc } from '../src/sync/render-settings-codes-doc.ts';

writeFileSync(new URL('../docs/findings.md', import.meta.url), renderFindingsDoc());
writeFileSync(new URL('../docs/settings-codes.md', import.meta.url), renderSettingsCodesDoc());
