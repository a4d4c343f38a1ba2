import { prisma } from '../db/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { DomainError } from '../graphql/errors.ts';
import { logger } from '../logger.ts';
import { jobDefinition } from './registry.ts';

/** The row names a job this process does not know: a typo, or a worker older than the API that staged it. */
class UnknownJobError extends DomainError {
  override readonly code: string = 'UNKNOWN_JOB';
  constructor(name: string) {
    super({ name });
  }
}

/**
 * What the row (and so the portal) says about a failure: only expected failures keep their own message;
 * anything else may carry internals or personal data, so it goes to the log alone.
 */
export const safeJobError = (error: unknown): string =>
  error instanceof DomainError ? error.message : 'The job failed; see the worker log.';

/** The code and parameters of an expected failure, for the portal to word; nothing for any other error. */
const jobErrorCode = (error: unknown) =>
  error instanceof DomainError ? { errorCode: error.code, errorParams: error.params } : { errorCode: null, errorParams: Prisma.DbNull };

/**
 * Runs one job row. A row already finished is left alone, so a job delivered twice has no second
 * effect; `final` marks the last attempt, after which a failure is recorded as FAILED. Throws when the
 * attempt fails, so the caller can retry.
 */
export async function runJob(id: string, { final }: { final: boolean }): Promise<void> {
  const row = await prisma.backgroundJob.findUnique({ where: { id }, select: { name: true, payload: true, status: true } });
  if (!row || row.status === 'COMPLETED' || row.status === 'FAILED') return;
  const log = logger.child({ jobId: id, job: row.name });
  await prisma.backgroundJob.update({ where: { id }, data: { status: 'RUNNING', attempts: { increment: 1 }, startedAt: new Date() } });
  try {
    const def = jobDefinition(row.name);
    if (!def) throw new UnknownJobError(row.name);
    const result = await def.handler(def.payload.parse(row.payload), {
      jobId: id,
      logger: log,
      final,
      reportProgress: async (done, total) => {
        await prisma.backgroundJob.update({ where: { id }, data: { progress: done, total } });
      },
    });
    await prisma.backgroundJob.update({
      where: { id },
      data: {
        status: 'COMPLETED',
        result: result ?? Prisma.DbNull,
        error: null,
        errorCode: null,
        errorParams: Prisma.DbNull,
        finishedAt: new Date(),
      },
    });
    log.info('job completed');
  } catch (error) {
    log.error({ err: error, final }, 'job attempt failed');
    await prisma.backgroundJob.update({
      where: { id },
      data: {
        error: safeJobError(error),
        ...jobErrorCode(error),
        ...(final ? { status: 'FAILED', finishedAt: new Date() } : { status: 'PENDING' }),
      },
    });
    throw error;
  }
}
