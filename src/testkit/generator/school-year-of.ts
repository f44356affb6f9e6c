/**
 * The school year running at `date`: the year it started in (US school years start in
 * August; before July, the year started the calendar year before). Tests, the demo and the
 * benchmark generate this year so their enrollments are current whatever today is.
 */
export function schoolYearOf(date: Date): number {
  return date.getUTCMonth() >= 6 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
}
