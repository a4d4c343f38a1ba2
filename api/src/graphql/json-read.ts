import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLOutputType,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionNode,
} from 'graphql';
import { queryJsonText } from '../db/client.ts';
import {
  Aliases,
  cursorSql,
  modelOf,
  orderSql,
  orderTerms,
  Params,
  quoted,
  relationJoin,
  UnsupportedQuery,
  whereSql,
  type Model,
} from '../db/where-sql.ts';
import { logger } from '../logger.ts';
import { markFastRow } from './fast-rows-plugin.ts';

/**
 * Hot reads answered by one SQL statement that builds the nested JSON (json_agg / json_build_object),
 * parsed once into plain objects that the fields' own resolvers read, instead of Prisma's rows mapped
 * twice and then read again field by field.
 *
 * A selection is within the shape when every field it asks for is a column exposed as it is stored
 * (`t.expose*`: strings, numbers, booleans, enums, dates), the node's global ID, or a relation
 * (`t.relation`) whose selection is within the shape in turn. Anything else (a field with its own
 * `select` and resolver such as a phone number that is masked by reach, a related connection, a count)
 * goes through Prisma as before: the resolver passes the general path along. Row filters are the
 * Prisma where inputs of both paths (db/where-sql.ts compiles them), so an access rule is written once;
 * field-level scopes, masking and global IDs are the same resolvers on both paths.
 */

type Column = { key: string; date: boolean };
type Relation = { key: string; list: boolean; plan: Plan };
type Plan = { model: Model; columns: Column[]; relations: Relation[] };

const SCALARS = new Set(['String', 'Int', 'Boolean', 'DateTime']);

/** Whether the fast path is used (tests compare it with the general path by turning it off). */
let enabled = process.env.CARECERT_FAST_READS !== '0';
export const fastReads = {
  set(on: boolean) {
    enabled = on;
  },
  /** Reads answered here, and reads handed to the general path because their selection is outside the shape. */
  answered: 0,
  fellBack: 0,
};

function fieldsOf(
  selections: readonly SelectionNode[],
  typeName: string,
  fragments: Record<string, FragmentDefinitionNode>,
  out: FieldNode[] = [],
): FieldNode[] {
  for (const s of selections) {
    if (s.directives?.length) throw new UnsupportedQuery('directive');
    if (s.kind === Kind.FIELD) out.push(s);
    else {
      const fragment = s.kind === Kind.INLINE_FRAGMENT ? s : fragments[s.name.value];
      if (!fragment) throw new UnsupportedQuery('unknown fragment');
      if (fragment.typeCondition && fragment.typeCondition.name.value !== typeName) throw new UnsupportedQuery('fragment on another type');
      fieldsOf(fragment.selectionSet.selections, typeName, fragments, out);
    }
  }
  return out;
}

function listness(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function planOf(type: GraphQLObjectType, selections: readonly SelectionNode[], info: GraphQLResolveInfo): Plan {
  const modelName = type.extensions?.pothosPrismaModel as string | undefined;
  if (!modelName) throw new UnsupportedQuery(`${type.name} is not a model`);
  const model = modelOf(modelName);
  const plan: Plan = { model, columns: [{ key: 'id', date: false }], relations: [] };
  const seen = new Set(['id']);
  const gqlFields = type.getFields();
  for (const node of fieldsOf(selections, type.name, info.fragments)) {
    const name = node.name.value;
    if (name === '__typename') continue;
    const gqlField = gqlFields[name];
    if (!gqlField) throw new UnsupportedQuery(`no field ${name}`);
    const ext = gqlField.extensions as Record<string, unknown>;
    // The node's global ID is built from the id column, always selected.
    if (name === 'id' && !ext.pothosExposedField && type.getInterfaces().some((i) => i.name === 'Node')) continue;
    const exposed = ext.pothosExposedField as string | undefined;
    if (exposed) {
      const field = model.fields.get(exposed);
      if (!field || field.isList || !(field.kind === 'enum' || SCALARS.has(field.type))) throw new UnsupportedQuery(`column ${exposed}`);
      if (!seen.has(exposed)) plan.columns.push({ key: exposed, date: field.type === 'DateTime' });
      seen.add(exposed);
      continue;
    }
    const relation = ext.pothosPrismaRelationField as { name: string; type: string; isList: boolean } | undefined;
    const target = getNamedType(gqlField.type);
    if (
      relation &&
      !ext.pothosPrismaFallbackPlan &&
      isObjectType(target) &&
      target.extensions?.pothosPrismaModel === relation.type &&
      listness(gqlField.type) === relation.isList &&
      !seen.has(relation.name)
    ) {
      seen.add(relation.name);
      plan.relations.push({ key: relation.name, list: relation.isList, plan: planOf(target, node.selectionSet?.selections ?? [], info) });
      continue;
    }
    throw new UnsupportedQuery(`field ${type.name}.${name}`);
  }
  return plan;
}

/** Plans per place in a document: parsed documents are cached, so a hot operation plans once. */
const plans = new WeakMap<FieldNode, Plan | UnsupportedQuery>();

function planFor(info: GraphQLResolveInfo, connection: boolean): Plan | UnsupportedQuery {
  const key = info.fieldNodes[0]!;
  let plan = plans.get(key);
  if (plan) return plan;
  try {
    if (info.fieldNodes.length !== 1) throw new UnsupportedQuery('field selected twice');
    const type = getNamedType(info.returnType);
    if (!isObjectType(type)) throw new UnsupportedQuery('not an object');
    if (!connection) plan = planOf(type, key.selectionSet?.selections ?? [], info);
    else {
      // edges { node }, nodes, pageInfo, totalCount: the rows are the nodes.
      const nodeSelections: SelectionNode[] = [];
      const connectionFields = type.getFields();
      for (const f of fieldsOf(key.selectionSet?.selections ?? [], type.name, info.fragments)) {
        const edgeType = getNamedType(connectionFields[f.name.value]!.type);
        if (f.name.value === 'nodes') nodeSelections.push(...(f.selectionSet?.selections ?? []));
        if (f.name.value === 'edges' && isObjectType(edgeType)) {
          for (const e of fieldsOf(f.selectionSet?.selections ?? [], edgeType.name, info.fragments)) {
            if (e.name.value === 'node') nodeSelections.push(...(e.selectionSet?.selections ?? []));
          }
        }
      }
      const edges = getNamedType(connectionFields.edges!.type) as GraphQLObjectType;
      plan = planOf(getNamedType(edges.getFields().node!.type) as GraphQLObjectType, nodeSelections, info);
    }
  } catch (error) {
    if (!(error instanceof UnsupportedQuery)) throw error;
    plan = error;
  }
  plans.set(key, plan);
  return plan;
}

type Query = Record<string, unknown>;
const KNOWN_NESTED = new Set(['where', 'orderBy', 'take', 'skip', 'include', 'select']);

/** The planned Prisma query of a relation (its where, order and page), taken from the parent's. */
function nestedQuery(query: Query, key: string): Query {
  const nested = (query.include as Query | undefined)?.[key] ?? (query.select as Query | undefined)?.[key];
  if (nested === true) return {};
  if (typeof nested !== 'object' || nested === null) throw new UnsupportedQuery(`relation ${key} not planned`);
  for (const k of Object.keys(nested)) if (!KNOWN_NESTED.has(k)) throw new UnsupportedQuery(`relation ${key} with ${k}`);
  return nested as Query;
}

const literal = (key: string) => `'${key.replaceAll("'", "''")}'`;

function rowJson(plan: Plan, alias: string, query: Query, params: Params, aliases: Aliases): string {
  const pairs: string[] = [];
  for (const c of plan.columns) {
    const column = `${alias}.${quoted(c.key)}`;
    // Dates as epoch milliseconds: exact for dates and timestamps alike, turned into Date objects once parsed.
    pairs.push(literal(c.key), c.date ? `(extract(epoch from ${column}) * 1000)::float8` : column);
  }
  for (const r of plan.relations) {
    const field = plan.model.fields.get(r.key)!;
    const nested = nestedQuery(query, r.key);
    const as = aliases.fresh();
    const join = relationJoin(plan.model, field, alias, as);
    const where = whereSql(join.target, as, nested.where, params, aliases);
    const table = quoted(join.target.name);
    const inner = rowJson(r.plan, as, nested, params, aliases);
    if (!r.list) {
      pairs.push(literal(r.key), `(SELECT ${inner} FROM ${table} ${as} WHERE ${join.sql} AND (${where}))`);
      continue;
    }
    const terms = orderTerms(join.target, nested.orderBy);
    const page = pageSql(nested.take, nested.skip, params);
    const from = page
      ? `(SELECT * FROM ${table} ${as} WHERE ${join.sql} AND (${where})${orderSql(terms, as)}${page}) ${as}`
      : `${table} ${as} WHERE ${join.sql} AND (${where})`;
    pairs.push(literal(r.key), `(SELECT coalesce(json_agg(${inner}${orderSql(terms, as)}), '[]') FROM ${from})`);
  }
  if (pairs.length > 100) throw new UnsupportedQuery('more than 50 keys');
  return `json_build_object(${pairs.join(', ')})`;
}

function pageSql(take: unknown, skip: unknown, params: Params): string {
  if (take !== undefined && (typeof take !== 'number' || take < 0)) throw new UnsupportedQuery('backwards page');
  if (skip !== undefined && typeof skip !== 'number') throw new UnsupportedQuery('skip');
  return `${take !== undefined ? ` LIMIT ${params.add(take)}` : ''}${skip ? ` OFFSET ${params.add(skip)}` : ''}`;
}

function revive(plan: Plan, row: Record<string, unknown>): void {
  markFastRow(row);
  for (const c of plan.columns) if (c.date && row[c.key] !== null) row[c.key] = new Date(row[c.key] as number);
  for (const r of plan.relations) {
    const value = row[r.key];
    if (Array.isArray(value)) for (const v of value) revive(r.plan, v as Record<string, unknown>);
    else if (value) revive(r.plan, value as Record<string, unknown>);
  }
}

export type ReadArgs = { where?: unknown; orderBy?: unknown; take?: number; skip?: number; cursor?: unknown };

function statement(plan: Plan, query: Query, args: ReadArgs): { sql: string; params: unknown[] } {
  const params = new Params();
  const aliases = new Aliases();
  const alias = aliases.fresh();
  const model = plan.model;
  const terms = orderTerms(model, args.orderBy);
  const conditions = [whereSql(model, alias, args.where, params, aliases)];
  if (args.cursor !== undefined) conditions.push(cursorSql(model, alias, terms, args.cursor, params));
  const rows = `(SELECT * FROM ${quoted(model.name)} ${alias} WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}${orderSql(terms, alias)}${pageSql(args.take, args.skip, params)}) ${alias}`;
  const json = rowJson(plan, alias, query, params, aliases);
  return { sql: `SELECT coalesce(json_agg(${json}${orderSql(terms, alias)}), '[]')::text AS rows FROM ${rows}`, params: params.values };
}

/**
 * The rows of a list (or connection page) field: one statement when the selection is within the
 * shape, else `general()`. `query` is the Prisma query Pothos planned for the field (its relations'
 * filters and order); `args` the where, order and page the general path would give Prisma.
 */
export async function readMany<T>(
  info: GraphQLResolveInfo,
  query: Query,
  args: ReadArgs,
  general: () => Promise<T[]>,
  options: { connection?: boolean } = {},
): Promise<T[]> {
  const plan = enabled ? planFor(info, options.connection ?? false) : null;
  let compiled: { sql: string; params: unknown[] } | null = null;
  if (plan && !(plan instanceof UnsupportedQuery)) {
    try {
      compiled = statement(plan, query, args);
    } catch (error) {
      if (!(error instanceof UnsupportedQuery)) throw error;
      logger.debug({ field: `${info.parentType.name}.${info.fieldName}`, reason: error.message }, 'read through Prisma');
    }
  }
  if (!compiled) {
    fastReads.fellBack += 1;
    return general();
  }
  fastReads.answered += 1;
  const rows = JSON.parse(await queryJsonText(compiled.sql, compiled.params)) as Record<string, unknown>[];
  for (const r of rows) revive(plan as Plan, r);
  return rows as T[];
}

/** One row (a node by id): `readMany` with one row at most. */
export async function readFirst<T>(
  info: GraphQLResolveInfo,
  query: Query,
  args: { where: unknown },
  general: () => Promise<T | null>,
): Promise<T | null> {
  const rows = await readMany<T>(info, query, { where: args.where, take: 1 }, async () => {
    const one = await general();
    return one ? [one] : [];
  });
  return rows[0] ?? null;
}
