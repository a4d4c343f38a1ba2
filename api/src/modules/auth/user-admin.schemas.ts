import { z } from 'zod';
import { zGlobalId } from '../../graphql/global-id.ts';
import { Role } from '../../generated/prisma/enums.ts';

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
