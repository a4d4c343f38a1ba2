import type { Tx } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';

type HookCtx = Pick<Context, 'viewer' | 'requestId'>;
export type StartedEmployment = { caregiverId: string; post: string; startDate: Date };
export type EndedEmployment = { id: string; caregiverId: string; endDate: Date | null };

/**
 * What other modules do in the same transaction when an employment starts or ends (subsidies suspend
 * awards on leaving and restore them on re-employment). Registered by the composition root, so the
 * caregivers module depends on none of the modules that depend on it.
 */
export type EmploymentHooks = {
  started(tx: Tx, ctx: HookCtx, employment: StartedEmployment): Promise<void>;
  ended(tx: Tx, ctx: HookCtx, employment: EndedEmployment): Promise<void>;
};

const hooks: EmploymentHooks[] = [];

export function onEmploymentChange(hook: EmploymentHooks): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

export async function employmentStarted(tx: Tx, ctx: HookCtx, employment: StartedEmployment): Promise<void> {
  for (const hook of hooks) await hook.started(tx, ctx, employment);
}

export async function employmentEnded(tx: Tx, ctx: HookCtx, employment: EndedEmployment): Promise<void> {
  for (const hook of hooks) await hook.ended(tx, ctx, employment);
}
