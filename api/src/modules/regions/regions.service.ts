import { prisma } from '../../db/client.ts';
import type { RegionLevel } from '../../generated/prisma/enums.ts';
import type { Context } from '../../graphql/context.ts';
import { InputValidationError } from '../../graphql/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { RegionCodeTakenError } from './regions.errors.ts';
import type { TAddRegionInput } from './regions.schemas.ts';

// GB/T 2260: two digits name the province, two more the city, the last two the county. Townships
// have 9-digit codes, which a 6-digit code cannot hold, so counties are the deepest level added here.
const CHILD_LEVEL: Partial<Record<RegionLevel, { level: RegionLevel; shared: number }>> = {
  PROVINCE: { level: 'CITY', shared: 2 },
  CITY: { level: 'COUNTY', shared: 4 },
};

/** Adds a region code under its parent (a province when there is none), its level and path following from the parent. */
export async function addRegion(ctx: Context, input: TAddRegionInput) {
  if (await prisma.region.findUnique({ where: { code: input.code }, select: { id: true } })) throw new RegionCodeTakenError(input.code);
  let level: RegionLevel = 'PROVINCE';
  let parent: { id: string; path: string } | null = null;
  if (input.parentCode) {
    const found = await prisma.region.findUnique({ where: { code: input.parentCode }, select: { id: true, path: true, level: true } });
    if (!found) throw InputValidationError.at(['input', 'parentCode'], 'REGION_UNKNOWN', { code: input.parentCode });
    const child = CHILD_LEVEL[found.level];
    if (!child)
      throw InputValidationError.at(['input', 'parentCode'], 'REGION_TOO_DEEP', {
        level: found.level,
      });
    if (
      input.code.slice(0, child.shared) !== input.parentCode.slice(0, child.shared) ||
      input.code.slice(child.shared) === '0'.repeat(6 - child.shared)
    ) {
      throw InputValidationError.at(['input', 'code'], 'REGION_CODE_PARENT_MISMATCH', { prefix: input.parentCode.slice(0, child.shared) });
    }
    level = child.level;
    parent = found;
  } else if (!input.code.endsWith('0000')) {
    throw InputValidationError.at(['input', 'parentCode'], 'REGION_PARENT_REQUIRED');
  }
  return prisma.$transaction(async (tx) => {
    const created = await tx.region.create({
      data: {
        code: input.code,
        name: input.name,
        nameEn: input.nameEn || null,
        level,
        parentId: parent?.id ?? null,
        path: parent ? `${parent.path}/${input.code}` : input.code,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'region.add',
      entityType: 'Region',
      entityId: created.id,
      after: { code: created.code, name: created.name, nameEn: created.nameEn, level, parentCode: input.parentCode ?? null },
    });
    return created;
  });
}
