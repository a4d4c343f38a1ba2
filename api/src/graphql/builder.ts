import { fieldIssueFromZod } from './zod-issues.ts';
import { logger } from '../logger.ts';
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin, { decodeGlobalID } from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import ExpectedFailuresPlugin from './expected-failures-plugin.ts';
import FastRowsPlugin from './fast-rows-plugin.ts';
import type PrismaTypes from '../generated/pothos-types.ts';
import { getDatamodel } from '../generated/pothos-types.ts';
import type { Role } from '../generated/prisma/enums.ts';
import { prisma } from '../db/client.ts';
import { isProduction } from '../config/env.ts';
import type { Context } from './context.ts';
import { DomainError, ForbiddenError, InputValidationError, UnauthenticatedError } from './errors.ts';
import { UUID } from './global-id.ts';
import { hasRole, hasTokenScope } from './viewer.ts';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  AuthScopes: {
    loggedIn: boolean;
    role: Role | Role[];
    tokenScope: string;
  };
}>({
  // Errors wraps scope-auth and validation so their failures become typed results on mutations.
  // ExpectedFailures comes last: its argument check goes in front of the others', and its resolver wrapper
  // innermost, inside Errors (see expected-failures-plugin.ts). FastRows sits between scope-auth and
  // Prisma: it answers relations of one-statement rows after their scopes ran (fast-rows-plugin.ts).
  plugins: [ErrorsPlugin, ScopeAuthPlugin, FastRowsPlugin, PrismaPlugin, RelayPlugin, ValidationPlugin, ExpectedFailuresPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  prisma: {
    client: prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    // A resolver that forgets to spread `query` would silently issue one query per row.
    onUnusedQuery: isProduction ? null : 'error',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // The node fields are defined with per-type access policies; node lookups go through each type's findUnique.
    nodeQueryOptions: { nullable: true },
    nodesQueryOptions: false,
    // Record ids are UUIDs (API tokens aside): a well-formed global ID around anything else is refused
    // here, as bad input, rather than reaching PostgreSQL as an invalid uuid cast.
    decodeGlobalID: (globalID: string) => {
      const decoded = decodeGlobalID(globalID);
      if (decoded.typename !== 'ApiToken' && !UUID.test(decoded.id))
        throw InputValidationError.at(['id'], 'INVALID_GLOBAL_ID', { type: decoded.typename });
      return decoded;
    },
  },
  errors: {
    defaultTypes: [DomainError],
    // Validation runs before the resolver; without this its failures would escape the result union.
    unsafelyHandleInputErrors: true,
  },
  scopeAuth: {
    // A type's scopes (e.g. Caregiver's tokenScope) are checked once per object through isTypeOf, not
    // again in every field of it: a page of 100 caregivers resolves about 1,500 fields (issue 21).
    runScopesOnType: true,
    authScopes: (ctx) => ({
      loggedIn: ctx.viewer?.kind === 'user',
      role: (roles) => hasRole(ctx.viewer, ...(Array.isArray(roles) ? roles : [roles])),
      tokenScope: (scope) => hasTokenScope(ctx.viewer, scope),
    }),
    // Every refusal is logged with who asked for what, so probing shows up in the logs.
    unauthorizedError: (_parent, ctx, info) => {
      const who =
        ctx.viewer?.kind === 'user'
          ? { userId: ctx.viewer.userId }
          : ctx.viewer?.kind === 'token'
            ? { tokenId: ctx.viewer.tokenId }
            : { anonymous: true };
      logger.warn({ requestId: ctx.requestId, ...who, field: `${info.parentType.name}.${info.fieldName}` }, 'access refused');
      return ctx.viewer ? new ForbiddenError() : new UnauthenticatedError();
    },
  },
  validation: {
    validationError: (result) =>
      new InputValidationError(
        // The plugin hands each zod issue on as the prototype of a new object holding the full path, so
        // code, limits and params are inherited, not own properties: a spread would drop them.
        result.issues.map((issue) =>
          // The plugin hands each issue over as an object whose prototype is zod's issue: a spread would
          // drop the inherited code and params, so the path is laid over it instead.
          fieldIssueFromZod(
            Object.create(issue, {
              path: { value: (issue.path ?? []).map((p) => String(typeof p === 'object' && p !== null ? p.key : p)), enumerable: true },
            }) as Parameters<typeof fieldIssueFromZod>[0],
          ),
        ),
      ),
  },
});
