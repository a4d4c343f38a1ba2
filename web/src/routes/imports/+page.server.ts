import { translator, wordFailure } from '$lib/i18n';
import { error, fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts, IssueParts } from '$lib/graphql/failure';
import { api } from '$lib/server/api';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad } from './$types';

const Imports = graphql(`
	query RosterImports($college: Boolean!) {
		rosterImports(first: 30) {
			edges {
				node {
					id
					kind
					fileName
					rows
					imported
					unchanged
					rejectedCount
					jobId
					finishedAt
					createdAt
				}
			}
		}
		directedClasses(first: 100) @include(if: $college) {
			edges {
				node {
					id
					name
					cohortYear
					quota
					studentCount
				}
			}
		}
	}
`);
const Start = graphql(
	`
		mutation StartImport($input: StartRosterImportInput!) {
			startRosterImport(input: $input) {
				__typename
				... on MutationStartRosterImportSuccess {
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

const MAX_BYTES = 2 * 1024 * 1024;

export const load: PageServerLoad = async (event) => {
	const viewer = event.locals.viewer;
	const college = hasRole(viewer, 'COLLEGE_STAFF');
	if (!college && !hasRole(viewer, 'TRAINING_PROVIDER_STAFF')) error(403, 'forbidden');
	const { rosterImports, directedClasses } = await api(event, Imports, { college });
	return {
		imports: rosterImports.edges.map((e) => e.node),
		classes: directedClasses?.edges.map((e) => e.node) ?? [],
		college,
		preselect: event.url.searchParams.get('class') ?? '',
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { issue: 'file' });
		if (file.size > MAX_BYTES) return fail(400, { issue: 'file > 2 MB' });
		const college = hasRole(event.locals.viewer, 'COLLEGE_STAFF');
		const input = {
			kind: college ? ('STUDENTS' as const) : ('ATTENDANCE' as const),
			classId: college ? String(form.get('classId') ?? '') || null : null,
			fileName: file.name,
			contentBase64: Buffer.from(await file.arrayBuffer()).toString('base64'),
		};
		const { startRosterImport: r } = await api(event, Start, { input });
		if (r.__typename === 'MutationStartRosterImportSuccess') return { started: r.data.id, jobId: r.data.jobId, issue: null };
		return fail(400, { issue: wordFailure(translator(event.locals.lang), r) });
	},
};
