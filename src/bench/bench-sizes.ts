/** The district sizes the benchmark knows (students on day 0). */
export const benchSizes = {
  S: 500,
  M: 50_000,
  /** New York City scale; opt-in (`--size L`), never in CI. */
  L: 1_000_000,
} as const;
export type BenchSize = keyof typeof benchSizes;

/** The sync scenarios, run on each database in this order. */
export const benchScenarios = ['full', 'nochange', 'change1', 'badday'] as const;
/** The sync scenarios and `validate`, which needs no database and runs once per size. */
export type BenchScenario = (typeof benchScenarios)[number] | 'validate';

/** What each scenario is, for the table. */
export const scenarioDescriptions: Record<BenchScenario, string> = {
  full: 'first full sync into an empty directory',
  nochange: 'the same bundle again',
  change1: 'the next day, ~1 % of records changed',
  badday: 'users.csv truncated (must end held)',
  validate: '`rostersync validate --level conformance` of the first bundle',
};
