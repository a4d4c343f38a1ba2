import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { EVENT_CODES } from './notification-codes.ts';

export const ZSmsOptInInput = z.object({
  phone: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mainland mobile number'),
});
export type TSmsOptInInput = z.infer<typeof ZSmsOptInInput>;

export const ZRegisterWebhookInput = z.object({
  url: z
    .string()
    .trim()
    .url('must be an http(s) address')
    .max(500)
    .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) address'),
  description: z.string().trim().max(200).nullish(),
  /** The ApiToken's global id (its ids are random strings, not UUIDs). */
  apiTokenId: z.string().transform((value, ctx) => {
    try {
      const decoded = decodeGlobalID(value);
      if (decoded.typename === 'ApiToken' && /^[A-Za-z0-9_-]{1,64}$/.test(decoded.id)) return decoded.id;
    } catch {
      // not a global id; reported below
    }
    ctx.addIssue({ code: 'custom', message: 'must be an ApiToken ID' });
    return z.NEVER;
  }),
  eventCodes: z.array(z.enum(EVENT_CODES)).max(EVENT_CODES.length).default([]),
});
export type TRegisterWebhookInput = z.infer<typeof ZRegisterWebhookInput>;
