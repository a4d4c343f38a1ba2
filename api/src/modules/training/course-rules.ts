import type { CourseKind, Post } from '../../generated/prisma/enums.ts';

export type Person = { familyCarer: boolean; currentPosts: Post[] };
export type Verdict = { open: true } | { open: false; zh: string; en: string };

/**
 * Who a course of each kind is for: family-carer and first-aid courses are open to everyone, family
 * carers who are not employed take only those; director training needs a director's post.
 */
export function courseOpenTo(kind: CourseKind, person: Person): Verdict {
  const employed = person.currentPosts.length > 0;
  if (kind === 'FAMILY_CARER' || kind === 'FIRST_AID') return { open: true };
  if (person.familyCarer && !employed)
    return {
      open: false,
      zh: '家庭照护者（未在机构就业）只能报名家庭照护和救护员培训',
      en: 'A family carer not employed by an institution can take family-carer and first-aid courses only',
    };
  if (kind === 'DIRECTOR' && !person.currentPosts.includes('DIRECTOR'))
    return { open: false, zh: '院长培训只面向在岗的养老机构院长', en: 'Director training is for people in a director’s post' };
  return { open: true };
}

export type Outcome = { status: 'COMPLETED' | 'FAILED'; note: string | null };

/** The course's rule: completed when the hours are met and the assessment is passed; otherwise failed, saying what fell short. */
export function courseOutcome(course: { requiredHours: number; passMark: number }, attendedHours: number, score: number): Outcome {
  const short: string[] = [];
  if (attendedHours < course.requiredHours)
    short.push(`学时 ${attendedHours}/${course.requiredHours} / hours ${attendedHours} of ${course.requiredHours}`);
  if (score < course.passMark)
    short.push(`成绩 ${score.toFixed(2)} 低于 ${course.passMark} / score ${score.toFixed(2)} below ${course.passMark}`);
  return short.length ? { status: 'FAILED', note: short.join('；') } : { status: 'COMPLETED', note: null };
}
