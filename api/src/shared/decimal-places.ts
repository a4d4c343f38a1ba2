/**
 * Whether a number from JSON has at most `places` decimals, allowing for binary floating point
 * (0.1 + 0.2 arrives as 0.30000000000000004): amounts in yuan, hours and scores are written that way.
 */
export const atMostDecimals = (places: number) => (v: number) => Math.abs(v * 10 ** places - Math.round(v * 10 ** places)) < 1e-6;
