import { error, fail } from '@sveltejs/kit';
import { graphql, type EnumOf } from '$lib/graphql';
import { FailureParts } from '$lib/graphql/failure';
import { translator } from '$lib/i18n';
import { api } from '$lib/server/api';
import { wordConsoleFailure } from '$lib/server/operator';
import { hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const PAGE = 50;
const STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED'] as const satisfies readonly EnumOf<'JobStatus'>[];

const Jobs = graphql(`
	query BackgroundJobs($status: JobStatus, $first: Int!, $after: String) {
		backgroundJobs(status: $status, first: $first, after: $after) {
			totalCount
			pageInfo {
				hasNextPage
				endCursor
			}
			edges {
				node {
					id
					name
					status
					progress
					total
					percent
					attempts
					error
					errorCode
					errorParams {
						name
						value
					}
					createdAt
					startedAt
					finishedAt
				}
			}
		}
	}
`);
const Retry = graphql(
	`
		mutation RetryBackgroundJob($id: ID!) {
			retryBackgroundJob(id: $id) {
				__typename
				...FailureParts
			}
		}
	`,
	[FailureParts],
);

function admin(event: RequestEvent) {
	if (!hasRole(event.locals.viewer, 'ADMIN')) error(403, 'forbidden');
}

export const load: PageServerLoad = async (event) => {
	admin(event);
	const raw = event.url.searchParams.get('status');
	const status = STATUSES.find((s) => s === raw) ?? null;
	const after = event.url.searchParams.get('after') || null;
	const { backgroundJobs } = await api(event, Jobs, { status, first: PAGE, after });
	const next = new URLSearchParams(status ? { status } : {});
	if (backgroundJobs.pageInfo.endCursor) next.set('after', backgroundJobs.pageInfo.endCursor);
	return {
		status,
		statuses: STATUSES,
		jobs: backgroundJobs.edges.map((e) => ({
			...e.node,
			// The API's code and parameters, worded here; a failure that is not a domain error keeps the generic wording.
			failure: e.node.error
				? e.node.errorCode
					? wordConsoleFailure(event.locals.lang, { code: e.node.errorCode, params: e.node.errorParams, message: e.node.error })
					: null
				: null,
		})),
		total: backgroundJobs.totalCount,
		nextHref: backgroundJobs.pageInfo.hasNextPage ? `?${next}` : null,
	};
};

export const actions: Actions = {
	retry: async (event) => {
		admin(event);
		const id = String((await event.request.formData()).get('id') ?? '');
		const { retryBackgroundJob: r } = await api(event, Retry, { id });
		if (r.__typename === 'MutationRetryBackgroundJobSuccess') return { retried: id };
		const t = translator(event.locals.lang);
		// The state is a code too: worded like the list's badges.
		const params = r.params.map((p) =>
			p.name === 'status' && STATUSES.some((s) => s === p.value)
				? { ...p, value: t(`op.jobStatus.${p.value as (typeof STATUSES)[number]}`) }
				: p,
		);
		return fail(400, { id, message: wordConsoleFailure(event.locals.lang, { ...r, params }) });
	},
};
