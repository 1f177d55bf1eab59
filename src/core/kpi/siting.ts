/**
 * Data-centre siting: each candidate scored on stated criteria, each criterion's points kept
 * so the planner sees why. Distances use the local metric frame of the candidate.
 */
import { metresPerDegree } from '../geo/ellipsoid';
import { pointSegmentDistance } from '../geo/segment';
import type { GeoFeature } from '../io/fgb';
import { polygonsOf, segmentSet, segmentsNear, type Context, type SegmentSet } from '../analysis/context';
import { SITING_WEIGHTS, type KpiParams } from './params';
import type { DcSiting } from './types';

/** Nearest distance in metres from a point to a segment set, searching up to `limit` metres. */
export function nearestSegmentM(set: SegmentSet, lon: number, lat: number, limit: number, skip?: (s: number) => boolean): number {
  const { mLat, mLon } = metresPerDegree(lat);
  let best = Infinity;
  const c = set.coords;
  for (const s of segmentsNear(set, lon, lat, lon, lat, limit)) {
    if (skip && skip(s)) continue;
    const d = pointSegmentDistance(0, 0, (c[4 * s] - lon) * mLon, (c[4 * s + 1] - lat) * mLat, (c[4 * s + 2] - lon) * mLon, (c[4 * s + 3] - lat) * mLat);
    if (d < best) best = d;
  }
  return best <= limit ? best : Infinity;
}

/** The fibre backbone: every duct, and the aerial routes of the feeder tier. */
export function backboneSet(ducts: GeoFeature[], aerial: GeoFeature[]): SegmentSet {
  return segmentSet([...ducts, ...aerial.filter((f) => f.properties.tier === 'feeder')]);
}

/**
 * The coastline as the land mask's ring edges, without the edges on the mask's bounding box
 * (where the mask was clipped, not where the sea is).
 */
export function coastSet(land: GeoFeature[]): SegmentSet {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = land.flatMap((f) => polygonsOf(f).flat());
  for (const r of rings)
    for (const [x, y] of r) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  const eps = 1e-9;
  const onBox = (a: number[], b: number[]) =>
    (Math.abs(a[0] - b[0]) < eps && (Math.abs(a[0] - x0) < eps || Math.abs(a[0] - x1) < eps)) ||
    (Math.abs(a[1] - b[1]) < eps && (Math.abs(a[1] - y0) < eps || Math.abs(a[1] - y1) < eps));
  const lines: number[][][] = [];
  for (const r of rings) {
    let cur: number[][] = [];
    for (let k = 1; k < r.length; k++) {
      if (onBox(r[k - 1], r[k])) {
        if (cur.length > 1) lines.push(cur);
        cur = [];
        continue;
      }
      if (cur.length === 0) cur.push(r[k - 1]);
      cur.push(r[k]);
    }
    if (cur.length > 1) lines.push(cur);
  }
  return segmentSet([{ type: 'Feature', geometry: { type: 'MultiLineString', coordinates: lines }, properties: { id: 'coast' } }]);
}

export interface SitingContext {
  backbone: SegmentSet;
  coast: SegmentSet;
}

export function sitingScore(dc: GeoFeature, ctx: Context, sc: SitingContext, p: KpiParams): Omit<DcSiting, 'proposed_by'> {
  const [lon, lat] = dc.geometry.coordinates as number[];
  const backbone_m = nearestSegmentM(sc.backbone, lon, lat, p.backboneMax_m * 2);
  const coast_m = nearestSegmentM(sc.coast, lon, lat, Math.max(p.coastalStrip_m * 4, 10_000));
  const in_aviation = ctx.aviationIndex.find(lon, lat) >= 0;
  const land_available = dc.properties.land_available === true;
  const pue = Number(dc.properties.pue);
  const W = SITING_WEIGHTS;
  const near = backbone_m <= p.backboneGood_m ? 1 : backbone_m >= p.backboneMax_m ? 0 : (p.backboneMax_m - backbone_m) / (p.backboneMax_m - p.backboneGood_m);
  const parts = {
    backbone: Math.round(W.backbone * near * 10) / 10,
    coast: coast_m >= p.coastalStrip_m ? W.coast : 0,
    aviation: in_aviation ? 0 : W.aviation,
    land: land_available ? W.land : 0,
  };
  return {
    id: String(dc.properties.id),
    name: String(dc.properties.name ?? ''),
    owner: String(dc.properties.owner ?? ''),
    pue,
    green: pue <= p.greenPue,
    backbone_m: Number.isFinite(backbone_m) ? Math.round(backbone_m) : null,
    coast_m: Number.isFinite(coast_m) ? Math.round(coast_m) : null,
    in_aviation,
    land_available,
    parts,
    score: Math.round((parts.backbone + parts.coast + parts.aviation + parts.land) * 10) / 10,
  };
}

