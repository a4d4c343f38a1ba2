import type { Education } from '../../api/src/generated/prisma/enums.ts';
import type { EntryRule } from '../../api/src/modules/certification/eligibility.ts';

export type SkillLevelSeed = {
  code: string;
  rank: number;
  grade: number | null;
  nameZh: string;
  nameEn: string;
  requiresReview: boolean;
  entryRules: EntryRule[];
};

const VOCATIONAL_OR_HIGHER: Education[] = ['SECONDARY_VOCATIONAL', 'COLLEGE', 'BACHELOR', 'MASTER_PLUS'];
const HIGHER_VOCATIONAL_OR_HIGHER: Education[] = ['COLLEGE', 'BACHELOR', 'MASTER_PLUS'];

/**
 * The 2019 national standard's five levels with their entry rules (levels 2 and 1 assumed, see DOMAIN.md),
 * and the 2023 reform's apprentice, 特级技师 and 首席技师, which show the list is data, not an enum.
 */
export const SKILL_LEVELS: readonly SkillLevelSeed[] = [
  {
    code: 'APPRENTICE',
    rank: 0,
    grade: null,
    nameZh: '学徒工',
    nameEn: 'Apprentice',
    requiresReview: false,
    entryRules: [{ id: 'apprentice.any' }],
  },
  {
    code: 'L5',
    rank: 1,
    grade: 5,
    nameZh: '五级/初级工',
    nameEn: 'Level 5 / Junior',
    requiresReview: false,
    entryRules: [
      { id: 'l5.work1y', workYears: 1 },
      { id: 'l5.apprentice', holdsLevel: 'APPRENTICE' },
    ],
  },
  {
    code: 'L4',
    rank: 2,
    grade: 4,
    nameZh: '四级/中级工',
    nameEn: 'Level 4 / Intermediate',
    requiresReview: false,
    entryRules: [
      { id: 'l4.l5plus2y', holdsLevel: 'L5', yearsAfterLevel: 2 },
      { id: 'l4.work4y', workYears: 4 },
      { id: 'l4.diploma', educationIn: VOCATIONAL_OR_HIGHER },
    ],
  },
  {
    code: 'L3',
    rank: 3,
    grade: 3,
    nameZh: '三级/高级工',
    nameEn: 'Level 3 / Senior',
    requiresReview: false,
    entryRules: [
      { id: 'l3.l4plus4y', holdsLevel: 'L4', yearsAfterLevel: 4 },
      { id: 'l3.l4diploma', holdsLevel: 'L4', educationIn: HIGHER_VOCATIONAL_OR_HIGHER },
    ],
  },
  {
    code: 'L2',
    rank: 4,
    grade: 2,
    nameZh: '二级/技师',
    nameEn: 'Level 2 / Technician',
    requiresReview: true,
    entryRules: [{ id: 'l2.l3plus4y', holdsLevel: 'L3', yearsAfterLevel: 4 }],
  },
  {
    code: 'L1',
    rank: 5,
    grade: 1,
    nameZh: '一级/高级技师',
    nameEn: 'Level 1 / Senior technician',
    requiresReview: true,
    entryRules: [{ id: 'l1.l2plus4y', holdsLevel: 'L2', yearsAfterLevel: 4 }],
  },
  {
    code: 'SPECIAL_TECHNICIAN',
    rank: 6,
    grade: null,
    nameZh: '特级技师',
    nameEn: 'Special technician',
    requiresReview: true,
    entryRules: [{ id: 'special.l1plus4y', holdsLevel: 'L1', yearsAfterLevel: 4 }],
  },
  {
    code: 'CHIEF_TECHNICIAN',
    rank: 7,
    grade: null,
    nameZh: '首席技师',
    nameEn: 'Chief technician',
    requiresReview: true,
    entryRules: [{ id: 'chief.special', holdsLevel: 'SPECIAL_TECHNICIAN', yearsAfterLevel: 2 }],
  },
];
