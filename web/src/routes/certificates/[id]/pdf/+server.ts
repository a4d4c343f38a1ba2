import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts } from '$lib/graphql/failure';
import { api } from '$lib/server/api';
import type { RequestHandler } from './$types';

const CertificatePdf = graphql(
	`
		query CertificatePdf($id: ID!) {
			certificatePdf(certificateId: $id) {
				__typename
				... on QueryCertificatePdfSuccess {
					data {
						fileName
						contentBase64
					}
				}
				...FailureParts
			}
		}
	`,
	[FailureParts],
);

/** The certificate as a printable PDF, for whoever the API lets print it; never cached (it carries a name). */
export const GET: RequestHandler = async (event) => {
	const { certificatePdf: result } = await api(event, CertificatePdf, { id: event.params.id });
	if (result.__typename !== 'QueryCertificatePdfSuccess') {
		if (result.code === 'CERTIFICATE_FONT_MISSING') error(503, result.message);
		if (result.code === 'UNAUTHENTICATED') error(401, 'unauthenticated');
		error(404, 'notFound');
	}
	return new Response(Buffer.from(result.data.contentBase64, 'base64'), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${result.data.fileName}"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff',
		},
	});
};
