import type { z } from 'zod';
import { prisma, type Tx } from '../db/client.ts';
import { logger } from '../logger.ts';
import type { JobDefinition } from './define-job.ts';
import { runHere } from './in-process.ts';
import { addToQueue, usesQueue } from './queue.ts';

const BATCH = 50;

/**
 * Writes the job's outbox row inside the caller's transaction, so the job exists exactly when the data
 * it acts on does. The key names the work: staging the same key again returns the existing row, even
 * a finished one. Call `kickOutbox()` once the transaction has committed.
 */
export async function stageJob<S extends z.ZodType>(
  tx: Tx,
  def: JobDefinition<S>,
  payload: z.input<S>,
  opts: { key: string; createdById?: string | null },
) {
  // The parsed value is stored, so keys the schema does not name (a whole entity passed by mistake) are dropped.
  const parsed = def.payload.parse(payload);
  // The runner reads the payload back from JSON; a Date or a transform that does not survive the trip
  // would fail every attempt later, so it fails here, in the caller's transaction.
  const stored = JSON.parse(JSON.stringify(parsed));
  if (!def.payload.safeParse(stored).success) throw new Error(`payload of ${def.name} does not survive JSON; keep it to plain ids`);
  return tx.backgroundJob.upsert({
    where: { key: opts.key },
    create: { name: def.name, key: opts.key, payload: stored, createdById: opts.createdById ?? null },
    // A no-op update, not `{}`: only then does Prisma send one INSERT ... ON CONFLICT DO UPDATE. With an
    // empty update it selects, then inserts, and two transactions staging one key at once fail on the
    // unique index, rolling back the caller's work with them.
    update: { key: opts.key },
  });
}

let open = true;
let running: Promise<unknown> = Promise.resolve();
const queued = new Map<boolean, Promise<number>>();

async function drainPass(inProcess: boolean): Promise<number> {
  let taken = 0;
  while (open) {
    const rows = await prisma.backgroundJob.findMany({
      where: { status: 'PENDING', enqueuedAt: null },
      orderBy: { createdAt: 'asc' },
      take: BATCH,
      select: { id: true, name: true },
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      if (!open) break;
      // Claim first, so drains in two processes never hand the same row over twice.
      const claimed = await prisma.backgroundJob.updateMany({
        where: { id: row.id, status: 'PENDING', enqueuedAt: null },
        data: { enqueuedAt: new Date() },
      });
      if (claimed.count === 0) continue;
      taken++;
      if (inProcess) {
        await runHere(row.id);
      } else {
        await addToQueue(row).catch(async (error: unknown) => {
          // Back into the outbox, so the next drain retries it instead of the reconciler a minute later.
          await prisma.backgroundJob.update({ where: { id: row.id }, data: { enqueuedAt: null } });
          throw error;
        });
      }
    }
  }
  return taken;
}

/**
 * Hands committed rows not yet handed over to the queue or, in process (the default without Redis),
 * runs them here one at a time. Resolves with how many rows it took, after a pass that started after
 * the call, so everything committed before it is covered. Passes never overlap; calls made while one
 * waits to start share it.
 */
export function drainOutbox(opts: { inProcess?: boolean } = {}): Promise<number> {
  const inProcess = opts.inProcess ?? !usesQueue();
  let pass = queued.get(inProcess);
  if (!pass) {
    pass = running.then(() => {
      queued.delete(inProcess);
      return drainPass(inProcess);
    });
    queued.set(inProcess, pass);
    running = pass.catch(() => undefined);
  }
  return pass;
}

/** Call after a transaction that staged jobs commits. Fire and forget: a failed drain is retried by the periodic one. */
export function kickOutbox(opts: { inProcess?: boolean } = {}): void {
  setImmediate(() => {
    drainOutbox(opts).catch((error: unknown) => logger.error({ err: error }, 'outbox drain failed'));
  });
}

/** Lets drains take rows again after `closeOutbox`. */
export function openOutbox(): void {
  open = true;
}

/** Stops drains taking rows and waits for the pass in hand (and its job, in process) to finish. */
export async function closeOutbox(): Promise<void> {
  open = false;
  await running;
}
