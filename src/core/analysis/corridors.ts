/**
 * Corridor reuse: for each planned corridor, how much lies within T metres of existing ducts
 * (reuse), of aerial routes (along poles), and what is new build; the communes it crosses;
 * joint-build partners; an indicative cost. Each corridor segment is clipped against the
 * capsules (segment buffered by T) of the nearby duct segments found through flatbush, in a
 * local metric frame at the segment's midpoint; overlapping ducts count once.
 */
import { frameAt, mergeIntervals, toXY, totalLength, withinInterval } from '../geo/segment';
import { distanceM } from '../geo/ellipsoid';
import type { GeoFeature } from '../io/fgb';
import { linesOf, segmentSet, segmentsNear, type Context, type SegmentSet } from './context';
import type { AnalysisParams } from './params';
import type { CorridorPart, CorridorResult } from './types';

type Iv = [number, number];

/** Covered intervals (t in [0,1]) of segment a->b against a segment set. */
export function coveredOnSegment(a: number[], b: number[], set: SegmentSet, T: number, skipFeature?: (fi: number) => boolean): Iv[] {
  const cand = segmentsNear(set, a[0], a[1], b[0], b[1], T);
  if (cand.length === 0) return [];
  const f = frameAt((a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
  const [ax, ay] = toXY(f, a[0], a[1]);
  const [bx, by] = toXY(f, b[0], b[1]);
  const out: Iv[] = [];
  for (const s of cand) {
    if (skipFeature && skipFeature(set.feature[s])) continue;
    const c = set.coords;
    const [cx, cy] = toXY(f, c[4 * s], c[4 * s + 1]);
    const [dx, dy] = toXY(f, c[4 * s + 2], c[4 * s + 3]);
    const iv = withinInterval(ax, ay, bx, by, cx, cy, dx, dy, T);
    if (iv) out.push(iv);
  }
  return mergeIntervals(out);
}

function union(a: Iv[], b: Iv[]): Iv[] {
  return mergeIntervals([...a, ...b]);
}

function lerp(a: number[], b: number[], t: number): [number, number] {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

/** Splits one segment into pieces tagged duct / aerial / new (duct wins where both). */
function tagSegment(duct: Iv[], aerial: Iv[]): { t0: number; t1: number; kind: CorridorPart['kind'] }[] {
  const cuts = new Set<number>([0, 1]);
  for (const [x, y] of [...duct, ...aerial]) {
    cuts.add(x);
    cuts.add(y);
  }
  const ts = [...cuts].sort((p, q) => p - q);
  const inside = (iv: Iv[], t: number) => iv.some(([x, y]) => t >= x && t <= y);
  const out: { t0: number; t1: number; kind: CorridorPart['kind'] }[] = [];
  for (let i = 1; i < ts.length; i++) {
    const mid = (ts[i - 1] + ts[i]) / 2;
    if (ts[i] - ts[i - 1] < 1e-9) continue;
    const kind = inside(duct, mid) ? 'duct' : inside(aerial, mid) ? 'aerial' : 'new';
    out.push({ t0: ts[i - 1], t1: ts[i], kind });
  }
  return out;
}

export function analyzeCorridor(
  corridor: GeoFeature,
  ctx: Context,
  params: AnalysisParams,
): CorridorResult {
  const T = params.tolerance_m;
  const id = String(corridor.properties.id ?? '');
  const owner = String(corridor.properties.owner ?? '');
  let length = 0;
  let reuse = 0;
  let along = 0;
  let covered = 0;
  const parts: CorridorPart[] = [];
  const communes: string[] = [];
  const seen = new Set<string>();
  const addCommune = (lon: number, lat: number) => {
    const ci = ctx.communeIndex.find(lon, lat);
    if (ci >= 0 && !seen.has(ctx.communes[ci].code)) {
      seen.add(ctx.communes[ci].code);
      communes.push(ctx.communes[ci].code);
    }
  };
  for (const line of linesOf(corridor)) {
    for (let k = 1; k < line.length; k++) {
      const a = line[k - 1];
      const b = line[k];
      const segLen = distanceM(a[0], a[1], b[0], b[1]);
      if (segLen === 0) continue;
      length += segLen;
      const d = coveredOnSegment(a, b, ctx.ducts, T);
      const r = coveredOnSegment(a, b, ctx.aerial, T);
      reuse += totalLength(d) * segLen;
      along += totalLength(r) * segLen;
      covered += totalLength(union(d, r)) * segLen;
      for (const piece of tagSegment(d, r)) {
        const p0 = lerp(a, b, piece.t0);
        const p1 = lerp(a, b, piece.t1);
        const last = parts[parts.length - 1];
        if (last && last.kind === piece.kind && last.coords[last.coords.length - 2] === p0[0] && last.coords[last.coords.length - 1] === p0[1]) last.coords.push(p1[0], p1[1]);
        else parts.push({ kind: piece.kind, coords: [p0[0], p0[1], p1[0], p1[1]] });
      }
      const n = Math.max(1, Math.ceil(segLen / 25));
      for (let s = 0; s <= n; s++) addCommune(...lerp(a, b, s / n));
    }
  }
  const newBuild = Math.max(0, length - covered);
  const up = params.unitPrice;
  // Reused length priced as duct reuse where a duct exists, else as aerial.
  const reusePart = reuse;
  const aerialPart = Math.max(0, covered - reuse);
  const cost = {
    newDuct: Math.round(newBuild * up.newDuct),
    reuse: Math.round(reusePart * up.reuseDuct),
    aerial: Math.round(aerialPart * up.aerial),
    total: 0,
    currency: 'VND' as const,
    indicative: true as const,
  };
  cost.total = cost.newDuct + cost.reuse + cost.aerial;
  return {
    id,
    owner,
    phase: String(corridor.properties.phase ?? ''),
    length_m: round1(length),
    reuse_duct_m: round1(reuse),
    along_poles_m: round1(along),
    new_build_m: round1(newBuild),
    communes,
    jointWith: [],
    cost,
    parts,
  };
}

/**
 * Joint-build partners: other owners' planned corridors lying within T of this one over at
 * least `jointMin_m`, with the shared length (measured along this corridor).
 */
export function jointWith(corridor: GeoFeature, others: { set: SegmentSet; corridors: GeoFeature[] }, params: AnalysisParams): CorridorResult['jointWith'] {
  const id = String(corridor.properties.id ?? '');
  const owner = String(corridor.properties.owner ?? '');
  const shared = new Map<number, number>();
  for (const line of linesOf(corridor))
    for (let k = 1; k < line.length; k++) {
      const a = line[k - 1];
      const b = line[k];
      const segLen = distanceM(a[0], a[1], b[0], b[1]);
      const partners = new Set<number>();
      for (const s of segmentsNear(others.set, a[0], a[1], b[0], b[1], params.tolerance_m)) {
        const o = others.corridors[others.set.feature[s]];
        if (String(o.properties.id) !== id && String(o.properties.owner) !== owner) partners.add(others.set.feature[s]);
      }
      for (const fi of partners) {
        const iv = coveredOnSegment(a, b, others.set, params.tolerance_m, (g) => g !== fi);
        shared.set(fi, (shared.get(fi) ?? 0) + totalLength(iv) * segLen);
      }
    }
  return [...shared]
    .filter(([, m]) => m >= params.jointMin_m)
    .map(([fi, m]) => ({ id: String(others.corridors[fi].properties.id), owner: String(others.corridors[fi].properties.owner), shared_m: round1(m) }))
    .sort((p, q) => p.id.localeCompare(q.id));
}

export function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

export function corridorSet(corridors: GeoFeature[]): { set: SegmentSet; corridors: GeoFeature[] } {
  return { set: segmentSet(corridors), corridors };
}
