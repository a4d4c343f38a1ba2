import type { Prisma } from '../../generated/prisma/client.ts';
import { hasRole, type Viewer } from '../../graphql/viewer.ts';

/** A job is visible to whoever started it, and to admins. */
export function jobWhereFor(viewer: Viewer): Prisma.BackgroundJobWhereInput {
  if (hasRole(viewer, 'ADMIN')) return {};
  return viewer?.kind === 'user' ? { createdById: viewer.userId } : { id: { in: [] } };
}
