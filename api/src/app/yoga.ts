import { GraphQLError } from 'graphql';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createYoga, useReadinessCheck, type Plugin } from 'graphql-yoga';
import { prisma } from '../db/client.ts';
import { isProduction } from '../config/env.ts';
import { logger } from '../logger.ts';
import type { Context } from '../graphql/context.ts';
import { useBodyLimit } from '../graphql/body-limit.ts';
import { DomainError } from '../graphql/errors.ts';
import { queryLimitPlugins, useRateLimit, type RateLimits } from '../graphql/limits.ts';
import { usePortalOperations } from './persisted-operations.ts';
import { buildContext, rateLimitCallerOf, requestIdOf, type CredentialResolver } from './request-context.ts';
import { schema } from './schema.ts';
import { useCredentialRoutes } from '../modules/certification/credential.routes.ts';
import { credentialCache, type CredentialCache } from '../modules/auth/credential-cache.ts';
import { useMetrics } from '../observability/metrics.plugin.ts';

const isGraphQLError = (error: unknown): error is GraphQLError => error instanceof Error && error.name === 'GraphQLError';

type ServerContext = { req?: { socket?: { remoteAddress?: string } } };

/** Logs every operation with its request id, and echoes the id so a user can quote it. */
function useRequestLog(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const started = performance.now();
      const ctx = args.contextValue as Context;
      return {
        onExecuteDone({ result, setResult }) {
          if (!('errors' in result) || !result.errors) {
            logger.info(
              {
                requestId: ctx.requestId,
                operation: args.operationName ?? null,
                ms: Math.round(performance.now() - started),
                errors: 0,
                viewer: ctx.viewer?.kind ?? 'anonymous',
              },
              'graphql',
            );
            return;
          }
          // Unexpected errors are logged in full here, where the request id is known, and the caller
          // gets only the id to quote.
          const errors = result.errors.map((error) => {
            const original = error.originalError;
            if (!original || original instanceof DomainError || original instanceof GraphQLError) return error;
            logger.error({ err: original, requestId: ctx.requestId, path: error.path }, 'unexpected error');
            return new GraphQLError('Unexpected error.', {
              path: error.path,
              extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: ctx.requestId },
            });
          });
          setResult({ ...result, errors });
          logger.info(
            {
              requestId: ctx.requestId,
              operation: args.operationName ?? null,
              ms: Math.round(performance.now() - started),
              errors: errors.length,
              viewer: ctx.viewer?.kind ?? 'anonymous',
            },
            'graphql',
          );
        },
      };
    },
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
}

export type YogaOptions = {
  /** Production hardening (no introspection, suggestions or GraphiQL, limits not disclosed); defaults to NODE_ENV. */
  production?: boolean;
  rateLimits?: RateLimits;
  /** Largest request body accepted, in bytes; defaults to REQUEST_BODY_MAX_BYTES. */
  bodyLimit?: number;
  /** The credential cache this pipeline validates tokens through; defaults to the process's own. */
  credentials?: CredentialCache;
};

export function createCareCertYoga({
  production = isProduction,
  rateLimits,
  bodyLimit,
  credentials = credentialCache(),
}: YogaOptions = {}) {
  const resolve: CredentialResolver = (token) => credentials.viewerFor(token);
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: !production,
    batching: false,
    // useBodyLimit enforces the limit with the API's own code and its maxBytes; Yoga's copy of it would
    // pipe every body through a second counting stream.
    maxRequestBodySize: false,
    context: ({ request, req }) => buildContext(request, req?.socket?.remoteAddress, resolve),
    logging: {
      debug: (...a) => logger.debug(a.map(String).join(' ')),
      info: (...a) => logger.info(a.map(String).join(' ')),
      warn: (...a) => logger.warn(a.map(String).join(' ')),
      error: (...a) => logger.error(a.map(String).join(' ')),
    },
    maskedErrors: {
      maskError(error, message) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof DomainError) {
          return new GraphQLError(original.message, { extensions: { code: original.code } });
        }
        // graphql-armor's token limit parses with its own copy of graphql, so its syntax errors are
        // GraphQLErrors of another realm: recognised by name, re-made in ours.
        if (isGraphQLError(error) && !error.originalError) {
          // Yoga puts the JSON parser's own message (position, the text around it) on a refused body.
          const { originalError: parserMessage, ...extensions } = error.extensions;
          if (error instanceof GraphQLError && (!production || !parserMessage)) return error;
          const code = extensions.code ?? (error.message.startsWith('Syntax Error') ? 'GRAPHQL_PARSE_FAILED' : undefined);
          return new GraphQLError(error.message, {
            nodes: error.nodes,
            source: error.source,
            positions: error.positions,
            path: error.path,
            extensions: { ...extensions, ...(code ? { code } : {}) },
          });
        }
        // A scalar refusing a variable (e.g. Date "2026-02-30") is the caller's mistake: keep graphql's
        // message, which names the variable and the path inside it.
        if (error instanceof GraphQLError && original instanceof GraphQLError) {
          const { code: reason, params } = original.extensions;
          return new GraphQLError(error.message, {
            nodes: error.nodes,
            path: error.path,
            extensions: { code: 'BAD_USER_INPUT', ...(reason ? { reason, params } : {}) },
          });
        }
        // Failures outside execution (context building, parsing) have no request id at hand.
        logger.error({ err: original }, 'unexpected error outside execution');
        return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      },
    },
    plugins: [
      useMetrics(),
      // Browsers can send "simple" cross-site requests without a preflight: refuse those unless they
      // carry a header only a script on an allowed origin could set.
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] }),
      useBodyLimit(bodyLimit),
      usePortalOperations(production),
      ...queryLimitPlugins(production),
      useRequestLog(),
      useRateLimit((request, socketIp) => rateLimitCallerOf(request, socketIp, resolve), rateLimits),
      useCredentialRoutes(),
      useReadinessCheck({
        endpoint: '/ready',
        check: async () => {
          await prisma.$queryRaw`SELECT 1`;
        },
      }),
    ],
  });
}
