import { builder } from '../../graphql/builder.ts';
import { AgeBand, PopulationBasis, RegionLevel } from '../../generated/prisma/enums.ts';

builder.enumType(RegionLevel, { name: 'RegionLevel', description: 'Administrative level (GB/T 2260).' });
builder.enumType(AgeBand, { name: 'AgeBand' });
builder.enumType(PopulationBasis, { name: 'PopulationBasis' });

// Regions and population figures are public reference data: no personal information.
export const RegionNode = builder.prismaNode('Region', {
  id: { field: 'id' },
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    nameEn: t.exposeString('nameEn', { nullable: true }),
    level: t.expose('level', { type: RegionLevel }),
    parent: t.relation('parent', { nullable: true }),
    children: t.relatedConnection('children', { cursor: 'id', query: { orderBy: { code: 'asc' } }, totalCount: true }),
    populationStats: t.relatedConnection('populationStats', {
      cursor: 'id',
      query: { orderBy: [{ year: 'desc' }, { ageBand: 'asc' }] },
    }),
  }),
});

builder.prismaNode('ElderlyPopulationStat', {
  id: { field: 'id' },
  description: 'Elderly population of a region for a year, with the age band and basis it counts.',
  fields: (t) => ({
    region: t.relation('region'),
    year: t.exposeInt('year'),
    ageBand: t.expose('ageBand', { type: AgeBand }),
    basis: t.expose('basis', { type: PopulationBasis }),
    count: t.exposeInt('count'),
    source: t.exposeString('source'),
  }),
});
