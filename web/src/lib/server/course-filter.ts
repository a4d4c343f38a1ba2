import type { EnumOf } from '$lib/graphql';
import { COURSE_KINDS } from '$lib/training';
import { hasRole, type Viewer } from '$lib/viewer';

/** The course catalogue's filter from its address, for the page and its export alike; a provider sees its own courses unless `all=1`. */
export function courseFilter(viewer: Viewer | null, q: URLSearchParams) {
	const mine = hasRole(viewer, 'TRAINING_PROVIDER_STAFF') && q.get('all') !== '1';
	const kind = COURSE_KINDS.includes(q.get('kind') ?? '') ? (q.get('kind') as EnumOf<'CourseKind'>) : null;
	const date = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);
	return {
		mine,
		kind,
		regionCode: /^\d{6}$/.test(q.get('region') ?? '') ? q.get('region') : null,
		levelCode: /^L\d$/.test(q.get('level') ?? '') ? q.get('level') : null,
		openSeats: q.get('open') === '1',
		startsFrom: date(q.get('from')),
		search: q.get('q')?.slice(0, 50) || null,
	};
}
