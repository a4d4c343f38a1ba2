import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import { defineJob } from '../../jobs/define-job.ts';
import { SESSION_IDLE_TIMEOUT_MS, THROTTLE_WINDOW_MS } from './auth.policy.ts';

/** Deletes sessions past their absolute or idle expiry and throttle counters that no longer lock anyone. */
export const purgeExpiredSessions = defineJob({
  name: 'sessions.purgeExpired',
  payload: z.object({}),
  // Hourly.
  schedule: (now) => ({ period: now.toISOString().slice(0, 13), payload: {} }),
  handler: async () => {
    const now = Date.now();
    const sessions = await prisma.session.deleteMany({
      where: { OR: [{ expiresAt: { lte: new Date(now) } }, { lastActiveAt: { lte: new Date(now - SESSION_IDLE_TIMEOUT_MS) } }] },
    });
    const throttles = await prisma.loginThrottle.deleteMany({
      where: {
        windowStart: { lte: new Date(now - THROTTLE_WINDOW_MS) },
        OR: [{ lockedUntil: null }, { lockedUntil: { lte: new Date(now) } }],
      },
    });
    return { sessions: sessions.count, throttles: throttles.count };
  },
});
