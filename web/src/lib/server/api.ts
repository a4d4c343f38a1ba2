import type { RequestEvent } from '@sveltejs/kit';
import type { TadaDocumentNode } from 'gql.tada';
import { dev } from '$app/environment';
import { env } from '$env/dynamic/private';
import { canonicalOperation, operationHash } from '$lib/graphql/persisted';

/** The API could not be reached or answered with GraphQL errors (expected failures come back as result unions instead). */
export class ApiError extends Error {
	constructor(
		message: string,
		readonly code: string | null,
		readonly requestId: string,
	) {
		super(message);
		this.name = 'ApiError';
	}
}

// A hung API must not hold the portal's request open forever.
const TIMEOUT_MS = 15_000;

// Hash and text of each document, worked out once per document rather than on every request.
const operations = new WeakMap<object, { text: string; hash: string }>();

/**
 * A built portal sends only the hash of an operation listed in api/persisted-operations.json (the API
 * in production runs nothing else for a portal session); `vite dev` sends the text, so a query being
 * edited works before the manifest is reprinted.
 */
function request<R, V>(document: TadaDocumentNode<R, V>, operationName: string, variables: V) {
	let known = operations.get(document);
	if (!known) {
		const text = canonicalOperation(document.definitions);
		known = { text, hash: operationHash(text) };
		operations.set(document, known);
	}
	const persistedQuery = { version: 1, sha256Hash: known.hash };
	return dev ? { query: known.text, operationName, variables } : { operationName, variables, extensions: { persistedQuery } };
}

/**
 * The portal's one way to reach the API: sends a typed document with the viewer's session token,
 * the browser's address (the API throttles sign-ins per address) and the portal request's id, so
 * the portal's and the API's logs can be joined. `token: null` sends the document anonymously.
 */
export async function api<Result, Variables>(
	event: Pick<RequestEvent, 'locals' | 'getClientAddress'>,
	document: TadaDocumentNode<Result, Variables>,
	variables: Variables,
	opts: { token?: string | null } = {},
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
				...(token ? { authorization: `Bearer ${token}` } : {}),
			},
			body: JSON.stringify(request(document, operation, variables)),
			signal: AbortSignal.timeout(TIMEOUT_MS),
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
