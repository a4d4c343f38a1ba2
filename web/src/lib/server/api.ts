import { print } from '@0no-co/graphql.web';
import type { RequestEvent } from '@sveltejs/kit';
import type { TadaDocumentNode } from 'gql.tada';
import { env } from '$env/dynamic/private';

/** The API could not be reached or answered with GraphQL errors (expected failures come back as result unions instead). */
export class ApiError extends Error {
	constructor(
		message: string,
		readonly code: string | null,
		readonly requestId: string
	) {
		super(message);
		this.name = 'ApiError';
	}
}

// A hung API must not hold the portal's request open forever.
const TIMEOUT_MS = 15_000;

/**
 * The portal's one way to reach the API: sends a typed document with the viewer's session token,
 * the browser's address (the API throttles sign-ins per address) and the portal request's id, so
 * the portal's and the API's logs can be joined. `token: null` sends the document anonymously.
 */
export async function api<Result, Variables>(
	event: Pick<RequestEvent, 'locals' | 'getClientAddress'>,
	document: TadaDocumentNode<Result, Variables>,
	variables: Variables,
	opts: { token?: string | null } = {}
): Promise<Result> {
	const token = opts.token === undefined ? event.locals.token : opts.token;
	const { requestId } = event.locals;
	const operation = document.definitions.find((d) => d.kind === 'OperationDefinition')?.name?.value ?? 'anonymous';
	let response: Response;
	try {
		response = await fetch(env.API_URL || 'http://localhost:4000/graphql', {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				accept: 'application/graphql-response+json, application/json',
				'x-forwarded-for': event.getClientAddress(),
				'x-request-id': requestId,
				...(token ? { authorization: `Bearer ${token}` } : {})
			},
			body: JSON.stringify({ query: print(document), operationName: operation, variables }),
			signal: AbortSignal.timeout(TIMEOUT_MS)
		});
	} catch (cause) {
		throw new ApiError(`API unreachable for ${operation}: ${(cause as Error).message}`, 'API_UNREACHABLE', requestId);
	}
	const body = (await response.json().catch(() => null)) as {
		data?: Result | null;
		errors?: { message: string; extensions?: { code?: string } }[];
	} | null;
	const first = body?.errors?.[0];
	if (first) throw new ApiError(`API error in ${operation}: ${first.message}`, first.extensions?.code ?? null, requestId);
	if (!body?.data) throw new ApiError(`API answered ${operation} with HTTP ${response.status} and no data`, null, requestId);
	return body.data;
}
