/**
 * Jest runs the TypeScript sources through SWC (a transform that needs no TypeScript compiler API),
 * compiled to CommonJS for the test runtime. Type checking is a separate step (`npm run typecheck`).
 * `rxmcp`, `rxmcp/node`, `rxmcp/redis` and `rxmcp/internal` resolve to the sources, and the `.js` suffixes of ESM imports map back
 * to the `.ts` files. The ESM-only dependencies of `lib/auth/` (oauth4webapi, jose) are compiled the
 * same way, since Jest's CommonJS runtime cannot load ESM from node_modules.
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
    '^.+/node_modules/(oauth4webapi|jose)/.+\\.m?js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(oauth4webapi|jose)/)'],
  moduleNameMapper: {
    '^rxmcp$': '<rootDir>/lib/index.ts',
    '^rxmcp/node$': '<rootDir>/lib/node.ts',
    '^rxmcp/redis$': '<rootDir>/lib/redis.ts',
    '^rxmcp/internal$': '<rootDir>/lib/internal.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 30000,
};
