// Portal messages of the directed-training pages (classes, students, placement, breaches); zh.ts and en.ts spread them.
export const directedZh = {
	'dir.navClasses': '定向培养班',
	'dir.navRepayments': '违约与还款'
};

export const directedEn = {
	'dir.navClasses': 'Directed classes',
	'dir.navRepayments': 'Breaches and repayments'
} satisfies Record<keyof typeof directedZh, string>;
