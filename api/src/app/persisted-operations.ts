import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import { isApiToken } from '../modules/auth/api-token.service.ts';
import type { Context } from '../graphql/context.ts';
import { runtimePaths } from '../config/paths.ts';
import { bearerTokenOf } from './request-context.ts';

// Written by `pnpm persisted:print` from the portal's documents; CI fails when it is stale.
let operations: Record<string, string> | null = null;
const known = () => (operations ??= JSON.parse(readFileSync(runtimePaths.persistedOperations(), 'utf8')) as Record<string, string>);

/**
 * Operations sent by hash run the portal's own listed documents. In production a request carrying a
 * portal session may run nothing else, so a stolen session cannot explore the schema with made-up
 * queries; API tokens (within their cost budget) and anonymous callers (the public verification) may
 * still send query text.
 */
export function usePortalOperations(production: boolean): Plugin<Context> {
  return usePersistedOperations({
    getPersistedOperation: (hash) => known()[hash] ?? null,
    allowArbitraryOperations: (request) => {
      if (!production) return true;
      const bearer = bearerTokenOf(request);
      return bearer === null || isApiToken(bearer);
    },
    customErrors: {
      notFound: { message: 'Unknown persisted operation', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } },
      persistedQueryOnly: {
        message: 'Portal sessions may run only the portal’s persisted operations',
        extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 403 } },
      },
      keyNotFound: {
        message: 'Send a query or a persisted operation hash',
        extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } },
      },
    },
  }) as Plugin<Context>;
}
