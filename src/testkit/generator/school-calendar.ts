import { mixSeed } from './seeded-random.ts';

const dayMs = 86_400_000;

/** First and last day of the school year that starts in `schoolYear`. */
export function schoolYearRange(schoolYear: number): { startDate: string; endDate: string } {
  return { startDate: `${schoolYear}-08-15`, endDate: `${schoolYear + 1}-06-15` };
}

/** The two semesters of the school year. */
export function semesterRange(schoolYear: number, semester: 1 | 2): { startDate: string; endDate: string } {
  return semester === 1
    ? { startDate: `${schoolYear}-08-15`, endDate: `${schoolYear + 1}-01-15` }
    : { startDate: `${schoolYear + 1}-01-19`, endDate: `${schoolYear + 1}-06-15` };
}

/**
 * When the export of a day was made: 15 September of the school year, 02:mm UTC with the minute
 * taken from the seed, plus one day per next day. Never the wall clock: the same seed must give
 * the same bytes.
 */
export function exportTime(seed: number, schoolYear: number, day: number): Date {
  const minute = mixSeed(seed, 0x7143) % 60;
  return new Date(Date.UTC(schoolYear, 8, 15, 2, minute) + day * dayMs);
}

/** When a day's export was made, as an ISO 8601 date-time in UTC (Clever's timestamps). */
export function exportTimestamp(seed: number, schoolYear: number, day: number): string {
  return exportTime(seed, schoolYear, day).toISOString();
}

/** The date (YYYY-MM-DD) an enrollment made on `day` begins: the year's start for day 0. */
export function joinDate(seed: number, schoolYear: number, day: number): string {
  return day === 0
    ? schoolYearRange(schoolYear).startDate
    : exportTimestamp(seed, schoolYear, day).slice(0, 10);
}
