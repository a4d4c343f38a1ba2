/**
 * Writes api/persisted-operations.json: every GraphQL operation the portal sends, by its hash. In
 * production the API runs only these for portal sessions. `--check` fails when the file is stale.
 * Usage: `pnpm persisted:print` / `pnpm persisted:check`.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, type DefinitionNode, type FragmentDefinitionNode, type SelectionSetNode } from '@0no-co/graphql.web';
import { canonicalOperation, operationHash } from '../src/lib/graphql/persisted.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
export const MANIFEST = join(root, '../api/persisted-operations.json');

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? sources(path) : /\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
	});
}

function spreads(set: SelectionSetNode | undefined, into: Set<string>) {
	for (const s of set?.selections ?? []) {
		if (s.kind === Kind.FRAGMENT_SPREAD) into.add(s.name.value);
		else spreads(s.selectionSet, into);
	}
}

/** Every operation in the portal's `graphql(`...`)` documents, with the fragments it spreads, by hash. */
export function collectOperations(): Record<string, string> {
	const documents: { file: string; definitions: readonly DefinitionNode[] }[] = [];
	for (const file of sources(join(root, 'src'))) {
		for (const match of readFileSync(file, 'utf8').matchAll(/graphql\(\s*`([^`]*)`/g))
			documents.push({ file: relative(root, file), definitions: parse(match[1]!).definitions });
	}
	const fragments = new Map<string, FragmentDefinitionNode>();
	for (const d of documents.flatMap((doc) => doc.definitions)) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
	const manifest: Record<string, string> = {};
	for (const { definitions } of documents) {
		for (const operation of definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)) {
			const needed = new Set<string>();
			spreads(operation.selectionSet, needed);
			for (const name of needed) spreads(fragments.get(name)?.selectionSet, needed);
			const text = canonicalOperation([operation, ...[...needed].map((name) => fragments.get(name)!)]);
			manifest[operationHash(text)] = text;
		}
	}
	return Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const text = `${JSON.stringify(collectOperations(), null, 2)}\n`;
	if (process.argv.includes('--check')) {
		const current = (() => {
			try {
				return readFileSync(MANIFEST, 'utf8');
			} catch {
				return '';
			}
		})();
		if (current !== text) {
			console.error('api/persisted-operations.json is stale: run `pnpm persisted:print` and commit it.');
			process.exit(1);
		}
		console.log('api/persisted-operations.json is up to date.');
	} else {
		writeFileSync(MANIFEST, text);
		console.log(`Wrote ${Object.keys(JSON.parse(text)).length} operations to api/persisted-operations.json`);
	}
}
