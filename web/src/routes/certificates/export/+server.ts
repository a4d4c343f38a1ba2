import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { translator, type MessageKey } from '$lib/i18n';
import { api } from '$lib/server/api';
import { allPages, xlsxExport } from '$lib/server/xlsx';
import { BUREAU_ROLES, hasRole } from '$lib/viewer';
import type { RequestHandler } from './$types';

const CertificatesExport = graphql(`
	query CertificatesExport($after: String) {
		certificates(first: 100, after: $after) {
			pageInfo {
				hasNextPage
				endCursor
			}
			edges {
				node {
					number
					issuedOn
					status
					source
					level {
						nameZh
						nameEn
					}
					issuer {
						name
					}
					caregiver {
						name
					}
				}
			}
		}
	}
`);

/** Skill-level certificates of the people within a bureau's reach (the API's rows for the viewer), as a spreadsheet. */
export const GET: RequestHandler = async (event) => {
	if (!hasRole(event.locals.viewer, 'ADMIN', ...BUREAU_ROLES)) error(403, 'forbidden');
	const lang = event.locals.lang;
	const t = translator(lang);
	const certificates = await allPages(event, async (after) => (await api(event, CertificatesExport, { after })).certificates, 20_000);
	return xlsxExport(event, {
		fileName: `${t('x.title.certificates')}.xlsx`,
		title: 'x.title.certificates',
		sheet: 'x.sheet.certificates',
		columns: [
			{ header: t('x.number'), kind: 'text', width: 22 },
			{ header: t('x.person'), kind: 'text', width: 12 },
			{ header: t('x.level'), kind: 'text', width: 14 },
			{ header: t('x.issuer'), kind: 'text', width: 24 },
			{ header: t('x.issuedOn'), kind: 'date' },
			{ header: t('x.source'), kind: 'text', width: 12 },
			{ header: t('x.status'), kind: 'text', width: 10 },
		],
		rows: certificates.map((c) => [
			c.number,
			c.caregiver.name,
			lang === 'en' ? c.level.nameEn : c.level.nameZh,
			c.issuer.name,
			c.issuedOn,
			t(`x.certSource.${c.source}` as MessageKey),
			t(`cert.status.${c.status}` as MessageKey),
		]),
		definitions: [
			[t('x.title.certificates'), t('xd.cert.scope')],
			[t('x.level'), t('xd.cert.level')],
		],
	});
};
