import { z } from 'zod';
import { entityTypes, type EntityType } from '../roster/snapshot.ts';

/** Share of a type's sync-owned records one run may archive or remove (SPEC §4). */
export const defaultThresholdPercent = 10;
/** Below this many removals the percentage is not applied: small districts need room too. */
export const defaultThresholdFloor = 5;
/** SPEC §2.3: a student row links up to six guardians. */
export const defaultMaxGuardiansPerStudent = 6;

const threshold = z
  .object({
    percent: z.number().min(0).max(100),
    floor: z.number().int().min(0),
  })
  .strict();

/** The settings of a sync config, as stored (camelCase JSON) and validated. */
export const syncSettingsSchema = z
  .object({
    deletionThreshold: threshold.default({ percent: defaultThresholdPercent, floor: defaultThresholdFloor }),
    /** Per-type overrides of the deletion threshold. */
    deletionThresholdByType: z.partialRecord(z.enum(entityTypes), threshold).default({}),
    /** Guardians come from this source. */
    manageGuardians: z.boolean().default(true),
    maxGuardiansPerStudent: z.number().int().min(1).max(50).default(defaultMaxGuardiansPerStudent),
    /** ISO 3166 region phone numbers without a country code belong to. */
    phoneRegion: z
      .string()
      .regex(/^[A-Z]{2}$/, 'a two-letter ISO country code such as US')
      .default('US'),
  })
  .strict();

export type SyncSettings = z.infer<typeof syncSettingsSchema>;

export function thresholdFor(settings: SyncSettings, entity: EntityType): { percent: number; floor: number } {
  return settings.deletionThresholdByType[entity] ?? settings.deletionThreshold;
}

/** Parses stored settings, filling in defaults. Throws a readable error for bad input. */
export function parseSyncSettings(input: unknown): SyncSettings {
  const result = syncSettingsSchema.safeParse(input ?? {});
  if (!result.success) throw new SettingsError(describeIssues(result.error));
  return result.data;
}

export class SettingsError extends Error {
  readonly code = 'SETTINGS_INVALID';
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`).join('; ');
}
