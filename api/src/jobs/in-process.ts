import { runJob } from './runner.ts';

const ATTEMPTS = 3;
const FIRST_RETRY_MS = 1000;

// Rows this process is running now. The in-process reconciler must not mistake a long job for a lost one.
const inHand = new Set<string>();

export const runningHere = (id: string): boolean => inHand.has(id);

/** Runs a claimed row in this process, with the retries and backoff a queue would give it. */
export async function runHere(id: string): Promise<void> {
  inHand.add(id);
  try {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        await runJob(id, { final: attempt === ATTEMPTS });
        return;
      } catch {
        // runJob has logged the failure and recorded it on the row.
        if (attempt < ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, FIRST_RETRY_MS * 2 ** (attempt - 1)));
      }
    }
  } finally {
    inHand.delete(id);
  }
}
