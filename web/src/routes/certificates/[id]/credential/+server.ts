import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import type { RequestHandler } from './$types';

const Credential = graphql(`
	query CertificateCredential($id: ID!) {
		certificateCredential(certificateId: $id)
	}
`);

/** The signed credential as a file the holder can hand to an employer or keep in a wallet. */
export const GET: RequestHandler = async (event) => {
	const { certificateCredential: jwt } = await api(event, Credential, { id: event.params.id });
	if (!jwt) error(404, 'notFound');
	return new Response(jwt, {
		headers: {
			'content-type': 'application/vc+jwt',
			'content-disposition': 'attachment; filename="carecert-certificate.jwt"',
			'cache-control': 'private, no-store',
		},
	});
};
