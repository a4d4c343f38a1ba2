// Real GB/T 2260 codes for the regions the policy seeds name, with plausible 2025 resident 60+
// populations (provincial and city figures from public statistical bulletins, rounded; county
// figures apportioned and kept below their city's total: the rest live in development zones and districts left out).
export type SeedRegion = { code: string; name: string; nameEn: string; elderly60: number; children?: SeedRegion[] };
export type RegionLevel = 'PROVINCE' | 'CITY' | 'COUNTY';
export type FlatRegion = {
  code: string;
  name: string;
  nameEn: string;
  elderly60: number;
  level: RegionLevel;
  parentCode: string | null;
  path: string;
};

const county = (code: string, name: string, nameEn: string, elderly60: number): SeedRegion => ({ code, name, nameEn, elderly60 });

export const REGION_TREE: SeedRegion[] = [
  {
    code: '360000',
    name: '江西省',
    nameEn: 'Jiangxi',
    elderly60: 8_520_000,
    children: [
      {
        code: '361100',
        name: '上饶市',
        nameEn: 'Shangrao',
        elderly60: 1_352_000,
        children: [
          county('361102', '信州区', 'Xinzhou', 78_000),
          county('361103', '广丰区', 'Guangfeng', 142_000),
          county('361104', '广信区', 'Guangxin', 131_000),
          county('361123', '玉山县', 'Yushan', 104_000),
          county('361124', '铅山县', 'Yanshan', 83_000),
          county('361125', '横峰县', 'Hengfeng', 36_000),
          county('361126', '弋阳县', 'Yiyang', 71_000),
          county('361127', '余干县', 'Yugan', 153_000),
          county('361128', '鄱阳县', 'Poyang', 218_000),
          county('361129', '万年县', 'Wannian', 64_000),
          county('361130', '婺源县', 'Wuyuan', 62_000),
          county('361181', '德兴市', 'Dexing', 54_000),
        ],
      },
      {
        code: '360400',
        name: '九江市',
        nameEn: 'Jiujiang',
        elderly60: 1_004_000,
        children: [
          county('360402', '濂溪区', 'Lianxi', 61_000),
          county('360403', '浔阳区', 'Xunyang', 58_000),
          county('360404', '柴桑区', 'Chaisang', 66_000),
          county('360423', '武宁县', 'Wuning', 62_000),
          county('360424', '修水县', 'Xiushui', 135_000),
          county('360425', '永修县', 'Yongxiu', 64_000),
          county('360428', '都昌县', 'Duchang', 126_000),
          county('360429', '湖口县', 'Hukou', 48_000),
          county('360481', '瑞昌市', 'Ruichang', 75_000),
          county('360482', '共青城市', 'Gongqingcheng', 28_000),
          county('360483', '庐山市', 'Lushan', 57_000),
        ],
      },
    ],
  },
  {
    code: '330000',
    name: '浙江省',
    nameEn: 'Zhejiang',
    elderly60: 15_500_000,
    children: [
      {
        code: '330100',
        name: '杭州市',
        nameEn: 'Hangzhou',
        elderly60: 2_420_000,
        children: [
          county('330102', '上城区', 'Shangcheng', 278_000),
          county('330105', '拱墅区', 'Gongshu', 262_000),
          county('330106', '西湖区', 'Xihu', 214_000),
          county('330108', '滨江区', 'Binjiang', 61_000),
          county('330109', '萧山区', 'Xiaoshan', 322_000),
          county('330110', '余杭区', 'Yuhang', 201_000),
          county('330122', '桐庐县', 'Tonglu', 96_000),
          county('330127', '淳安县', "Chun'an", 112_000),
          county('330182', '建德市', 'Jiande', 109_000),
        ],
      },
    ],
  },
  {
    code: '320000',
    name: '江苏省',
    nameEn: 'Jiangsu',
    elderly60: 19_100_000,
    children: [
      {
        code: '320700',
        name: '连云港市',
        nameEn: 'Lianyungang',
        elderly60: 1_098_000,
        children: [
          county('320703', '连云区', 'Lianyun', 52_000),
          county('320706', '海州区', 'Haizhou', 196_000),
          county('320707', '赣榆区', 'Ganyu', 231_000),
          county('320722', '东海县', 'Donghai', 237_000),
          county('320723', '灌云县', 'Guanyun', 182_000),
          county('320724', '灌南县', 'Guannan', 150_000),
        ],
      },
    ],
  },
];

const LEVELS: RegionLevel[] = ['PROVINCE', 'CITY', 'COUNTY'];

/** The tree as rows, parents before children, each with its level and its root-to-self code path. */
export function flattenRegions(tree: SeedRegion[] = REGION_TREE, parent: FlatRegion | null = null): FlatRegion[] {
  return tree.flatMap(({ children, ...region }) => {
    const row: FlatRegion = {
      ...region,
      level: LEVELS[parent ? LEVELS.indexOf(parent.level) + 1 : 0]!,
      parentCode: parent?.code ?? null,
      path: parent ? `${parent.path}/${region.code}` : region.code,
    };
    return [row, ...flattenRegions(children ?? [], row)];
  });
}

// 2024 from 2025 by the recent yearly growth of the 60+ population (about 3.4%), and 65+ as a share
// of 60+ (0.72 in the 2020 census). Rounding down keeps every sum of counties within its city: the
// sum of floors never exceeds the floor of the sum.
const GROWTH_2024_TO_2025 = 1.034;
const SHARE_65_OF_60 = 0.722;

export function populationStats(region: FlatRegion) {
  const byYear = [
    { year: 2024, age60: Math.floor(region.elderly60 / GROWTH_2024_TO_2025) },
    { year: 2025, age60: region.elderly60 },
  ];
  return byYear.flatMap(({ year, age60 }) => {
    const source = `${year}年国民经济和社会发展统计公报`;
    return [
      { year, ageBand: 'AGE_60_PLUS' as const, basis: 'RESIDENT' as const, count: age60, source },
      { year, ageBand: 'AGE_65_PLUS' as const, basis: 'RESIDENT' as const, count: Math.floor(age60 * SHARE_65_OF_60), source },
    ];
  });
}
