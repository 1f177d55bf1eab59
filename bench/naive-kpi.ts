/**
 * Naive reference for the Plan 317 coverage indicators (src/core/kpi), for the bench: no
 * spatial index, no cache, no per-feature effects. For one phase it lists the 5G sites and
 * the fibre lines that stand in it (the dataset's, changed by the plan's features active in
 * the phase), then tests every populated cell against every 5G site (distanceM, the radius of
 * the cell's commune type) and against every duct and aerial segment (point-segment distance
 * in the segment's local metric frame), stopping at the first hit. Same geometry as the
 * engine, so the decisions must agree cell by cell.
 *
 * Kept out of src/: nothing in the app may depend on it.
 */
import { distanceM, metresPerDegree } from '../src/core/geo/ellipsoid';
import { pointSegmentDistance } from '../src/core/geo/segment';
import { geometryProblem } from '../src/core/geo/valid';
import type { GeoFeature } from '../src/core/io/fgb';
import type { KpiParams } from '../src/core/kpi/params';
import type { KpiInput, KpiPhase } from '../src/core/kpi/types';

export interface NaiveCell {
  /** Index among the popcells layer's points (the engine's cell index). */
  i: number;
  lon: number;
  lat: number;
  pop: number;
  /** 5G screening radius of the cell's commune type (xã when unknown). */
  r5g: number;
}

export interface NaiveSeg {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  mLon: number;
  mLat: number;
}

const is5g = (tech: unknown) =>
  String(tech ?? '')
    .split(',')
    .some((t) => t.trim().toUpperCase() === '5G');

/** Plan features active in a phase: 2030 ones from 2030 on, 2040 ones in 2040, none in 2025. */
export function activeIn(phase: unknown, year: KpiPhase): boolean {
  return year === '2030' ? phase === '2030' : year === '2040' ? phase === '2030' || phase === '2040' : false;
}

/** Populated cells with their 5G radius. */
export function naiveCells(input: KpiInput, p: KpiParams): NaiveCell[] {
  const type = new Map(input.communes.map((c) => [String(c.properties.code), String(c.properties.type)]));
  const out: NaiveCell[] = [];
  let i = 0;
  for (const f of input.popcells) {
    if (f.geometry.type !== 'Point') continue;
    const [lon, lat] = f.geometry.coordinates as number[];
    const pop = Number(f.properties.population) || 0;
    const t = type.get(String(f.properties.commune_code ?? '')) ?? 'xa';
    const r5g = t === 'phuong' ? p.radius5g_m.phuong : t === 'dac_khu' ? p.radius5g_m.dac_khu : p.radius5g_m.xa;
    if (pop > 0) out.push({ i, lon, lat, pop, r5g });
    i++;
  }
  return out;
}

/** The 5G sites and fibre segments standing in a phase. */
export function naivePhaseAssets(input: KpiInput, plan: { features: GeoFeature[] }, year: KpiPhase): { sites5g: [number, number][]; segs: NaiveSeg[] } {
  const feats = plan.features.filter((f) => f && f.properties && geometryProblem(f.geometry) === null && activeIn(f.properties.phase, year));
  const removed = new Set(feats.filter((f) => f.properties.status === 'remove' && f.properties.ref_id).map((f) => String(f.properties.ref_id)));
  const upgraded = new Set(
    feats.filter((f) => f.properties.status === 'upgrade' && f.properties.action !== 'share' && f.properties.ref_id).map((f) => String(f.properties.ref_id)),
  );
  const sites5g: [number, number][] = [];
  for (const s of input.sites) {
    if (s.geometry.type !== 'Point') continue;
    const id = String(s.properties.id);
    if (removed.has(id)) continue;
    if (is5g(s.properties.tech) || upgraded.has(id)) sites5g.push(s.geometry.coordinates as [number, number]);
  }
  for (const f of feats)
    if (String(f.properties.code ?? '').startsWith('ANT_') && f.geometry.type === 'Point' && (f.properties.status ?? 'planned') === 'planned' && !f.properties.ref_id && is5g(f.properties.tech))
      sites5g.push(f.geometry.coordinates as [number, number]);
  const lines = [...input.ducts, ...input.aerial].filter((f) => !removed.has(String(f.properties.id)));
  for (const f of feats)
    if (['CORRIDOR', 'UG_DUCT', 'ROUTE_AERIAL'].includes(String(f.properties.code)) && (f.properties.status ?? 'planned') === 'planned') lines.push(f);
  const segs: NaiveSeg[] = [];
  for (const f of lines) {
    const parts = f.geometry.type === 'LineString' ? [f.geometry.coordinates as number[][]] : f.geometry.type === 'MultiLineString' ? (f.geometry.coordinates as number[][][]) : [];
    for (const l of parts)
      for (let k = 1; k < l.length; k++) {
        const { mLon, mLat } = metresPerDegree((l[k - 1][1] + l[k][1]) / 2);
        segs.push({ x0: l[k - 1][0], y0: l[k - 1][1], x1: l[k][0], y1: l[k][1], mLon, mLat });
      }
  }
  return { sites5g, segs };
}

/** Is the cell within its 5G radius of any site? Every site is tried until one is. */
export function naiveCovered5g(c: NaiveCell, sites: [number, number][]): boolean {
  for (const [x, y] of sites) if (distanceM(x, y, c.lon, c.lat) <= c.r5g) return true;
  return false;
}

/** Is the cell within the drop distance of any segment? Every segment is tried until one is. */
export function naiveCoveredFibre(c: NaiveCell, segs: NaiveSeg[], drop: number): boolean {
  for (const s of segs)
    if (pointSegmentDistance((c.lon - s.x0) * s.mLon, (c.lat - s.y0) * s.mLat, 0, 0, (s.x1 - s.x0) * s.mLon, (s.y1 - s.y0) * s.mLat) <= drop) return true;
  return false;
}
