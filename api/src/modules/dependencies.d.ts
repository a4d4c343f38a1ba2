/** Types for dependencies.js, which ESLint reads as plain JavaScript. */
export declare const MODULE_DEPENDENCIES: Record<string, readonly string[]>;
