/**
 * Jest runs the TypeScript sources through SWC (a transform that needs no TypeScript compiler API),
 * compiled to CommonJS for the test runtime. Type checking is a separate step (`npm run typecheck`).
 * `rxmcp`, `rxmcp/node`, `rxmcp/redis` and `rxmcp/internal` resolve to the sources, and the `.js` suffixes of ESM imports map back
 * to the `.ts` files. The ESM-only dependencies of `lib/auth/` (oauth4webapi, jose) and of `lib/angular/`
 * (@angular/*) are compiled the same way, since Jest's CommonJS runtime cannot load ESM from node_modules.
 *
 * Two projects: every spec with the HTTP transports on undici (the Node default), and the HTTP
 * specs again on the platform `fetch` (the browser path), so both requesters pass the same table.
 * @type {import('jest').Config}
 */
const base = {
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
    '^.+/node_modules/(oauth4webapi|jose|@angular)/.+\\.m?js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(oauth4webapi|jose|@angular)/)'],
  moduleNameMapper: {
    '^rxmcp$': '<rootDir>/lib/index.ts',
    '^rxmcp/node$': '<rootDir>/lib/node.ts',
    '^rxmcp/redis$': '<rootDir>/lib/redis.ts',
    '^rxmcp/apps$': '<rootDir>/lib/apps.ts',
    '^rxmcp/internal$': '<rootDir>/lib/internal.ts',
    '^rxmcp/angular$': '<rootDir>/lib/angular.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};

/** The specs that run the HTTP transports, run again on the fetch path. */
const HTTP_SPECS = [
  '**/spec/transport/credentials.spec.ts',
  '**/spec/transport/streamable-http-handler.spec.ts',
  '**/spec/transport/http-*.spec.ts',
  '**/spec/hostile/http-*.spec.ts',
  '**/spec/hostile/connect-errors.spec.ts',
  '**/spec/hostile/holds-header-injection.spec.ts',
  '**/spec/interop/http-*.spec.ts',
  '**/spec/interop/streamable-http-legacy.spec.ts',
  '**/spec/interop/sse-transport.spec.ts',
  '**/spec/interop/server-everything-http.spec.ts',
  '**/spec/interop/listen-reconnect.spec.ts',
  '**/spec/client/modern-connection-state.spec.ts',
];

export default {
  testTimeout: 30000,
  projects: [
    { ...base, displayName: 'undici', setupFiles: ['<rootDir>/spec/setup/http-undici.ts'] },
    { ...base, displayName: 'http-fetch', testMatch: HTTP_SPECS, setupFiles: ['<rootDir>/spec/setup/http-fetch.ts'] },
  ],
};
