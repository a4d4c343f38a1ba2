import type { Lang } from '$lib/i18n';

// Enum values as the people using them say them.
const KIND: Record<string, [string, string]> = {
	PRE_JOB: ['岗前培训', 'Pre-job'],
	SKILL_UPGRADE: ['技能提升', 'Skill upgrade'],
	FAMILY_CARER: ['家庭照护者', 'Family carer'],
	FIRST_AID: ['救护员', 'First aid'],
	DIRECTOR: ['院长培训', 'Director training']
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
	ATTENDANCE: ['课程考勤', 'Course attendance']
};

export const COURSE_KINDS = Object.keys(KIND);
export const kindLabel = (kind: string, lang: Lang) => KIND[kind]?.[lang === 'zh' ? 0 : 1] ?? kind;
export const trainingStatusLabel = (status: string, lang: Lang) => STATUS[status]?.[lang === 'zh' ? 0 : 1] ?? status;
/** Places that can still be withdrawn (a seat or a waitlist place). */
export const withdrawable = (status: string) => status === 'ENROLLED' || status === 'WAITLISTED' || status === 'IN_PROGRESS';
