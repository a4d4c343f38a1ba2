import type { Prisma } from '../../generated/prisma/client.ts';
import { NOTHING } from '../../shared/access.ts';
import type { Viewer } from '../../graphql/viewer.ts';

/** A user's inbox is theirs alone, to read and to mark; API tokens have none. */
export function notificationWhereFor(viewer: Viewer): Prisma.NotificationWhereInput {
  return viewer?.kind === 'user' ? { userId: viewer.userId } : NOTHING;
}
