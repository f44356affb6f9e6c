import { describe, expect, it } from 'vitest';
import { useApiFixture } from './api-fixture.ts';

const api = useApiFixture();
const url = (rest = ''): string => `/api/v1/districts/${api.a.districtId}${rest}`;
const errorOf = (response: { json: <T>() => T }) =>
  response.json<{ error: { code: string; message: string; details: unknown } }>().error;
const clever = { district_id: 'clever-district', token: 'very-secret-token' };

describe('sync configs', () => {
  it('lists the district’s configs', async () => {
    const response = await api.call(api.a.token, 'GET', url('/sync-configs'));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      items: [
        {
          id: api.a.configId,
          name: 'oneroster-csv',
          source: 'oneroster-csv',
          schoolId: null,
          isEnabled: false,
        },
      ],
      next: null,
    });
  });

  it('creates a Clever config with its secret sealed, and shows it redacted', async () => {
    const created = await api.call(api.a.token, 'POST', url('/sync-configs'), {
      source: 'clever',
      name: 'Clever',
      schoolId: api.a.schools['Lincoln Elementary'],
      sourceOptions: clever,
      settings: { manageGuardians: 'false' },
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    const shown = await api.call(api.a.token, 'GET', url(`/sync-configs/${id}`));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).not.toContain('very-secret-token');
    expect(shown.json()).toMatchObject({
      id,
      source: 'clever',
      schoolId: api.a.schools['Lincoln Elementary'],
      sourceOptions: { district_id: 'clever-district', token: '•••• (set)' },
      settings: { manageGuardians: false },
      problems: [],
    });

    const rotated = await api.call(api.a.token, 'PATCH', url(`/sync-configs/${id}/source-options`), {
      set: { token: 'another-secret' },
    });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.body).not.toContain('another-secret');
    const history = await api.call(api.a.token, 'GET', url(`/sync-configs/${id}/history`));
    expect(history.statusCode).toBe(200);
    const entries = history.json<{
      history: { actorType: string; action: string; changes: { key: string; after: unknown }[] }[];
    }>().history;
    expect(entries.map((entry) => [entry.actorType, entry.action])).toEqual([
      ['api', 'create'],
      ['api', 'update'],
    ]);
    expect(entries[1]?.changes).toEqual([
      { key: 'source.token', before: '(set)', after: '(secret changed)' },
    ]);
    expect(history.body).not.toContain('another-secret');
  });

  it('refuses a server path, an unknown source and a bad option', async () => {
    const path = await api.call(api.a.token, 'POST', url('/sync-configs'), {
      source: 'oneroster-csv',
      sourceOptions: { path: '/etc' },
    });
    expect(path.statusCode).toBe(422);
    expect(errorOf(path).code).toBe('SOURCE_OPTION_NOT_ALLOWED');
    const setPath = await api.call(
      api.a.token,
      'PATCH',
      url(`/sync-configs/${api.a.configId}/source-options`),
      {
        set: { PATH: '/etc' },
      },
    );
    expect(errorOf(setPath).code).toBe('SOURCE_OPTION_NOT_ALLOWED');
    const setUrl = await api.call(api.a.token, 'POST', url('/sync-configs'), {
      source: 'clever',
      sourceOptions: { ...clever, 'base-url': 'http://169.254.169.254/' },
    });
    expect(setUrl.statusCode).toBe(422);
    expect(errorOf(setUrl).code).toBe('SOURCE_OPTION_NOT_ALLOWED');
    const unknown = await api.call(api.a.token, 'POST', url('/sync-configs'), { source: 'telepathy' });
    expect(unknown.statusCode).toBe(422);
    expect(errorOf(unknown).code).toBe('SOURCE_UNKNOWN');
    const invalid = await api.call(api.a.token, 'POST', url('/sync-configs'), {
      source: 'clever',
      sourceOptions: { district_id: 'x' },
    });
    expect(errorOf(invalid).code).toBe('SOURCE_OPTIONS_INVALID');
    const wrongType = await api.call(api.a.token, 'POST', url('/sync-configs'), {
      source: 'clever',
      sourceOptions: { district_id: 7 },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(errorOf(wrongType)).toMatchObject({
      code: 'REQUEST_INVALID',
      details: { issues: [{ in: 'body', path: 'sourceOptions.district_id' }] },
    });
  });

  it('changes settings and reports each before → after; refuses a bad value with its settings code', async () => {
    const path = url(`/sync-configs/${api.a.configId}/settings`);
    const changed = await api.call(api.a.token, 'PATCH', path, {
      set: { 'deletionThreshold.percent': '25' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({
      id: api.a.configId,
      changes: [{ key: 'deletionThreshold.percent', before: 10, after: 25 }],
    });
    const reset = await api.call(api.a.token, 'PATCH', path, { reset: ['deletionThreshold'] });
    expect(reset.json<{ changes: unknown[] }>().changes).toEqual([
      { key: 'deletionThreshold.percent', before: 25, after: 10 },
    ]);
    const unknown = await api.call(api.a.token, 'PATCH', path, { set: { colour: 'blue' } });
    expect(unknown.statusCode).toBe(422);
    expect(errorOf(unknown).code).toBe('SETTING_UNKNOWN');
    const bad = await api.call(api.a.token, 'PATCH', path, { set: { 'deletionThreshold.percent': 'lots' } });
    expect(bad.statusCode).toBe(422);
    expect(errorOf(bad).code).toBe('SETTINGS_INVALID');
    const missing = await api.call(
      api.a.token,
      'GET',
      url('/sync-configs/01a00000-0000-7000-8000-000000000000'),
    );
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing).code).toBe('CONFIG_NOT_FOUND');
  });
});
