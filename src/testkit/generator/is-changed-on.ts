import type { DistrictSettings } from './district-model.ts';
import { hashUnit } from './seeded-random.ts';

/**
 * Whether a change of one kind happens to one entity on a given next day: a coin weighted by
 * that day's rate and keyed by (seed, kind, day, entity). Being stateless, it answers the same
 * whether day 5 is generated alone or after days 1–4, which is what lets `--next-day` rebuild
 * any day from the seed instead of parsing the previous files.
 */
export function isChangedOn(settings: DistrictSettings, stream: number, day: number, index: number): boolean {
  const rate = settings.rates[day - 1] ?? 0;
  return rate > 0 && hashUnit(settings.seed, stream, day, index) < rate;
}
