import type { ContractType, Education, Gender, Post } from '../../api/src/generated/prisma/enums.ts';
import { makeResidentIdentity, RESIDENT_ID_SEQUENCES } from './identity.ts';
import type { SeedOrganisation } from './organisations.ts';
import { FEMALE_GIVEN, MALE_GIVEN, SURNAMES } from './people.ts';
import type { Random } from './random.ts';

const DAY = 86_400_000;
const utcDate = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY);
const daysBetween = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY);
const monthOf = (date: Date) => utcDate(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
const addMonths = (month: Date, n: number) => utcDate(month.getUTCFullYear(), month.getUTCMonth() + 1 + n, 1);

/**
 * The data describes the workforce as of this day, not as of the day it is loaded, so every run gives
 * the same rows. Monthly records run to the last complete month before it.
 */
export const AS_OF = utcDate(2026, 11, 1);
const MONTHS_KEPT = 24;
const LAST_MONTH = addMonths(AS_OF, -1);

export type SeedMonth = { month: Date; socialInsurancePaid: boolean; attendanceDays: number };
export type SeedEmployment = {
  homeKey: string;
  post: Post;
  contractType: ContractType;
  fullTime: boolean;
  startDate: Date;
  endDate: Date | null;
  months: SeedMonth[];
};
export type SeedCaregiver = {
  name: string;
  residentId: string;
  gender: Gender;
  birthDate: Date;
  phone: string;
  education: Education;
  regionCode: string;
  familyCarer: boolean;
  employments: SeedEmployment[];
};

/** Where the people live: each institution's county and the other counties of its city. */
export type Geography = { countiesOfCity: (countyCode: string) => string[]; allCounties: string[] };

// Older workers mostly left school after junior or senior middle school (about 20% none, 40% junior, 30% senior).
const OLDER_EDUCATION: Education[] = [
  'NONE',
  'NONE',
  'JUNIOR',
  'JUNIOR',
  'JUNIOR',
  'JUNIOR',
  'SENIOR',
  'SENIOR',
  'SENIOR',
  'SECONDARY_VOCATIONAL',
];
const GRADUATE_EDUCATION: Education[] = ['SECONDARY_VOCATIONAL', 'SECONDARY_VOCATIONAL', 'COLLEGE', 'COLLEGE', 'COLLEGE', 'BACHELOR'];
// Age on leaving school, so a graduate's first job starts after graduation.
const GRADUATION_AGE: Partial<Record<Education, number>> = { SECONDARY_VOCATIONAL: 19, COLLEGE: 21, BACHELOR: 22 };

/**
 * Monthly proof of service for the last MONTHS_KEPT months an employment covers (up to the last complete
 * month before AS_OF). A month the person only partly worked has fewer attendance days, as a roster
 * would show. A second, part-time employer pays no social insurance: the main employer does.
 */
function serviceMonths(rnd: Random, startDate: Date, endDate: Date | null, paysInsurance: boolean): SeedMonth[] {
  const months: SeedMonth[] = [];
  const last = endDate && endDate < AS_OF ? monthOf(endDate) : LAST_MONTH;
  const windowStart = addMonths(last, 1 - MONTHS_KEPT);
  for (let month = startDate > windowStart ? monthOf(startDate) : windowStart; month <= last; month = addMonths(month, 1)) {
    const next = addMonths(month, 1);
    const from = startDate > month ? startDate : month;
    const to = endDate && endDate < next ? addDays(endDate, 1) : next;
    const share = daysBetween(from, to) / daysBetween(month, next);
    months.push({ month, socialInsurancePaid: paysInsurance && rnd.chance(0.96), attendanceDays: Math.round(rnd.int(16, 26) * share) });
  }
  return months;
}

function employment(rnd: Random, homeKey: string, post: Post, startDate: Date, endDate: Date | null, main = true): SeedEmployment {
  return {
    homeKey,
    post,
    contractType: main && rnd.chance(0.88) ? 'LABOUR' : 'DISPATCH',
    fullTime: main && rnd.chance(0.95),
    startDate,
    endDate,
    months: serviceMonths(rnd, startDate, endDate, main),
  };
}

/**
 * About `count` caregivers as the seeds describe them: mostly women aged 40 to 60 with little schooling,
 * some young graduates, a few family carers. Each works at one institution (weighted by beds); some
 * changed employer, a few hold a second part-time job, a few have left. Each institution has a director.
 * The first person is fixed: the demo caregiver login, at `demoHome`.
 */
export function buildWorkforce(
  rnd: Random,
  homes: SeedOrganisation[],
  geography: Geography,
  count: number,
  familyCarers: number,
): SeedCaregiver[] {
  const demoHome = homes[0]!;
  const usedIds = new Set<string>();
  const usedNames = new Set<string>();
  const usedPhones = new Set<string>();
  const homesWithDirector = new Set<string>();

  function identity(regionCode: string, birthDate: Date, gender: Gender) {
    for (;;) {
      const identity = makeResidentIdentity(regionCode, birthDate, gender, rnd.int(0, RESIDENT_ID_SEQUENCES - 1));
      if (usedIds.has(identity.id)) continue;
      usedIds.add(identity.id);
      return identity;
    }
  }

  function unique(set: Set<string>, make: () => string): string {
    for (;;) {
      const value = make();
      if (!set.has(value)) {
        set.add(value);
        return value;
      }
    }
  }

  function person(
    regionCode: string,
    birthDate: Date,
    gender: Gender,
    education: Education,
    familyCarer: boolean,
    name?: string,
  ): SeedCaregiver {
    const { id, facts } = identity(regionCode, birthDate, gender);
    return {
      name: name ?? unique(usedNames, () => rnd.pick(SURNAMES) + rnd.pick(gender === 'FEMALE' ? FEMALE_GIVEN : MALE_GIVEN)),
      residentId: id,
      // Read back from the number, so the record and the ID can never disagree.
      gender: facts.gender,
      birthDate: facts.birthDate,
      phone: unique(usedPhones, () => `1${rnd.int(3, 9)}${rnd.digits(9)}`),
      education,
      regionCode: facts.regionCode,
      familyCarer,
      employments: [],
    };
  }

  const birthIn = (fromYear: number, toYear: number) => addDays(utcDate(fromYear, 1, 1), rnd.int(0, (toYear - fromYear + 1) * 365 - 1));
  // Another institution than any the person has worked at, most often in the same city.
  const otherHome = (home: SeedOrganisation, worked: SeedEmployment[] = []) => {
    const others = homes.filter((h) => h.key !== home.key && !worked.some((e) => e.homeKey === h.key));
    const nearby = others.filter((h) => geography.countiesOfCity(home.regionCode).includes(h.regionCode));
    return rnd.pick(nearby.length && rnd.chance(0.8) ? nearby : others);
  };

  const demo = person(demoHome.regionCode, utcDate(1974, 3, 15), 'FEMALE', 'JUNIOR', false, '李秀英');
  usedNames.add(demo.name);
  demo.employments.push(
    employment(rnd, otherHome(demoHome).key, 'CARE_WORKER', utcDate(2016, 5, 9), utcDate(2019, 3, 31)),
    employment(rnd, demoHome.key, 'CARE_WORKER', utcDate(2019, 4, 8), null),
  );
  const people = [demo];

  for (let i = 1; i < count - familyCarers; i++) {
    const home = rnd.weighted(homes, (h) => h.beds ?? 0);
    // Most live in the institution's county; some commute from elsewhere in the city.
    const regionCode = rnd.chance(0.8) ? home.regionCode : rnd.pick(geography.countiesOfCity(home.regionCode));
    const gender: Gender = rnd.chance(0.87) ? 'FEMALE' : 'MALE';

    if (rnd.chance(0.12)) {
      const education = rnd.pick(GRADUATE_EDUCATION);
      const p = person(regionCode, birthIn(2001, 2004), gender, education, false);
      const graduated = utcDate(p.birthDate.getUTCFullYear() + GRADUATION_AGE[education]!, 7, 1);
      const post: Post = education !== 'SECONDARY_VOCATIONAL' && rnd.chance(0.4) ? 'SOCIAL_WORKER' : 'CARE_WORKER';
      p.employments.push(employment(rnd, home.key, post, addDays(graduated, rnd.int(0, 90)), null));
      people.push(p);
      continue;
    }

    const middleAged = rnd.chance(0.9);
    const p = person(regionCode, middleAged ? birthIn(1966, 1986) : birthIn(1988, 1998), gender, rnd.pick(OLDER_EDUCATION), false);
    const post: Post = middleAged && !homesWithDirector.has(home.key) ? 'DIRECTOR' : 'CARE_WORKER';
    if (post === 'DIRECTOR') homesWithDirector.add(home.key);
    // Nobody starts before 20; the present post began up to twelve years ago.
    const earliest = addDays(p.birthDate, 20 * 365);
    const start = addDays(AS_OF, -rnd.int(60, Math.min(12 * 365, daysBetween(earliest, AS_OF))));
    if (rnd.chance(0.25)) {
      const end = addDays(start, -rnd.int(1, 90));
      const previousStart = addDays(end, -rnd.int(365, 5 * 365));
      if (previousStart >= earliest) p.employments.push(employment(rnd, otherHome(home).key, 'CARE_WORKER', previousStart, end));
    }
    // A few have left and found no other post yet: on the register, not in post.
    const left = post === 'CARE_WORKER' && daysBetween(start, AS_OF) > 365 && rnd.chance(0.04);
    p.employments.push(employment(rnd, home.key, post, start, left ? addDays(AS_OF, -rnd.int(20, 300)) : null));
    if (!left && post === 'CARE_WORKER' && rnd.chance(0.05)) {
      // A second, concurrent part-time employer: such a person must count once in the ratios.
      const second = otherHome(home, p.employments);
      p.employments.push(employment(rnd, second.key, 'CARE_WORKER', addDays(AS_OF, -rnd.int(90, 700)), null, false));
    }
    people.push(p);
  }

  // Family carers look after a relative at home: no employer, anywhere in the covered regions.
  for (let i = 0; i < familyCarers; i++) {
    people.push(
      person(rnd.pick(geography.allCounties), birthIn(1960, 1980), rnd.chance(0.8) ? 'FEMALE' : 'MALE', rnd.pick(OLDER_EDUCATION), true),
    );
  }
  return people;
}
