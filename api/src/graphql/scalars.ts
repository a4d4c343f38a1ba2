import { GraphQLError, Kind } from 'graphql';
import { builder } from './builder.ts';

/**
 * No day CareCert records (a birth, a contract, a course, a payment) lies outside these years. Outside
 * them a value is a typo or a probe, and year 0 or 275760 would only fail later, in PostgreSQL or in
 * arithmetic, as an internal error.
 */
export const DATE_RANGE = { minYear: 1900, maxYear: 2200 } as const;

function inRange(d: Date, value: string): Date {
  const year = d.getUTCFullYear();
  if (year < DATE_RANGE.minYear || year > DATE_RANGE.maxYear) {
    throw new GraphQLError(`Date out of range (years ${DATE_RANGE.minYear} to ${DATE_RANGE.maxYear}): ${value}`, {
      extensions: { code: 'DATE_OUT_OF_RANGE', params: { ...DATE_RANGE } },
    });
  }
  return d;
}

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string') throw new GraphQLError('DateTime must be an ISO-8601 string');
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new GraphQLError(`Invalid DateTime: ${value}`);
  return inRange(d, value);
}

builder.scalarType('DateTime', {
  description: 'An instant, ISO-8601 in UTC (e.g. 2026-11-22T03:04:05.000Z).',
  serialize: (d) => d.toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : null),
});

function parseDate(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new GraphQLError('Date must be YYYY-MM-DD');
  }
  const d = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw new GraphQLError(`Invalid Date: ${value}`);
  return inRange(d, value);
}

builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (d) => d.toISOString().slice(0, 10),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : null),
});

builder.scalarType('JSON', {
  description: 'Arbitrary JSON.',
  serialize: (v) => v,
  parseValue: (v) => v,
});
