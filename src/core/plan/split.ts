/** Splitting a line at the point of it nearest to a click. */
import { frameAt, toXY } from '../geo/segment';

/** Two lines meeting at the nearest point of `coords` to (lon, lat), or null at an end. */
export function splitLineAt(coords: number[][], lon: number, lat: number): [number[][], number[][]] | null {
  if (coords.length < 2) return null;
  const f = frameAt(lon, lat);
  let best = { d: Infinity, seg: 0, t: 0 };
  for (let i = 1; i < coords.length; i++) {
    const [ax, ay] = toXY(f, coords[i - 1][0], coords[i - 1][1]);
    const [bx, by] = toXY(f, coords[i][0], coords[i][1]);
    const vx = bx - ax;
    const vy = by - ay;
    const l2 = vx * vx + vy * vy;
    const t = l2 > 0 ? Math.max(0, Math.min(1, (-ax * vx - ay * vy) / l2)) : 0;
    const d = Math.hypot(ax + t * vx, ay + t * vy);
    if (d < best.d) best = { d, seg: i, t };
  }
  const a = coords[best.seg - 1];
  const b = coords[best.seg];
  const p = [a[0] + (b[0] - a[0]) * best.t, a[1] + (b[1] - a[1]) * best.t];
  const first = [...coords.slice(0, best.seg), p];
  const second = [p, ...coords.slice(best.seg)];
  // Drop a duplicated vertex when the split falls exactly on one.
  const dedupe = (l: number[][]) => l.filter((q, i) => i === 0 || q[0] !== l[i - 1][0] || q[1] !== l[i - 1][1]);
  const A = dedupe(first);
  const B = dedupe(second);
  return A.length >= 2 && B.length >= 2 ? [A, B] : null;
}
