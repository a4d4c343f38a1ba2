import type { Prisma } from '../../generated/prisma/client.ts';
import { NOTHING } from '../../shared/access.ts';
import { hasRole, membershipsWith, type Viewer } from '../../graphql/viewer.ts';
import { trainingRegions } from '../training/training.access.ts';

/** Colleges the viewer works for (admins: null, any). */
export function collegesOf(viewer: Viewer): string[] | null {
  if (hasRole(viewer, 'ADMIN')) return null;
  return membershipsWith(viewer, 'COLLEGE_STAFF').flatMap((m) => (m.organisationId ? [m.organisationId] : []));
}

/** Classes: a college its own; bureaus and `training:read` tokens those sponsored within their region. */
export function classWhereFor(viewer: Viewer): Prisma.DirectedClassWhereInput {
  const regions = trainingRegions(viewer);
  if (regions === 'all') return {};
  const or: Prisma.DirectedClassWhereInput[] = regions.map((path) => ({ sponsorRegion: { path: { startsWith: path } } }));
  const colleges = collegesOf(viewer) ?? [];
  if (colleges.length) or.push({ collegeId: { in: colleges } });
  return or.length ? { OR: or } : NOTHING;
}

/** Students: those of classes the viewer sees (never for tokens: they read figures), and a person's own. */
export function studentWhereFor(viewer: Viewer): Prisma.DirectedStudentWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  if (viewer?.kind !== 'user') return NOTHING;
  const or: Prisma.DirectedStudentWhereInput[] = [{ class: classWhereFor(viewer) }];
  if (viewer.caregiverId) or.push({ caregiverId: viewer.caregiverId });
  return { OR: or };
}

/** Whether the viewer may act for a class: its college's staff, or (breaches, repayments) the sponsoring region's HR bureau. */
export function mayManageClass(viewer: Viewer, cls: { collegeId: string; sponsorRegionPath: string }, bureauToo: boolean): boolean {
  const colleges = collegesOf(viewer);
  if (colleges === null || colleges.includes(cls.collegeId)) return true;
  return (
    bureauToo &&
    membershipsWith(viewer, 'HR_REVIEWER', 'HR_APPROVER').some(
      (m) => m.regionPath !== null && cls.sponsorRegionPath.startsWith(m.regionPath),
    )
  );
}
