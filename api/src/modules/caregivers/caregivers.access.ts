import type { Prisma } from '../../generated/prisma/client.ts';
import { NOTHING } from '../../shared/access.ts';
import { BUREAU_ROLES, hasRole, membershipsWith, tokenReach, type Viewer } from '../../graphql/viewer.ts';

/** People living or employed in a region's subtree. */
export const caregiversOfRegion = (path: string): Prisma.CaregiverWhereInput[] => [
  { region: { path: { startsWith: path } } },
  { employments: { some: { institution: { region: { path: { startsWith: path } } } } } },
];

/**
 * Row-level visibility of caregivers: admins see all; bureau staff and `caregivers:read` tokens those
 * living or employed in their region's subtree (a token without a region limit: all); institution
 * staff see people their institution employs or has employed; a caregiver sees only themself.
 */
export function caregiverWhereFor(viewer: Viewer): Prisma.CaregiverWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  if (viewer?.kind === 'token') {
    const reach = tokenReach(viewer, 'caregivers:read');
    return reach === 'all' ? {} : reach.length ? { OR: reach.flatMap(caregiversOfRegion) } : NOTHING;
  }
  if (viewer?.kind !== 'user') return NOTHING;
  const or: Prisma.CaregiverWhereInput[] = [];
  for (const m of membershipsWith(viewer, ...BUREAU_ROLES)) if (m.regionPath) or.push(...caregiversOfRegion(m.regionPath));
  const institutions = employingInstitutionsOf(viewer) ?? [];
  if (institutions.length) or.push({ employments: { some: { institutionId: { in: institutions } } } });
  // Colleges see their directed classes' students; providers the people on their courses.
  const colleges = organisationsAs(viewer, 'COLLEGE_STAFF');
  if (colleges.length) or.push({ directedStudies: { some: { class: { collegeId: { in: colleges } } } } });
  const providers = organisationsAs(viewer, 'TRAINING_PROVIDER_STAFF');
  if (providers.length) or.push({ enrolments: { some: { course: { providerId: { in: providers } } } } });
  if (viewer.caregiverId) or.push({ id: viewer.caregiverId });
  return or.length ? { OR: or } : NOTHING;
}

const organisationsAs = (viewer: Viewer, role: 'COLLEGE_STAFF' | 'TRAINING_PROVIDER_STAFF') =>
  membershipsWith(viewer, role).flatMap((m) => (m.organisationId ? [m.organisationId] : []));

const employmentsOfRegion = (path: string): Prisma.EmploymentWhereInput[] => [
  { caregiver: { region: { path: { startsWith: path } } } },
  { institution: { region: { path: { startsWith: path } } } },
];

/** Employment rows a viewer may see: the same reach as caregivers, but institution staff see only their own records. */
export function employmentWhereFor(viewer: Viewer): Prisma.EmploymentWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  if (viewer?.kind === 'token') {
    const reach = tokenReach(viewer, 'caregivers:read');
    return reach === 'all' ? {} : reach.length ? { OR: reach.flatMap(employmentsOfRegion) } : NOTHING;
  }
  if (viewer?.kind !== 'user') return NOTHING;
  const or: Prisma.EmploymentWhereInput[] = [];
  for (const m of membershipsWith(viewer, ...BUREAU_ROLES)) if (m.regionPath) or.push(...employmentsOfRegion(m.regionPath));
  const institutions = employingInstitutionsOf(viewer) ?? [];
  if (institutions.length) or.push({ institutionId: { in: institutions } });
  if (viewer.caregiverId) or.push({ caregiverId: viewer.caregiverId });
  return or.length ? { OR: or } : NOTHING;
}

/**
 * Employments that put a person within the viewer's contact reach: at an institution the viewer works
 * for, or at one in a bureau's region. Counted with the caregiver row (`_count`), so a page of people
 * costs no extra statement.
 */
function contactEmploymentWhere(viewer: Viewer): Prisma.EmploymentWhereInput {
  if (viewer?.kind !== 'user') return NOTHING;
  const or: Prisma.EmploymentWhereInput[] = [];
  const institutions = employingInstitutionsOf(viewer) ?? [];
  if (institutions.length) or.push({ institutionId: { in: institutions } });
  for (const m of membershipsWith(viewer, ...BUREAU_ROLES))
    if (m.regionPath) or.push({ institution: { region: { path: { startsWith: m.regionPath } } } });
  return or.length ? { OR: or } : NOTHING;
}

/** What `mayReadContact` needs of a caregiver row, for this viewer. */
export const contactReachSelect = (viewer: Viewer) =>
  ({
    id: true,
    region: { select: { path: true } },
    _count: { select: { employments: { where: contactEmploymentWhere(viewer) } } },
  }) as const;
type ContactReachRow = { id: string; region: { path: string }; _count: { employments: number } };

/**
 * Whether the viewer may read this person's contact details (phone) in full: the person, an institution
 * that employs or employed them, a bureau whose region they live or work in, and admins. Decided per
 * person by reach (as caregiverWhereFor decides rows), not by role: a bureau that reaches someone
 * through a relation it may read (the blacklist, every bureau's) does not thereby get their number.
 */
export function mayReadContact(viewer: Viewer, c: ContactReachRow): boolean {
  if (viewer?.kind !== 'user') return false;
  if (viewer.caregiverId === c.id || hasRole(viewer, 'ADMIN') || c._count.employments > 0) return true;
  return membershipsWith(viewer, ...BUREAU_ROLES).some((m) => m.regionPath !== null && c.region.path.startsWith(m.regionPath));
}

/** Institutions the viewer may record employment for. Admins: any (null). */
export function employingInstitutionsOf(viewer: Viewer): string[] | null {
  if (hasRole(viewer, 'ADMIN')) return null;
  return membershipsWith(viewer, 'INSTITUTION_STAFF').flatMap((m) => (m.organisationId ? [m.organisationId] : []));
}

/**
 * Caregivers whose full resident ID number the viewer may reveal (the legal need, decided for issue 16):
 * staff of an institution that employs them today, the HR bureau (reviewer, approver) of their region,
 * and admins. Colleges, providers, assessors, other bureaus and the person's own account see it masked.
 */
export function residentIdRevealWhereFor(viewer: Viewer, today: Date): Prisma.CaregiverWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  if (viewer?.kind !== 'user') return NOTHING;
  const or: Prisma.CaregiverWhereInput[] = [];
  for (const m of membershipsWith(viewer, 'HR_REVIEWER', 'HR_APPROVER')) if (m.regionPath) or.push(...caregiversOfRegion(m.regionPath));
  const institutions = employingInstitutionsOf(viewer) ?? [];
  if (institutions.length) {
    or.push({
      employments: {
        some: { institutionId: { in: institutions }, startDate: { lte: today }, OR: [{ endDate: null }, { endDate: { gte: today } }] },
      },
    });
  }
  return or.length ? { OR: or } : NOTHING;
}

/**
 * Caregivers whose holder photo (printed on certificates) the viewer may upload: the person themself,
 * staff of an institution that employs them today, and admins.
 */
export function photoWriteWhereFor(viewer: Viewer, today: Date): Prisma.CaregiverWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  if (viewer?.kind !== 'user') return NOTHING;
  const or: Prisma.CaregiverWhereInput[] = [];
  if (viewer.caregiverId) or.push({ id: viewer.caregiverId });
  const institutions = employingInstitutionsOf(viewer) ?? [];
  if (institutions.length)
    or.push({
      employments: {
        some: { institutionId: { in: institutions }, startDate: { lte: today }, OR: [{ endDate: null }, { endDate: { gte: today } }] },
      },
    });
  return or.length ? { OR: or } : NOTHING;
}
