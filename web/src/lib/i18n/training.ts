// Portal messages of the training pages; zh.ts and en.ts spread them, and en.ts's type makes English cover every key.
export const trainingZh = {};

export const trainingEn = {} satisfies Record<keyof typeof trainingZh, string>;
