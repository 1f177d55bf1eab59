/**
 * Naive reference implementations of the analysis core, for property tests
 * (tests/unit/analysis-naive.test.ts) and speed comparisons (bench/run.ts). They use turf
 * and plain loops, no spatial index: O(n*m), slow, and obviously correct.
 *
 * - R1 co-location: every pair of sites, distance by an ellipsoidal geodesic (geographiclib,
 *   the default) or turf's haversine (a sphere: about 0.4% long north-south and 0.15% short
 *   east-west here, docs pitfalls #10, so compare turf results with a wider band), the same
 *   sharing rule as src/core/analysis/sharing.ts, clusters by union-find.
 * - Corridors: densify the corridor every 1 m and test each 1 m step's midpoint against every
 *   duct and aerial route with turf.pointToLineDistance (great circles on a sphere).
 *
 * Kept out of src/: nothing in the app may depend on it.
 */
import * as turf from '@turf/turf';
import geodesic from 'geographiclib-geodesic';
import type { GeoFeature } from '../src/core/io/fgb';
import type { AnalysisParams } from '../src/core/analysis/params';
import type { AnalysisInput } from '../src/core/analysis/types';

const WGS84 = geodesic.Geodesic.WGS84;

/** A turf LineString feature (types taken from turf, not from an undeclared @types package). */
export type LineFeature = ReturnType<typeof turf.lineString>;
type PolyFeature = Parameters<typeof turf.booleanPointInPolygon>[1];
type PointFeature = ReturnType<typeof turf.point>;

export type DistFn = (lon1: number, lat1: number, lon2: number, lat2: number) => number;
/** Ellipsoidal geodesic distance in metres. */
export const geodesicM: DistFn = (lon1, lat1, lon2, lat2) => WGS84.Inverse(lat1, lon1, lat2, lon2).s12!;
/** turf's haversine distance in metres (sphere of radius 6,371,008.8 m). */
export const turfM: DistFn = (lon1, lat1, lon2, lat2) => turf.distance([lon1, lat1], [lon2, lat2], { units: 'meters' });

export interface NaiveSite {
  id: string;
  owner: string;
  status: string;
  lon: number;
  lat: number;
  /** Type of the first commune (input order) containing the site, '' if none. */
  area: string;
}

/** Area type by testing the point against every commune polygon with turf. */
export function naiveArea(lon: number, lat: number, communes: GeoFeature[]): string {
  const pt = turf.point([lon, lat]);
  for (const c of communes) {
    if (c.geometry.type !== 'Polygon' && c.geometry.type !== 'MultiPolygon') continue;
    if (turf.booleanPointInPolygon(pt, c as unknown as PolyFeature)) return String(c.properties.type);
  }
  return '';
}

export function naiveSite(f: GeoFeature, communes: GeoFeature[]): NaiveSite {
  const [lon, lat] = f.geometry.coordinates as number[];
  return {
    id: String(f.properties.id ?? ''),
    owner: String(f.properties.owner ?? ''),
    status: String(f.properties.status ?? ''),
    lon,
    lat,
    area: naiveArea(lon, lat, communes),
  };
}

export function naiveSites(input: Pick<AnalysisInput, 'sites' | 'communes'>): NaiveSite[] {
  return input.sites.filter((f) => f.geometry.type === 'Point').map((f) => naiveSite(f, input.communes));
}

/** Sharing distance of a site's area: phường 100 m, xã / đặc khu 400 m, outside every commune as xã. */
export function naiveShare(s: NaiveSite, p: AnalysisParams): number {
  if (s.area === 'phuong') return p.shareDistance_m.phuong;
  if (s.area === 'dac_khu') return p.shareDistance_m.dac_khu;
  return p.shareDistance_m.xa;
}

export interface NaivePair {
  a: number;
  b: number;
  d: number;
  /** The sharing distance that decided the pair. */
  limit: number;
}

/**
 * R1 pairs: every pair (i < j) of sites of different owners closer than the larger sharing
 * distance of the two. `rows` restricts the outer loop (a sample, for timing); pairs are then
 * (i in rows, any j != i) and may repeat across rows.
 */
export function naivePairs(sites: NaiveSite[], p: AnalysisParams, dist: DistFn = geodesicM, rows?: number[]): NaivePair[] {
  const out: NaivePair[] = [];
  const outer = rows ?? sites.map((_, i) => i);
  for (const i of outer) {
    const a = sites[i];
    for (let j = rows ? 0 : i + 1; j < sites.length; j++) {
      if (j === i) continue;
      const b = sites[j];
      if (a.owner === b.owner) continue;
      const d = dist(a.lon, a.lat, b.lon, b.lat);
      const limit = Math.max(naiveShare(a, p), naiveShare(b, p));
      if (d < limit) out.push({ a: Math.min(i, j), b: Math.max(i, j), d, limit });
    }
  }
  return out;
}

export interface NaiveCluster {
  sites: string[];
  maxDistance_m: number;
}

/** Connected components of the pair graph (union-find), with the largest member distance. */
export function naiveClusters(sites: NaiveSite[], pairs: NaivePair[], dist: DistFn = geodesicM): NaiveCluster[] {
  const parent = sites.map((_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  const used = new Set<number>();
  for (const { a, b } of pairs) {
    used.add(a);
    used.add(b);
    parent[find(a)] = find(b);
  }
  const groups = new Map<number, number[]>();
  for (const i of used) {
    const r = find(i);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(i);
  }
  const out: NaiveCluster[] = [];
  for (const m of groups.values()) {
    let maxD = 0;
    for (let x = 0; x < m.length; x++)
      for (let y = x + 1; y < m.length; y++) maxD = Math.max(maxD, dist(sites[m[x]].lon, sites[m[x]].lat, sites[m[y]].lon, sites[m[y]].lat));
    out.push({ sites: m.map((i) => sites[i].id).sort(), maxDistance_m: maxD });
  }
  return out.sort((p, q) => p.sites[0].localeCompare(q.sites[0]));
}

/** R1 for a planned site: the nearest existing site within the sharing distance, if any. */
export function naivePlannedSharing(site: NaiveSite, sites: NaiveSite[], p: AnalysisParams, dist: DistFn = geodesicM): { id: string; d: number } | null {
  let best: { id: string; d: number } | null = null;
  for (const s of sites) {
    if (s.id === site.id || s.status === 'planned') continue;
    const d = dist(site.lon, site.lat, s.lon, s.lat);
    if (d < Math.max(naiveShare(site, p), naiveShare(s, p)) && (!best || d < best.d)) best = { id: s.id, d };
  }
  return best;
}

export interface NaiveCorridor {
  id: string;
  length_m: number;
  reuse_duct_m: number;
  along_poles_m: number;
  new_build_m: number;
  /** Steps evaluated / steps in the corridor (a sample when `sample` < 1: totals are estimates). */
  evaluated: number;
  steps: number;
}

/** LineString parts of a feature as turf features (MultiLineStrings split). */
export function turfLines(features: GeoFeature[]): LineFeature[] {
  const out: LineFeature[] = [];
  for (const f of features) {
    if (f.geometry.type === 'LineString') out.push(turf.lineString(f.geometry.coordinates as number[][]));
    else if (f.geometry.type === 'MultiLineString') for (const l of f.geometry.coordinates as number[][][]) out.push(turf.lineString(l));
  }
  return out;
}

/**
 * Corridor reuse by densification: every segment is cut into 1 m steps (straight in lon/lat,
 * like the corridor itself); a step counts as duct reuse (along poles) when its midpoint lies
 * within T of any duct (aerial route); new build is the length of the steps near neither.
 * `sample` in (0, 1] evaluates only that share of the steps, picked by `rand`, and scales
 * the totals: used by the bench to time huge runs and extrapolate.
 */
export function naiveCorridor(
  corridor: GeoFeature,
  ducts: LineFeature[],
  aerial: LineFeature[],
  T: number,
  opts: { sample?: number; rand?: () => number; step_m?: number } = {},
): NaiveCorridor {
  const sample = opts.sample ?? 1;
  const rand = opts.rand ?? Math.random;
  const stepM = opts.step_m ?? 1;
  const near = (pt: PointFeature, lines: LineFeature[]) => {
    for (const l of lines) if (turf.pointToLineDistance(pt, l, { units: 'meters' }) <= T) return true;
    return false;
  };
  let length = 0;
  let reuse = 0;
  let along = 0;
  let fresh = 0;
  let evaluated = 0;
  let steps = 0;
  for (const line of turfLines([corridor])) {
    const c = line.geometry.coordinates;
    for (let k = 1; k < c.length; k++) {
      const [x0, y0] = c[k - 1];
      const [x1, y1] = c[k];
      const L = turf.distance([x0, y0], [x1, y1], { units: 'meters' });
      if (L === 0) continue;
      length += L;
      const n = Math.max(1, Math.ceil(L / stepM));
      const w = L / n;
      steps += n;
      for (let i = 0; i < n; i++) {
        if (sample < 1 && rand() >= sample) continue;
        evaluated++;
        const t = (i + 0.5) / n;
        const pt = turf.point([x0 + (x1 - x0) * t, y0 + (y1 - y0) * t]);
        const d = near(pt, ducts);
        const a = near(pt, aerial);
        if (d) reuse += w;
        if (a) along += w;
        if (!d && !a) fresh += w;
      }
    }
  }
  const scale = evaluated > 0 ? steps / evaluated : 0;
  return {
    id: String(corridor.properties.id ?? ''),
    length_m: length,
    reuse_duct_m: reuse * scale,
    along_poles_m: along * scale,
    new_build_m: fresh * scale,
    evaluated,
    steps,
  };
}

export interface NaiveReport {
  sites: NaiveSite[];
  pairs: NaivePair[];
  clusters: NaiveCluster[];
  planned: { id: string; share: { id: string; d: number } | null }[];
  corridors: NaiveCorridor[];
}

/** Naive full analysis: R1 (all pairs, clusters, planned sites) and every plan corridor. */
export function naiveAnalysis(
  input: AnalysisInput,
  plan: { features: GeoFeature[] },
  p: AnalysisParams,
  opts: { dist?: DistFn; sample?: number; rand?: () => number } = {},
): NaiveReport {
  const dist = opts.dist ?? geodesicM;
  const sites = naiveSites(input);
  const pairs = naivePairs(sites, p, dist);
  const clusters = naiveClusters(sites, pairs, dist);
  const planned = plan.features
    .filter((f) => String(f.properties.code).startsWith('ANT_') && f.geometry.type === 'Point')
    .map((f) => ({ id: String(f.properties.id), share: naivePlannedSharing(naiveSite(f, input.communes), sites, p, dist) }));
  const ducts = turfLines(input.ducts);
  const aerial = turfLines(input.aerial);
  const corridors = plan.features
    .filter((f) => f.properties.code === 'CORRIDOR' && /LineString/.test(f.geometry.type))
    .map((f) => naiveCorridor(f, ducts, aerial, p.tolerance_m, { sample: opts.sample, rand: opts.rand }));
  return { sites, pairs, clusters, planned, corridors };
}
