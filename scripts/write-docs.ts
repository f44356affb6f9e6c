// Writes the generated documentation pages: `npm run docs`.
import { writeFileSync } from 'node:fs';
import { renderAccountCodesDoc } from '../src/accounts/render-account-codes-doc.ts';
import { renderDirectoryCodesDoc } from '../src/directory/render-directory-codes-doc.ts';
import { renderFindingsDoc } from '../src/findings/render-findings-doc.ts';
import { renderSettingsCodesDoc } from '../src/sync/render-settings-codes-doc.ts';

writeFileSync(new URL('../docs/findings.md', import.meta.url), renderFindingsDoc());
writeFileSync(new URL('../docs/settings-codes.md', import.meta.url), renderSettingsCodesDoc());
writeFileSync(new URL('../docs/directory-codes.md', import.meta.url), renderDirectoryCodesDoc());
writeFileSync(new URL('../docs/account-codes.md', import.meta.url), renderAccountCodesDoc());
