import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { translator } from '$lib/i18n';
import { api } from '$lib/server/api';
import { allPages, share, xlsxExport } from '$lib/server/xlsx';
import { BUREAU_ROLES, hasRole } from '$lib/viewer';
import type { RequestHandler } from './$types';

const ClassesExport = graphql(`
	query DirectedClassesExport($after: String) {
		directedClasses(first: 100, after: $after) {
			pageInfo {
				hasNextPage
				endCursor
			}
			edges {
				node {
					name
					cohortYear
					major
					quota
					studentCount
					sponsorName
					sponsorRegion {
						name
						code
					}
					college {
						name
					}
				}
			}
		}
	}
`);

/** The directed-training classes the viewer may see, with quota (the class's target) and the gap to it. */
export const GET: RequestHandler = async (event) => {
	const viewer = event.locals.viewer;
	if (!viewer) error(401, 'unauthenticated');
	if (!hasRole(viewer, 'COLLEGE_STAFF', 'ADMIN', ...BUREAU_ROLES)) error(403, 'forbidden');
	const t = translator(event.locals.lang);
	const classes = await allPages(event, async (after) => (await api(event, ClassesExport, { after })).directedClasses);
	return xlsxExport(event, {
		fileName: `${t('x.title.classes')}.xlsx`,
		title: 'x.title.classes',
		sheet: 'x.sheet.classes',
		columns: [
			{ header: t('x.class'), kind: 'text', width: 24 },
			{ header: t('x.college'), kind: 'text', width: 20 },
			{ header: t('x.cohort'), kind: 'integer' },
			{ header: t('x.major'), kind: 'text' },
			{ header: t('x.sponsor'), kind: 'text', width: 20 },
			{ header: t('x.region'), kind: 'text', width: 12 },
			{ header: t('x.regionCode'), kind: 'text', width: 10 },
			{ header: t('x.quota'), kind: 'integer' },
			{ header: t('x.students'), kind: 'integer' },
			{ header: t('x.quotaGap'), kind: 'integer' },
			{ header: t('x.quotaShare'), kind: 'percent' },
		],
		rows: classes.map((c) => [
			c.name,
			c.college.name,
			c.cohortYear,
			c.major,
			c.sponsorName,
			c.sponsorRegion.name,
			c.sponsorRegion.code,
			c.quota,
			c.studentCount,
			Math.max(0, c.quota - c.studentCount),
			share(c.studentCount, c.quota),
		]),
		definitions: [
			[t('x.quotaShare'), t('xd.classes.quotaShare')],
			[t('x.quotaGap'), t('xd.classes.gap')],
		],
	});
};
