import type { RosterSource } from '../roster-source.ts';
import { readOneRosterBundle } from './read-oneroster-bundle.ts';

/** OneRoster CSV bundles from a folder or ZIP path (`path` option; a run may override it). */
export const oneRosterCsvSource: RosterSource = {
  kind: 'oneroster-csv',
  optionKeys: ['path'],
  secretOptionKeys: [],
  checkOptions(options) {
    return typeof options.path === 'string' && options.path !== ''
      ? null
      : 'a oneroster-csv config needs the path of its bundle (--path)';
  },
  async read(context) {
    const result = await readOneRosterBundle(String(context.options.path), {
      findings: context.findings,
      phoneRegion: context.phoneRegion,
      today: context.today,
      onTotalBytes: context.progress?.setTotal,
      onBytesRead: context.progress?.advance,
    });
    return result.snapshot;
  },
};
