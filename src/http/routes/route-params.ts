import { z } from 'zod';
import { idParam } from '../register-api-route.ts';

/** The path prefix of every district-scoped operation. */
export const districtPath = '/api/v1/districts/:districtId';

export const districtParams = z.strictObject({ districtId: idParam });
export const configParams = z.strictObject({ districtId: idParam, configId: idParam });
export const runParams = z.strictObject({ districtId: idParam, runId: idParam });
export const personParams = z.strictObject({ districtId: idParam, personId: idParam });
export const classroomParams = z.strictObject({ districtId: idParam, classroomId: idParam });

/** `true`/`false` (and 1/0, yes/no) in a query string. */
export const queryFlag = z.stringbool().default(false);
