import { prisma } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { InputValidationError, NotFoundError } from '../../graphql/errors.ts';
import type { TokenViewer } from '../../graphql/viewer.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { apiTokenRevoked } from './api-token-hooks.ts';
import { API_TOKEN_PREFIX, SESSION_ACTIVITY_WRITE_INTERVAL_MS } from './auth.policy.ts';
import type { TCreateApiTokenInput } from './auth.schemas.ts';
import { evictCredentials } from './credential-cache.ts';
import { newToken, secretMatches, splitToken } from './session-token.ts';

export function isApiToken(token: string): boolean {
  return token.startsWith(API_TOKEN_PREFIX);
}

/** Creates a token for another system. The plain token is returned once and never stored. */
export async function createApiToken(ctx: Context & { viewer: { kind: 'user'; userId: string } }, input: TCreateApiTokenInput) {
  const { id, token, secretHash } = newToken(API_TOKEN_PREFIX);
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
  const region = input.regionCode ? await prisma.region.findUnique({ where: { code: input.regionCode }, select: { id: true } }) : null;
  if (input.regionCode && !region) throw InputValidationError.at(['input', 'regionCode'], 'REGION_UNKNOWN');
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        id,
        name: input.name,
        scopes: input.scopes,
        secretHash,
        expiresAt,
        createdById: ctx.viewer.userId,
        regionId: region?.id ?? null,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'apiToken.create',
      entityType: 'ApiToken',
      entityId: id,
      after: { name: input.name, scopes: input.scopes, expiresAt, regionCode: input.regionCode ?? null },
    });
    return created;
  });
  return { token, apiToken: row };
}

export async function revokeApiToken(ctx: Context, id: string) {
  const revoked = await prisma.$transaction(async (tx) => {
    const existing = await tx.apiToken.findUnique({ where: { id } });
    if (!existing) throw new NotFoundError('ApiToken');
    const revoked = await tx.apiToken.update({ where: { id }, data: { revokedAt: existing.revokedAt ?? new Date() } });
    await recordAudit(tx, ctx, {
      action: 'apiToken.revoke',
      entityType: 'ApiToken',
      entityId: id,
      before: { revokedAt: existing.revokedAt },
      after: { revokedAt: revoked.revokedAt },
    });
    if (!existing.revokedAt) await apiTokenRevoked(tx, ctx, id);
    return revoked;
  });
  await evictCredentials(`token:${id}`);
  return revoked;
}

export async function validateApiToken(token: string, now = new Date()): Promise<TokenViewer | null> {
  const parts = splitToken(token, API_TOKEN_PREFIX);
  if (!parts) return null;
  const row = await prisma.apiToken.findUnique({ where: { id: parts.id }, include: { region: { select: { path: true } } } });
  if (!row || !secretMatches(parts.secret, row.secretHash) || row.revokedAt || row.expiresAt <= now) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= SESSION_ACTIVITY_WRITE_INTERVAL_MS) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { kind: 'token', tokenId: row.id, name: row.name, scopes: row.scopes, regionPath: row.region?.path ?? null };
}
