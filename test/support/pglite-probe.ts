// Run in a child process: loads the API's HTTP pipeline (and, with --query, asks the database one
// question) and prints how many PGlite files were loaded on the way.
import * as nodeModule from 'node:module';

const loaded: string[] = [];
// Node 24's synchronous module hooks (the @types/node pinned here predate them).
(nodeModule as any).registerHooks({
  load(url: string, context: unknown, next: (url: string, context: unknown) => unknown) {
    if (/pglite/i.test(url)) loaded.push(url);
    return next(url, context);
  },
});
const { prisma } = await import('../../api/src/db/client.ts');
await import('../../api/src/app/yoga.ts');
if (process.argv.includes('--query')) await prisma.$queryRaw`SELECT 1`;
console.log(`pglite-files=${loaded.length}`);
process.exit(0);
