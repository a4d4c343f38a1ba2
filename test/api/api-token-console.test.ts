import { beforeAll, describe, expect, it } from 'vitest';
import { makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

const CREATE = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { __typename ... on MutationCreateApiTokenSuccess { data { token apiToken { id } } } } }`;
const LIST = `{ apiTokens(first: 100) { edges { node { id name lastUsedAt revokedAt region { code } } } } }`;

let admin: string;
let tree: Awaited<ReturnType<typeof makeRegionTree>>;
beforeAll(async () => {
  admin = (await makeUser('ADMIN')).token;
  tree = await makeRegionTree();
});

describe('API tokens in the console', () => {
  it('lists each token with its region and last use; a revoked token stops at its next request', async () => {
    const name = `console-${Date.now()}`;
    const res = await gql(
      CREATE,
      { input: { name, scopes: ['workforce:read'], expiresInDays: 30, regionCode: tree.city.code } },
      { token: admin },
    );
    const { token, apiToken } = res.data!.createApiToken.data;
    const row = async () =>
      (
        (await gql(LIST, {}, { token: admin })).data?.apiTokens.edges as {
          node: { id: string; lastUsedAt: string | null; region: { code: string } | null };
        }[]
      ).find((e) => e.node.id === apiToken.id)!.node;
    expect(await row()).toMatchObject({ lastUsedAt: null, region: { code: tree.city.code } });
    expect((await gql(`{ apiClient { name } }`, {}, { token })).data?.apiClient.name).toBe(name);
    expect((await row()).lastUsedAt).not.toBeNull();
    await gql(`mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }`, { id: apiToken.id }, { token: admin });
    expect((await gql(`{ apiClient { name } }`, {}, { token })).data?.apiClient).toBeNull();
  });
});
