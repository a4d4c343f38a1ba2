import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import { loadInbox } from '$lib/server/notifications';
import { loadViewer } from '$lib/server/viewer';
import type { Actions, PageServerLoad } from './$types';

const PAGE = 30;

const MarkRead = graphql(`
	mutation MarkNotificationRead($id: ID!) {
		markNotificationRead(id: $id) {
			__typename
			... on Error {
				code
			}
		}
	}
`);
const MarkAllRead = graphql(`
	mutation MarkAllNotificationsRead {
		markAllNotificationsRead
	}
`);

export const load: PageServerLoad = async (event) => {
	const after = event.url.searchParams.get('after') || null;
	const inbox = await loadInbox(event, PAGE, after);
	return { ...inbox, nextHref: inbox.nextAfter ? `?after=${encodeURIComponent(inbox.nextAfter)}` : null };
};

export const actions: Actions = {
	read: async (event) => {
		const id = String((await event.request.formData()).get('id') ?? '');
		await api(event, MarkRead, { id });
		// The header's count was read before the action: ask again so the page shows the new one.
		event.locals.viewer = await loadViewer(event);
		return { read: id };
	},
	readAll: async (event) => {
		const { markAllNotificationsRead } = await api(event, MarkAllRead, {});
		event.locals.viewer = await loadViewer(event);
		return { readAll: markAllNotificationsRead };
	},
};
