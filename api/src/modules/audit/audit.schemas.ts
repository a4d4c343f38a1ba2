import { z } from 'zod';

/** Filters of the audit log search; every one optional, combined with AND (a range ending before it starts finds nothing). */
export const ZAuditSearch = z.object({
  /** Username or display name (part of it) of the user who acted. */
  actor: z.string().trim().max(64).nullish(),
  entityType: z.string().trim().max(64).nullish(),
  entityId: z.string().trim().max(64).nullish(),
  /** An action or the start of one: `blacklist` matches `blacklist.add` and `blacklist.lift`. */
  action: z.string().trim().max(64).nullish(),
  /** First and last day (China time), both included. */
  from: z.date().nullish(),
  to: z.date().nullish(),
});
export type TAuditSearch = z.infer<typeof ZAuditSearch>;
