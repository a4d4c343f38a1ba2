/** Fen as yuan with two decimals and thousands separators, e.g. 123456 → "1,234.56" (exact: no floats). */
export function formatYuan(fen: number | bigint): string {
  const value = BigInt(fen);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${yuan}.${cents}`;
}

/** `percent`% of `fen`, rounded half up to the fen (integer arithmetic, so 70% of 31,450 fen is exact). */
export function shareOf(fen: number, percent: number): number {
  return Math.floor((fen * percent + 50) / 100);
}

/**
 * Splits `fen` by percentages that sum to 100 so the parts add up exactly: every part is rounded
 * down and the fen left over go to the last part.
 */
export function splitByShares(fen: number, shares: number[]): number[] {
  const parts = shares.map((s) => Math.floor((fen * s) / 100));
  parts[parts.length - 1]! += fen - parts.reduce((a, b) => a + b, 0);
  return parts;
}
