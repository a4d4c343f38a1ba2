import type { Prisma } from '../../generated/prisma/client.ts';
import { hasRole, membershipsWith, tokenReach, type Viewer } from '../../graphql/viewer.ts';
import { caregiverWhereFor } from '../caregivers/caregivers.access.ts';

/**
 * Certificates a viewer may read: those of people they may see; a `certificates:read` token those
 * issued in, or held by people of, its region (all of them for a token without a region).
 */
export function certificateWhereFor(viewer: Viewer): Prisma.CertificateWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  if (viewer?.kind === 'token') {
    const reach = tokenReach(viewer, 'certificates:read');
    if (reach === 'all') return {};
    return reach.length
      ? {
          OR: reach.flatMap((path) => [
            { issuer: { region: { path: { startsWith: path } } } },
            { caregiver: { region: { path: { startsWith: path } } } },
          ]),
        }
      : { id: { in: [] } };
  }
  return { caregiver: caregiverWhereFor(viewer) };
}

/**
 * Certificates a signed-in user may print as PDF: those they may read (the holder, their employers,
 * bureaus of the region, admins), plus those their own assessment body issued. API tokens get
 * certificate data through `certificates`, not printable documents.
 */
export function certificatePrintWhereFor(viewer: Viewer): Prisma.CertificateWhereInput {
  if (viewer?.kind !== 'user') return { id: { in: [] } };
  const issuers = membershipsWith(viewer, 'ASSESSOR').flatMap((m) => (m.organisationId ? [m.organisationId] : []));
  return issuers.length ? { OR: [certificateWhereFor(viewer), { issuerId: { in: issuers } }] } : certificateWhereFor(viewer);
}

/** Applications a viewer may read: their own (or their staff's), or those for their assessment body's sessions. */
export function applicationWhereFor(viewer: Viewer): Prisma.LevelApplicationWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  const assessors = membershipsWith(viewer, 'ASSESSOR').flatMap((m) => (m.organisationId ? [m.organisationId] : []));
  return { OR: [{ caregiver: caregiverWhereFor(viewer) }, ...(assessors.length ? [{ session: { assessorId: { in: assessors } } }] : [])] };
}

/** Registrations a viewer may decide: admins any; the HR approver those of assessment bodies in its region's subtree. */
export function registrationDecisionWhereFor(viewer: Viewer): Prisma.AssessorRegistrationWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  const or = membershipsWith(viewer, 'HR_APPROVER').flatMap((m) =>
    m.regionPath ? [{ organisation: { region: { path: { startsWith: m.regionPath } } } }] : [],
  );
  return or.length ? { OR: or } : { id: { in: [] } };
}
