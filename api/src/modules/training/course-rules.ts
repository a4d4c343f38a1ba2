import type { CourseKind, Post } from '../../generated/prisma/enums.ts';

export type Person = { familyCarer: boolean; currentPosts: Post[] };
/** `rule` names why a course is not open (the portal words it): FAMILY_CARER_KINDS_ONLY or DIRECTORS_ONLY. */
export type Verdict = { open: true } | { open: false; rule: 'FAMILY_CARER_KINDS_ONLY' | 'DIRECTORS_ONLY' };

/**
 * Who a course of each kind is for: family-carer and first-aid courses are open to everyone, family
 * carers who are not employed take only those; director training needs a director's post.
 */
export function courseOpenTo(kind: CourseKind, person: Person): Verdict {
  const employed = person.currentPosts.length > 0;
  if (kind === 'FAMILY_CARER' || kind === 'FIRST_AID') return { open: true };
  if (person.familyCarer && !employed) return { open: false, rule: 'FAMILY_CARER_KINDS_ONLY' };
  if (kind === 'DIRECTOR' && !person.currentPosts.includes('DIRECTOR')) return { open: false, rule: 'DIRECTORS_ONLY' };
  return { open: true };
}

export type Outcome = { status: 'COMPLETED' | 'FAILED'; note: string | null };

/** The course's rule: completed when the hours are met and the assessment is passed; otherwise failed, saying what fell short. */
export function courseOutcome(course: { requiredHours: number; passMark: number }, attendedHours: number, score: number): Outcome {
  const short: string[] = [];
  if (attendedHours < course.requiredHours) short.push(`hours ${attendedHours} of ${course.requiredHours}`);
  if (score < course.passMark) short.push(`score ${score.toFixed(2)} below ${course.passMark}`);
  // The note is the English fallback for other systems; the portal words a failure from the figures.
  return short.length ? { status: 'FAILED', note: short.join('; ') } : { status: 'COMPLETED', note: null };
}
