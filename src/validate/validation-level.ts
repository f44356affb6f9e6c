/**
 * How strictly a bundle is judged (SPEC §2.3):
 * - `accept`: what the sync needs to import safely, tolerant of what real SIS exports do
 *   (missing optional files, `metadata.*` columns, a BOM, CRLF, header case); only the columns
 *   the sync reads are checked. Every sync validates at this level as it reads.
 * - `conformance`: the full 1EdTech rules: every column in order, enums, dates, references
 *   across all files, data rules.
 */
export type ValidationLevel = 'accept' | 'conformance';

export const validationLevels: readonly ValidationLevel[] = ['accept', 'conformance'];
