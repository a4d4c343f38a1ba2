import { defineConfig } from 'vitest/config';

// Two projects: `api` runs in node against real PostgreSQL and Redis (see test/support/global-setup.ts),
// `web` drives the built portal in Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        // graphql-armor ships ESM only under "module" (no "exports"): prefer it, or its CJS build would
        // load graphql's CJS copy and its errors would not be GraphQLErrors of ours.
        resolve: { mainFields: ['module', 'jsnext:main', 'jsnext', 'main'] },
        test: {
          name: 'api',
          root: new URL('..', import.meta.url).pathname,
          include: ['test/api/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          // graphql's ESM build is loaded by vitest while Pothos loads CJS: inline both so they share one realm.
          server: {
            deps: {
              inline: [
                /@pothos\//,
                /graphql-yoga/,
                /@graphql-yoga\//,
                /@envelop\//,
                /@graphql-tools\//,
                /@escape\.tech\//,
                /graphql-query-complexity/,
              ],
            },
          },
        },
      },
      {
        test: {
          name: 'web',
          root: new URL('..', import.meta.url).pathname,
          include: ['test/web/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/web-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
