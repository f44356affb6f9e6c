#!/usr/bin/env -S node --max-old-space-size=8192
// The heap limit is raised because a million-student district's snapshot does not fit V8's
// default of about 4 GB with room to spare; smaller districts never come near it.
// The published entry point. The sources are TypeScript run through tsx's loader, so
// `npx rostersync` works straight after `npm install` without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
