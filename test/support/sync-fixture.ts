import { readBundleSchools } from '../../src/testkit/read-bundle-schools.ts';
import type { CliResult } from './cli-harness.ts';

type Cli = (...args: string[]) => Promise<CliResult>;

export interface SyncedDistrict {
  districtId: string;
  configId: string;
  schools: Record<string, string>;
}

/**
 * Creates a district with the small district's two schools (School IDs 0042 and 0077) and a
 * oneroster-csv config reading `bundlePath`, through the CLI as a user would.
 */
export async function createSmallDistrict(
  cli: Cli,
  bundlePath: string,
  options: { settings?: string[]; schools?: Record<string, string[]>; name?: string } = {},
): Promise<SyncedDistrict> {
  const district = await cli(
    '--json',
    'district',
    'create',
    '--name',
    options.name ?? 'Springfield',
    '--time-zone',
    'America/Chicago',
  );
  const districtId = district.json<{ id: string }>().id;
  const schools: Record<string, string> = {};
  const layout = options.schools ?? { 'Lincoln Elementary': ['0042'], 'Roosevelt Middle': ['0077'] };
  for (const [name, ids] of Object.entries(layout)) {
    const args = ['--json', 'school', 'create', '--district', districtId, '--name', name];
    for (const id of ids) args.push('--school-id', id);
    const result = await cli(...args);
    if (result.code !== 0) throw new Error(`school create failed: ${result.stderr}`);
    schools[name] = result.json<{ id: string }>().id;
  }
  const configArgs = [
    '--json',
    'config',
    'create',
    '--district',
    districtId,
    '--source',
    'oneroster-csv',
    '--path',
    bundlePath,
  ];
  for (const setting of options.settings ?? []) configArgs.push('--set', setting);
  const config = await cli(...configArgs);
  if (config.code !== 0) throw new Error(`config create failed: ${config.stderr}`);
  return { districtId, configId: config.json<{ id: string }>().id, schools };
}

/**
 * Creates a district with one school per source school of a bundle (a generated one, say),
 * each carrying its School ID, and a config reading the bundle.
 */
export async function createDistrictForBundle(
  cli: Cli,
  bundlePath: string,
  options: { settings?: string[]; name?: string } = {},
): Promise<SyncedDistrict> {
  const schools: Record<string, string[]> = {};
  for (const school of await readBundleSchools(bundlePath)) (schools[school.name] ??= []).push(school.sisId);
  return createSmallDistrict(cli, bundlePath, { ...options, schools, name: options.name ?? 'Generated' });
}
