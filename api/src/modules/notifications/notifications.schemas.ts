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
  eventCodes: z.array(z.enum(EVENT_CODES)).max(EVENT_CODES.length).default([]),
  regionCode: z
    .string()
    .regex(/^\d{6}$/, 'must be a 6-digit region code')
    .nullish(),
});
export type TRegisterWebhookInput = z.infer<typeof ZRegisterWebhookInput>;
