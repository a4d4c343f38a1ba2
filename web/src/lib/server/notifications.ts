import type { RequestEvent } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import { notificationLink, notificationWords, type NotificationRow } from '$lib/notifications';

export const InboxQuery = graphql(`
	query Inbox($first: Int!, $after: String) {
		unreadNotificationCount
		notifications(first: $first, after: $after) {
			totalCount
			pageInfo {
				hasNextPage
				endCursor
			}
			edges {
				node {
					id
					code
					params
					subjectType
					subjectId
					caregiverId
					read
					createdAt
				}
			}
		}
	}
`);

/** The viewer's notifications, newest first, worded and linked for the portal. */
export async function loadInbox(event: Pick<RequestEvent, 'locals' | 'getClientAddress'>, first: number, after: string | null = null) {
	const { notifications, unreadNotificationCount } = await api(event, InboxQuery, { first, after });
	const asCaregiver = !!event.locals.viewer?.caregiverId;
	return {
		unread: unreadNotificationCount,
		total: notifications.totalCount,
		nextAfter: notifications.pageInfo.hasNextPage ? notifications.pageInfo.endCursor : null,
		items: notifications.edges.map(({ node }) => {
			const row = node as NotificationRow;
			return {
				id: row.id,
				read: row.read,
				createdAt: row.createdAt,
				code: row.code,
				words: notificationWords(event.locals.lang, row),
				href: notificationLink(row, asCaregiver),
			};
		}),
	};
}
