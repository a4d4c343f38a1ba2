import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import type { RequestHandler } from './$types';

const Evidence = graphql(`
	query EvidenceFile($id: ID!) {
		claimEvidenceFile(evidenceId: $id) {
			fileName
			mimeType
			contentBase64
		}
	}
`);

/** An evidence file, for someone who may read its claim; never cached. */
export const GET: RequestHandler = async (event) => {
	const { claimEvidenceFile: file } = await api(event, Evidence, { id: event.params.evidenceId });
	if (!file) error(404, 'notFound');
	return new Response(Buffer.from(file.contentBase64, 'base64'), {
		headers: {
			'content-type': file.mimeType,
			'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff',
		},
	});
};
