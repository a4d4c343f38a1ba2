import type { AgeBand, PopulationBasis, WorkforceIndicator } from '../../generated/prisma/enums.ts';

/** How an indicator is computed, stored beside every figure: a ratio without its definition cannot be compared. */
export type IndicatorDefinition = {
  indicator: WorkforceIndicator;
  nameZh: string;
  nameEn: string;
  /** `PER_10K` figures are per 10,000 elderly residents; `SHARE` figures are between 0 and 1. */
  unit: 'PER_10K' | 'SHARE';
  /** In Chinese, as the bureaus state it. */
  numerator: string;
  denominator: string;
  /** The population the per-10k figures divide by. */
  ageBand: AgeBand | null;
  basis: PopulationBasis | null;
  /** Where the definition was taken from (in Chinese); each target carries its own plan as its source. */
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
    numerator: '当日在本地区受雇、持有有效职业技能等级证书的护理员人数（撤销、过期的证书不计；同一人受雇于两家机构只计一次）',
    denominator: '60 岁及以上常住人口（取不晚于当日的最近年份）÷ 10,000',
    ...POPULATION,
    source: '口径取自《浙江省养老服务发展“十四五”规划》',
  },
  {
    indicator: 'SENIOR_SHARE',
    nameZh: '高级工及以上占比',
    nameEn: 'Senior share (level 3 and above)',
    unit: 'SHARE',
    numerator: '最高有效等级为三级/高级工及以上的持证护理员人数',
    denominator: '持证护理员人数',
    ageBand: null,
    basis: null,
    source: '口径取自《浙江省养老服务发展“十四五”规划》',
  },
  {
    indicator: 'FIRST_AID_SHARE',
    nameZh: '持救护员证比例',
    nameEn: 'First-aid certificate share',
    unit: 'SHARE',
    numerator: '当日持有有效救护员证的持证护理员人数',
    denominator: '持证护理员人数',
    ageBand: null,
    basis: null,
    source: '口径取自《浙江省养老服务发展“十四五”规划》',
  },
  {
    indicator: 'TRAINING_COVERAGE',
    nameZh: '岗前培训覆盖率',
    nameEn: 'Training coverage',
    unit: 'SHARE',
    numerator: '在岗护理员和院长中，当日或之前完成过培训课程的人数',
    denominator: '在岗护理员和院长人数',
    ageBand: null,
    basis: null,
    source: '口径取自《九江市基本养老服务体系建设方案（2023）》',
  },
  {
    indicator: 'CERTIFIED_ON_JOB',
    nameZh: '持证上岗率',
    nameEn: 'Certified on the job',
    unit: 'SHARE',
    numerator: '在岗持证护理员人数',
    denominator: '在岗护理员人数',
    ageBand: null,
    basis: null,
    source: '口径取自《连云港市居家和社区养老服务改革试点方案》',
  },
  {
    indicator: 'SOCIAL_WORKERS_PER_10K',
    nameZh: '每万名老年人拥有社会工作者数',
    nameEn: 'Social workers per 10,000 elderly',
    unit: 'PER_10K',
    numerator: '当日在本地区受雇的社会工作者人数（同一人只计一次）',
    denominator: '60 岁及以上常住人口 ÷ 10,000',
    ...POPULATION,
    source: '口径取自《浙江省养老服务发展“十四五”规划》',
  },
];

export const definitionOf = (indicator: WorkforceIndicator) => INDICATORS.find((d) => d.indicator === indicator)!;
