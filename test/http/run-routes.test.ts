import { beforeAll, describe, expect, it } from 'vitest';
import { findingsCsv } from '../../src/findings/findings-csv.ts';
import { readRun, type RunChange } from '../../src/sync/read-runs.ts';
import { smallDistrict } from '../support/small-district.ts';
import { useApiFixture, type ApiDistrict } from './api-fixture.ts';

const api = useApiFixture();
const url = (district: ApiDistrict, rest = ''): string => `/api/v1/districts/${district.districtId}${rest}`;
const errorOf = (response: { json: <T>() => T }) =>
  response.json<{ error: { code: string; message: string; details: unknown } }>().error;

const files = smallDistrict();
/** users.csv lost every student but 000101: their archives exceed the threshold and are held. */
const truncated = {
  ...files,
  'users.csv': files['users.csv'].filter((row) => row.role !== 'student' || row.sourcedId === '000101'),
};
let truncatedZip: Buffer;

beforeAll(async () => {
  truncatedZip = await api.zipOf(truncated);
});

interface Summary {
  id: string;
  status: string;
  dryRun: boolean;
  counts: Record<string, Record<string, number>>;
}

describe('runs', () => {
  it('runs a dry run now and lists it first', async () => {
    const started = await api.call(
      api.a.token,
      'POST',
      url(api.a, `/sync-configs/${api.a.configId}/runs?dryRun=true`),
    );
    expect(started.statusCode).toBe(201);
    const summary = started.json<Summary>();
    expect(summary).toMatchObject({ status: 'succeeded', dryRun: true });
    const listed = await api.call(api.a.token, 'GET', url(api.a, '/runs?limit=1'));
    const page = listed.json<{ items: { id: string; isDryRun: boolean; trigger: string }[]; next: string }>();
    expect(page.items).toEqual([expect.objectContaining({ id: summary.id, isDryRun: true, trigger: 'api' })]);
    const rest = (await api.call(api.a.token, 'GET', url(api.a, `/runs?limit=5&cursor=${page.next}`))).json<{
      items: { id: string }[];
      next: string | null;
    }>();
    expect(rest).toEqual({ items: [expect.objectContaining({ id: api.a.runId })], next: null });
    const ofConfig = await api.call(api.a.token, 'GET', url(api.a, `/runs?configId=${api.a.configId}`));
    expect(ofConfig.json<{ items: unknown[] }>().items).toHaveLength(2);
  });

  it('shows a run without its lists, with links to them, and its findings as CSV', async () => {
    const shown = await api.call(api.a.token, 'GET', url(api.a, `/runs/${api.a.runId}`));
    expect(shown.statusCode).toBe(200);
    const full = (await readRun(api.harness.store.db, api.a.runId))!;
    const runPath = url(api.a, `/runs/${api.a.runId}`);
    expect(shown.json()).toEqual({
      run: full.run,
      listedFindings: {
        total: full.findings.length,
        bySeverity: { error: 0, warning: 0, info: full.findings.length },
        byCode: { FILE_ABSENT: full.findings.length },
      },
      links: {
        changes: `${runPath}/changes`,
        findings: `${runPath}/findings`,
        findingsCsv: `${runPath}/findings.csv`,
      },
    });
    const csv = await api.call(api.a.token, 'GET', url(api.a, `/runs/${api.a.runId}/findings.csv`));
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toBe(findingsCsv(full.findings));
  });

  it('runs an uploaded bundle, holds its mass archive, and approves the hold', async () => {
    const held = await api.upload(
      api.a.token,
      url(api.a, `/sync-configs/${api.a.configId}/runs`),
      truncatedZip,
    );
    expect(held.statusCode).toBe(201);
    const summary = held.json<Summary>();
    expect(summary.status).toBe('held_threshold');
    const approved = await api.call(api.a.token, 'POST', url(api.a, `/runs/${summary.id}/approve`));
    expect(approved.statusCode).toBe(200);
    const outcome = approved.json<{
      runId: string;
      heldRunId: string;
      resolution: string;
      approved: number;
    }>();
    expect(outcome).toMatchObject({ heldRunId: summary.id, resolution: 'approved', approved: 11 });
    const again = await api.call(api.a.token, 'POST', url(api.a, `/runs/${summary.id}/discard`));
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('HOLD_ALREADY_RESOLVED');
    const notHeld = await api.call(api.a.token, 'POST', url(api.a, `/runs/${api.a.runId}/approve`), {
      max: 1,
    });
    expect(notHeld.statusCode).toBe(409);
    expect(errorOf(notHeld).code).toBe('RUN_NOT_HELD');
    const badMax = await api.call(api.a.token, 'POST', url(api.a, `/runs/${summary.id}/approve`), { max: 0 });
    expect(badMax.statusCode).toBe(400);

    // The approval is a run of its own: roll it back, once.
    const rolledBack = await api.call(api.a.token, 'POST', url(api.a, `/runs/${outcome.runId}/rollback`));
    expect(rolledBack.statusCode).toBe(201);
    expect(rolledBack.json()).toMatchObject({
      rolledBackRunId: outcome.runId,
      status: 'succeeded',
      dryRun: false,
    });
    const twice = await api.call(api.a.token, 'POST', url(api.a, `/runs/${outcome.runId}/rollback`), {});
    expect(twice.statusCode).toBe(409);
    expect(errorOf(twice).code).toBe('RUN_ALREADY_ROLLED_BACK');
  });

  it('rolls back as a dry run: the reverse changes are planned, nothing changes', async () => {
    const before = await api.harness.exportOf(api.a.districtId);
    const planned = await api.call(api.a.token, 'POST', url(api.a, `/runs/${api.a.runId}/rollback`), {
      dryRun: true,
    });
    expect(planned.statusCode).toBe(201);
    expect(planned.json()).toMatchObject({ rolledBackRunId: api.a.runId, dryRun: true, partial: false });
    expect(await api.harness.exportOf(api.a.districtId)).toEqual(before);
    const badBody = await api.call(api.a.token, 'POST', url(api.a, `/runs/${api.a.runId}/rollback`), {
      partial: 'yes',
    });
    expect(badBody.statusCode).toBe(400);
  });

  it('discards a hold', async () => {
    const held = await api.upload(
      api.b.token,
      url(api.b, `/sync-configs/${api.b.configId}/runs`),
      truncatedZip,
    );
    const summary = held.json<Summary>();
    expect(summary.status).toBe('held_threshold');
    const discarded = await api.call(api.b.token, 'POST', url(api.b, `/runs/${summary.id}/discard`));
    expect(discarded.statusCode).toBe(200);
    expect(discarded.json()).toMatchObject({ resolution: 'discarded', discarded: 11, runId: null });
  });

  it('refuses a JSON body where none is taken, and an unknown run', async () => {
    const withBody = await api.call(api.a.token, 'POST', url(api.a, `/sync-configs/${api.a.configId}/runs`), {
      path: '/etc',
    });
    expect(withBody.statusCode).toBe(400);
    expect(errorOf(withBody).code).toBe('REQUEST_INVALID');
    const missing = await api.call(
      api.a.token,
      'GET',
      url(api.a, '/runs/01a00000-0000-7000-8000-000000000000'),
    );
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing).code).toBe('RUN_NOT_FOUND');
  });
});

/** Follows `next` from the first page to the last; the items in order, and how many pages. */
async function walk<T>(token: string, path: string): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const response = await api.call(token, 'GET', cursor ? `${path}${separator}cursor=${cursor}` : path);
    expect(response.statusCode).toBe(200);
    const page = response.json<{ items: T[]; next: string | null }>();
    items.push(...page.items);
    pages += 1;
    cursor = page.next;
  } while (cursor !== null);
  return { items, pages };
}

/** A list in one order, so two lists of the same items compare equal. */
const sorted = <T>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('a run’s changes and findings, paged', () => {
  /** B's run of a bundle where 000101 is renamed and every other student gone: the rename applied, the archives held. */
  let heldRunId: string;
  let shown: { changes: RunChange[]; findings: { severity: string; code: string }[] };

  beforeAll(async () => {
    const changed = {
      ...truncated,
      'users.csv': truncated['users.csv'].map((row) =>
        row.sourcedId === '000101' ? { ...row, givenName: 'Avery' } : row,
      ),
    };
    const held = await api.upload(
      api.b.token,
      url(api.b, `/sync-configs/${api.b.configId}/runs`),
      await api.zipOf(changed),
    );
    const summary = held.json<Summary>();
    expect(summary.status).toBe('held_threshold');
    heldRunId = summary.id;
    shown = (await readRun(api.harness.store.db, heldRunId))!;
  });

  it('walks every change run show --json lists, once each, applied first, a few per page', async () => {
    const { items, pages } = await walk<RunChange>(
      api.b.token,
      url(api.b, `/runs/${heldRunId}/changes?limit=2`),
    );
    expect(items).toHaveLength(shown.changes.length);
    expect(pages).toBe(Math.ceil(shown.changes.length / 2));
    expect(sorted(items)).toEqual(sorted(shown.changes));
    expect(items.map((change) => change.state)).toEqual(shown.changes.map((change) => change.state));
    // The applied rename says who had set the name it replaced: B's first run.
    expect(items[0]).toMatchObject({
      state: 'applied',
      entity: 'students',
      action: 'update',
      sisId: '000101',
      beforeSetBy: { givenName: { by: { type: 'run', runId: api.b.runId } } },
    });
    const first = await walk<RunChange>(api.b.token, url(api.b, `/runs/${api.b.runId}/changes?limit=7`));
    expect(sorted(first.items)).toEqual(sorted((await readRun(api.harness.store.db, api.b.runId))!.changes));
  });

  it('keeps only the changes of a state, an entity and an action', async () => {
    const cases: [string, (change: RunChange) => boolean][] = [
      ['state=held', (change) => change.state === 'held'],
      ['state=applied', (change) => change.state === 'applied'],
      ['state=planned', (change) => change.state === 'planned'],
      ['entity=students', (change) => change.entity === 'students'],
      [
        'entity=guardians&action=archive',
        (change) => change.entity === 'guardians' && change.action === 'archive',
      ],
      ['state=held&entity=students', (change) => change.state === 'held' && change.entity === 'students'],
      ['action=update', (change) => change.action === 'update'],
    ];
    for (const [filter, keep] of cases) {
      const { items } = await walk<RunChange>(
        api.b.token,
        url(api.b, `/runs/${heldRunId}/changes?limit=3&${filter}`),
      );
      expect({ filter, items: sorted(items) }).toEqual({ filter, items: sorted(shown.changes.filter(keep)) });
    }
    expect(shown.changes.filter((change) => change.state === 'held')).toHaveLength(11);
    const badState = await api.call(api.b.token, 'GET', url(api.b, `/runs/${heldRunId}/changes?state=done`));
    expect(badState.statusCode).toBe(400);
    expect(errorOf(badState).code).toBe('REQUEST_INVALID');
  });

  it('walks every stored finding, in order, and keeps those of a severity or a code', async () => {
    const { items } = await walk<{ code: string }>(
      api.b.token,
      url(api.b, `/runs/${heldRunId}/findings?limit=4`),
    );
    expect(items).toEqual(shown.findings);
    expect(new Set(shown.findings.map((finding) => finding.severity))).toEqual(
      new Set(['error', 'warning', 'info']),
    );
    const errors = await walk(api.b.token, url(api.b, `/runs/${heldRunId}/findings?limit=5&severity=error`));
    expect(errors.items).toEqual(shown.findings.filter((finding) => finding.severity === 'error'));
    const byCode = await walk(
      api.b.token,
      url(api.b, `/runs/${heldRunId}/findings?limit=1&code=GUARDIAN_NOT_LINKED&severity=warning`),
    );
    expect(byCode.items).toEqual(shown.findings.filter((finding) => finding.code === 'GUARDIAN_NOT_LINKED'));
    expect(byCode.items.length).toBeGreaterThan(1);
    const detail = (await api.call(api.b.token, 'GET', url(api.b, `/runs/${heldRunId}`))).json<{
      listedFindings: { total: number; bySeverity: Record<string, number>; byCode: Record<string, number> };
    }>();
    expect(detail.listedFindings.total).toBe(shown.findings.length);
    expect(detail.listedFindings.bySeverity.error).toBe(errors.items.length);
    expect(detail.listedFindings.byCode.GUARDIAN_NOT_LINKED).toBe(byCode.items.length);
  });

  it('refuses a cursor that is not one of this run’s list', async () => {
    const changesPath = url(api.b, `/runs/${heldRunId}/changes`);
    const findingsPath = url(api.b, `/runs/${heldRunId}/findings`);
    const changesNext = (await api.call(api.b.token, 'GET', `${changesPath}?limit=1`)).json<{
      next: string;
    }>().next;
    const findingsNext = (await api.call(api.b.token, 'GET', `${findingsPath}?limit=1`)).json<{
      next: string;
    }>().next;
    const ofFirstRun = (
      await api.call(api.b.token, 'GET', url(api.b, `/runs/${api.b.runId}/changes?limit=1`))
    ).json<{ next: string }>().next;
    const forged = (key: unknown[]) =>
      Buffer.from(JSON.stringify({ l: 'run-changes', d: api.b.districtId, k: key })).toString('base64url');
    const refused = [
      `${changesPath}?cursor=not-a-cursor`,
      `${changesPath}?cursor=${findingsNext}`,
      `${findingsPath}?cursor=${changesNext}`,
      `${changesPath}?cursor=${ofFirstRun}`,
      `${changesPath}?cursor=${forged(['applied', '1; drop table runs', '1', '1', heldRunId])}`,
      `${changesPath}?cursor=${forged(['unapplied', '99999999999', '0', '0', heldRunId])}`,
      `${changesPath}?cursor=${forged(['elsewhere', '1', '1', '1', heldRunId])}`,
    ];
    for (const path of refused) {
      const response = await api.call(api.b.token, 'GET', path);
      expect({ path, status: response.statusCode, body: response.json() }).toEqual({
        path,
        status: 400,
        body: { error: { code: 'CURSOR_INVALID', message: expect.any(String), details: null } },
      });
    }
  });

  it('does not find another district’s run, nor its lists', async () => {
    for (const rest of ['', '/changes', '/findings', '/findings.csv']) {
      const response = await api.call(api.a.token, 'GET', url(api.a, `/runs/${heldRunId}${rest}`));
      expect({ rest, status: response.statusCode, code: errorOf(response).code }).toEqual({
        rest,
        status: 404,
        code: 'RUN_NOT_FOUND',
      });
    }
  });
});

describe('bundle validation', () => {
  it('validates an uploaded ZIP and reports its findings', async () => {
    const response = await api.upload(api.a.token, url(api.a, '/bundle-validations'), await api.zipOf(files));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ version: '1.1', level: 'accept', isValid: true });
  });

  it('reports a body that is not a ZIP as a finding, not a failure', async () => {
    const response = await api.upload(
      api.a.token,
      url(api.a, '/bundle-validations'),
      Buffer.from('not a zip'),
    );
    expect(response.statusCode).toBe(200);
    const report = response.json<{ isValid: boolean; findings: { severity: string; code: string }[] }>();
    expect(report.isValid).toBe(false);
    expect(report.findings[0]?.severity).toBe('error');
  });

  it('wants a ZIP body', async () => {
    const json = await api.call(api.a.token, 'POST', url(api.a, '/bundle-validations'), { zip: 'no' });
    expect(json.statusCode).toBe(422);
    expect(errorOf(json).code).toBe('BUNDLE_REQUIRED');
    const text = await api.app.inject({
      method: 'POST',
      url: url(api.a, '/bundle-validations'),
      headers: { authorization: `Bearer ${api.a.token}`, 'content-type': 'application/xml' },
      payload: '<bundle/>',
    });
    expect(text.statusCode).toBe(415);
    expect(errorOf(text).code).toBe('MEDIA_TYPE_UNSUPPORTED');
    const badLevel = await api.upload(
      api.a.token,
      url(api.a, '/bundle-validations?level=strict'),
      Buffer.from('x'),
    );
    expect(badLevel.statusCode).toBe(400);
  });

  it('refuses an upload to another district before reading it', async () => {
    const response = await api.upload(api.a.token, url(api.b, '/bundle-validations'), truncatedZip);
    expect(response.statusCode).toBe(404);
  });
});
