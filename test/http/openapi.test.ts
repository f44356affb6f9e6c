import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../../src/http/api-routes.ts';
import { apiErrorCodes } from '../../src/http/errors/api-error-codes.ts';
import { useApiFixture } from './api-fixture.ts';

const api = useApiFixture();

interface Document {
  openapi: string;
  paths: Record<
    string,
    Record<string, { operationId: string; 'x-required-scope': string; responses: Record<string, unknown> }>
  >;
  components: { schemas: { Error: unknown } };
}

describe('the OpenAPI document', () => {
  it('is served without authentication as OpenAPI 3.1, one operation per route', async () => {
    const response = await api.call(null, 'GET', '/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json<Document>();
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    expect(operations.map((operation) => operation.operationId).sort()).toEqual(
      apiRoutes.map((route) => route.operationId).sort(),
    );
    expect(new Set(operations.map((operation) => operation.operationId)).size).toBe(operations.length);
    for (const operation of operations) {
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404']));
    }
    const createSchool = document.paths['/api/v1/districts/{districtId}/schools']?.post;
    expect(createSchool).toMatchObject({
      operationId: 'createSchool',
      'x-required-scope': 'directory:write',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: { type: 'object', required: ['name'], additionalProperties: false },
          },
        },
      },
    });
  });

  it('answers each code with one status: the API adds codes, never restates a catalogue’s', async () => {
    const { directoryCodes } = await import('../../src/directory/directory-codes.ts');
    const { accountCodes } = await import('../../src/accounts/account-codes.ts');
    for (const catalogue of [directoryCodes, accountCodes] as Record<string, { status: number }>[]) {
      for (const [code, entry] of Object.entries(catalogue)) {
        expect({ code, status: apiErrorCodes[code as keyof typeof apiErrorCodes].status }).toEqual({
          code,
          status: entry.status,
        });
      }
    }
    for (const [code, entry] of Object.entries(apiErrorCodes)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.when.length).toBeGreaterThan(10);
    }
  });

  it('names only error codes of the one table', () => {
    for (const route of apiRoutes) {
      for (const code of route.errors ?? []) expect(Object.keys(apiErrorCodes)).toContain(code);
    }
  });

  it('has a docs page listing every operation, with nothing loaded from elsewhere', async () => {
    const response = await api.call(null, 'GET', '/api/docs');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
    for (const route of apiRoutes) expect(response.body).toContain(route.operationId);
    expect(response.body).not.toMatch(/<script|https?:\/\//);
  });
});
