import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DirectoryExport } from '../../src/directory/export-directory.ts';
import { headers, toCsv, type CsvRows } from '../support/bundle-builder.ts';
import { useScenarioHarness } from '../support/scenario-harness.ts';
import { smallDistrict } from '../support/small-district.ts';
import { createSmallDistrict } from '../support/sync-fixture.ts';
import { writeZip } from '../support/write-zip.ts';

const harness = useScenarioHarness();
const { bundles, cli, sync, exportOf } = harness;

/** A district synced once from the small district, ready for a bad day. */
async function syncedDistrict(): Promise<{ districtId: string; configId: string; before: DirectoryExport }> {
  const { districtId, configId } = await createSmallDistrict(cli, bundles.write(smallDistrict()));
  expect((await sync(configId)).code).toBe(0);
  return { districtId, configId, before: await exportOf(districtId) };
}

const usersCsv = (rows: CsvRows, header: readonly string[] = headers['users.csv']): string =>
  toCsv(header, rows);

describe('bad input is reported, never a crash, never a mass archive', () => {
  it('fails a bundle without users.csv, naming it, and changes nothing', async () => {
    const { districtId, configId, before } = await syncedDistrict();
    const { 'users.csv': _users, ...rest } = smallDistrict();
    const { code, summary } = await sync(configId, '--path', bundles.write(rest));
    expect(code).toBe(1);
    expect(summary.status).toBe('failed_invalid_input');
    expect(summary.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'error', code: 'FILE_MISSING', file: 'users.csv' }),
      ]),
    );
    expect(await exportOf(districtId)).toEqual(before);
  });

  it('fails a bundle path that does not exist', async () => {
    const { configId } = await syncedDistrict();
    const { code, summary } = await sync(configId, '--path', path.join(bundles.root, 'nowhere'));
    expect(code).toBe(1);
    expect(summary).toMatchObject({
      status: 'failed_invalid_input',
      findings: [expect.objectContaining({ code: 'BUNDLE_NOT_FOUND' })],
    });
  });

  it('fails a users.csv without a role column', async () => {
    const { districtId, configId, before } = await syncedDistrict();
    const files = smallDistrict();
    const header = headers['users.csv'].filter((column) => column !== 'role');
    const { code, summary } = await sync(
      configId,
      '--path',
      bundles.write({ ...files, 'users.csv': usersCsv(files['users.csv'], header) }),
    );
    expect(code).toBe(1);
    expect(summary.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'HEADER_MISSING', file: 'users.csv', line: 1, column: 'role' }),
      ]),
    );
    expect(await exportOf(districtId)).toEqual(before);
  });

  it('keeps fields whose column went missing or misspelt instead of clearing them', async () => {
    const { districtId, configId, before } = await syncedDistrict();
    const files = smallDistrict();
    const header = headers['users.csv'].map((column) => (column === 'email' ? 'emial' : column));
    const rows = files['users.csv'].map((row) => ({ ...row, emial: row.email ?? '' }));
    const { code, summary } = await sync(
      configId,
      '--path',
      bundles.write({ ...files, 'users.csv': usersCsv(rows, header) }),
    );
    expect(code).toBe(0);
    expect(summary.status).toBe('succeeded_with_warnings');
    expect(summary.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'HEADER_MISSPELT',
          column: 'emial',
          line: 1,
          message: expect.stringContaining('did you mean "email"'),
        }),
        expect.objectContaining({ code: 'HEADER_OPTIONAL_MISSING', column: 'email' }),
      ]),
    );
    expect(summary.counts.students).toMatchObject({ updated: 0, archived: 0 });
    expect((await exportOf(districtId)).people.map((p) => p.email)).toEqual(
      before.people.map((p) => p.email),
    );
  });

  it('skips bad rows with file, line and column, and imports the rest', async () => {
    const files = smallDistrict();
    const users = [...files['users.csv']];
    users[0] = { ...users[0]!, email: 'not-an-email' };
    users[1] = { ...users[1]!, sms: '12345' };
    users.push({ ...users[2]!, givenName: 'Duplicate' });
    const text =
      usersCsv(users) +
      // A shifted row: one field too many. Its id is still readable, so the record is kept as is.
      '000999,,,true,0042,student,x,,Extra,Field,,S1,,,,,03,,surplus\r\n';
    const enrollments = [
      ...files['enrollments.csv'],
      { sourcedId: 'E99', classSourcedId: 'C404', userSourcedId: '000101', role: 'student' },
    ];
    const { districtId, configId } = await createSmallDistrict(
      cli,
      bundles.write({ ...files, 'users.csv': text, 'enrollments.csv': enrollments }),
    );
    const { code, summary } = await sync(configId);
    expect(code).toBe(0);
    expect(summary.status).toBe('succeeded_with_warnings');
    const find = (code: string) => summary.findings.find((f) => f.code === code);
    expect(find('EMAIL_INVALID')).toMatchObject({
      file: 'users.csv',
      line: 2,
      column: 'email',
      sisId: '000101',
      value: 'not-an-email',
    });
    expect(find('PHONE_INVALID')).toMatchObject({
      file: 'users.csv',
      line: 3,
      column: 'sms',
      sisId: '000102',
    });
    expect(find('ID_DUPLICATE')).toMatchObject({ file: 'users.csv', line: 19, sisId: '000103' });
    expect(find('ROW_COLUMN_COUNT')).toMatchObject({ file: 'users.csv', line: 20 });
    expect(find('REFERENCE_UNKNOWN')).toMatchObject({
      file: 'enrollments.csv',
      line: 16,
      column: 'classSourcedId',
      value: 'C404',
    });
    expect(summary.counts.students).toMatchObject({ created: 8 });
    const exported = await exportOf(districtId);
    expect(exported.people.find((p) => p.givenName === 'Ava')?.email).toBeNull();
    expect(exported.people.find((p) => p.givenName === 'Duplicate')).toBeUndefined();
  });

  it('loses only the row with a stray quote, and keeps that record as it is', async () => {
    const { districtId, configId, before } = await syncedDistrict();
    const files = smallDistrict();
    // Noah left the SIS; Sofia's row has an unclosed quote but still starts with her id.
    const rows = files['users.csv'].filter((row) => row.sourcedId !== '000104');
    const lines = usersCsv(rows).split('\r\n');
    const rossi = lines.findIndex((line) => line.includes('Rossi,'));
    lines[rossi] = lines[rossi]!.replace('Rossi,', '"Rossi,');
    const { code, summary } = await sync(
      configId,
      '--path',
      bundles.write({ ...files, 'users.csv': lines.join('\r\n') }),
    );
    expect(code, JSON.stringify(summary.held)).toBe(0);
    expect(summary.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'ROW_MALFORMED', file: 'users.csv', line: rossi + 1 }),
      ]),
    );
    expect(summary.counts.students).toMatchObject({ archived: 1, unchanged: 6 });
    const after = await exportOf(districtId);
    expect(after.people.filter((p) => p.archived).map((p) => p.givenName)).toEqual(['Noah']);
    expect(after.people.find((p) => p.givenName === 'Sofia')).toEqual(
      before.people.find((p) => p.givenName === 'Sofia'),
    );
  });

  it('holds removals when a row cannot even be identified', async () => {
    const { districtId, configId } = await syncedDistrict();
    const files = smallDistrict();
    const rows = files['users.csv'].filter((row) => row.sourcedId !== '000104');
    const lines = usersCsv(rows).split('\r\n');
    const rossi = lines.findIndex((line) => line.includes('Rossi,'));
    lines[rossi] = `"${lines[rossi]!}`;
    const { code, summary } = await sync(
      configId,
      '--path',
      bundles.write({ ...files, 'users.csv': lines.join('\r\n') }),
    );
    expect(code).toBe(2);
    expect(summary.status).toBe('held_incomplete');
    expect(summary.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'ROW_MALFORMED', file: 'users.csv', line: rossi + 1 }),
      ]),
    );
    expect(summary.held.students).toMatchObject({ reason: 'incomplete', tried: 2 });
    expect((await exportOf(districtId)).people.filter((p) => p.archived)).toEqual([]);
  });

  it('plans without changing anything on a dry run', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files));
    const dry = await sync(configId, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.summary.counts.students).toMatchObject({ created: 8 });
    expect((await exportOf(districtId)).people).toEqual([]);
    const shown = (await cli('--json', 'run', 'show', dry.summary.id)).json<{
      run: { isDryRun: boolean };
      changes: { state: string }[];
    }>();
    expect(shown.run.isDryRun).toBe(true);
    expect(shown.changes.length).toBeGreaterThan(30);
    expect(new Set(shown.changes.map((c) => c.state))).toEqual(new Set(['planned']));
    expect((await sync(configId)).summary.counts.students).toMatchObject({ created: 8 });
  });

  it('reads a ZIP with the files in one folder, a BOM and OS junk', async () => {
    const files = smallDistrict();
    const zipPath = path.join(bundles.root, 'export 2026-11-29.zip');
    const folder = bundles.write(files);
    const entries: Record<string, string | Buffer> = {
      '__MACOSX/roster/._users.csv': 'junk',
      'roster/.DS_Store': 'junk',
    };
    for (const name of ['orgs.csv', 'users.csv', 'classes.csv', 'enrollments.csv']) {
      const content = readFileSync(path.join(folder, name));
      entries[`roster/${name}`] =
        name === 'users.csv' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), content]) : content;
    }
    await writeZip(zipPath, entries);
    const { districtId, configId } = await createSmallDistrict(cli, zipPath);
    const { code, summary } = await sync(configId);
    expect(code).toBe(0);
    expect(summary.counts.students).toMatchObject({ created: 8 });
    expect((await exportOf(districtId)).people.find((p) => p.givenName === 'Zoë')?.familyName).toBe(
      'Smith-Jones',
    );
  });

  it('imports a Windows-1252 users.csv exactly as the UTF-8 one, with a warning', async () => {
    const files = smallDistrict();
    const utf8 = bundles.write(files);
    // Nguyễn has no Windows-1252 form; the rest of the accents do.
    const rows = files['users.csv'].map((row) => ({
      ...row,
      familyName: row.familyName === 'Nguyễn' ? 'Nguyen' : (row.familyName ?? ''),
    }));
    const latin = bundles.write({ ...files, 'users.csv': '' });
    const encoded = Buffer.from(usersCsv(rows), 'latin1');
    await import('node:fs').then((fs) => fs.writeFileSync(path.join(latin, 'users.csv'), encoded));
    const utf8Rows = bundles.write({ ...files, 'users.csv': usersCsv(rows) });

    const a = await createSmallDistrict(cli, utf8Rows);
    const b = await createSmallDistrict(cli, latin);
    expect((await sync(a.configId)).code).toBe(0);
    const { summary } = await sync(b.configId);
    expect(summary.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'warning', code: 'ENCODING_WINDOWS_1252', file: 'users.csv' }),
      ]),
    );
    const names = async (districtId: string) =>
      (await exportOf(districtId)).people.map((p) => [p.givenName, p.familyName]).sort();
    expect(await names(b.districtId)).toEqual(await names(a.districtId));
    expect(await names(b.districtId)).toEqual(
      expect.arrayContaining([
        ['Zoë', 'Smith-Jones'],
        ['Noah', 'García'],
        ['Liam', "O'Brien"],
      ]),
    );
    expect(utf8).toBeTruthy();
  });

  it('refuses a UTF-16 users.csv with its own message', async () => {
    const files = smallDistrict();
    const dir = bundles.write(files);
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(usersCsv(files['users.csv']), 'utf16le'),
    ]);
    await import('node:fs').then((fs) => fs.writeFileSync(path.join(dir, 'users.csv'), utf16));
    const { configId } = await createSmallDistrict(cli, dir);
    const { code, summary } = await sync(configId);
    expect(code).toBe(1);
    expect(summary.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'ENCODING_UTF16', message: expect.stringContaining('UTF-8') }),
      ]),
    );
  });
});

describe('guardians', () => {
  it('removes links that left and archives a guardian left without links', async () => {
    const { districtId, configId, before } = await syncedDistrict();
    const files = smallDistrict();
    // Rosa (P5) no longer lists Sofia; nobody lists Rosa.
    const users = files['users.csv'].map((row) =>
      row.sourcedId === 'P5' ? { ...row, agentSourcedIds: '' } : row,
    );
    const { code, summary } = await sync(configId, '--path', bundles.write({ ...files, 'users.csv': users }));
    expect(code).toBe(0);
    expect(summary.counts.guardianLinks).toMatchObject({ archived: 1 });
    expect(summary.counts.guardians).toMatchObject({ archived: 1, skipped: 1 });
    const rosa = before.people.find((p) => p.givenName === 'Rosa')!;
    const after = await exportOf(districtId);
    expect(after.people.find((p) => p.id === rosa.id)?.archived).toBe(true);
    expect(after.guardianLinks.filter((l) => l.guardianId === rosa.id)).toEqual([]);
  });

  it('leaves guardians alone when the config does not manage them', async () => {
    const files = smallDistrict();
    const { districtId, configId } = await createSmallDistrict(cli, bundles.write(files), {
      settings: ['manage_guardians=off'],
    });
    const { summary } = await sync(configId);
    expect(summary.counts.guardians).toMatchObject({ created: 0 });
    expect(summary.counts.guardianLinks).toMatchObject({ created: 0 });
    expect((await exportOf(districtId)).guardianLinks).toEqual([]);
  });
});
