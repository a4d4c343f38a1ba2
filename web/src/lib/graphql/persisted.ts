import { createHash } from 'node:crypto';
import {
	Kind,
	print,
	type DefinitionNode,
	type DocumentNode,
	type FragmentDefinitionNode,
	type OperationDefinitionNode,
} from '@0no-co/graphql.web';

/**
 * One printing of an operation that the portal and the manifest script agree on, whatever order a
 * document holds its fragments in: the operation first, then its fragments by name.
 */
export function canonicalOperation(definitions: readonly DefinitionNode[]): string {
	const operations = definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
	const fragments = new Map<string, FragmentDefinitionNode>();
	// gql.tada drops its own client-side directives (`@_unmask`) from the documents it builds, so the
	// printing the manifest script makes from source must drop them too.
	for (const d of definitions)
		if (d.kind === Kind.FRAGMENT_DEFINITION)
			fragments.set(d.name.value, { ...d, directives: d.directives?.filter((x) => !x.name.value.startsWith('_')) });
	const sorted = [...fragments.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
	return print({ kind: Kind.DOCUMENT, definitions: [...operations, ...sorted] } as DocumentNode);
}

/** The id the API looks an operation up by: SHA-256 of its canonical text, as Apollo's persisted queries use. */
export const operationHash = (text: string) => createHash('sha256').update(text).digest('hex');
