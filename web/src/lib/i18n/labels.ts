import type { Lang } from './index';

// Enum labels from the API, in both languages.
const LABELS = {
	zh: {
		CAREGIVER: '养老护理员', COLLEGE_STAFF: '院校', TRAINING_PROVIDER_STAFF: '培训机构', ASSESSOR: '评价机构',
		INSTITUTION_STAFF: '养老机构', HR_REVIEWER: '人社局审核员', HR_APPROVER: '人社局审批人', FINANCE_OFFICER: '财政局',
		CIVIL_AFFAIRS_ANALYST: '民政局分析员', ADMIN: '系统管理员',
		NONE: '未受教育', JUNIOR: '初中', SENIOR: '高中', SECONDARY_VOCATIONAL: '中职', COLLEGE: '大专', BACHELOR: '本科', MASTER_PLUS: '硕士及以上',
		CARE_WORKER: '护理员', DIRECTOR: '院长', SOCIAL_WORKER: '社会工作者',
		LABOUR: '劳动合同', DISPATCH: '劳务派遣',
		MALE: '男', FEMALE: '女'
	},
	en: {
		CAREGIVER: 'Caregiver', COLLEGE_STAFF: 'College', TRAINING_PROVIDER_STAFF: 'Training provider', ASSESSOR: 'Assessor',
		INSTITUTION_STAFF: 'Care institution', HR_REVIEWER: 'HR reviewer', HR_APPROVER: 'HR approver', FINANCE_OFFICER: 'Finance',
		CIVIL_AFFAIRS_ANALYST: 'Civil affairs analyst', ADMIN: 'Administrator',
		NONE: 'No schooling', JUNIOR: 'Junior secondary', SENIOR: 'Senior secondary', SECONDARY_VOCATIONAL: 'Secondary vocational',
		COLLEGE: 'College (专科)', BACHELOR: 'Bachelor', MASTER_PLUS: 'Master or above',
		CARE_WORKER: 'Care worker', DIRECTOR: 'Director', SOCIAL_WORKER: 'Social worker',
		LABOUR: 'Labour contract', DISPATCH: 'Agency dispatch',
		MALE: 'Male', FEMALE: 'Female'
	}
} as const;

export type LabelKey = keyof (typeof LABELS)['zh'];

export function label(lang: Lang, key: string): string {
	return (LABELS[lang] as Record<string, string>)[key] ?? key;
}

export const EDUCATIONS = ['NONE', 'JUNIOR', 'SENIOR', 'SECONDARY_VOCATIONAL', 'COLLEGE', 'BACHELOR', 'MASTER_PLUS'] as const;
export const POSTS = ['CARE_WORKER', 'DIRECTOR', 'SOCIAL_WORKER'] as const;
export const CONTRACT_TYPES = ['LABOUR', 'DISPATCH'] as const;
