import { error, redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { FailureParts } from '$lib/graphql/failure';
import { api } from '$lib/server/api';
import { translator, wordFailure } from '$lib/i18n';
import type { RequestHandler } from './$types';

const Reauthenticate = graphql(`
	mutation ExportReauth($password: String!) {
		reauthenticate(password: $password) {
			__typename
		}
	}
`);
const Export = graphql(
	`
		mutation ExportBatch($id: ID!, $format: String, $layoutId: ID) {
			exportPaymentBatch(batchId: $id, format: $format, layoutId: $layoutId) {
				__typename
				... on MutationExportPaymentBatchSuccess {
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

/** The bank file with full account numbers: only after the password is entered again, and never cached. */
export const POST: RequestHandler = async (event) => {
	const form = await event.request.formData();
	// No format: the layout's own (the bank's template says whether it is .csv or .xlsx).
	const format = form.get('format') === 'csv' ? 'csv' : form.get('format') === 'xlsx' ? 'xlsx' : null;
	const layoutId = String(form.get('layoutId') ?? '') || null;
	const { reauthenticate } = await api(event, Reauthenticate, { password: String(form.get('password') ?? '') });
	// A mistyped password is a form error: back to the batch page, whose export form says so.
	if (reauthenticate.__typename !== 'MutationReauthenticateSuccess')
		redirect(303, `/payments/${encodeURIComponent(event.params.id)}?export=reauth#export`);
	const { exportPaymentBatch: r } = await api(event, Export, { id: event.params.id, format, layoutId });
	if (r.__typename !== 'MutationExportPaymentBatchSuccess') error(400, wordFailure(translator(event.locals.lang), r));
	return new Response(Buffer.from(r.data.contentBase64, 'base64'), {
		headers: {
			'content-type': r.data.fileName.endsWith('.csv')
				? 'text/csv; charset=utf-8'
				: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${r.data.fileName}"`,
			'cache-control': 'private, no-store',
		},
	});
};
