/** Today's date in China (UTC+8, no daylight saving), as a UTC midnight Date: the day rules are judged on. */
export function todayInChina(now = new Date()): Date {
  const china = new Date(now.getTime() + 8 * 3_600_000);
  return new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate()));
}
