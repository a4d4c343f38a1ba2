import { decodeGlobalID } from '@pothos/plugin-relay';
import { prisma } from '../../api/src/db/client.ts';
import { runJob } from '../../api/src/jobs/runner.ts';

/**
 * Runs a job staged by a mutation here, as a worker would (tests have no worker; the queue only holds it),
 * and answers its row. `again` first puts a finished row back to PENDING: a second delivery of the same
 * job, as at-least-once delivery allows, reaches the handler instead of the runner's finished-row guard.
 */
export async function runStagedJob(jobGlobalId: string, opts: { again?: boolean } = {}) {
  const { id } = decodeGlobalID(jobGlobalId);
  if (opts.again) await prisma.backgroundJob.update({ where: { id }, data: { status: 'PENDING', finishedAt: null } });
  await runJob(id, { final: true });
  return prisma.backgroundJob.findUniqueOrThrow({ where: { id } });
}
