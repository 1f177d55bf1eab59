/**
 * Snapping targets for drawing: existing ducts, aerial routes and roads (segments, flatbush)
 * and sites, poles and stations (points, kdbush), built from the typed arrays the map already
 * holds. terra-draw's custom snapping is synchronous, so the index lives on the main thread.
 */
import Flatbush from 'flatbush';
import KDBush from 'kdbush';
import { frameAt, toXY } from '../core/geo/segment';
import { metresPerDegree } from '../core/geo/ellipsoid';
import type { LayerColumns } from '../core/data/columns';

export interface SnapHit {
  lon: number;
  lat: number;
  kind: 'vertex' | 'line';
}

export class SnapIndex {
  private seg: Float64Array;
  private segIndex: Flatbush | null;
  private pts: Float64Array;
  private ptIndex: KDBush | null;

  constructor(lines: { positions: Float64Array; startIndices: Uint32Array; length: number }[], points: LayerColumns[]) {
    const segs: number[] = [];
    for (const l of lines)
      for (let i = 0; i < l.length; i++)
        for (let v = l.startIndices[i] + 1; v < l.startIndices[i + 1]; v++) segs.push(l.positions[2 * v - 2], l.positions[2 * v - 1], l.positions[2 * v], l.positions[2 * v + 1]);
    this.seg = Float64Array.from(segs);
    const ns = segs.length / 4;
    this.segIndex = ns ? new Flatbush(ns) : null;
    for (let s = 0; s < ns; s++) {
      const [x0, y0, x1, y1] = [this.seg[4 * s], this.seg[4 * s + 1], this.seg[4 * s + 2], this.seg[4 * s + 3]];
      this.segIndex!.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
    }
    this.segIndex?.finish();
    const np = points.reduce((s, p) => s + p.length, 0);
    this.pts = new Float64Array(np * 2);
    let k = 0;
    for (const p of points) {
      this.pts.set(p.positions.subarray(0, p.length * 2), k * 2);
      k += p.length;
    }
    this.ptIndex = np ? new KDBush(np) : null;
    for (let i = 0; i < np; i++) this.ptIndex!.add(this.pts[2 * i], this.pts[2 * i + 1]);
    this.ptIndex?.finish();
  }

  /** Nearest point feature within r metres, else the nearest point on a line within r. */
  snap(lon: number, lat: number, r: number): SnapHit | null {
    const { mLat, mLon } = metresPerDegree(lat);
    const dx = r / mLon;
    const dy = r / mLat;
    const f = frameAt(lon, lat);
    let best: SnapHit | null = null;
    let bestD = r;
    if (this.ptIndex)
      for (const i of this.ptIndex.range(lon - dx, lat - dy, lon + dx, lat + dy)) {
        const [x, y] = toXY(f, this.pts[2 * i], this.pts[2 * i + 1]);
        const d = Math.hypot(x, y);
        if (d <= bestD) {
          bestD = d;
          best = { lon: this.pts[2 * i], lat: this.pts[2 * i + 1], kind: 'vertex' };
        }
      }
    if (best) return best;
    if (this.segIndex)
      for (const s of this.segIndex.search(lon - dx, lat - dy, lon + dx, lat + dy)) {
        const [cx, cy] = toXY(f, this.seg[4 * s], this.seg[4 * s + 1]);
        const [ex, ey] = toXY(f, this.seg[4 * s + 2], this.seg[4 * s + 3]);
        const vx = ex - cx;
        const vy = ey - cy;
        const l2 = vx * vx + vy * vy;
        const t = l2 > 0 ? Math.max(0, Math.min(1, (-cx * vx + -cy * vy) / l2)) : 0;
        const px = cx + t * vx;
        const py = cy + t * vy;
        const d = Math.hypot(px, py);
        if (d <= bestD) {
          bestD = d;
          best = { lon: lon + px / f.mLon, lat: lat + py / f.mLat, kind: 'line' };
        }
      }
    return best;
  }
}

/** Metres per screen pixel at a latitude and zoom (512 px tiles). */
export function metresPerPixel(lat: number, zoom: number): number {
  return (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);
}
