// Run in a child process: loads the API's HTTP pipeline (and, with --query, asks the database one
// question) and prints, per heavy library, how many of its files were loaded on the way.
import * as nodeModule from 'node:module';

const HEAVY = { pglite: /pglite/i, pdfkit: /\/pdfkit\//, qrcode: /\/qrcode\//, exceljs: /\/exceljs\//, zxcvbn: /@zxcvbn-ts/ };
const loaded = Object.fromEntries(Object.keys(HEAVY).map((k) => [k, 0]));
// Node 24's synchronous module hooks (the @types/node pinned here predate them).
(nodeModule as any).registerHooks({
  load(url: string, context: unknown, next: (url: string, context: unknown) => unknown) {
    for (const [name, pattern] of Object.entries(HEAVY)) if (pattern.test(url)) loaded[name]! += 1;
    return next(url, context);
  },
});
const { prisma } = await import('../../api/src/db/client.ts');
await import('../../api/src/app/yoga.ts');
if (process.argv.includes('--query')) await prisma.$queryRaw`SELECT 1`;
console.log(`loaded=${JSON.stringify(loaded)}`);
process.exit(0);
