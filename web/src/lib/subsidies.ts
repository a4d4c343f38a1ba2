import type { Lang } from '$lib/i18n';

// Enum values as the people using them say them.
const KIND: Record<string, [string, string]> = {
	ONBOARDING_AWARD: ['一次性入职奖补', 'Onboarding award'],
	POST_SUBSIDY: ['岗位补贴', 'Post subsidy'],
	SKILLS_UPGRADE: ['技能提升补贴', 'Skills-upgrade subsidy'],
	CERTIFICATION: ['职业技能鉴定补贴', 'Certification subsidy'],
	TRAINING: ['职业培训补贴', 'Training subsidy'],
	COMPETITION_AWARD: ['竞赛奖励', 'Competition award'],
};
const STATUS: Record<string, [string, string]> = {
	DRAFT: ['草稿', 'Draft'],
	SUBMITTED: ['待审核', 'Submitted'],
	REVIEWED: ['待审批', 'Reviewed'],
	PUBLICISED: ['公示中', 'Publicised'],
	APPROVED: ['已批准', 'Approved'],
	PAID: ['已发放', 'Paid'],
	REJECTED: ['已驳回', 'Rejected'],
	WITHDRAWN: ['已撤回', 'Withdrawn'],
	REVOKED: ['已撤销', 'Revoked'],
	SCHEDULED: ['待到期', 'Scheduled'],
	PAYABLE: ['待支付', 'Payable'],
	IN_BATCH: ['支付中', 'In a batch'],
	FORFEITED: ['已取消', 'Forfeited'],
	SUSPENDED: ['暂停（待再就业）', 'Suspended (awaiting re-employment)'],
	PENDING: ['未回盘', 'Unanswered'],
	FAILED: ['失败', 'Failed'],
	SENT: ['已发送', 'Sent'],
	RECONCILED: ['已对账', 'Reconciled'],
};
const FUND_KIND: Record<string, [string, string]> = {
	EMPLOYMENT_FUND: ['就业补助资金', 'Employment fund'],
	SPECIAL_FUND: ['专项资金', 'Special fund'],
	WELFARE_LOTTERY: ['福彩公益金', 'Welfare lottery fund'],
};
const JOB: Record<string, [string, string]> = {
	PENDING: ['排队中', 'Queued'],
	RUNNING: ['生成中', 'Running'],
	COMPLETED: ['已完成', 'Completed'],
	FAILED: ['失败', 'Failed'],
};
const EVIDENCE: Record<string, [string, string]> = {
	CONTRACT: ['劳动合同', 'Labour contract'],
	DIPLOMA: ['毕业证书', 'Diploma'],
	INSURANCE_RECORD: ['社保缴费记录', 'Social insurance record'],
	OTHER: ['其他', 'Other'],
};

const pick = (table: Record<string, [string, string]>, value: string, lang: Lang) => table[value]?.[lang === 'zh' ? 0 : 1] ?? value;
export const kindLabel = (v: string, lang: Lang) => pick(KIND, v, lang);
export const statusLabel = (v: string, lang: Lang) => pick(STATUS, v, lang);
export const fundKindLabel = (v: string, lang: Lang) => pick(FUND_KIND, v, lang);
export const jobStatusLabel = (v: string, lang: Lang) => pick(JOB, v, lang);
export const evidenceLabel = (v: string, lang: Lang) => pick(EVIDENCE, v, lang);
export const CLAIM_KINDS = Object.keys(KIND);
export const CLAIM_STATUSES = ['DRAFT', 'SUBMITTED', 'REVIEWED', 'PUBLICISED', 'APPROVED', 'PAID', 'REJECTED', 'WITHDRAWN', 'REVOKED'];
export const EVIDENCE_KINDS = Object.keys(EVIDENCE);
