import { getDatamodel } from '../generated/pothos-types.ts';

/**
 * Prisma `where` inputs compiled to SQL, so a read that builds its answer in one hand-shaped statement
 * (graphql/json-read.ts) filters rows by the very objects the general path hands to Prisma
 * (`caregiverWhereFor`, `certificateWhereFor`, `enrolmentWhereFor` …): an access rule is written once.
 *
 * Only the operators the row filters and list arguments use are compiled; anything else throws
 * `UnsupportedQuery`, and the caller answers through Prisma instead. Tables and columns are named as
 * the models and fields (the schema maps none), and every relation references `id`.
 */
export class UnsupportedQuery extends Error {}

type Field = {
  name: string;
  kind: 'scalar' | 'enum' | 'object';
  type: string;
  isList: boolean;
  isRequired: boolean;
  relationName?: string;
  relationFromFields?: string[];
};
export type Model = { name: string; fields: Map<string, Field> };

const models = new Map<string, Model>(
  Object.entries(getDatamodel().datamodel.models).map(([name, m]) => [
    name,
    { name, fields: new Map((m.fields as unknown as Field[]).map((f) => [f.name, f])) },
  ]),
);

export function modelOf(name: string): Model {
  const model = models.get(name);
  if (!model) throw new UnsupportedQuery(`no model ${name}`);
  return model;
}

export const quoted = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** Positional parameters of one statement, shared by every fragment compiled for it. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Aliases t0, t1 … unique within one statement. */
export class Aliases {
  private next = 0;
  fresh(): string {
    return `t${this.next++}`;
  }
}

export type Join = { sql: string; target: Model };

/**
 * The join of a relation from `alias`: `FROM "Target" <as> WHERE <on>`. A to-one relation holds the
 * foreign key; a list relation is held by the opposite field of the same relation name.
 */
export function relationJoin(model: Model, field: Field, alias: string, as: string): Join {
  const target = modelOf(field.type);
  if (field.relationFromFields?.length) {
    if (field.relationFromFields.length !== 1) throw new UnsupportedQuery('compound foreign key');
    return { target, sql: `${as}.id = ${alias}.${quoted(field.relationFromFields[0]!)}` };
  }
  const opposite = [...target.fields.values()].find(
    (f) => f.kind === 'object' && f.relationName === field.relationName && f.type === model.name && f.relationFromFields?.length,
  );
  if (!opposite || opposite.relationFromFields!.length !== 1) throw new UnsupportedQuery(`relation ${model.name}.${field.name}`);
  return { target, sql: `${as}.${quoted(opposite.relationFromFields![0]!)} = ${alias}.id` };
}

const likeEscaped = (value: unknown) => {
  if (typeof value !== 'string') throw new UnsupportedQuery('pattern is not a string');
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);

/** One scalar column against a Prisma filter (`value`, `null`, or `{ equals, in, lt, startsWith … }`). */
function scalarSql(column: string, field: Field, filter: unknown, params: Params): string {
  if (field.isList) throw new UnsupportedQuery('list column');
  if (filter === null) return `${column} IS NULL`;
  if (!isPlainObject(filter)) return `${column} = ${params.add(filter)}`;
  const insensitive = filter.mode === 'insensitive';
  // Case-insensitive equality, lists and a nested `not` are compiled case-sensitively below: leave them to Prisma.
  if (insensitive && ['equals', 'in', 'notIn', 'not'].some((op) => filter[op] !== undefined))
    throw new UnsupportedQuery('insensitive comparison other than contains/startsWith/endsWith');
  const parts: string[] = [];
  for (const [op, value] of Object.entries(filter)) {
    if (value === undefined || op === 'mode') continue;
    switch (op) {
      case 'equals':
        parts.push(value === null ? `${column} IS NULL` : `${column} = ${params.add(value)}`);
        break;
      case 'not':
        parts.push(
          value === null
            ? `${column} IS NOT NULL`
            : isPlainObject(value)
              ? `NOT (${scalarSql(column, field, value, params)})`
              : // Prisma's `not: v` keeps no NULL rows either: SQL's `<>` says the same.
                `${column} <> ${params.add(value)}`,
        );
        break;
      case 'in':
      case 'notIn': {
        if (!Array.isArray(value)) throw new UnsupportedQuery('in without a list');
        if (value.length === 0) parts.push(op === 'in' ? 'FALSE' : 'TRUE');
        else parts.push(op === 'in' ? `${column} = ANY(${params.add(value)})` : `NOT (${column} = ANY(${params.add(value)}))`);
        break;
      }
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte':
        parts.push(`${column} ${{ lt: '<', lte: '<=', gt: '>', gte: '>=' }[op]} ${params.add(value)}`);
        break;
      case 'contains':
      case 'startsWith':
      case 'endsWith': {
        const escaped = likeEscaped(value);
        const pattern = op === 'contains' ? `%${escaped}%` : op === 'startsWith' ? `${escaped}%` : `%${escaped}`;
        parts.push(`${column} ${insensitive ? 'ILIKE' : 'LIKE'} ${params.add(pattern)}`);
        break;
      }
      default:
        throw new UnsupportedQuery(`filter ${op}`);
    }
  }
  return parts.length ? parts.map((p) => `(${p})`).join(' AND ') : 'TRUE';
}

/** A relation filter: `some`/`none`/`every` on lists, `is`/`isNot` or a bare where on a to-one. */
function relationSql(model: Model, field: Field, alias: string, filter: unknown, params: Params, aliases: Aliases): string {
  const as = aliases.fresh();
  const join = relationJoin(model, field, alias, as);
  const exists = (where: unknown, negate = false) =>
    `${negate ? 'NOT ' : ''}EXISTS (SELECT 1 FROM ${quoted(join.target.name)} ${as} WHERE ${join.sql} AND (${whereSql(join.target, as, where, params, aliases)}))`;
  if (field.isList) {
    if (!isPlainObject(filter)) throw new UnsupportedQuery('list relation filter');
    const parts: string[] = [];
    for (const [op, where] of Object.entries(filter)) {
      if (where === undefined) continue;
      if (op === 'some') parts.push(exists(where));
      else if (op === 'none') parts.push(exists(where, true));
      else throw new UnsupportedQuery(`relation filter ${op}`);
    }
    return parts.length ? parts.map((p) => `(${p})`).join(' AND ') : 'TRUE';
  }
  if (filter === null) return nullRelation(field, alias, true);
  if (!isPlainObject(filter)) throw new UnsupportedQuery('to-one relation filter');
  if ('is' in filter || 'isNot' in filter) {
    const parts: string[] = [];
    if (filter.is !== undefined) parts.push(filter.is === null ? nullRelation(field, alias, true) : exists(filter.is));
    if (filter.isNot !== undefined) parts.push(filter.isNot === null ? nullRelation(field, alias, false) : exists(filter.isNot, true));
    return parts.length ? parts.map((p) => `(${p})`).join(' AND ') : 'TRUE';
  }
  return exists(filter);
}

function nullRelation(field: Field, alias: string, isNull: boolean): string {
  if (!field.relationFromFields?.length) throw new UnsupportedQuery('null test on the side without the key');
  return `${alias}.${quoted(field.relationFromFields[0]!)} IS ${isNull ? '' : 'NOT '}NULL`;
}

/**
 * SQL for a Prisma where input on `model` as `alias` (true when empty). Throws `UnsupportedQuery` for
 * anything it does not compile exactly as Prisma does.
 */
export function whereSql(model: Model, alias: string, where: unknown, params: Params, aliases: Aliases): string {
  if (where === undefined || where === null) return 'TRUE';
  if (!isPlainObject(where)) throw new UnsupportedQuery('where is not an object');
  const parts: string[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === 'AND' || key === 'NOT') {
      const list = Array.isArray(value) ? value : [value];
      const inner = list.map((w) => `(${whereSql(model, alias, w, params, aliases)})`);
      if (key === 'AND') parts.push(inner.length ? inner.join(' AND ') : 'TRUE');
      else parts.push(inner.length ? inner.map((w) => `NOT ${w}`).join(' AND ') : 'TRUE');
      continue;
    }
    if (key === 'OR') {
      if (!Array.isArray(value)) throw new UnsupportedQuery('OR without a list');
      parts.push(value.length ? value.map((w) => `(${whereSql(model, alias, w, params, aliases)})`).join(' OR ') : 'FALSE');
      continue;
    }
    const field = model.fields.get(key);
    if (!field) throw new UnsupportedQuery(`no field ${model.name}.${key}`);
    if (field.kind === 'object') parts.push(relationSql(model, field, alias, value, params, aliases));
    else parts.push(scalarSql(`${alias}.${quoted(key)}`, field, value, params));
  }
  return parts.length ? parts.map((p) => `(${p})`).join(' AND ') : 'TRUE';
}

export type OrderTerm = { column: string; field: string; desc: boolean };

/** A Prisma `orderBy` (object or list of objects, scalar fields only) as terms. */
export function orderTerms(model: Model, orderBy: unknown): OrderTerm[] {
  if (orderBy === undefined || orderBy === null) return [];
  const terms: OrderTerm[] = [];
  for (const entry of Array.isArray(orderBy) ? orderBy : [orderBy]) {
    if (!isPlainObject(entry)) throw new UnsupportedQuery('orderBy entry');
    for (const [key, direction] of Object.entries(entry)) {
      const field = model.fields.get(key);
      if (!field || field.kind === 'object') throw new UnsupportedQuery(`orderBy ${key}`);
      if (direction !== 'asc' && direction !== 'desc') throw new UnsupportedQuery('orderBy with options');
      terms.push({ column: quoted(key), field: key, desc: direction === 'desc' });
    }
  }
  return terms;
}

export const orderSql = (terms: OrderTerm[], alias: string) =>
  terms.length ? ` ORDER BY ${terms.map((t) => `${alias}.${t.column}${t.desc ? ' DESC' : ''}`).join(', ')}` : '';

/**
 * Prisma's cursor pagination as a condition: rows from the cursor's row on, in the order given (all
 * terms one direction, on required columns, so a row comparison states it exactly). A cursor row that
 * does not exist matches nothing, as in Prisma.
 */
export function cursorSql(model: Model, alias: string, terms: OrderTerm[], cursor: unknown, params: Params): string {
  if (!isPlainObject(cursor) || Object.keys(cursor).length !== 1 || typeof cursor.id !== 'string') throw new UnsupportedQuery('cursor');
  if (!terms.length || terms.some((t) => t.desc !== terms[0]!.desc || !model.fields.get(t.field)!.isRequired)) {
    throw new UnsupportedQuery('cursor over mixed or nullable order');
  }
  const columns = terms.map((t) => t.column);
  return `(${columns.map((c) => `${alias}.${c}`).join(', ')}) ${terms[0]!.desc ? '<=' : '>='} (SELECT ${columns.join(', ')} FROM ${quoted(model.name)} WHERE id = ${params.add(cursor.id)})`;
}
