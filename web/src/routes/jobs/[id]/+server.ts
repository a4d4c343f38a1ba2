import { error, json } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import type { RequestHandler } from './$types';

const Job = graphql(`
	query JobProgress($id: ID!) {
		node(id: $id) {
			... on BackgroundJob {
				status
				percent
				result
				error
			}
		}
	}
`);

/** Progress of a background job the viewer may see (the API answers only the person who started it), for progress bars. */
export const GET: RequestHandler = async (event) => {
	const { node } = await api(event, Job, { id: event.params.id });
	if (!node || !('status' in node)) error(404, 'notFound');
	return json(node, { headers: { 'cache-control': 'no-store' } });
};
