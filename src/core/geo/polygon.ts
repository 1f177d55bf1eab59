/** Polygon helpers on GeoJSON coordinate arrays (lon/lat). */
import { metresPerDegree } from './ellipsoid';

export type Ring = number[][];
export type PolygonCoords = Ring[];
export type MultiPolygonCoords = PolygonCoords[];

export type BBox = [number, number, number, number];

export function ringContains(ring: Ring, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function polygonContains(poly: PolygonCoords, x: number, y: number): boolean {
  if (!ringContains(poly[0], x, y)) return false;
  for (let h = 1; h < poly.length; h++) if (ringContains(poly[h], x, y)) return false;
  return true;
}

export function multiPolygonContains(mp: MultiPolygonCoords, x: number, y: number): boolean {
  for (const p of mp) if (polygonContains(p, x, y)) return true;
  return false;
}

export function bboxOfCoords(mp: MultiPolygonCoords): BBox {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of mp)
    for (const [x, y] of p[0]) {
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
    }
  return [x0, y0, x1, y1];
}

/** Signed shoelace area in m² (positive for counter-clockwise), scaled at the ring's mean latitude. */
export function ringAreaM2(ring: Ring): number {
  let lat0 = 0;
  for (const c of ring) lat0 += c[1];
  lat0 /= ring.length;
  const { mLat, mLon } = metresPerDegree(lat0);
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += ring[j][0] * mLon * (ring[i][1] * mLat) - ring[i][0] * mLon * (ring[j][1] * mLat);
  }
  return s / 2;
}

export function multiPolygonAreaM2(mp: MultiPolygonCoords): number {
  let a = 0;
  for (const p of mp) {
    a += Math.abs(ringAreaM2(p[0]));
    for (let h = 1; h < p.length; h++) a -= Math.abs(ringAreaM2(p[h]));
  }
  return a;
}

/** A closed counter-clockwise ring approximating a circle of `radiusM` metres. */
export function circleRing(lon: number, lat: number, radiusM: number, steps = 32): Ring {
  const { mLat, mLon } = metresPerDegree(lat);
  const ring: Ring = [];
  for (let i = 0; i < steps; i++) {
    const t = (2 * Math.PI * i) / steps;
    ring.push([round7(lon + (radiusM * Math.cos(t)) / mLon), round7(lat + (radiusM * Math.sin(t)) / mLat)]);
  }
  ring.push([ring[0][0], ring[0][1]]);
  return ring;
}

export function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}
