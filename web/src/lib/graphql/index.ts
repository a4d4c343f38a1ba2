import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

/** Typed GraphQL documents, checked against api/schema.graphql (regenerate with `pnpm gql:generate`). */
export const graphql = initGraphQLTada<{
	introspection: introspection;
	scalars: { DateTime: string; Date: string; JSON: unknown; ID: string };
}>();

export type { ResultOf, VariablesOf, FragmentOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
