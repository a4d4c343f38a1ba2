import { builder } from '../../graphql/builder.ts';
import { OrganisationKind } from '../../generated/prisma/enums.ts';

builder.enumType(OrganisationKind, { name: 'OrganisationKind' });

// Organisations are public registry data (name, code, region), as on the national enterprise credit system.
export const OrganisationNode = builder.prismaNode('Organisation', {
  id: { field: 'id' },
  fields: (t) => ({
    kind: t.expose('kind', { type: OrganisationKind }),
    name: t.exposeString('name'),
    uscc: t.exposeString('uscc', { description: 'Unified social credit code.' }),
    region: t.relation('region'),
    beds: t.exposeInt('beds', { nullable: true }),
    rating: t.exposeString('rating', { nullable: true }),
    active: t.boolean({ select: { deactivatedAt: true }, resolve: (o) => o.deactivatedAt === null }),
    deactivatedAt: t.expose('deactivatedAt', { type: 'DateTime', nullable: true }),
  }),
});
