/** R9: planned roads and industrial zones must carry shared telecom ducts. */
import { distanceM } from '../geo/ellipsoid';
import { polygonContains } from '../geo/polygon';
import { mergeIntervals, totalLength } from '../geo/segment';
import type { GeoFeature } from '../io/fgb';
import { linesOf, polygonsOf, segmentsNear, type Context, type SegmentSet } from './context';
import { coveredOnSegment } from './corridors';
import type { AnalysisParams } from './params';
import { finding, fmt } from './finding';
import type { Finding } from './types';

/** Share of a line's length within T of any duct (existing or planned). */
export function ductShare(line: GeoFeature, sets: SegmentSet[], T: number): { length: number; share: number } {
  let len = 0;
  let cov = 0;
  for (const l of linesOf(line))
    for (let k = 1; k < l.length; k++) {
      const seg = distanceM(l[k - 1][0], l[k - 1][1], l[k][0], l[k][1]);
      len += seg;
      const c = totalLength(mergeIntervals(sets.flatMap((s) => coveredOnSegment(l[k - 1], l[k], s, T))));
      cov += c * seg;
    }
  return { length: len, share: len > 0 ? cov / len : 0 };
}

export function checkRoad(road: GeoFeature, ctx: Context, planned: SegmentSet, p: AnalysisParams): Finding | null {
  if (String(road.properties.code) !== 'ROAD') return null;
  const { length, share } = ductShare(road, [ctx.ducts, planned], p.tolerance_m);
  if (share >= p.roadDuctShare) return null;
  const id = String(road.properties.id);
  const first = linesOf(road)[0]?.[0] ?? [0, 0];
  return finding(
    'R9',
    'warning',
    [id],
    share * 100,
    p.roadDuctShare * 100,
    `Tuyến đường quy hoạch ${id} (${fmt(length / 1000)} km) chỉ có ${fmt(share * 100)}% chiều dài có cống bể: phải bố trí cống bể dùng chung.`,
    `Planned road ${id} (${fmt(length / 1000)} km) has ducts along only ${fmt(share * 100)}% of its length: it must carry shared ducts.`,
    first[0],
    first[1],
  );
}

/** True when segments PQ and RS share a point (orientation test, collinear overlaps included). */
function segmentsIntersect(px: number, py: number, qx: number, qy: number, rx: number, ry: number, sx: number, sy: number): boolean {
  const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  const onSeg = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
    Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
  const o1 = orient(px, py, qx, qy, rx, ry);
  const o2 = orient(px, py, qx, qy, sx, sy);
  const o3 = orient(rx, ry, sx, sy, px, py);
  const o4 = orient(rx, ry, sx, sy, qx, qy);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSeg(px, py, qx, qy, rx, ry)) ||
    (o2 === 0 && onSeg(px, py, qx, qy, sx, sy)) ||
    (o3 === 0 && onSeg(rx, ry, sx, sy, px, py)) ||
    (o4 === 0 && onSeg(rx, ry, sx, sy, qx, qy))
  );
}

/**
 * True when any duct segment has a point inside the zone: an end or midpoint inside, or the
 * segment crossing one of the zone's rings (a long straight duct passing through the zone).
 */
function zoneHasDuct(zone: GeoFeature, sets: SegmentSet[]): boolean {
  for (const poly of polygonsOf(zone)) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const [x, y] of poly[0]) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    for (const set of sets)
      for (const s of segmentsNear(set, x0, y0, x1, y1, 0)) {
        const c = set.coords;
        const pts = [
          [c[4 * s], c[4 * s + 1]],
          [c[4 * s + 2], c[4 * s + 3]],
          [(c[4 * s] + c[4 * s + 2]) / 2, (c[4 * s + 1] + c[4 * s + 3]) / 2],
        ];
        if (pts.some(([x, y]) => polygonContains(poly, x, y))) return true;
        for (const ring of poly)
          for (let i = 1; i < ring.length; i++)
            if (segmentsIntersect(c[4 * s], c[4 * s + 1], c[4 * s + 2], c[4 * s + 3], ring[i - 1][0], ring[i - 1][1], ring[i][0], ring[i][1])) return true;
      }
  }
  return false;
}

export function checkIndustrialZone(zone: GeoFeature, ctx: Context, planned: SegmentSet): Finding | null {
  if (String(zone.properties.code) !== 'ZONE_IZ') return null;
  if (zoneHasDuct(zone, [ctx.ducts, planned])) return null;
  const id = String(zone.properties.id);
  const ring = polygonsOf(zone)[0]?.[0] ?? [[0, 0]];
  const lon = ring.reduce((s, c) => s + c[0], 0) / ring.length;
  const lat = ring.reduce((s, c) => s + c[1], 0) / ring.length;
  const name = String(zone.properties.name ?? id);
  return finding(
    'R9',
    'warning',
    [id],
    0,
    1,
    `${name}: chưa có tuyến cống bể viễn thông dùng chung trong khu công nghiệp.`,
    `${name}: no shared telecom duct inside the industrial zone.`,
    lon,
    lat,
  );
}
