// Portal messages of the workforce pages; zh.ts and en.ts spread them, and en.ts's type makes English cover every key.
export const workforceZh = {};

export const workforceEn = {} satisfies Record<keyof typeof workforceZh, string>;
