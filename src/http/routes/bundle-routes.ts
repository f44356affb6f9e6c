import { z } from 'zod';
import { validateBundle } from '../../validate/validate-bundle.ts';
import { validationLevels } from '../../validate/validation-level.ts';
import { defineRoute } from '../api-route.ts';
import { districtParams, districtPath } from './route-params.ts';

export const bundleRoutes = [
  defineRoute({
    operationId: 'validateBundle',
    method: 'POST',
    path: `${districtPath}/bundle-validations`,
    summary:
      'Check an uploaded OneRoster 1.1 or 1.2 CSV bundle (ZIP body) and report every finding. Changes nothing.',
    description:
      'Send the ZIP as the body with Content-Type: application/zip (up to 1 GiB; streamed to a temporary file).',
    tag: 'bundles',
    permission: 'syncs:read',
    params: districtParams,
    query: z.strictObject({ level: z.enum(validationLevels as ['accept', 'conformance']).default('accept') }),
    upload: 'required',
    success: {
      status: 200,
      description: 'The report (as `validate --json` prints it).',
      schema: z.object({
        version: z.string().nullable(),
        level: z.string(),
        isValid: z.boolean(),
        counts: z.record(z.string(), z.number()),
        findings: z.array(z.object({ severity: z.string(), code: z.string(), message: z.string() }).loose()),
      }),
    },
    errors: ['BUNDLE_REQUIRED', 'BODY_TOO_LARGE', 'MEDIA_TYPE_UNSUPPORTED'],
    async handle({ query, upload }) {
      const { version, findings } = await validateBundle(upload!.path, { level: query.level });
      return {
        version,
        level: query.level,
        isValid: !findings.hasErrors(),
        counts: findings.counts(),
        findings: findings.list().map((finding) => ({
          severity: finding.severity,
          code: finding.code,
          file: finding.file ?? null,
          line: finding.line ?? null,
          column: finding.column ?? null,
          value: finding.value ?? null,
          message: finding.message,
        })),
      };
    },
  }),
];
