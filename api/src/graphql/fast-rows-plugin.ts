import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';

/** Marks a row built by the one-statement read (json-read.ts): its planned relations are in the row. */
export const FAST_ROW = Symbol('carecert.fastRow');

/** Relations answered from a row (tests check that the fast path takes this way). */
export const fastRows = { relationsAnswered: 0 };

export function markFastRow(row: Record<string | symbol, unknown>): void {
  row[FAST_ROW] = true;
}

/**
 * A relation of a row from the one-statement read is already in the row, nested by the same SQL, so it
 * is answered from there without the Prisma plugin's per-row bookkeeping (a response-path string, two
 * look-ups and a WeakMap entry for every relation of every row: a tenth of the list's CPU and much
 * of its garbage). Registered after scope-auth and before Prisma, so a field's scopes still run first
 * and every other parent goes through Prisma's resolver as before. A relation the row holds as null is
 * handed to that resolver too, so anything it does with a missing row still applies.
 */
export class PothosFastRowsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const extensions = fieldConfig.extensions as Record<string, unknown> | undefined;
    const relation = extensions?.pothosPrismaRelationField as { name: string } | undefined;
    if (fieldConfig.kind !== 'PrismaObject' || !relation || extensions?.pothosPrismaFallbackPlan) return resolver;
    const key = relation.name;
    return (parent, args, context, info) => {
      const row = parent as Record<string | symbol, unknown>;
      if (row[FAST_ROW] === true) {
        const value = row[key];
        if (value != null) {
          fastRows.relationsAnswered += 1;
          return value;
        }
      }
      return resolver(parent, args, context, info);
    };
  }
}

const pluginName = 'fastRows';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      fastRows: PothosFastRowsPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin(pluginName, PothosFastRowsPlugin);

export default pluginName;
