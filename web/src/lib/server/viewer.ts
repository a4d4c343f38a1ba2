import type { RequestEvent } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import type { Viewer } from '$lib/viewer';

const ViewerQuery = graphql(`
	query Viewer {
		viewer {
			id
			username
			displayName
			mustChangePassword
			memberships {
				role
				organisation {
					id
					name
					region {
						code
						name
						nameEn
					}
				}
				region {
					code
					name
					nameEn
				}
			}
			caregiver {
				id
			}
		}
	}
`);

/** The user behind the session token, or null when the API no longer accepts it. */
export async function loadViewer(event: RequestEvent): Promise<Viewer | null> {
	const { viewer } = await api(event, ViewerQuery, {});
	if (!viewer) return null;
	const { caregiver, ...user } = viewer;
	return { ...user, caregiverId: caregiver?.id ?? null };
}
