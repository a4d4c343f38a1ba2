import { error } from '@sveltejs/kit';
import { graphql, type EnumOf } from '$lib/graphql';
import { api } from '$lib/server/api';
import { regionGroups, scopeOf } from '$lib/server/regions';
import { COURSE_KINDS } from '$lib/training';
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
	const mine = provider && q.get('all') !== '1';
	const kind = COURSE_KINDS.includes(q.get('kind') ?? '') ? (q.get('kind') as EnumOf<'CourseKind'>) : null;
	const date = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);
	const filter = {
		mine,
		kind,
		regionCode: /^\d{6}$/.test(q.get('region') ?? '') ? q.get('region') : null,
		levelCode: /^L\d$/.test(q.get('level') ?? '') ? q.get('level') : null,
		openSeats: q.get('open') === '1',
		startsFrom: date(q.get('from')),
		search: q.get('q')?.slice(0, 50) || null,
	};
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
