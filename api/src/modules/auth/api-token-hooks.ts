import type { Tx } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';

type HookCtx = Pick<Context, 'viewer' | 'requestId'>;

/**
 * What other modules do in the transaction that revokes an API token (notifications disables the
 * token's webhook endpoints). Registered by the composition root, so auth depends on none of them.
 */
export type TokenRevokedHook = (tx: Tx, ctx: HookCtx, tokenId: string) => Promise<void>;

const hooks: TokenRevokedHook[] = [];

export function onApiTokenRevoked(hook: TokenRevokedHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

export async function apiTokenRevoked(tx: Tx, ctx: HookCtx, tokenId: string): Promise<void> {
  for (const hook of hooks) await hook(tx, ctx, tokenId);
}
