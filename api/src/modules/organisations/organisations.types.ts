import { OrganisationKind } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { ErrorInterface } from '../../graphql/error-types.ts';
import { OutsideRegistryScopeError, UsccTakenError } from './organisations.errors.ts';

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

builder.objectType(UsccTakenError, {
  name: 'UsccTakenError',
  description: 'Another organisation has this unified social credit code.',
  interfaces: [ErrorInterface],
});

builder.objectType(OutsideRegistryScopeError, {
  name: 'OutsideRegistryScopeError',
  description: 'Civil affairs keeps care institutions of its own region only.',
  interfaces: [ErrorInterface],
});
