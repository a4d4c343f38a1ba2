import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import { regionGroups, scopeOf } from '$lib/server/regions';
import { courseFilter } from '$lib/server/course-filter';
import { BUREAU_ROLES, hasRole } from '$lib/viewer';
import type { PageServerLoad } from './$types';

const Courses = graphql(`
	query CourseCatalogue($filter: CourseFilter, $after: String) {
		courses(filter: $filter, first: 20, after: $after) {
			totalCount
			pageInfo {
				hasNextPage
				endCursor
			}
			edges {
				node {
					id
					code
					title
					kind
					status
					startsOn
					endsOn
					place
					capacity
					openSeats
					waitlisted
					feeYuan
					governmentFunded
					requiredHours
					provider {
						name
					}
					region {
						name
						nameEn
					}
					targetLevel {
						nameZh
						nameEn
					}
				}
			}
		}
	}
`);

const PAGE_ROLES = ['TRAINING_PROVIDER_STAFF', 'INSTITUTION_STAFF', 'ADMIN', ...BUREAU_ROLES] as const;

export const load: PageServerLoad = async (event) => {
	const viewer = event.locals.viewer;
	if (!viewer?.caregiverId && !hasRole(viewer, ...PAGE_ROLES)) error(403, 'forbidden');
	const q = event.url.searchParams;
	const provider = hasRole(viewer, 'TRAINING_PROVIDER_STAFF');
	const filter = courseFilter(viewer, q);
	const { mine, kind } = filter;
	const [{ courses }, regions] = await Promise.all([
		api(event, Courses, { filter, after: q.get('after') }),
		regionGroups(event, scopeOf(viewer)),
	]);
	return {
		courses,
		regions,
		provider,
		mine,
		query: {
			kind: kind ?? '',
			region: filter.regionCode ?? '',
			level: filter.levelCode ?? '',
			open: filter.openSeats,
			from: filter.startsFrom ?? '',
			q: filter.search ?? '',
		},
	};
};
