// Plain data, no imports: the API's tests read these columns too, to prove its importers accept them.
/**
 * The columns of each import's template. Headers are the ones the API's importers read (Chinese, or
 * their English keys when the portal is in English: the importers accept both); the example row is
 * one the import accepts as it stands. The import pages list the required columns from here too.
 */
export const TEMPLATE_KINDS = ['students', 'attendance', 'population', 'bank-return'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

type Column = {
	zh: string;
	en: string;
	required: boolean;
	/** Dictionary keys (files.ts) of the column's format and allowed values. */
	format: `tpl.${string}`;
	allowed: `tpl.${string}` | null;
	example: string;
	/** The example where English words it differently (the importers read both). */
	exampleEn?: string;
};

// A resident ID whose check digit is right (GB 11643), used in examples only.
const EXAMPLE_ID = '11010519491231002X';

/** The columns of a template; `year` is the one its examples are of (last year: a figure already counted). */
export function columnsOf(kind: TemplateKind, opts: { reference?: string; year: string }): Column[] {
	const { year } = opts;
	switch (kind) {
		case 'students':
			return [
				{ zh: '学号', en: 'student_no', required: true, format: 'tpl.fmt.text', allowed: 'tpl.students.studentNo', example: '2025001' },
				{ zh: '姓名', en: 'name', required: true, format: 'tpl.fmt.name', allowed: null, example: '张三' },
				{ zh: '身份证号', en: 'resident_id', required: true, format: 'tpl.fmt.residentId', allowed: null, example: EXAMPLE_ID },
				{ zh: '手机号', en: 'phone', required: false, format: 'tpl.fmt.phone', allowed: null, example: '13800138000' },
				{
					zh: '学历',
					en: 'education',
					required: false,
					format: 'tpl.fmt.text',
					allowed: 'tpl.students.education',
					example: '高中',
					exampleEn: 'SENIOR',
				},
				{ zh: '入学日期', en: 'enrolled_on', required: true, format: 'tpl.fmt.day', allowed: null, example: `${year}-09-01` },
				{
					zh: '协议编号',
					en: 'agreement_no',
					required: false,
					format: 'tpl.fmt.text',
					allowed: 'tpl.students.agreement',
					example: `DX-${year}-001`,
				},
				{
					zh: '签约日期',
					en: 'signed_on',
					required: false,
					format: 'tpl.fmt.day',
					allowed: 'tpl.students.signedOn',
					example: `${year}-09-01`,
				},
			];
		case 'attendance':
			return [
				{
					zh: '课程编号',
					en: 'course_code',
					required: true,
					format: 'tpl.fmt.text',
					allowed: 'tpl.attendance.courseCode',
					example: 'HL-2025-01',
				},
				{ zh: '课次', en: 'session', required: true, format: 'tpl.fmt.integer', allowed: 'tpl.attendance.session', example: '1' },
				{
					zh: '身份证号',
					en: 'resident_id',
					required: true,
					format: 'tpl.fmt.residentId',
					allowed: 'tpl.attendance.person',
					example: EXAMPLE_ID,
				},
				{ zh: '姓名', en: 'name', required: true, format: 'tpl.fmt.name', allowed: 'tpl.attendance.person', example: '张三' },
				{ zh: '学时', en: 'hours', required: true, format: 'tpl.fmt.text', allowed: 'tpl.attendance.hours', example: '4' },
			];
		case 'population':
			return [
				{
					zh: '区划代码',
					en: 'region_code',
					required: true,
					format: 'tpl.fmt.text',
					allowed: 'tpl.population.regionCode',
					example: '361102',
				},
				{ zh: '年份', en: 'year', required: true, format: 'tpl.fmt.integer', allowed: 'tpl.population.year', example: year },
				{ zh: '年龄段', en: 'age_band', required: true, format: 'tpl.fmt.text', allowed: 'tpl.population.ageBand', example: '60+' },
				{
					zh: '口径',
					en: 'basis',
					required: true,
					format: 'tpl.fmt.text',
					allowed: 'tpl.population.basis',
					example: '常住',
					exampleEn: 'resident',
				},
				{ zh: '人数', en: 'count', required: true, format: 'tpl.fmt.integer', allowed: 'tpl.population.count', example: '81000' },
				{
					zh: '数据来源',
					en: 'source',
					required: false,
					format: 'tpl.fmt.text',
					allowed: 'tpl.population.source',
					example: `${year}年统计公报`,
				},
			];
		case 'bank-return':
			return [
				{
					zh: '业务参考号',
					en: 'reference',
					required: true,
					format: 'tpl.fmt.text',
					allowed: 'tpl.bank.reference',
					example: `${opts.reference ?? `PB-${year}-0001`}-1`,
				},
				{
					zh: '状态',
					en: 'status',
					required: true,
					format: 'tpl.fmt.text',
					allowed: 'tpl.bank.status',
					example: '成功',
					exampleEn: 'SUCCESS',
				},
				{ zh: '金额(元)', en: 'amount', required: true, format: 'tpl.fmt.yuan', allowed: 'tpl.bank.amount', example: '1000.00' },
				{ zh: '失败原因', en: 'reason', required: false, format: 'tpl.fmt.text', allowed: 'tpl.bank.reason', example: '' },
			];
	}
}
