import { readFileSync, writeFileSync } from 'node:fs';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './schema.ts';
import { runtimePaths } from '../config/paths.ts';

// `api/schema.graphql` is committed so clients and reviewers see the contract; CI runs `--check`.
const file = runtimePaths.graphqlSchema();
const printed = `${printSchema(lexicographicSortSchema(schema))}\n`;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== printed) {
    console.error('api/schema.graphql is stale: run `pnpm schema:print` and commit it.');
    process.exit(1);
  }
  console.log('api/schema.graphql is up to date.');
} else {
  writeFileSync(file, printed);
  console.log('Wrote api/schema.graphql');
}
