import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api, ApiError } from '$lib/server/api';
import { mayListCaregivers } from '$lib/viewer';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

const CaregiverList = graphql(`
	query CaregiverList($first: Int!, $after: String, $search: String, $regionCode: String, $currentlyEmployed: Boolean) {
		caregivers(first: $first, after: $after, search: $search, regionCode: $regionCode, currentlyEmployed: $currentlyEmployed) {
			totalCount
			pageInfo { hasNextPage endCursor }
			edges {
				node {
					id
					name
					residentIdMasked
					gender
					birthDate
					education
					region { name }
					employments(first: 1) { edges { node { institution { name } current } } }
				}
			}
		}
	}
`);

export const load: PageServerLoad = async (event) => {
	if (!mayListCaregivers(event.locals.viewer)) error(403, 'forbidden');
	const q = event.url.searchParams;
	const filters = {
		search: q.get('search')?.trim() || null,
		regionCode: /^\d{6}$/.test(q.get('regionCode') ?? '') ? q.get('regionCode') : null,
		employed: q.get('employed') === 'yes' ? true : q.get('employed') === 'no' ? false : null
	};
	try {
		const { caregivers } = await api(event, CaregiverList, {
			first: PAGE_SIZE,
			after: q.get('after'),
			search: filters.search,
			regionCode: filters.regionCode,
			currentlyEmployed: filters.employed
		});
		return { caregivers, filters: { ...filters, regionCode: q.get('regionCode') ?? '' } };
	} catch (e) {
		if (e instanceof ApiError && e.code === 'INVALID_INPUT') error(400, e.message);
		throw e;
	}
};
