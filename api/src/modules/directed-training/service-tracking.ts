import { prisma, type Tx } from '../../db/client.ts';
import { monthEnd, monthStart } from '../../shared/china-time.ts';
import type { Context } from '../../graphql/context.ts';
import { recordAudit } from '../audit/audit.service.ts';

import { serviceOwedMonths } from './repayment.ts';

/**
 * Counts a placed graduate's service: distinct months with social insurance paid at any care
 * institution in the sponsoring region since the placement began (moving between homes there still
 * counts). One month makes them SERVING; the years owed make them FULFILLED on the last day of the
 * month that completed it. Safe to repeat: it only ever writes what the months say.
 */
export async function countService(tx: Tx, ctx: Pick<Context, 'viewer' | 'requestId'>, studentId: string) {
  const s = await tx.directedStudent.findUniqueOrThrow({
    where: { id: studentId },
    select: {
      id: true,
      status: true,
      caregiverId: true,
      servedMonths: true,
      placement: { select: { startDate: true } },
      class: { select: { serviceYears: true, sponsorRegion: { select: { path: true } } } },
    },
  });
  if (!s.placement || (s.status !== 'PLACED' && s.status !== 'SERVING')) return s;
  const from = monthStart(s.placement.startDate);
  const months = await tx.employmentMonth.findMany({
    where: {
      socialInsurancePaid: true,
      month: { gte: from },
      employment: { caregiverId: s.caregiverId, institution: { region: { path: { startsWith: s.class.sponsorRegion.path } } } },
    },
    select: { month: true },
    distinct: ['month'],
    orderBy: { month: 'asc' },
  });
  const owed = serviceOwedMonths(s.class.serviceYears);
  const status = months.length >= owed ? 'FULFILLED' : months.length > 0 ? 'SERVING' : 'PLACED';
  const fulfilledOn = status === 'FULFILLED' ? monthEnd(months[owed - 1]!.month) : null;
  const after = await tx.directedStudent.update({
    where: { id: s.id },
    data: { servedMonths: months.length, serviceCountedAt: new Date(), status, fulfilledOn },
  });
  if (status !== s.status)
    await recordAudit(tx, ctx, {
      action: 'directed.service',
      entityType: 'DirectedStudent',
      entityId: s.id,
      before: { status: s.status, servedMonths: s.servedMonths },
      after: { status, servedMonths: months.length, fulfilledOn },
    });
  return after;
}

const CHUNK = 100;

/** Recounts every placed or serving graduate (the daily job); returns how many were counted. */
export async function followAllService(label: string): Promise<number> {
  const ctx = { viewer: null, requestId: label };
  let cursor: string | undefined;
  let counted = 0;
  for (;;) {
    const batch = await prisma.directedStudent.findMany({
      where: { status: { in: ['PLACED', 'SERVING'] } },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: CHUNK,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (!batch.length) return counted;
    for (const { id } of batch) await prisma.$transaction((tx) => countService(tx, ctx, id));
    counted += batch.length;
    cursor = batch.at(-1)!.id;
  }
}
