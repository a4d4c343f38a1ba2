import { z } from 'zod';
import { atMostDecimals } from './decimal-places.ts';

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

/**
 * An amount in yuan with at most two decimals, from 0 to `max`: every amount input names the largest
 * amount that can be meant, so a slip of the keyboard (or a probe) cannot set a fund to 9×10^15 yuan,
 * and fen stay exact integers far below 2^53.
 */
export const zYuan = (max: number) =>
  z
    .number()
    .min(0, 'cannot be negative')
    .max(max, `must be at most ${max} yuan`)
    .refine(atMostDecimals(2), { message: 'at most two decimals', params: { code: 'TOO_MANY_DECIMALS', places: 2 } });
