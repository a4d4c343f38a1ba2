import type { AgeBand, PopulationBasis, WorkforceIndicator } from '../../generated/prisma/enums.ts';

/** How an indicator is computed, stored beside every figure: a ratio without its definition cannot be compared. */
export type IndicatorDefinition = {
  indicator: WorkforceIndicator;
  nameZh: string;
  nameEn: string;
  /** `PER_10K` figures are per 10,000 elderly residents; `SHARE` figures are between 0 and 1. */
  unit: 'PER_10K' | 'SHARE';
  numerator: string;
  denominator: string;
  /** The population the per-10k figures divide by. */
  ageBand: AgeBand | null;
  basis: PopulationBasis | null;
  /** Policy source of the indicator and its targets. */
  source: string;
  /** Per-10k figures on a day: OWN population figure, or CHILDREN_SUM when the region has none and its children's are added up. */
  populationFrom?: 'OWN' | 'CHILDREN_SUM';
  /** With CHILDREN_SUM: child regions without a figure for that year (the population then undercounts). */
  populationChildrenMissing?: number | null;
};

/** The population every per-10k indicator uses: resident (常住) people aged 60 and over, as the targets in S2 are set. */
export const POPULATION = { ageBand: 'AGE_60_PLUS', basis: 'RESIDENT' } as const;

export const INDICATORS: readonly IndicatorDefinition[] = [
  {
    indicator: 'CERTIFIED_PER_10K',
    nameZh: '每万名老年人拥有持证养老护理员数',
    nameEn: 'Certified caregivers per 10,000 elderly',
    unit: 'PER_10K',
    numerator:
      'distinct care workers employed in the region on the day holding a valid skill-level certificate (revoked and expired certificates ignored; a person with two employers counts once)',
    denominator: 'resident population aged 60+ (latest year not after the day) ÷ 10,000',
    ...POPULATION,
    source: '浙江省养老服务发展“十四五”规划 (S2)',
  },
  {
    indicator: 'SENIOR_SHARE',
    nameZh: '高级工及以上占比',
    nameEn: 'Senior share (level 3 and above)',
    unit: 'SHARE',
    numerator: 'certified care workers whose highest valid level is 三级/高级工 or above',
    denominator: 'certified care workers',
    ageBand: null,
    basis: null,
    source: '浙江省养老服务发展“十四五”规划 (S2)',
  },
  {
    indicator: 'FIRST_AID_SHARE',
    nameZh: '持救护员证比例',
    nameEn: 'First-aid certificate share',
    unit: 'SHARE',
    numerator: 'certified care workers holding a first-aid certificate (救护员证) valid on the day',
    denominator: 'certified care workers',
    ageBand: null,
    basis: null,
    source: '浙江省养老服务发展“十四五”规划 (S2)',
  },
  {
    indicator: 'TRAINING_COVERAGE',
    nameZh: '岗前培训覆盖率',
    nameEn: 'Training coverage',
    unit: 'SHARE',
    numerator: 'care workers and directors in post who completed a training course on or before the day',
    denominator: 'care workers and directors in post',
    ageBand: null,
    basis: null,
    source: '九江市基本养老服务体系建设方案 (S1)',
  },
  {
    indicator: 'CERTIFIED_ON_JOB',
    nameZh: '持证上岗率',
    nameEn: 'Certified on the job',
    unit: 'SHARE',
    numerator: 'certified care workers in post',
    denominator: 'care workers in post',
    ageBand: null,
    basis: null,
    source: '连云港市居家和社区养老服务改革试点方案 (S4)',
  },
  {
    indicator: 'SOCIAL_WORKERS_PER_10K',
    nameZh: '每万名老年人拥有社会工作者数',
    nameEn: 'Social workers per 10,000 elderly',
    unit: 'PER_10K',
    numerator: 'distinct social workers employed in the region on the day',
    denominator: 'resident population aged 60+ ÷ 10,000',
    ...POPULATION,
    source: '浙江省养老服务发展“十四五”规划 (S2)',
  },
];

export const definitionOf = (indicator: WorkforceIndicator) => INDICATORS.find((d) => d.indicator === indicator)!;
