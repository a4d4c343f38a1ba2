import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../api/src/app/schema.ts';
import { createApiToken } from '../../api/src/modules/auth/api-token.service.ts';
import { validateSessionToken } from '../../api/src/modules/auth/auth.service.ts';
import { API_TOKEN_SCOPES } from '../../api/src/modules/auth/auth.policy.ts';
import type { Role } from '../../api/src/generated/prisma/enums.ts';
import { makeCaregiver, makeRegionTree, makeStaffOrganisations, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

/**
 * Every root query and mutation against every kind of caller (each role, an API token per scope, and
 * nobody): a caller the field's declared scopes do not admit gets a typed refusal (or null), never data.
 * The scopes are read from the schema itself, so a new field is covered the day it is added.
 */
type Scopes = { loggedIn?: boolean; role?: Role | Role[]; tokenScope?: string };
type Caller = { name: string; token: string | null; role?: Role; scope?: string };

const ROLES: Role[] = [
  'CAREGIVER',
  'COLLEGE_STAFF',
  'TRAINING_PROVIDER_STAFF',
  'ASSESSOR',
  'INSTITUTION_STAFF',
  'HR_REVIEWER',
  'HR_APPROVER',
  'FINANCE_OFFICER',
  'CIVIL_AFFAIRS_ANALYST',
  'ADMIN',
];

function admits(scopes: Scopes, caller: Caller): boolean {
  if (scopes.loggedIn && caller.role) return true;
  if (scopes.role && caller.role && (Array.isArray(scopes.role) ? scopes.role : [scopes.role]).includes(caller.role)) return true;
  return !!scopes.tokenScope && scopes.tokenScope === caller.scope;
}

/** The smallest value of the right shape: nullable fields left out, lists empty, global IDs of the type the argument is for. */
function minimal(type: GraphQLInputType, idFor = 'Caregiver'): unknown {
  if (isNonNullType(type)) {
    const inner = type.ofType;
    if (isListType(inner)) return [];
    if (isEnumType(inner)) return inner.getValues()[0]!.name;
    if (isInputObjectType(inner))
      return Object.fromEntries(
        Object.values(inner.getFields())
          .filter((f) => isNonNullType(f.type))
          .map((f) => [f.name, minimal(f.type)]),
      );
    if (isScalarType(inner))
      return (
        {
          Int: 1,
          Float: 1,
          Boolean: false,
          ID: encodeGlobalID(idFor, randomUUID()),
          Date: '2026-01-01',
          DateTime: '2026-01-01T00:00:00Z',
          JSON: {},
        }[inner.name] ?? 'x'
      );
  }
  return undefined;
}

function call(kind: 'query' | 'mutation', name: string, field: GraphQLField<unknown, unknown>) {
  const args = field.args.filter((a) => isNonNullType(a.type));
  const vars = args.map((a, i) => `$a${i}: ${a.type.toString()}`).join(', ');
  const list = args.map((a, i) => `${a.name}: $a${i}`).join(', ');
  const named = getNamedType(field.type);
  const selection = isLeafType(named) ? '' : isUnionType(named) ? ' { __typename ... on Error { code } }' : ' { __typename }';
  const idFor = (a: (typeof args)[number]) => (a.extensions?.relayGlobalIDFor as { typename: string }[] | undefined)?.[0]?.typename;
  return {
    document: `${kind}${vars ? `(${vars})` : ''} { ${name}${list ? `(${list})` : ''}${selection} }`,
    variables: Object.fromEntries(args.map((a, i) => [`a${i}`, minimal(a.type, idFor(a))])),
  };
}

const callers: Caller[] = [];

beforeAll(async () => {
  const tree = await makeRegionTree();
  const org: Partial<Record<Role, { id: string }>> = await makeStaffOrganisations(tree);
  callers.push({ name: 'nobody', token: null });
  for (const role of ROLES) {
    const scope =
      role === 'CAREGIVER'
        ? { caregiverId: (await makeCaregiver(tree.county.id, tree.county.code)).caregiver.id }
        : org[role]
          ? { organisationId: org[role]!.id }
          : role === 'ADMIN'
            ? {}
            : { regionId: tree.city.id };
    callers.push({ name: role, token: (await makeUser(role, scope)).token, role });
  }
  const admin = {
    viewer: await validateSessionToken(callers.find((c) => c.role === 'ADMIN')!.token!),
    requestId: 'matrix',
    clientIp: '127.0.0.1',
    userAgent: null,
  };
  for (const scope of API_TOKEN_SCOPES) {
    const { token } = await createApiToken(admin as Parameters<typeof createApiToken>[0], {
      name: `matrix-${scope}-${randomUUID()}`,
      scopes: [scope],
      expiresInDays: 1,
    });
    callers.push({ name: `token ${scope}`, token, scope });
  }
});

const fields = (['query', 'mutation'] as const).flatMap((kind) =>
  Object.entries((kind === 'query' ? schema.getQueryType() : schema.getMutationType())!.getFields())
    .map(([name, field]) => ({
      kind,
      name,
      field,
      scopes: (field.extensions?.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes,
    }))
    .filter((f): f is typeof f & { scopes: Scopes } => !!f.scopes && typeof f.scopes === 'object'),
);

describe('every caller against every guarded root field', () => {
  it('reads the declared scopes of the schema’s fields', () => {
    expect(fields.length).toBeGreaterThan(100);
  });

  it.each(fields.map((f) => [`${f.kind} ${f.name}`, f] as const))(
    '%s: callers outside its scopes get a typed refusal and no data',
    async (_label, f) => {
      const { document, variables } = call(f.kind, f.name, f.field);
      const refusedCallers = callers.filter((c) => !admits(f.scopes, c));
      for (const caller of refusedCallers) {
        const res = await gql(document, variables, caller.token ? { token: caller.token } : {});
        const answer = res.data?.[f.name] as { __typename?: string; code?: string } | null | undefined;
        const codes = (res.errors ?? []).map((e) => e.extensions?.code);
        // Refused at the door, or (input types that validate first) on the input before it: either way nothing is read.
        const typedRefusal =
          ['FORBIDDEN', 'UNAUTHENTICATED', 'INVALID_INPUT'].includes(answer?.code ?? '') ||
          codes.some((c) => c === 'FORBIDDEN' || c === 'UNAUTHENTICATED' || c === 'INVALID_INPUT');
        expect(typedRefusal || answer === null, `${caller.name} → ${f.name}: ${JSON.stringify(res.data ?? res.errors).slice(0, 200)}`).toBe(
          true,
        );
        expect(codes, `${caller.name} → ${f.name}`).not.toContain('INTERNAL_SERVER_ERROR');
      }
    },
  );
});
