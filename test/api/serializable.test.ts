import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { BusyError, runSerializable } from '../../api/src/db/serializable.ts';

// A read-then-write that is only correct one at a time: without SERIALIZABLE two runs would both
// read n and both write n + 1.
const increment = (key: string, attempts?: number) =>
  runSerializable(
    async (tx) => {
      const row = await tx.loginThrottle.findUniqueOrThrow({ where: { key } });
      await new Promise((r) => setTimeout(r, 30));
      await tx.loginThrottle.update({ where: { key }, data: { failures: row.failures + 1 } });
    },
    attempts === undefined ? {} : { maxAttempts: attempts },
  );

async function counter() {
  const key = `test:${randomUUID()}`;
  await prisma.loginThrottle.create({ data: { key, failures: 0, windowStart: new Date() } });
  return key;
}

describe('serializable transactions', () => {
  it('retries conflicts so that concurrent read-modify-writes all count', async () => {
    const key = await counter();
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => increment(key, 10)));
    const done = results.filter((r) => r.status === 'fulfilled').length;
    const row = await prisma.loginThrottle.findUniqueOrThrow({ where: { key } });
    // Every success is counted exactly once; a run that gave up left nothing behind.
    expect(row.failures).toBe(done);
    expect(done).toBe(4);
  });

  it('gives up after the bound with a typed error and writes nothing for the loser', async () => {
    const key = await counter();
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => increment(key, 1)));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) expect(f.reason).toBeInstanceOf(BusyError);
    const row = await prisma.loginThrottle.findUniqueOrThrow({ where: { key } });
    expect(row.failures).toBe(4 - failures.length);
  });
});
