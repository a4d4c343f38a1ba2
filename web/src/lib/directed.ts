import type { EnumOf } from '$lib/graphql';
import type { Lang } from '$lib/i18n';

export type StudentStatus = EnumOf<'DirectedStudentStatus'>;
export type BreachKind = EnumOf<'BreachKind'>;
export type RepaymentStatus = EnumOf<'RepaymentStatus'>;

// Enum values as colleges and bureaus say them; `satisfies` makes every value of the schema covered.
const STATUS = {
	ENROLLED: ['在读', 'Studying'],
	GRADUATED: ['已毕业待安置', 'Graduated, awaiting placement'],
	PLACED: ['已安置', 'Placed'],
	SERVING: ['服务中', 'Serving'],
	FULFILLED: ['已履约', 'Service fulfilled'],
	BREACHED: ['已违约', 'Breached'],
} satisfies Record<StudentStatus, [string, string]>;
const BREACH = {
	DROPPED_OUT: ['中途退学', 'Dropped out'],
	REFUSED_PLACEMENT: ['拒绝就业安置', 'Refused placement'],
	LEFT_SERVICE: ['服务期未满离岗', 'Left service early'],
} satisfies Record<BreachKind, [string, string]>;
const REPAYMENT = {
	DUE: ['待还款', 'Due'],
	REPAID: ['已还清', 'Repaid'],
	CREDIT_RECORDED: ['已记入信用记录', 'On the credit record'],
} satisfies Record<RepaymentStatus, [string, string]>;

const pick = (table: Record<string, [string, string]>, value: string, lang: Lang) => table[value]?.[lang === 'zh' ? 0 : 1] ?? value;
export const studentStatusLabel = (v: string, lang: Lang) => pick(STATUS, v, lang);
export const breachKindLabel = (v: string, lang: Lang) => pick(BREACH, v, lang);
export const repaymentStatusLabel = (v: string, lang: Lang) => pick(REPAYMENT, v, lang);
export const REPAYMENT_STATUSES = Object.keys(REPAYMENT) as RepaymentStatus[];

/** Which breach fits which state (the API refuses the others): a student drops out, a graduate refuses placement, a placed graduate leaves. */
export const BREACHES_FROM: Record<StudentStatus, BreachKind[]> = {
	ENROLLED: ['DROPPED_OUT'],
	GRADUATED: ['REFUSED_PLACEMENT'],
	PLACED: ['LEFT_SERVICE'],
	SERVING: ['LEFT_SERVICE'],
	FULFILLED: [],
	BREACHED: [],
};
