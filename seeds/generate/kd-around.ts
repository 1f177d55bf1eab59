/** k nearest points in a kdbush index by growing a search box (small k only). */
import type KDBush from 'kdbush';

export function around(index: KDBush, x: number, y: number, k: number): number[] {
  let r = 0.002;
  for (let tries = 0; tries < 30; tries++, r *= 2) {
    const ids = index.range(x - r, y - r, x + r, y + r);
    if (ids.length >= k) {
      const coords = index.coords;
      return ids
        .map((i) => ({ i, d: (coords[2 * i] - x) ** 2 + (coords[2 * i + 1] - y) ** 2 }))
        .sort((a, b) => a.d - b.d || a.i - b.i)
        .slice(0, k)
        .map((e) => e.i);
    }
  }
  return [];
}
