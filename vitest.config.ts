import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/hostile/**'], sequence: { groupOrder: 0 } } },
      // The hostile suite times /health every 50 ms for 100 ms at worst: it runs after the
      // rest, alone, so that the other test files' CPU is not counted against the server.
      { extends: true, test: { name: 'hostile', include: ['test/hostile/**/*.test.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
