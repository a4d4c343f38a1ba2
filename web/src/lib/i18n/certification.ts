// Portal messages of the certification pages; zh.ts and en.ts spread them, and en.ts's type makes English cover every key.
export const certificationZh = {};

export const certificationEn = {} satisfies Record<keyof typeof certificationZh, string>;
