import { error, json } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import type { RequestHandler } from './$types';

const Job = graphql(`
	query RosterJob($id: ID!) { node(id: $id) { ... on BackgroundJob { status percent result error } } }
`);

/** Progress of a background job the viewer may see, for the progress bar. */
export const GET: RequestHandler = async (event) => {
	const id = event.url.searchParams.get('id');
	if (!id) error(400, 'id');
	const { node } = await api(event, Job, { id });
	if (!node || !('status' in node)) error(404, 'notFound');
	return json(node, { headers: { 'cache-control': 'no-store' } });
};
