import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { todayInChina, translator } from '$lib/i18n';
import { api } from '$lib/server/api';
import { courseFilter } from '$lib/server/course-filter';
import { allPages, share, xlsxExport, yuan } from '$lib/server/xlsx';
import { courseStateLabel, kindLabel, placeStatusLabel } from '$lib/training';
import { BUREAU_ROLES, hasRole } from '$lib/viewer';
import type { RequestHandler } from './$types';

// Twenty courses a page keeps the query's cost (courses × their places) inside the API's budget.
const CoursesExport = graphql(`
	query CoursesExport($filter: CourseFilter, $after: String) {
		courses(filter: $filter, first: 20, after: $after) {
			pageInfo {
				hasNextPage
				endCursor
			}
			edges {
				node {
					code
					title
					kind
					status
					startsOn
					endsOn
					capacity
					seatsTaken
					waitlisted
					feeYuan
					governmentFunded
					requiredHours
					provider {
						name
					}
					region {
						name
						code
					}
					targetLevel {
						nameZh
						nameEn
					}
					completed: enrolments(status: [COMPLETED], first: 1) {
						totalCount
					}
					enrolments(first: 100) {
						edges {
							node {
								status
								waitlistPosition
								attendedHours
								score
								caregiver {
									name
								}
							}
						}
					}
				}
			}
		}
	}
`);

const ROLES = ['TRAINING_PROVIDER_STAFF', 'ADMIN', ...BUREAU_ROLES] as const;

/** The course catalogue with the page's filter: one sheet of courses and their figures, one of their places. */
export const GET: RequestHandler = async (event) => {
	const viewer = event.locals.viewer;
	if (!hasRole(viewer, ...ROLES)) error(403, 'forbidden');
	const lang = event.locals.lang;
	const t = translator(lang);
	const filter = courseFilter(viewer, event.url.searchParams);
	const today = todayInChina();
	const courses = await allPages(event, async (after) => (await api(event, CoursesExport, { filter, after })).courses, 2000);
	return xlsxExport(event, {
		fileName: `${t('x.title.courses')}.xlsx`,
		title: 'x.title.courses',
		sheet: 'x.sheet.courses',
		filter: filter.kind ? `${t('x.kind')}：${kindLabel(filter.kind, lang)}` : undefined,
		columns: [
			{ header: t('x.code'), kind: 'text', width: 14 },
			{ header: t('x.courseTitle'), kind: 'text', width: 24 },
			{ header: t('x.kind'), kind: 'text', width: 12 },
			{ header: t('x.level'), kind: 'text', width: 10 },
			{ header: t('x.status'), kind: 'text', width: 10 },
			{ header: t('x.provider'), kind: 'text', width: 20 },
			{ header: t('x.region'), kind: 'text', width: 12 },
			{ header: t('x.startsOn'), kind: 'date' },
			{ header: t('x.endsOn'), kind: 'date' },
			{ header: t('x.hours'), kind: 'integer' },
			{ header: t('x.fee'), kind: 'yuan' },
			{ header: t('x.funded'), kind: 'text', width: 8 },
			{ header: t('x.capacity'), kind: 'integer' },
			{ header: t('x.seatsTaken'), kind: 'integer' },
			{ header: t('x.fill'), kind: 'percent' },
			{ header: t('x.waitlisted'), kind: 'integer' },
			{ header: t('x.completed'), kind: 'integer' },
			{ header: t('x.completion'), kind: 'percent' },
		],
		rows: courses.map((c) => [
			c.code,
			c.title,
			kindLabel(c.kind, lang),
			c.targetLevel ? (lang === 'en' ? c.targetLevel.nameEn : c.targetLevel.nameZh) : null,
			courseStateLabel(c, today, lang),
			c.provider.name,
			c.region.name,
			c.startsOn,
			c.endsOn,
			c.requiredHours,
			yuan(c.feeYuan),
			c.governmentFunded ? t('files.yesText') : t('files.noText'),
			c.capacity,
			c.seatsTaken,
			share(c.seatsTaken, c.capacity),
			c.waitlisted,
			c.completed.totalCount,
			share(c.completed.totalCount, c.seatsTaken),
		]),
		more: [
			{
				title: 'x.title.enrolments',
				sheet: 'x.sheet.enrolments',
				columns: [
					{ header: t('x.code'), kind: 'text', width: 14 },
					{ header: t('x.courseTitle'), kind: 'text', width: 24 },
					{ header: t('x.person'), kind: 'text', width: 12 },
					{ header: t('x.status'), kind: 'text', width: 14 },
					{ header: t('x.attended'), kind: 'decimal' },
					{ header: t('x.hours'), kind: 'integer' },
					{ header: t('x.score'), kind: 'decimal' },
				],
				rows: courses.flatMap((c) =>
					c.enrolments.edges.map(({ node: e }) => [
						c.code,
						c.title,
						e.caregiver?.name,
						placeStatusLabel(e, lang),
						Number(e.attendedHours),
						c.requiredHours,
						e.score === null ? null : Number(e.score),
					]),
				),
			},
		],
		definitions: [
			[t('x.fill'), t('xd.courses.fill')],
			[t('x.completion'), t('xd.courses.completion')],
			[t('x.waitlisted'), t('xd.courses.waitlisted')],
		],
	});
};
