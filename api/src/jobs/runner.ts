import { prisma } from '../db/client.ts';
import { logger } from '../logger.ts';
import { DomainError } from '../graphql/errors.ts';
import { jobDefinition } from './registry.ts';

// Only expected failures keep their message on the row (it is shown in the portal); anything else
// is logged in full and stored generically.
const safeMessage = (error: unknown) => (error instanceof DomainError ? error.message : 'The job failed; see the worker log.');

/**
 * Runs one job row. A row already finished is left alone, so a job delivered twice has no second
 * effect; `final` marks the last attempt, after which a failure is recorded as FAILED.
 */
export async function runJob(id: string, { final }: { final: boolean }): Promise<void> {
  const row = await prisma.backgroundJob.findUnique({ where: { id } });
  if (!row || row.status === 'COMPLETED' || row.status === 'FAILED') return;
  const log = logger.child({ jobId: id, job: row.name });
  const def = jobDefinition(row.name);
  if (!def) {
    await prisma.backgroundJob.update({ where: { id }, data: { status: 'FAILED', error: `Unknown job ${row.name}`, finishedAt: new Date() } });
    return;
  }
  await prisma.backgroundJob.update({ where: { id }, data: { status: 'RUNNING', attempts: { increment: 1 }, startedAt: new Date() } });
  try {
    const payload = def.payload.parse(row.payload);
    const result = await def.handler(payload, {
      jobId: id,
      logger: log,
      reportProgress: async (done, total) => {
        await prisma.backgroundJob.update({ where: { id }, data: { progress: done, total } });
      },
    });
    await prisma.backgroundJob.updateMany({
      where: { id, status: 'RUNNING' },
      data: { status: 'COMPLETED', result: (result ?? null) as never, error: null, finishedAt: new Date() },
    });
    log.info('job completed');
  } catch (error) {
    log.error({ err: error, final }, 'job attempt failed');
    await prisma.backgroundJob.update({
      where: { id },
      data: { error: safeMessage(error), ...(final ? { status: 'FAILED', finishedAt: new Date() } : { status: 'PENDING' }) },
    });
    throw error;
  }
}
