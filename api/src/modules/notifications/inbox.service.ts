import { prisma } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { notificationWhereFor } from './notifications.access.ts';
import type { TSmsOptInInput } from './notifications.schemas.ts';
import { secretBox } from './notification-secrets.ts';

/** Marks one of the viewer's notifications read; marking it again keeps the first time. */
export async function markNotificationRead(ctx: Context, id: string) {
  const found = await prisma.notification.findFirst({ where: { AND: [{ id }, notificationWhereFor(ctx.viewer)] }, select: { id: true } });
  if (!found) throw new NotFoundError('Notification');
  await prisma.notification.updateMany({ where: { id, readAt: null }, data: { readAt: new Date() } });
  return prisma.notification.findUniqueOrThrow({ where: { id } });
}

/** Marks every unread notification of the viewer read; answers how many. */
export async function markAllNotificationsRead(ctx: Context): Promise<number> {
  if (ctx.viewer?.kind !== 'user') throw new UnauthenticatedError();
  const { count } = await prisma.notification.updateMany({
    where: { userId: ctx.viewer.userId, readAt: null },
    data: { readAt: new Date() },
  });
  return count;
}

/**
 * A caregiver agrees to SMS notices at a mobile number (kept encrypted, shown masked). Personal
 * preference of the signed-in user, so it is not audited.
 */
export async function optInToSms(ctx: Context, input: TSmsOptInInput) {
  if (ctx.viewer?.kind !== 'user') throw new UnauthenticatedError();
  const box = secretBox();
  const data = { phoneCipher: box.encrypt(input.phone), phoneMasked: box.maskPhone(input.phone) };
  return prisma.smsSubscription.upsert({
    where: { userId: ctx.viewer.userId },
    create: { userId: ctx.viewer.userId, ...data },
    update: data,
  });
}

/** Withdraws the consent; the number is deleted. Answers whether there was one. */
export async function optOutOfSms(ctx: Context): Promise<boolean> {
  if (ctx.viewer?.kind !== 'user') throw new UnauthenticatedError();
  const { count } = await prisma.smsSubscription.deleteMany({ where: { userId: ctx.viewer.userId } });
  return count > 0;
}
