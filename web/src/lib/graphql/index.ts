import { initGraphQLTada } from 'gql.tada';
import type { introspection, introspection_types } from './graphql-env.d.ts';

/** Typed GraphQL documents, checked against api/schema.graphql (regenerate with `pnpm gql:generate`). */
export const graphql = initGraphQLTada<{
	introspection: introspection;
	scalars: { DateTime: string; Date: string; JSON: unknown; ID: string };
}>();

/** The values of a schema enum, e.g. `EnumOf<'Role'>`. */
export type EnumOf<Name extends keyof introspection_types> = introspection_types[Name] extends { enumValues: infer V extends string }
	? V
	: never;

export type { ResultOf } from 'gql.tada';
