import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

/**
 * The repository root: the nearest folder above this module holding prisma/schema/ (the Prisma schema, one file per domain). The same
 * walk works from api/src (tsx), api/dist/api/src (compiled) and /app/api/dist/api/src (the image,
 * which copies prisma/ to /app), so no caller counts folders.
 */
export function repoRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'prisma', 'schema', 'main.prisma'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('prisma/schema/main.prisma not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return (root = dir);
}

/** Every file the API reads at run time, by its place in the repository (and so in the image). */
export const runtimePaths = {
  /** The folder of the Prisma schema's files. */
  prismaSchema: () => join(repoRoot(), 'prisma', 'schema'),
  migrations: () => join(repoRoot(), 'prisma', 'migrations'),
  /** The portal's operations by hash, written by `pnpm persisted:print`. */
  persistedOperations: () => join(repoRoot(), 'api', 'persisted-operations.json'),
  graphqlSchema: () => join(repoRoot(), 'api', 'schema.graphql'),
  /** The built portal that `pnpm start` serves beside the API. */
  webBuild: () => join(repoRoot(), 'web', 'build', 'index.js'),
};
