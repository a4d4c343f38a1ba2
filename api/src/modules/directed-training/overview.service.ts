import { prisma } from '../../db/client.ts';
import type { Viewer } from '../../graphql/viewer.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { classWhereFor } from './directed-training.access.ts';
import type { OverviewRow } from './directed-training.types.ts';

/**
 * Directed-training figures by college and cohort for the classes the viewer sees (optionally within
 * a region): three grouped statements whatever the number of classes.
 */
export async function directedTrainingOverview(viewer: Viewer, regionPath: string | null): Promise<OverviewRow[]> {
  const where: Prisma.DirectedClassWhereInput = {
    AND: [classWhereFor(viewer), regionPath ? { sponsorRegion: { path: { startsWith: regionPath } } } : {}],
  };
  const classes = await prisma.directedClass.findMany({
    where,
    select: { id: true, cohortYear: true, quota: true, studentCount: true, college: { select: { name: true } } },
  });
  const ids = classes.map((c) => c.id);
  const [students, breaches] = await Promise.all([
    prisma.directedStudent.groupBy({ by: ['classId', 'status'], where: { classId: { in: ids } }, _count: { _all: true } }),
    prisma.directedBreach.findMany({
      where: { student: { classId: { in: ids } } },
      select: { amountDueFen: true, repaidFen: true, student: { select: { classId: true, graduatedOn: true, placementId: true } } },
    }),
  ]);
  const rows = new Map<string, OverviewRow>();
  const classKey = new Map<string, string>();
  for (const c of classes) {
    const key = `${c.college.name}/${c.cohortYear}`;
    classKey.set(c.id, key);
    const row = rows.get(key) ?? {
      collegeName: c.college.name,
      cohortYear: c.cohortYear,
      classes: 0,
      quota: 0,
      enrolled: 0,
      graduated: 0,
      placed: 0,
      serving: 0,
      fulfilled: 0,
      breached: 0,
      dueFen: 0,
      repaidFen: 0,
    };
    row.classes++;
    row.quota += c.quota;
    row.enrolled += c.studentCount;
    rows.set(key, row);
  }
  for (const g of students) {
    const row = rows.get(classKey.get(g.classId)!)!;
    const n = g._count._all;
    if (g.status === 'GRADUATED' || g.status === 'PLACED' || g.status === 'SERVING' || g.status === 'FULFILLED') row.graduated += n;
    if (g.status === 'PLACED' || g.status === 'SERVING' || g.status === 'FULFILLED') row.placed += n;
    if (g.status === 'SERVING') row.serving += n;
    if (g.status === 'FULFILLED') row.fulfilled += n;
    if (g.status === 'BREACHED') row.breached += n;
  }
  // A breached student still counts as graduated or placed when they got that far.
  for (const b of breaches) {
    const row = rows.get(classKey.get(b.student.classId)!)!;
    if (b.student.graduatedOn) row.graduated++;
    if (b.student.placementId) row.placed++;
    row.dueFen += b.amountDueFen;
    row.repaidFen += b.repaidFen;
  }
  return [...rows.values()].sort((a, b) => a.collegeName.localeCompare(b.collegeName, 'zh') || b.cohortYear - a.cohortYear);
}
