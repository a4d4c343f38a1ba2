// Portal messages of the subsidies pages; zh.ts and en.ts spread them, and en.ts's type makes English cover every key.
export const subsidiesZh = {};

export const subsidiesEn = {} satisfies Record<keyof typeof subsidiesZh, string>;
