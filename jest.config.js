/** Jest runs the suite against a real Strapi booted in-process (tests/helpers/app.ts); see scripts/test.js. */
module.exports = {
  testEnvironment: 'node',
  // API and browser suites live in tests/; unit tests (`*.unit.test.ts`) sit beside the pure modules they test.
  roots: ['<rootDir>/tests', '<rootDir>/src/plugins/texting'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] },
  testTimeout: 120000,
  // Strapi is a process-wide singleton: one test file at a time, each with its own database.
  maxWorkers: 1,
};
