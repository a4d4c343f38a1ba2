/**
 * The day `days` working days after `from` (Monday to Friday). Public holidays and the weekend days
 * China swaps for them are not known here, so a publicity period may end a day or two early around
 * them; assessors set the days with that in mind.
 */
export function addWorkingDays(from: Date, days: number): Date {
  const at = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  let left = days;
  while (left > 0) {
    at.setUTCDate(at.getUTCDate() + 1);
    const weekday = at.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return at;
}
