import type { Role } from '$lib/enums';

export type RegionRef = { code: string; name: string; nameEn: string | null };

/** One role of the signed-in user, with the organisation (staff) or region subtree (bureaus) it applies to. */
export type Membership = {
	role: Role;
	organisation: { id: string; name: string; region: RegionRef } | null;
	region: RegionRef | null;
};

/** The signed-in user as the portal needs it; built from the API's `viewer` on every request. */
export type Viewer = {
	id: string;
	username: string;
	displayName: string;
	memberships: Membership[];
	/** Global ID of the user's own caregiver record (caregiver logins only). */
	caregiverId: string | null;
	/** Signed in with a temporary password an admin set: nothing else opens until it is changed. */
	mustChangePassword: boolean;
};

export const BUREAU_ROLES = ['HR_REVIEWER', 'HR_APPROVER', 'FINANCE_OFFICER', 'CIVIL_AFFAIRS_ANALYST'] as const satisfies readonly Role[];

export const hasRole = (viewer: Viewer | null, ...roles: readonly Role[]) => !!viewer?.memberships.some((m) => roles.includes(m.role));

/** Who may open the caregiver register: employers, bureaus and admins (the API narrows the rows). */
export const mayListCaregivers = (viewer: Viewer | null) => hasRole(viewer, 'ADMIN', 'INSTITUTION_STAFF', ...BUREAU_ROLES);

/** The institution an institution-staff login records employment for. */
export const employingInstitution = (viewer: Viewer | null) =>
	viewer?.memberships.find((m) => m.role === 'INSTITUTION_STAFF')?.organisation ?? null;
