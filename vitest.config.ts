import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Opening PGlite takes seconds and scenario tests do real work; these are hang guards,
    // not performance assertions (speed is the benchmark's job).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
