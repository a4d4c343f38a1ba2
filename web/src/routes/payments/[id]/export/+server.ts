import { error, redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import type { RequestHandler } from './$types';

const Reauthenticate = graphql(`
	mutation ExportReauth($password: String!) {
		reauthenticate(password: $password) {
			__typename
		}
	}
`);
const Export = graphql(`
	mutation ExportBatch($id: ID!, $format: String!) {
		exportPaymentBatch(batchId: $id, format: $format) {
			__typename
			... on MutationExportPaymentBatchSuccess {
				data {
					fileName
					contentBase64
				}
			}
			... on Error {
				message
			}
		}
	}
`);

/** The bank file with full account numbers: only after the password is entered again, and never cached. */
export const POST: RequestHandler = async (event) => {
	const form = await event.request.formData();
	const format = form.get('format') === 'csv' ? 'csv' : 'xlsx';
	const { reauthenticate } = await api(event, Reauthenticate, { password: String(form.get('password') ?? '') });
	// A mistyped password is a form error: back to the batch page, whose export form says so.
	if (reauthenticate.__typename !== 'MutationReauthenticateSuccess')
		redirect(303, `/payments/${encodeURIComponent(event.params.id)}?export=reauth#export`);
	const { exportPaymentBatch: r } = await api(event, Export, { id: event.params.id, format });
	if (r.__typename !== 'MutationExportPaymentBatchSuccess') error(400, r.message);
	return new Response(Buffer.from(r.data.contentBase64, 'base64'), {
		headers: {
			'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${r.data.fileName}"`,
			'cache-control': 'private, no-store',
		},
	});
};
