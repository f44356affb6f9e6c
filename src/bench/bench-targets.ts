import type { BenchScenario, BenchSize } from './bench-sizes.ts';
import type { BenchDatabase } from './bench-workspace.ts';

/** The measured figures a target is judged on. */
export interface ScenarioFigures {
  seconds: number;
  peakRssMiB: number;
  parseFloorSeconds: number;
  /** Null for the validate scenario, which loads nothing. */
  loadFloorSeconds: number | null;
  status: string;
}

export interface Target {
  /** Human form of the rule, e.g. "≤ 3 × (parse + load)". */
  rule: string;
  /** The seconds allowed, when the rule is about time. */
  maxSeconds: number | null;
  maxPeakRssMiB: number | null;
  isMet: boolean;
}

/**
 * The targets of the benchmark issue, on a 2-core machine:
 * - M on PostgreSQL: full ≤ 3 × (parse floor + load floor); no-change ≤ 2 × parse floor;
 *   1 % change ≤ 2.5 × parse floor; peak RSS ≤ 1 GiB.
 * - L: full ≤ 20 min and peak RSS ≤ 3 GiB; no-change ≤ 4 min.
 * - Embedded M full ≤ 3 × the PostgreSQL figure.
 * - Every size: the bad day ends held. L: validation (accept level) ≤ 1.5 × parse floor.
 */
export function targetFor(
  size: BenchSize,
  database: BenchDatabase | 'none',
  scenario: BenchScenario,
  figures: ScenarioFigures,
  postgresFullSeconds: number | null,
): Target | null {
  if (scenario === 'validate' || scenario === 'validate-conformance') {
    // The target is for `rostersync validate` (accept level) of a big bundle ("a 1 GB
    // bundle": size L); smaller ones are reported without a target.
    if (size !== 'L' || scenario !== 'validate') return null;
    const maxSeconds = 1.5 * figures.parseFloorSeconds;
    return {
      rule: '≤ 1.5 × parse',
      maxSeconds,
      maxPeakRssMiB: null,
      isMet: figures.status === 'completed' && figures.seconds <= maxSeconds,
    };
  }
  // The Clever scenarios have no target of their own yet: reported, not judged.
  if (scenario === 'clever-full' || scenario === 'clever-nochange') return null;
  if (scenario === 'badday') {
    return {
      rule: 'ends held',
      maxSeconds: null,
      maxPeakRssMiB: null,
      isMet: figures.status.startsWith('held_'),
    };
  }
  let maxSeconds: number | null = null;
  let rule = '';
  // The memory targets are PostgreSQL's: PGlite's database lives inside the process, so its
  // RSS counts the database too.
  const maxPeakRssMiB = database !== 'postgres' ? null : size === 'M' ? 1024 : size === 'L' ? 3072 : null;
  if (size === 'M' && database === 'postgres') {
    const factor = { full: 3, nochange: 2, change1: 2.5 }[scenario];
    const floor =
      scenario === 'full'
        ? figures.parseFloorSeconds + (figures.loadFloorSeconds ?? 0)
        : figures.parseFloorSeconds;
    maxSeconds = factor * floor;
    rule = scenario === 'full' ? '≤ 3 × (parse + load)' : `≤ ${factor} × parse`;
  } else if (size === 'M' && database === 'embedded' && scenario === 'full' && postgresFullSeconds !== null) {
    maxSeconds = 3 * postgresFullSeconds;
    rule = '≤ 3 × PostgreSQL full';
  } else if (size === 'L' && scenario === 'full') {
    maxSeconds = 20 * 60;
    rule = '≤ 20 min';
  } else if (size === 'L' && scenario === 'nochange') {
    maxSeconds = 4 * 60;
    rule = '≤ 4 min';
  }
  if (maxSeconds === null && maxPeakRssMiB === null) return null;
  if (maxPeakRssMiB !== null) rule = [rule, `RSS ≤ ${maxPeakRssMiB} MiB`].filter(Boolean).join(', ');
  const isMet =
    (maxSeconds === null || figures.seconds <= maxSeconds) &&
    (maxPeakRssMiB === null || figures.peakRssMiB <= maxPeakRssMiB);
  return { rule, maxSeconds, maxPeakRssMiB, isMet };
}
