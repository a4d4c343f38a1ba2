import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { formatInstant, translator } from '$lib/i18n';
import { api } from '$lib/server/api';
import { claimFilter } from '$lib/server/claims';
import { allPages, xlsxExport, yuan } from '$lib/server/xlsx';
import { kindLabel, statusLabel } from '$lib/subsidies';
import type { RequestHandler } from './$types';

const ClaimsExport = graphql(`
	query SubsidyClaimsExport($status: [ClaimStatus!], $kind: SubsidyKind, $month: String, $after: String) {
		subsidyClaims(status: $status, kind: $kind, month: $month, first: 100, after: $after) {
			pageInfo {
				hasNextPage
				endCursor
			}
			edges {
				node {
					reference
					kind
					status
					amountYuan
					submittedAt
					caregiver {
						name
					}
					region {
						name
						code
					}
					instalments {
						amountYuan
						status
					}
				}
			}
		}
	}
`);

/** The claim list with the page's filter, every page of it, as a spreadsheet. */
export const GET: RequestHandler = async (event) => {
	const viewer = event.locals.viewer;
	if (!viewer) error(401, 'unauthenticated');
	const lang = event.locals.lang;
	const t = translator(lang);
	const { filter, variables } = claimFilter(viewer, event.url.searchParams);
	const claims = await allPages(event, async (after) => (await api(event, ClaimsExport, { ...variables, after })).subsidyClaims);
	const paid = (c: (typeof claims)[number]) =>
		c.instalments.filter((i) => i.status === 'PAID').reduce((sum, i) => sum + Math.round((yuan(i.amountYuan) ?? 0) * 100), 0) / 100;
	return xlsxExport(event, {
		fileName: `${t('x.title.claims')}.xlsx`,
		title: 'x.title.claims',
		sheet: 'x.sheet.claims',
		filter: [
			`${t('x.status')}：${filter.status ? statusLabel(filter.status, lang) : t('files.all')}`,
			`${t('x.kind')}：${filter.kind ? kindLabel(filter.kind, lang) : t('files.all')}`,
			...(filter.month ? [filter.month] : []),
		].join('；'),
		columns: [
			{ header: t('x.reference'), kind: 'text', width: 22 },
			{ header: t('x.kind'), kind: 'text' },
			{ header: t('x.status'), kind: 'text', width: 10 },
			{ header: t('x.person'), kind: 'text', width: 12 },
			{ header: t('x.region'), kind: 'text', width: 12 },
			{ header: t('x.regionCode'), kind: 'text', width: 10 },
			{ header: t('x.amountYuan'), kind: 'yuan' },
			{ header: t('x.instalments'), kind: 'integer' },
			{ header: t('x.paidYuan'), kind: 'yuan' },
			{ header: t('x.submittedOn'), kind: 'date' },
		],
		rows: claims.map((c) => [
			c.reference,
			kindLabel(c.kind, lang),
			statusLabel(c.status, lang),
			c.caregiver?.name,
			c.region.name,
			c.region.code,
			yuan(c.amountYuan),
			c.instalments.length,
			paid(c),
			c.submittedAt ? formatInstant(c.submittedAt).slice(0, 10) : null,
		]),
		definitions: [
			[t('x.amountYuan'), t('xd.claims.amount')],
			[t('x.status'), t('xd.claims.status')],
			[t('x.paidYuan'), t('xd.claims.paid')],
			[t('x.title.claims'), t('xd.claims.scope')],
		],
	});
};
