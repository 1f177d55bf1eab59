/**
 * Segment maths in a local metric frame (metres east/north of an origin, scaled with the
 * WGS 84 ellipsoid at the origin's latitude; exact to far better than 0.1% over a segment).
 */
import { metresPerDegree } from './ellipsoid';

export interface Frame {
  lon0: number;
  lat0: number;
  mLon: number;
  mLat: number;
}

export function frameAt(lon0: number, lat0: number): Frame {
  const { mLon, mLat } = metresPerDegree(lat0);
  return { lon0, lat0, mLon, mLat };
}

export function toXY(f: Frame, lon: number, lat: number): [number, number] {
  return [(lon - f.lon0) * f.mLon, (lat - f.lat0) * f.mLat];
}

/** Interval of t in [lo, hi] where a + t*b >= 0 (linear inequality), intersected. */
function linear(a: number, b: number, lo: number, hi: number): [number, number] | null {
  if (Math.abs(b) < 1e-12) return a >= 0 ? [lo, hi] : null;
  const t = -a / b;
  if (b > 0) lo = Math.max(lo, t);
  else hi = Math.min(hi, t);
  return lo <= hi ? [lo, hi] : null;
}

/** t in [0,1] where |P(t) - C| <= r, with P(t) = A + t (B - A). */
function discInterval(ax: number, ay: number, ux: number, uy: number, cx: number, cy: number, r: number): [number, number] | null {
  const fx = ax - cx;
  const fy = ay - cy;
  const a = ux * ux + uy * uy;
  const b = 2 * (fx * ux + fy * uy);
  const c = fx * fx + fy * fy - r * r;
  const disc = b * b - 4 * a * c;
  if (disc < 0) return null;
  const s = Math.sqrt(disc);
  const t0 = Math.max(0, (-b - s) / (2 * a));
  const t1 = Math.min(1, (-b + s) / (2 * a));
  return t0 <= t1 ? [t0, t1] : null;
}

/**
 * The part of segment AB (as t in [0,1]) lying within distance r of segment CD: the segment
 * clipped by the capsule around CD. The capsule is convex, so the answer is one interval:
 * the hull of the pieces cut by its rectangle and its two end discs.
 */
export function withinInterval(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
  r: number,
): [number, number] | null {
  const ux = bx - ax;
  const uy = by - ay;
  if (ux * ux + uy * uy < 1e-18) return null;
  const pieces: ([number, number] | null)[] = [discInterval(ax, ay, ux, uy, cx, cy, r), discInterval(ax, ay, ux, uy, dx, dy, r)];
  const ex = dx - cx;
  const ey = dy - cy;
  const L = Math.hypot(ex, ey);
  if (L > 1e-9) {
    const nx = ex / L;
    const ny = ey / L;
    // Along-CD coordinate s(t) and signed offset v(t) of P(t), both linear in t.
    const s0 = (ax - cx) * nx + (ay - cy) * ny;
    const sd = ux * nx + uy * ny;
    const v0 = -(ax - cx) * ny + (ay - cy) * nx;
    const vd = -ux * ny + uy * nx;
    let iv = linear(s0, sd, 0, 1); // s >= 0
    if (iv) iv = linear(L - s0, -sd, iv[0], iv[1]); // s <= L
    if (iv) iv = linear(r - v0, -vd, iv[0], iv[1]); // v <= r
    if (iv) iv = linear(r + v0, vd, iv[0], iv[1]); // v >= -r
    pieces.push(iv);
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of pieces) {
    if (!p) continue;
    lo = Math.min(lo, p[0]);
    hi = Math.max(hi, p[1]);
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Merges overlapping intervals (sorted copy) so overlaps count once. */
export function mergeIntervals(iv: [number, number][]): [number, number][] {
  if (iv.length === 0) return [];
  const s = iv.slice().sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [[s[0][0], s[0][1]]];
  for (let i = 1; i < s.length; i++) {
    const last = out[out.length - 1];
    if (s[i][0] <= last[1]) last[1] = Math.max(last[1], s[i][1]);
    else out.push([s[i][0], s[i][1]]);
  }
  return out;
}

export function totalLength(iv: [number, number][]): number {
  let s = 0;
  for (const [a, b] of iv) s += b - a;
  return s;
}

/** Distance from point P to segment CD (all in metres). */
export function pointSegmentDistance(px: number, py: number, cx: number, cy: number, dx: number, dy: number): number {
  const ex = dx - cx;
  const ey = dy - cy;
  const l2 = ex * ex + ey * ey;
  let t = l2 > 0 ? ((px - cx) * ex + (py - cy) * ey) / l2 : 0;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(px - (cx + t * ex), py - (cy + t * ey));
}
