import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import { regionGroups, scopeOf } from '$lib/server/regions';
import { mayListCaregivers } from '$lib/viewer';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

const CaregiverList = graphql(`
	query CaregiverList($first: Int!, $after: String, $search: String, $regionCode: String, $currentlyEmployed: Boolean) {
		caregivers(first: $first, after: $after, search: $search, regionCode: $regionCode, currentlyEmployed: $currentlyEmployed) {
			totalCount
			pageInfo {
				hasNextPage
				endCursor
			}
			edges {
				node {
					id
					name
					residentIdMasked
					gender
					birthDate
					education
					region {
						name
						nameEn
					}
					employments(first: 1) {
						edges {
							node {
								institution {
									name
								}
								current
							}
						}
					}
				}
			}
		}
	}
`);

export const load: PageServerLoad = async (event) => {
	if (!mayListCaregivers(event.locals.viewer)) error(403, 'forbidden');
	const q = event.url.searchParams;
	const employed = q.get('employed');
	const filters = {
		// The API takes at most 30 characters: a name or an 18-character ID number fits.
		search: q.get('search')?.trim().slice(0, 30) ?? '',
		regionCode: /^\d{6}$/.test(q.get('regionCode') ?? '') ? q.get('regionCode')! : '',
		employed: employed === 'yes' || employed === 'no' ? employed : '',
	};
	const [{ caregivers }, regions] = await Promise.all([
		api(event, CaregiverList, {
			first: PAGE_SIZE,
			after: q.get('after') || null,
			search: filters.search || null,
			regionCode: filters.regionCode || null,
			currentlyEmployed: filters.employed ? filters.employed === 'yes' : null,
		}),
		regionGroups(event, scopeOf(event.locals.viewer)),
	]);
	return { caregivers, regions, filters };
};
