import { translator, type Lang, type MessageKey } from '$lib/i18n';
import { zh } from '$lib/i18n/zh';

// Enum values as the people using them say them.
const KIND: Record<string, [string, string]> = {
	PRE_JOB: ['岗前培训', 'Pre-job'],
	SKILL_UPGRADE: ['技能提升', 'Skill upgrade'],
	FAMILY_CARER: ['家庭照护者', 'Family carer'],
	FIRST_AID: ['救护员', 'First aid'],
	DIRECTOR: ['院长培训', 'Director training'],
};
const STATUS: Record<string, [string, string]> = {
	DRAFT: ['草稿', 'Draft'],
	PUBLISHED: ['报名中', 'Open'],
	CANCELLED: ['已取消', 'Cancelled'],
	ENROLLED: ['已录取', 'Enrolled'],
	WAITLISTED: ['候补中', 'Waitlisted'],
	IN_PROGRESS: ['学习中', 'In progress'],
	COMPLETED: ['已结业', 'Completed'],
	FAILED: ['未通过', 'Failed'],
	WITHDRAWN: ['已退出', 'Withdrawn'],
	STUDENTS: ['定向班学生', 'Directed-class students'],
	ATTENDANCE: ['课程考勤', 'Course attendance'],
};

export const COURSE_KINDS = Object.keys(KIND);
export const kindLabel = (kind: string, lang: Lang) => KIND[kind]?.[lang === 'zh' ? 0 : 1] ?? kind;
export const trainingStatusLabel = (status: string, lang: Lang) => STATUS[status]?.[lang === 'zh' ? 0 : 1] ?? status;
/**
 * A course's state as a reader means it: the API says PUBLISHED from publication to the end, but a course
 * whose first day has come no longer takes applications, and one whose last day has passed is over.
 */
export function courseStateLabel(course: { status: string; startsOn: string; endsOn: string }, today: string, lang: Lang) {
	if (course.status !== 'PUBLISHED') return trainingStatusLabel(course.status, lang);
	if (course.endsOn < today) return translator(lang)('tr.courseEnded');
	if (course.startsOn <= today) return translator(lang)('tr.courseRunning');
	return trainingStatusLabel(course.status, lang);
}

/** A place's status, with the waiting position where there is one ("候补第 3 位" rather than "候补中"). */
export const placeStatusLabel = (place: { status: string; waitlistPosition?: number | null }, lang: Lang) =>
	place.status === 'WAITLISTED' && place.waitlistPosition
		? translator(lang)('tr.position', { n: place.waitlistPosition })
		: trainingStatusLabel(place.status, lang);

/** Places that can still be withdrawn (a seat or a waitlist place). */
export const withdrawable = (status: string) => status === 'ENROLLED' || status === 'WAITLISTED' || status === 'IN_PROGRESS';

/** A skill level's name from its code ("L5" → "五级/初级工"); a level the dictionary does not know keeps its code. */
export function levelCodeLabel(code: string, lang: Lang) {
	const key = `tr.level.${code}`;
	return key in zh ? translator(lang)(key as MessageKey) : code;
}
