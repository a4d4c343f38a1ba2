import { translator, wordFailure, wordIssue } from '$lib/i18n';
import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { api } from '$lib/server/api';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Imports = graphql(`
	query PopulationImports {
		populationImports(first: 10) {
			edges {
				node {
					id
					fileName
					rows
					created
					updated
					unchanged
					rejectedCount
					rejected(first: 100) {
						row
						field
						code
						params {
							name
							value
						}
						message
					}
					jobId
					finishedAt
					createdAt
				}
			}
		}
	}
`);
const ImportPopulation = graphql(
	`
		mutation ImportPopulation($input: ImportPopulationInput!) {
			importPopulationStats(input: $input) {
				__typename
				... on MutationImportPopulationStatsSuccess {
					data {
						id
						jobId
					}
				}
				...IssueParts
				...FailureParts
			}
		}
	`,
	[IssueParts, FailureParts],
);

const mayImport = (viewer: App.Locals['viewer']) => hasRole(viewer, 'CIVIL_AFFAIRS_ANALYST', 'ADMIN');

export const load: PageServerLoad = async (event) => {
	if (!mayImport(event.locals.viewer)) error(403, 'forbidden');
	const { populationImports } = await api(event, Imports, {});
	return { imports: populationImports.edges.map((e) => e.node) };
};

export const actions: Actions = {
	default: async (event) => {
		if (!mayImport(event.locals.viewer)) error(403, 'forbidden');
		const form = await event.request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { fileIssue: 'empty' as const, sourceIssue: undefined });
		const { importPopulationStats: result } = await api(event, ImportPopulation, {
			input: {
				fileName: file.name,
				contentBase64: Buffer.from(await file.arrayBuffer()).toString('base64'),
				defaultSource: String(form.get('defaultSource') ?? '') || null,
			},
		});
		if (result.__typename === 'MutationImportPopulationStatsSuccess') return { started: result.data?.id ?? null };
		if (result.__typename !== 'InputValidationError')
			return fail(400, { fileIssue: wordFailure(translator(event.locals.lang), result), sourceIssue: undefined });
		const about = (field: string) =>
			result.fields
				.filter((f) => f.path.includes(field))
				.map((f) => wordIssue(translator(event.locals.lang), f, false))
				.join('；') || undefined;
		return fail(400, { fileIssue: about('fileName') ?? about('contentBase64'), sourceIssue: about('defaultSource') });
	},
};
