import type { OrganisationKind } from '../../api/src/generated/prisma/enums.ts';

export type SeedOrganisation = { key: string; kind: OrganisationKind; name: string; regionCode: string; beds?: number; rating?: string };

export const ORGANISATIONS: SeedOrganisation[] = [
  { key: 'medicalCollege', kind: 'COLLEGE', name: '江西医学高等专科学校', regionCode: '361102' },
  { key: 'vocationalCollege', kind: 'COLLEGE', name: '九江职业技术学院', regionCode: '360402' },
  { key: 'provider', kind: 'TRAINING_PROVIDER', name: '上饶市康养职业培训学校', regionCode: '361102' },
  { key: 'assessor', kind: 'ASSESSOR', name: '上饶市养老服务职业技能等级认定中心', regionCode: '361102' },
  { key: 'hrBureau', kind: 'BUREAU', name: '上饶市人力资源和社会保障局', regionCode: '361102' },
  { key: 'civilBureau', kind: 'BUREAU', name: '上饶市民政局', regionCode: '361102' },
  { key: 'financeBureau', kind: 'BUREAU', name: '上饶市财政局', regionCode: '361102' },
  { key: 'jiujiangHr', kind: 'BUREAU', name: '九江市人力资源和社会保障局', regionCode: '360402' },
  { key: 'hangzhouCivil', kind: 'BUREAU', name: '杭州市民政局', regionCode: '330102' },
  { key: 'home1', kind: 'INSTITUTION', name: '上饶市社会福利院', regionCode: '361102', beds: 320, rating: '四星级' },
  { key: 'home2', kind: 'INSTITUTION', name: '广丰区颐康养老中心', regionCode: '361103', beds: 180, rating: '三星级' },
  { key: 'home3', kind: 'INSTITUTION', name: '鄱阳县中心敬老院', regionCode: '361128', beds: 150, rating: '二星级' },
  { key: 'home4', kind: 'INSTITUTION', name: '婺源县康乐颐养院', regionCode: '361130', beds: 90, rating: '三星级' },
  { key: 'home5', kind: 'INSTITUTION', name: '余干县福寿养老院', regionCode: '361127', beds: 120, rating: '二星级' },
  { key: 'home6', kind: 'INSTITUTION', name: '九江市浔阳区社区居家养老服务中心', regionCode: '360403', beds: 60, rating: '三星级' },
  { key: 'home7', kind: 'INSTITUTION', name: '修水县夕阳红护理院', regionCode: '360424', beds: 200, rating: '三星级' },
  { key: 'home8', kind: 'INSTITUTION', name: '杭州市上城区颐养中心', regionCode: '330102', beds: 400, rating: '五星级' },
  { key: 'home9', kind: 'INSTITUTION', name: '萧山区和睦老年公寓', regionCode: '330109', beds: 260, rating: '四星级' },
  { key: 'home10', kind: 'INSTITUTION', name: '余杭区康桥护理院', regionCode: '330110', beds: 150, rating: '四星级' },
  { key: 'home11', kind: 'INSTITUTION', name: '连云港市海州区福乐家养老服务中心', regionCode: '320706', beds: 110, rating: '三星级' },
  { key: 'home12', kind: 'INSTITUTION', name: '东海县晶都颐养院', regionCode: '320722', beds: 80, rating: '二星级' },
];
