// Portal messages of the training pages; zh.ts and en.ts spread them, and en.ts's type makes English cover every key.
export const trainingZh = {
	'tr.navMine': '我的培训',
	'tr.navCourses': '培训课程',
	'tr.navImports': '名单导入'
};

export const trainingEn = {
	'tr.navMine': 'My training',
	'tr.navCourses': 'Courses',
	'tr.navImports': 'Roster imports'
} satisfies Record<keyof typeof trainingZh, string>;
