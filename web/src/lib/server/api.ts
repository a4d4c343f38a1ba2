import { print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';
import { env } from '$env/dynamic/private';
import type { RequestEvent } from '@sveltejs/kit';

const API_URL = () => env.API_URL ?? 'http://localhost:4000/graphql';

export class ApiError extends Error {
	constructor(
		message: string,
		readonly code: string | null,
		readonly requestId: string | null
	) {
		super(message);
	}
}

/**
 * The portal's one way to reach the API: sends a typed document with the viewer's session token,
 * the browser's address (the API throttles sign-ins per address) and a request id that ties the
 * portal's and the API's logs together.
 */
export async function api<Result, Variables>(
	event: Pick<RequestEvent, 'locals' | 'getClientAddress' | 'fetch'>,
	document: TadaDocumentNode<Result, Variables>,
	variables: Variables,
	opts: { token?: string | null } = {}
): Promise<Result> {
	const token = opts.token === undefined ? event.locals.token : opts.token;
	const requestId = crypto.randomUUID();
	let response: Response;
	try {
		response = await fetch(API_URL(), {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'x-forwarded-for': event.getClientAddress(),
				'x-request-id': requestId,
				...(token ? { authorization: `Bearer ${token}` } : {})
			},
			body: JSON.stringify({ query: print(document), variables })
		});
	} catch {
		throw new ApiError('API unreachable', 'API_UNREACHABLE', requestId);
	}
	const body = (await response.json().catch(() => ({}))) as {
		data?: Result;
		errors?: { message: string; extensions?: { code?: string; requestId?: string } }[];
	};
	if (body.errors?.length) {
		const first = body.errors[0]!;
		throw new ApiError(first.message, first.extensions?.code ?? null, first.extensions?.requestId ?? requestId);
	}
	if (!body.data) throw new ApiError(`API answered ${response.status}`, null, requestId);
	return body.data;
}

/** Field errors of an InputValidationError, keyed by the last element of each path. */
export function fieldErrors(fields: readonly { path: readonly string[]; message: string }[]): Record<string, string> {
	return Object.fromEntries(fields.map((f) => [f.path.at(-1) ?? '', f.message]));
}
