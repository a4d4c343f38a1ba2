import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import { hasRole } from '$lib/viewer';
import type { PageServerLoad } from './$types';

const SmsLog = graphql(`
	query SmsLog($first: Int!) {
		smsMessages(first: $first) {
			edges {
				node {
					id
					provider
					templateId
					params
					phoneMasked
					status
					createdAt
				}
			}
		}
	}
`);

export const load: PageServerLoad = async (event) => {
	if (!hasRole(event.locals.viewer, 'ADMIN')) error(403, 'forbidden');
	const { smsMessages } = await api(event, SmsLog, { first: 100 });
	return { messages: smsMessages.edges.map((e) => ({ ...e.node, params: (e.node.params as string[]).join(' · ') })) };
};
