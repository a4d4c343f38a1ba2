import { prisma } from '../../db/client.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import type { Context } from '../../graphql/context.ts';
import { NotFoundError } from '../../graphql/errors.ts';
import { kickOutbox } from '../../jobs/outbox.ts';
import { jobQueue, usesQueue } from '../../jobs/queue.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { JobNotFailedError } from './background-jobs.errors.ts';

/**
 * Runs a failed job again from the start. The row goes back to the outbox; the next drain hands it to
 * the queue under the same id. BullMQ keeps a failed job's id for seven days, and adding an id it
 * still holds does nothing, so the old queue entry is removed first. Two retries at once: the row
 * changes once, the second is told the job is no longer failed.
 */
export async function retryBackgroundJob(ctx: Context, id: string) {
  const job = await prisma.backgroundJob.findUnique({ where: { id }, select: { id: true, status: true } });
  if (!job) throw new NotFoundError('BackgroundJob');
  if (job.status !== 'FAILED') throw new JobNotFailedError(job.status);
  if (usesQueue()) await jobQueue().remove(id);
  const retried = await prisma.$transaction(async (tx) => {
    const { count } = await tx.backgroundJob.updateMany({
      where: { id, status: 'FAILED' },
      data: {
        status: 'PENDING',
        enqueuedAt: null,
        progress: 0,
        total: null,
        error: null,
        errorCode: null,
        errorParams: Prisma.DbNull,
        result: Prisma.DbNull,
        startedAt: null,
        finishedAt: null,
      },
    });
    if (count === 0) {
      const now = await tx.backgroundJob.findUniqueOrThrow({ where: { id }, select: { status: true } });
      throw new JobNotFailedError(now.status);
    }
    await recordAudit(tx, ctx, {
      action: 'job.retry',
      entityType: 'BackgroundJob',
      entityId: id,
      before: { status: 'FAILED' },
      after: { status: 'PENDING' },
    });
    return tx.backgroundJob.findUniqueOrThrow({ where: { id } });
  });
  kickOutbox();
  return retried;
}
