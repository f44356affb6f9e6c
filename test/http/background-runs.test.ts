import { describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/build-server.ts';
import { smallDistrict } from '../support/small-district.ts';
import { useApiFixture, type ApiDistrict } from './api-fixture.ts';

const api = useApiFixture();
const url = (district: ApiDistrict, rest = ''): string => `/api/v1/districts/${district.districtId}${rest}`;

interface Started {
  runId: string;
  status: string;
  links: { run: string };
}

interface RunDetail {
  run: { id: string; status: string; counts: Record<string, Record<string, number>> };
}

/** The source renamed Math 7: the run that reads this bundle updates one classroom. */
function renamedBundle() {
  const files = smallDistrict();
  return {
    ...files,
    'classes.csv': files['classes.csv'].map((row) =>
      row.title === 'Math 7' ? { ...row, title: 'Mathematics 7' } : row,
    ),
  };
}

/** Follows a run as a client would, until it is no longer running (each wait yields to the run). */
async function followRun(token: string, location: string): Promise<RunDetail> {
  for (let attempt = 0; attempt < 2_000; attempt += 1) {
    const response = await api.call(token, 'GET', location);
    expect(response.statusCode).toBe(200);
    const detail = response.json<RunDetail>();
    if (detail.run.status !== 'running') return detail;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the run at ${location} never ended`);
}

describe('runs started without waiting (wait=false)', () => {
  it('answers 202 with the run’s id at once; the run reads the uploaded bundle and ends on its own', async () => {
    const response = await api.upload(
      api.a.token,
      url(api.a, `/sync-configs/${api.a.configId}/runs?wait=false`),
      await api.zipOf(renamedBundle()),
    );
    expect(response.statusCode).toBe(202);
    const started = response.json<Started>();
    expect(started).toEqual({
      runId: expect.any(String),
      status: 'running',
      links: { run: url(api.a, `/runs/${started.runId}`) },
    });
    expect(response.headers.location).toBe(started.links.run);

    const detail = await followRun(api.a.token, started.links.run);
    expect(detail.run).toMatchObject({ id: started.runId, status: 'succeeded' });
    expect(detail.run.counts.classrooms).toMatchObject({ updated: 1 });
    const exported = await api.harness.exportOf(api.a.districtId);
    expect(exported.classrooms.map((classroom) => classroom.name)).toContain('Mathematics 7');
  });

  it('refuses what cannot start before answering: another district’s config, a bad flag', async () => {
    const otherConfig = await api.call(
      api.a.token,
      'POST',
      url(api.a, `/sync-configs/${api.b.configId}/runs?wait=false`),
    );
    expect(otherConfig.statusCode).toBe(404);
    const badFlag = await api.call(
      api.a.token,
      'POST',
      url(api.a, `/sync-configs/${api.a.configId}/runs?wait=later`),
    );
    expect(badFlag.statusCode).toBe(400);
  });

  it('a server closing waits for the runs it started', async () => {
    const app = buildServer({ store: api.harness.store, logger: false });
    await app.ready();
    const response = await app.inject({
      method: 'POST',
      url: url(api.b, `/sync-configs/${api.b.configId}/runs?wait=false&dryRun=true`),
      headers: { authorization: `Bearer ${api.b.token}` },
    });
    expect(response.statusCode).toBe(202);
    const { runId } = response.json<Started>();
    await app.close();
    const row = await api.harness.store.db
      .selectFrom('runs')
      .select('status')
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    expect(row.status).not.toBe('running');
  });
});
