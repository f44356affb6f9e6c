import { beforeAll, describe, expect, it } from 'vitest';
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

  it('shows a run with its changes and findings, and its findings as CSV', async () => {
    const shown = await api.call(api.a.token, 'GET', url(api.a, `/runs/${api.a.runId}`));
    expect(shown.statusCode).toBe(200);
    const run = shown.json<{
      run: { id: string; status: string };
      changes: { state: string }[];
      findings: { code: string }[];
    }>();
    expect(run.run).toMatchObject({ id: api.a.runId, status: 'succeeded' });
    expect(run.changes.length).toBeGreaterThan(0);
    expect(run.changes.every((change) => change.state === 'applied')).toBe(true);
    const csv = await api.call(api.a.token, 'GET', url(api.a, `/runs/${api.a.runId}/findings.csv`));
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('severity,code,entity,sisId,file,line,column,value,message');
    expect(lines).toHaveLength(run.findings.length + 1);
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
