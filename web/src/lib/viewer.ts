import { graphql, type ResultOf } from '$lib/graphql';

export const ViewerQuery = graphql(`
	query Viewer {
		viewer {
			id
			username
			displayName
			memberships {
				role
				organisation { id name kind }
				region { code name }
			}
			caregiver { id }
		}
	}
`);

export type Viewer = NonNullable<ResultOf<typeof ViewerQuery>['viewer']>;
export type Role = Viewer['memberships'][number]['role'];

export const BUREAU_ROLES: readonly Role[] = ['HR_REVIEWER', 'HR_APPROVER', 'FINANCE_OFFICER', 'CIVIL_AFFAIRS_ANALYST'];

export const hasRole = (viewer: Viewer | null, ...roles: Role[]) => !!viewer?.memberships.some((m) => roles.includes(m.role));

/** Who may open the caregiver register: employers, bureaus and admins. */
export const mayListCaregivers = (viewer: Viewer | null) => hasRole(viewer, 'ADMIN', 'INSTITUTION_STAFF', ...BUREAU_ROLES);

/** The institution an institution-staff login records employment for. */
export const employingInstitution = (viewer: Viewer | null) =>
	viewer?.memberships.find((m) => m.role === 'INSTITUTION_STAFF')?.organisation ?? null;
