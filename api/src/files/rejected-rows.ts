import { z } from 'zod';

/**
 * Reasons kept per import: the first ones are what a person fixes the file with, and a 100,000-row file
 * of bad rows would otherwise store half a million reasons and answer a list query with megabytes.
 * Every import counts its rejected rows separately, whatever was kept.
 */
export const REJECTED_ROWS_KEPT = 1000;

/** Arguments of a `rejectedRows` field: a page of the kept reasons (100 by default). */
export const rejectedRowsPage = {
  offset: z.number().int().min(0).max(REJECTED_ROWS_KEPT),
  first: z.number().int().min(1).max(REJECTED_ROWS_KEPT),
};

/** The page `offset`, `first` of stored reasons (a JSON column, null before the import has run). */
export const pageOf = <T>(stored: unknown, offset: number | null | undefined, first: number | null | undefined): T[] =>
  ((stored as T[] | null) ?? []).slice(offset ?? 0, (offset ?? 0) + (first ?? 100));
