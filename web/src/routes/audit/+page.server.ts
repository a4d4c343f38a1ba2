import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import { BUREAU_ROLES, hasRole } from '$lib/viewer';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const PAGE = 25;

const AuditLog = graphql(`
	query AuditLog($search: AuditSearchInput, $first: Int!, $after: String) {
		auditLog(search: $search, first: $first, after: $after) {
			totalCount
			pageInfo {
				hasNextPage
				endCursor
			}
			edges {
				node {
					id
					at
					action
					entityType
					entityId
					before
					after
					sealed
					position
					actor {
						username
						displayName
					}
					actorTokenName
				}
			}
		}
	}
`);
const Chain = graphql(`
	query AuditChain {
		auditChain {
			checked
			intact
			brokenPosition
			brokenEntry {
				id
				action
				entityType
				entityId
				at
			}
		}
	}
`);

function reader(event: RequestEvent) {
	if (!hasRole(event.locals.viewer, 'ADMIN', ...BUREAU_ROLES)) error(403, 'forbidden');
}

const FILTERS = ['actor', 'entityType', 'entityId', 'action', 'from', 'to'] as const;
const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

export const load: PageServerLoad = async (event) => {
	reader(event);
	const params = event.url.searchParams;
	const filters = Object.fromEntries(FILTERS.map((k) => [k, (params.get(k) ?? '').trim()])) as Record<(typeof FILTERS)[number], string>;
	// A malformed day from a hand-edited address is dropped rather than sent: the API would refuse the whole search.
	const search = Object.fromEntries(Object.entries(filters).filter(([k, v]) => v && (k === 'from' || k === 'to' ? isDay(v) : true)));
	const after = params.get('after') || null;
	const { auditLog } = await api(event, AuditLog, { search, first: PAGE, after });
	const next = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
	if (auditLog.pageInfo.endCursor) next.set('after', auditLog.pageInfo.endCursor);
	return {
		filters,
		entries: auditLog.edges.map((e) => e.node),
		total: auditLog.totalCount,
		nextHref: auditLog.pageInfo.hasNextPage ? `?${next}` : null,
		paged: after !== null,
		admin: hasRole(event.locals.viewer, 'ADMIN'),
	};
};

export const actions: Actions = {
	verify: async (event) => {
		reader(event);
		const { auditChain } = await api(event, Chain, {});
		return { chain: auditChain };
	},
};
