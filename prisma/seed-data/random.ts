/** mulberry32: a small seeded PRNG, so the demo data is identical on every machine and every run. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    /** Picks with probability proportional to weight(item). */
    weighted: <T>(items: readonly T[], weight: (item: T) => number): T => {
      let r = next() * items.reduce((sum, item) => sum + weight(item), 0);
      for (const item of items) {
        r -= weight(item);
        if (r < 0) return item;
      }
      return items[items.length - 1]!;
    },
    digits: (n: number) => Array.from({ length: n }, () => int(0, 9)).join(''),
  };
}

export type Random = ReturnType<typeof seededRandom>;
