import type { OrganisationKind } from '../../api/src/generated/prisma/enums.ts';
import { usccCheckChar } from '../../api/src/modules/organisations/uscc.ts';
import type { Random } from './random.ts';

/**
 * The first two USCC characters: registration authority and entity type. Government bodies and public
 * institutions are registered by the staffing office (11, 12); private non-profit care homes and
 * training schools by civil affairs as social service organisations (52).
 */
const REGISTRATION = { government: '11', publicInstitution: '12', socialService: '52' } as const;

export type SeedOrganisation = {
  key: string;
  kind: OrganisationKind;
  name: string;
  registration: keyof typeof REGISTRATION;
  regionCode: string;
  beds?: number;
  rating?: string;
};

// Bureaus sit at their city's (or province's) code: a bureau answers for the whole area.
export const ORGANISATIONS: SeedOrganisation[] = [
  { key: 'medicalCollege', kind: 'COLLEGE', name: '江西医学高等专科学校', registration: 'publicInstitution', regionCode: '361102' },
  { key: 'vocationalCollege', kind: 'COLLEGE', name: '九江职业技术学院', registration: 'publicInstitution', regionCode: '360402' },
  { key: 'provider', kind: 'TRAINING_PROVIDER', name: '上饶市康养职业培训学校', registration: 'socialService', regionCode: '361102' },
  {
    key: 'assessor',
    kind: 'ASSESSOR',
    name: '上饶市养老服务职业技能等级认定中心',
    registration: 'publicInstitution',
    regionCode: '361102',
  },
  { key: 'shangraoHr', kind: 'BUREAU', name: '上饶市人力资源和社会保障局', registration: 'government', regionCode: '361100' },
  { key: 'shangraoCivil', kind: 'BUREAU', name: '上饶市民政局', registration: 'government', regionCode: '361100' },
  { key: 'shangraoFinance', kind: 'BUREAU', name: '上饶市财政局', registration: 'government', regionCode: '361100' },
  { key: 'jiujiangHr', kind: 'BUREAU', name: '九江市人力资源和社会保障局', registration: 'government', regionCode: '360400' },
  { key: 'hangzhouCivil', kind: 'BUREAU', name: '杭州市民政局', registration: 'government', regionCode: '330100' },
  { key: 'jiujiangCivil', kind: 'BUREAU', name: '九江市民政局', registration: 'government', regionCode: '360400' },
  { key: 'lianyungangCivil', kind: 'BUREAU', name: '连云港市民政局', registration: 'government', regionCode: '320700' },
  { key: 'jiangxiCivil', kind: 'BUREAU', name: '江西省民政厅', registration: 'government', regionCode: '360000' },
  {
    key: 'home1',
    kind: 'INSTITUTION',
    name: '上饶市社会福利院',
    registration: 'publicInstitution',
    regionCode: '361102',
    beds: 320,
    rating: '四星级',
  },
  {
    key: 'home2',
    kind: 'INSTITUTION',
    name: '广丰区颐康养老中心',
    registration: 'socialService',
    regionCode: '361103',
    beds: 180,
    rating: '三星级',
  },
  {
    key: 'home3',
    kind: 'INSTITUTION',
    name: '鄱阳县中心敬老院',
    registration: 'publicInstitution',
    regionCode: '361128',
    beds: 150,
    rating: '二星级',
  },
  {
    key: 'home4',
    kind: 'INSTITUTION',
    name: '婺源县康乐颐养院',
    registration: 'socialService',
    regionCode: '361130',
    beds: 90,
    rating: '三星级',
  },
  {
    key: 'home5',
    kind: 'INSTITUTION',
    name: '余干县福寿养老院',
    registration: 'socialService',
    regionCode: '361127',
    beds: 120,
    rating: '二星级',
  },
  {
    key: 'home6',
    kind: 'INSTITUTION',
    name: '九江市浔阳区社区居家养老服务中心',
    registration: 'socialService',
    regionCode: '360403',
    beds: 60,
    rating: '三星级',
  },
  {
    key: 'home7',
    kind: 'INSTITUTION',
    name: '修水县夕阳红护理院',
    registration: 'socialService',
    regionCode: '360424',
    beds: 200,
    rating: '三星级',
  },
  {
    key: 'home8',
    kind: 'INSTITUTION',
    name: '杭州市上城区颐养中心',
    registration: 'publicInstitution',
    regionCode: '330102',
    beds: 400,
    rating: '五星级',
  },
  {
    key: 'home9',
    kind: 'INSTITUTION',
    name: '萧山区和睦老年公寓',
    registration: 'socialService',
    regionCode: '330109',
    beds: 260,
    rating: '四星级',
  },
  {
    key: 'home10',
    kind: 'INSTITUTION',
    name: '余杭区康桥护理院',
    registration: 'socialService',
    regionCode: '330110',
    beds: 150,
    rating: '四星级',
  },
  {
    key: 'home11',
    kind: 'INSTITUTION',
    name: '连云港市海州区福乐家养老服务中心',
    registration: 'socialService',
    regionCode: '320706',
    beds: 110,
    rating: '三星级',
  },
  {
    key: 'home12',
    kind: 'INSTITUTION',
    name: '东海县晶都颐养院',
    registration: 'socialService',
    regionCode: '320722',
    beds: 80,
    rating: '二星级',
  },
];

const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** GB 11714 organisation code: eight characters and a check character (MOD 11, 10 written X). */
function organisationCode(body: string): string {
  const sum = [...body].reduce((acc, ch, i) => acc + parseInt(ch, 36) * ORG_CODE_WEIGHTS[i]!, 0);
  const check = 11 - (sum % 11);
  return body + (check === 10 ? 'X' : check === 11 ? '0' : String(check));
}

/**
 * A USCC laid out as GB 32100 prescribes: registration type, the registering region's code, the
 * organisation code, then the check character. New social service organisations get codes starting MJ.
 */
export function makeUscc(org: SeedOrganisation, rnd: Random): string {
  const body = org.registration === 'socialService' ? `MJ${rnd.digits(6)}` : rnd.digits(8);
  const first17 = `${REGISTRATION[org.registration]}${org.regionCode}${organisationCode(body)}`;
  return first17 + usccCheckChar(first17);
}
