import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { getNamedType, GraphQLError, type DocumentNode, type GraphQLSchema, type ValidationContext } from 'graphql';
import { getComplexity, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import type { Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { env } from '../config/env.ts';
import { logger } from '../logger.ts';
import type { Context } from './context.ts';
import { LeasedLimiter } from './leased-limiter.ts';

/**
 * Static limits, checked while parsing and validating, before anything runs. Sized from the portal's
 * largest operations with room to spare (the portal's deepest query nests 8 levels; see SECURITY.md).
 */
export const QUERY_LIMITS = { depth: 12, aliases: 15, tokens: 3000, directives: 10, cost: 100_000 } as const;

/**
 * Cost is the number of objects a query may touch: a list field costs its page size (`first`/`last`,
 * or UNBOUNDED_LIST_GUESS for a plain list) times what each item costs, a plain field costs 1. The portal's
 * heaviest pages (the region picker's province → city → county tree) cost about 50,000.
 */
const UNBOUNDED_LIST_GUESS = 20;

/**
 * Lists whose length the schema bounds by construction: the parameters of one failure or row issue are
 * a handful of name/value pairs, never a page. Guessing 20 of them under every rejected row would price
 * a payment batch page with its bank-return reports over the budget. Likewise an eligibility rule has at
 * most four conditions (exam entry: level, years after it, years in all, education), and a judgement
 * about ten rules (the post subsidy has eight).
 */
const BOUNDED_LISTS: Record<string, number> = { ErrorParam: 6, EligibilityCondition: 4, EligibilityRule: 10 };

function rowsEstimator({ args, childComplexity, field, type }: ComplexityEstimatorArgs): number {
  // A connection's `edges` list is already sized by the connection's `first`.
  const unbounded = String(field.type).includes('[') && !type.name.endsWith('Connection');
  const guess = BOUNDED_LISTS[getNamedType(field.type).name] ?? UNBOUNDED_LIST_GUESS;
  const page = Number(args.first ?? args.last ?? (unbounded ? guess : 1)) || 1;
  return page * (1 + childComplexity);
}

/** The estimated cost of an operation: the objects it may touch (see rowsEstimator). */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): number {
  return getComplexity({ schema, query: document, variables, operationName, estimators: [rowsEstimator] });
}

/**
 * The armour plugins. In production the messages say only which limit was hit, not its value, and
 * introspection and "did you mean" suggestions are off, so a hostile client learns nothing of the schema.
 */
export function queryLimitPlugins(production: boolean): Plugin<Context>[] {
  // Report refusals as ordinary validation errors of our own graphql instance (armour would throw
  // "Syntax Error: ..." from inside validation, which reads as a parse failure). The token limit
  // fires while parsing, with no validation context: there the error is thrown.
  const armour = {
    exposeLimits: !production,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const refusal = new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code: 'QUERY_LIMIT_EXCEEDED' } });
        if (!context) throw refusal;
        context.reportError(refusal);
      },
    ],
  };
  const plugins: Plugin<Context>[] = [
    maxTokensPlugin({ n: QUERY_LIMITS.tokens, ...armour, errorMessage: 'Query has too many tokens.' }),
    maxDepthPlugin({ n: QUERY_LIMITS.depth, ...armour, flattenFragments: true, errorMessage: 'Query depth limit exceeded.' }),
    // Every alias counts: the plugin's default lets aliases of __typename through uncounted, so a
    // document of a thousand `a1: __typename` selections would pass.
    maxAliasesPlugin({ n: QUERY_LIMITS.aliases, ...armour, allowList: [], errorMessage: 'Query has too many aliases.' }),
    maxDirectivesPlugin({ n: QUERY_LIMITS.directives, ...armour, errorMessage: 'Query has too many directives.' }),
    useQueryCost(QUERY_LIMITS.cost, production),
  ];
  if (production) plugins.push(useDisableIntrospection(), useHiddenSuggestions());
  return plugins;
}

/** Estimated costs by document (Yoga's parser cache hands back the same document for the same text), then by operation and variables. */
const costs = new WeakMap<DocumentNode, Map<string, number>>();
const COSTS_PER_DOCUMENT = 1_000;

/**
 * Refuses, before execution, an operation whose estimated cost is over budget. The estimate walks the
 * whole document against the schema; a client repeating a query (a persisted portal operation or
 * another system's fixed query) with the same variables gets the estimate from memory.
 */
function useQueryCost(budget: number, production: boolean): Plugin<Context> {
  return {
    onExecute: ({ args }) => {
      let perDocument = costs.get(args.document);
      if (!perDocument) costs.set(args.document, (perDocument = new Map()));
      const key = `${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}`;
      let cost = perDocument.get(key);
      if (cost === undefined) {
        cost = estimateCost(args.schema, args.document, args.variableValues ?? {}, args.operationName ?? undefined);
        if (perDocument.size >= COSTS_PER_DOCUMENT) perDocument.clear();
        perDocument.set(key, cost);
      }
      if (cost > budget) {
        throw new GraphQLError(
          production ? 'Query cost limit exceeded.' : `Query cost ${Math.round(cost)} exceeds the budget of ${budget}.`,
          {
            extensions: { code: 'QUERY_LIMIT_EXCEEDED' },
          },
        );
      }
    },
  };
}

/**
 * "Did you mean ...?" would let a client without introspection map the schema by typos. (graphql-armor's
 * plugin does this only for errors that are instances of its own copy of graphql's GraphQLError.)
 */
function useHiddenSuggestions(): Plugin<Context> {
  return {
    onValidate:
      () =>
      ({ valid, result }) => {
        if (valid) return;
        for (const error of result) error.message = error.message.replace(/ ?Did you mean .+\?$/, '');
      },
  };
}

export type RateLimits = {
  ipPerMinute: number;
  tokenPerMinute: number;
  /** Prefix of the counters' keys, so separate deployments (or test runs) sharing a Redis do not share counts. */
  namespace?: string;
};

/** A per-minute limiter shared through Redis when there is one, in memory otherwise. */
export function limiter(points: number, keyPrefix: string, redis: Redis | null = rateLimitRedis()): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration: 60, keyPrefix });
  if (!redis) return memory;
  // Shared across API replicas through Redis; while Redis is away each replica counts on its own
  // rather than refusing or waving through every request.
  return new RateLimiterRedis({ storeClient: redis, points, duration: 60, keyPrefix, insuranceLimiter: memory });
}

let sharedRedis: Redis | null = null;
export function rateLimitRedis(): Redis | null {
  if (!env.REDIS_URL) return null;
  sharedRedis ??= new Redis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
  sharedRedis.on('error', (err) => logger.debug({ err }, 'rate-limit Redis unavailable'));
  return sharedRedis;
}

/** Whom a request is counted against: a valid API token, or else the client's address. */
export type RateLimitCaller = { bucket: 'token' | 'address'; key: string; requestId: string };

/**
 * Identifies the caller for the rate limit. Injected by the composition root (app/yoga.ts), which knows
 * how credentials are validated; this layer knows none.
 */
export type IdentifyCaller = (request: Request, socketIp: string | undefined) => Promise<RateLimitCaller>;

/**
 * Requests per minute per API token, and per client address for everyone else (portal sessions arrive
 * with the browser's address forwarded by the portal). Every request to the GraphQL endpoint counts when
 * it arrives, before it is parsed, so documents refused by parsing or by a limit use up the allowance
 * too. A request counts against a token only once the token is valid, so a made-up token cannot buy a
 * fresh allowance. Over the limit: HTTP 429 with Retry-After, nothing parsed or executed.
 *
 * Counted in process against leases of the allowance taken from Redis and synchronised every second
 * (LeasedLimiter): the API processes together never admit more than the limit, and may admit fewer by
 * at most the leases other processes hold unused, for at most a second. A window starts with its key's first request, as before.
 */
export function useRateLimit(
  identify: IdentifyCaller,
  limits: RateLimits = { ipPerMinute: env.RATE_LIMIT_IP_PER_MINUTE, tokenPerMinute: env.RATE_LIMIT_TOKEN_PER_MINUTE },
  endpoint = '/graphql',
): Plugin<Context, { req?: { socket?: { remoteAddress?: string } } }> {
  const redis = rateLimitRedis();
  const namespace = limits.namespace ?? 'carecert';
  const byIp = new LeasedLimiter({ points: limits.ipPerMinute, keyPrefix: `${namespace}:rl:leased:ip`, redis });
  const byToken = new LeasedLimiter({ points: limits.tokenPerMinute, keyPrefix: `${namespace}:rl:leased:token`, redis });
  return {
    onRequest: async ({ request, url, serverContext, endResponse, fetchAPI }) => {
      if (url.pathname !== endpoint) return;
      const caller = await identify(request, serverContext.req?.socket?.remoteAddress);
      const msBeforeNext = await (caller.bucket === 'token' ? byToken : byIp).consume(caller.key);
      if (msBeforeNext === 0) return;
      const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
      logger.warn({ requestId: caller.requestId, viewer: caller.bucket }, 'rate limited');
      const body = { errors: [{ message: 'Too many requests: try again later.', extensions: { code: 'RATE_LIMITED', retryAfter } }] };
      endResponse(
        new fetchAPI.Response(JSON.stringify(body), {
          status: 429,
          headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(retryAfter) },
        }),
      );
    },
  };
}
