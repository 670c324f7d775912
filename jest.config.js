/** Jest runs the suite against a real Strapi booted in-process (tests/helpers/app.ts); see scripts/test.js. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] },
  testTimeout: 120000,
  // Strapi is a process-wide singleton: one test file at a time, each with its own database.
  maxWorkers: 1,
};
