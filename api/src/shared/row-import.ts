import { z } from 'zod';
import type { Tx } from '../db/client.ts';
import type { Context } from '../graphql/context.ts';
import type { RosterImportKind } from '../generated/prisma/enums.ts';
import { englishFieldMessage } from '../graphql/error-messages.ts';
import type { ErrorParams } from '../graphql/errors.ts';
import { fieldIssueFromZod } from '../graphql/zod-issues.ts';

/**
 * Row imports: a file of rows (students of a directed class, attendance of a course) checked row by
 * row and written one row per transaction by a background job. The engine lives in the training
 * module; each kind of file is a `RowKind` owned by the module whose rows it writes, registered at the
 * composition root, so the engine knows no module that uses it.
 */

/**
 * A reason a row was refused: the `code` and `params` the portal words (in the page and in the report
 * it downloads), the English `message` for other systems. Reports stored before codes were kept have
 * only a message.
 */
export type RejectedRow = { row: number; column: string; value: string; code?: string; params?: ErrorParams; message: string };

/** One issue of a row: the row field it is about, a stable code and its parameters. */
export type RowIssue = { field: string; code: string; params: ErrorParams; message: string };

export const rowIssue = (field: string, code: string, params: ErrorParams = {}): RowIssue => ({
  field,
  code,
  params,
  message: englishFieldMessage(code, params),
});

/** zod's issues with a row as row issues (the first path element is the row field). */
export const rowIssuesFromZod = (issues: readonly z.core.$ZodIssue[]): RowIssue[] =>
  issues.map((issue) => {
    const { code, params, message } = fieldIssueFromZod(issue);
    return { field: String(issue.path[0] ?? 'row'), code: code ?? 'INVALID', params: params ?? {}, message };
  });

/** `params` as the GraphQL ErrorParam list. */
export const paramEntries = (params: ErrorParams | undefined) =>
  Object.entries(params ?? {}).map(([name, value]) => ({ name, value: String(value) }));

/**
 * Reasons kept per import: the first ones are what a person fixes the file with, and a 100,000-row file
 * of bad rows would otherwise store half a million reasons and answer a list query with megabytes.
 * How many rows were rejected is rows − imported − unchanged, whatever was kept.
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

/** A row refused for one reason, naming the row field it is about, by code and parameters. */
export class RowRejection extends Error {
  constructor(
    readonly field: string,
    readonly code: string,
    readonly params: ErrorParams = {},
  ) {
    super(englishFieldMessage(code, params));
  }
}

/** Where an import's rows go: the organisation that sent the file and, for students, their class. */
export type ImportTarget = { importId: string; organisationId: string; classId: string | null; createdById: string };
export type ParsedRow<T> = { ok: true; value: T; key: string } | { ok: false; issues: RowIssue[] };

/** What one kind of roster file holds and how one good row is written (idempotently: 'unchanged' when it is there already). */
export type RowKind<T> = {
  /** Header cell (Chinese or English, case-insensitive) → row field. */
  headers: Record<string, string>;
  required: string[];
  /** Fields whose values are resident ID numbers: masked in the report. */
  secret: string[];
  /** Who may send this kind of file and where its rows go; throws (not found, forbidden, field) when the viewer may not. */
  target(ctx: Context, input: { classId?: string | null }): Promise<{ organisationId: string; classId: string | null }>;
  parse(raw: Record<string, string>): ParsedRow<T>;
  write(tx: Tx, ctx: Pick<Context, 'viewer' | 'requestId'>, row: T, target: ImportTarget): Promise<'imported' | 'unchanged'>;
};

const kinds = new Map<RosterImportKind, RowKind<never>>();

export function registerRowKind<T>(kind: RosterImportKind, rows: RowKind<T>): void {
  kinds.set(kind, rows as RowKind<never>);
}

export function rowKind(kind: RosterImportKind): RowKind<never> {
  const rows = kinds.get(kind);
  // Registered at start-up by the composition root; missing means a kind was added to the enum only.
  if (!rows) throw new Error(`no row kind registered for ${kind}`);
  return rows;
}
