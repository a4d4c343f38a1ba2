import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/api';
import { ASSIGNABLE_ROLES } from '$lib/server/operator';
import { hasRole } from '$lib/viewer';
import type { PageServerLoad } from './$types';

const Users = graphql(`
	query Users($search: String, $role: Role, $after: String) {
		users(first: 50, after: $after, search: $search, role: $role) {
			totalCount
			pageInfo {
				hasNextPage
				endCursor
			}
			edges {
				node {
					id
					username
					displayName
					disabled
					mustChangePassword
					lastSignInAt
					lockedUntil
					memberships {
						role
						organisation {
							name
						}
						region {
							code
							name
							nameEn
						}
					}
				}
			}
		}
	}
`);

export const load: PageServerLoad = async (event) => {
	if (!hasRole(event.locals.viewer, 'ADMIN')) error(403, 'forbidden');
	const params = event.url.searchParams;
	const search = params.get('q')?.trim().slice(0, 64) || null;
	const role = ASSIGNABLE_ROLES.find((r) => r === params.get('role')) ?? null;
	const { users } = await api(event, Users, { search, role, after: params.get('after') || null });
	return { users, search, role, roles: ASSIGNABLE_ROLES };
};
