import { validateBundle } from '../validate/validate-bundle.ts';
import type { ValidationLevel } from '../validate/validation-level.ts';

export interface ValidationRun {
  seconds: number;
  peakRssMiB: number;
  /** `completed` when the bundle validated without errors, else `errors`. */
  status: 'completed' | 'errors';
  findingCounts: Record<string, number>;
}

/** The validate scenario, in a process of its own so its peak RSS is its own. */
export async function runBenchValidation(bundlePath: string, level: ValidationLevel): Promise<ValidationRun> {
  const started = performance.now();
  const { findings } = await validateBundle(bundlePath, { level });
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    status: findings.hasErrors() ? 'errors' : 'completed',
    findingCounts: findings.counts(),
  };
}
