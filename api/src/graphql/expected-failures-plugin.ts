import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { Prisma } from '../generated/prisma/client.ts';
import { ConflictError, InputValidationError, NotFoundError, type FieldIssue } from './errors.ts';

/**
 * C0 controls other than tab, line feed and carriage return, DEL and the C1 controls. PostgreSQL refuses
 * NUL in text and jsonb (an internal error, not a refusal), and none of them belongs in a name, a code or
 * a note: they only hide text from the people who read it.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A lone surrogate is not text either: it would be stored as U+FFFD, not as what was sent. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every string in a field's arguments (input objects, lists, JSON values) that is not plain text, by path. */
export function controlCharacterIssues(value: unknown, path: string[] = []): FieldIssue[] {
  if (typeof value === 'string') {
    if (!CONTROL.test(value) && !LONE_SURROGATE.test(value)) return [];
    return [{ path, code: 'CONTROL_CHARACTER', message: 'must not contain control characters', params: {} }];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => controlCharacterIssues(item, [...path, String(i)]));
  if (value && typeof value === 'object' && !(value instanceof Date))
    return Object.entries(value).flatMap(([k, v]) => controlCharacterIssues(v, [...path, k]));
  return [];
}

const prismaCode = (error: unknown) => (error instanceof Prisma.PrismaClientKnownRequestError ? error.code : null);

/**
 * What a caller can provoke with input or timing, turned into typed failures for every field at once:
 * - control characters in any string argument are refused before any other argument handling (global ID
 *   decoding, zod), so no resolver, schema or query ever sees one;
 * - a unique constraint that refuses a write (the loser of two concurrent confirmations, a duplicate that
 *   slipped past a service's own check) is a ConflictError, not an internal error. Services that want a
 *   more specific error for a constraint still catch it themselves first;
 * - a value the database cannot read as its column's type (P2007: an id that is no UUID, passed on
 *   from an argument) names no record: NotFoundError.
 * Both are DomainErrors: typed results on mutations, errors with their code elsewhere.
 */
export class PothosExpectedFailuresPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    if (Object.keys(fieldConfig.args).length === 0) return fieldConfig;
    const refuseControlCharacters = (args: Record<string, unknown>) => {
      const issues = controlCharacterIssues(args);
      if (issues.length) throw new InputValidationError(issues);
      return args;
    };
    return { ...fieldConfig, argMappers: [refuseControlCharacters, ...(fieldConfig.argMappers ?? [])] };
  }

  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    // Only root fields write; a nested field's database error is not the caller's doing.
    if (fieldConfig.kind !== 'Mutation' && fieldConfig.kind !== 'Query') return resolver;
    return async (parent, args, context, info) => {
      try {
        return await resolver(parent, args, context, info);
      } catch (error) {
        const code = prismaCode(error);
        if (code === 'P2002')
          throw new ConflictError('This conflicts with a record written at the same time; reload and try again', {
            reason: 'UNIQUE_CONSTRAINT',
          });
        if (code === 'P2007') throw new NotFoundError('Record');
        throw error;
      }
    };
  }
}

const pluginName = 'expectedFailures';

// Pothos plugins register their name by merging into this global namespace.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      expectedFailures: PothosExpectedFailuresPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin(pluginName, PothosExpectedFailuresPlugin);

export default pluginName;
