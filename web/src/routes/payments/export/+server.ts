import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { formatInstant, translator } from '$lib/i18n';
import { api } from '$lib/server/api';
import { allPages, xlsxExport, yuan } from '$lib/server/xlsx';
import { statusLabel } from '$lib/subsidies';
import { hasRole } from '$lib/viewer';
import type { RequestHandler } from './$types';

const BatchesExport = graphql(`
	query PaymentBatchesExport($after: String) {
		paymentBatches(first: 100, after: $after) {
			pageInfo {
				hasNextPage
				endCursor
			}
			edges {
				node {
					reference
					status
					lineCount
					totalYuan
					paidYuan
					failedYuan
					pendingYuan
					createdAt
					region {
						name
						code
					}
				}
			}
		}
	}
`);

/** The finance bureau's payment batches (the list, not a bank file) as a spreadsheet. */
export const GET: RequestHandler = async (event) => {
	if (!hasRole(event.locals.viewer, 'FINANCE_OFFICER')) error(403, 'forbidden');
	const lang = event.locals.lang;
	const t = translator(lang);
	const batches = await allPages(event, async (after) => (await api(event, BatchesExport, { after })).paymentBatches);
	return xlsxExport(event, {
		fileName: `${t('x.title.payments')}.xlsx`,
		title: 'x.title.payments',
		sheet: 'x.sheet.payments',
		columns: [
			{ header: t('x.reference'), kind: 'text', width: 16 },
			{ header: t('x.region'), kind: 'text', width: 12 },
			{ header: t('x.status'), kind: 'text', width: 10 },
			{ header: t('x.lines'), kind: 'integer' },
			{ header: t('x.totalYuan'), kind: 'yuan' },
			{ header: t('x.paidYuan'), kind: 'yuan' },
			{ header: t('x.failedYuan'), kind: 'yuan' },
			{ header: t('x.pendingYuan'), kind: 'yuan' },
			{ header: t('x.createdOn'), kind: 'date' },
		],
		rows: batches.map((b) => [
			b.reference,
			b.region.name,
			statusLabel(b.status, lang),
			b.lineCount,
			yuan(b.totalYuan),
			yuan(b.paidYuan),
			yuan(b.failedYuan),
			yuan(b.pendingYuan),
			formatInstant(b.createdAt).slice(0, 10),
		]),
		definitions: [
			[t('x.totalYuan'), t('xd.payments.total')],
			[t('x.paidYuan'), t('xd.payments.paid')],
			[t('x.failedYuan'), t('xd.payments.failed')],
			[t('x.pendingYuan'), t('xd.payments.pending')],
		],
	});
};
