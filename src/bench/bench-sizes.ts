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
/** The validation scenarios: no database, once per size, at each level. */
export const validationScenarios = { validate: 'accept', 'validate-conformance': 'conformance' } as const;
export type ValidationScenario = keyof typeof validationScenarios;
/** The Clever scenarios: the same district through the fake Clever server, in this order. */
export const cleverScenarios = ['clever-full', 'clever-nochange'] as const;
export type CleverScenario = (typeof cleverScenarios)[number];
export type BenchScenario = (typeof benchScenarios)[number] | ValidationScenario | CleverScenario;

/** What each scenario is, for the table. */
export const scenarioDescriptions: Record<BenchScenario, string> = {
  full: 'first full sync into an empty directory',
  nochange: 'the same bundle again',
  change1: 'the next day, ~1 % of records changed',
  badday: 'users.csv truncated (must end held)',
  validate: '`rostersync validate` (accept level, as in every sync) of the first bundle',
  'validate-conformance': '`rostersync validate --level conformance` of the first bundle',
  'clever-full': 'first full Clever sync (fake Clever server over HTTP, 10,000 a page)',
  'clever-nochange': 'the same Clever data again',
};
