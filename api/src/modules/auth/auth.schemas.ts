import { z } from 'zod';
import { API_TOKEN_MAX_DAYS, API_TOKEN_SCOPES, PASSWORD_MIN_LENGTH } from './auth.policy.ts';
import { PASSWORD_MIN_SCORE, passwordScore } from './password-strength.ts';

export const ZLoginInput = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type TLoginInput = z.infer<typeof ZLoginInput>;

export const ZNewPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(256)
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), 'must contain letters and digits')
  .refine((p) => passwordScore(p) >= PASSWORD_MIN_SCORE, {
    message: 'is too common or too easy to guess',
    params: { code: 'PASSWORD_TOO_COMMON', minScore: PASSWORD_MIN_SCORE },
  });

export const ZChangePasswordInput = z.object({
  currentPassword: z.string().min(1),
  newPassword: ZNewPassword,
});
export type TChangePasswordInput = z.infer<typeof ZChangePasswordInput>;

export const ZCreateApiTokenInput = z.object({
  name: z.string().trim().min(2).max(100),
  scopes: z.array(z.enum(API_TOKEN_SCOPES)).min(1, 'at least one scope'),
  expiresInDays: z.number().int().min(1).max(API_TOKEN_MAX_DAYS),
  /** Limits the token to a region's subtree (subsidy and payment status); omitted = every region. */
  regionCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be a 6-digit region code')
    .nullish(),
});
export type TCreateApiTokenInput = z.infer<typeof ZCreateApiTokenInput>;

import { Role } from '../../generated/prisma/enums.ts';
import { zGlobalId } from '../../graphql/global-id.ts';

const ZRegionCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'must be a 6-digit region code');

export const ZMembershipInput = z.object({
  role: z.enum(Role),
  /** Staff roles: the organisation they work for. */
  organisationId: zGlobalId('Organisation').nullish(),
  /** Bureau roles: the region whose subtree they work on. */
  regionCode: ZRegionCode.nullish(),
});
export type TMembershipInput = z.infer<typeof ZMembershipInput>;

const ZMemberships = z.array(ZMembershipInput).min(1, 'give at least one role').max(10);

export const ZCreateUserInput = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .refine((u) => /^[a-z0-9][a-z0-9._-]{2,63}$/.test(u), {
      message: '3-64 letters, digits, dots, dashes or underscores',
      params: { code: 'USERNAME_FORMAT' },
    }),
  displayName: z.string().trim().min(2).max(100),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  memberships: ZMemberships,
});
export type TCreateUserInput = z.infer<typeof ZCreateUserInput>;

export const ZSetUserMembershipsInput = z.object({
  userId: zGlobalId('User'),
  memberships: ZMemberships,
});
export type TSetUserMembershipsInput = z.infer<typeof ZSetUserMembershipsInput>;

export const ZUserSearch = z.string().trim().max(64);
