/**
 * Property tests: the indexed analysis core against the naive reference implementations in
 * bench/naive.ts (all pairs, every duct, 1 m densification) on random data from a seeded
 * PRNG. The naive R1 uses geographiclib's geodesic, so the band around the thresholds only
 * has to absorb the core's local-scale approximation (~1e-6) and is set to 0.2%. A second
 * comparison against turf's sphere needs a wider band (docs pitfalls #10): turf's haversine is
 * ~0.43% long north-south here.
 */
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/core/analysis/analyze';
import { buildContext } from '../../src/core/analysis/context';
import { analyzeCorridor } from '../../src/core/analysis/corridors';
import { DEFAULT_PARAMS } from '../../src/core/analysis/params';
import { clusters, colocationPairs } from '../../src/core/analysis/sharing';
import type { AnalysisInput } from '../../src/core/analysis/types';
import { offsetM } from '../../src/core/geo/ellipsoid';
import type { GeoFeature } from '../../src/core/io/fgb';
import { Rng } from '../../src/core/random';
import {
  geodesicM,
  naiveClusters,
  naiveCorridor,
  naivePairs,
  naivePlannedSharing,
  naiveSite,
  naiveSites,
  turfLines,
  turfM,
  type DistFn,
  type NaivePair,
} from '../../bench/naive';

const LON0 = 106.7;
const LAT0 = 20.85;
const p = DEFAULT_PARAMS;
const OWNERS = ['Viettel', 'VNPT', 'MobiFone', 'Vietnamobile', 'TowerCo'];

function P(dx: number, dy: number): [number, number] {
  const [lon, lat] = offsetM(LON0, LAT0, 0, dy);
  return offsetM(lon, lat, dx, 0);
}

const rect = (x0: number, y0: number, x1: number, y1: number) => [P(x0, y0), P(x1, y0), P(x1, y1), P(x0, y1), P(x0, y0)];
const poly = (code: string, type: string, ring: number[][]): GeoFeature => ({
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates: [ring] },
  properties: { code, name: code, type },
});

/** A ward west of x = 0, a xã east of it, a đặc khu in the north-east corner (listed first). */
const COMMUNES = [poly('DK', 'dac_khu', rect(1500, 1500, 4000, 4000)), poly('W', 'phuong', rect(-4000, -4000, 0, 4000)), poly('X', 'xa', rect(0, -4000, 4000, 4000))];

function walk(rng: Rng, start: [number, number], segs: number, minLen: number, maxLen: number): [number, number][] {
  const pts: [number, number][] = [start];
  let h = rng.range(0, 2 * Math.PI);
  for (let i = 0; i < segs; i++) {
    h += rng.range(-0.7, 0.7);
    const l = rng.range(minLen, maxLen);
    const [x, y] = pts[pts.length - 1];
    pts.push([x + l * Math.cos(h), y + l * Math.sin(h)]);
  }
  return pts;
}

const lineF = (id: string, code: string, owner: string, pts: [number, number][]): GeoFeature => ({
  type: 'Feature',
  geometry: { type: 'LineString', coordinates: pts.map(([x, y]) => P(x, y)) },
  properties: { id, code, owner, status: code === 'CORRIDOR' ? 'planned' : 'existing', phase: '2030' },
});

interface World {
  input: AnalysisInput;
  corridors: GeoFeature[];
  planned: GeoFeature[];
}

function world(seed: number, nSites = 300): World {
  const rng = new Rng(seed);
  const sites: GeoFeature[] = [];
  // Clustered sites: centres anywhere in the 7 km x 7 km square, members ~150 m around them.
  const centres = Array.from({ length: 60 }, () => [rng.range(-3500, 3500), rng.range(-3500, 3500)]);
  for (let i = 0; i < nSites; i++) {
    const [cx, cy] = rng.pick(centres);
    const xy = P(cx + rng.normal() * 180, cy + rng.normal() * 180);
    sites.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: xy },
      properties: { id: `s${String(i).padStart(3, '0')}`, code: rng.pick(['ANT_A2A', 'ANT_A2B', 'ANT_A1A']), owner: rng.pick(OWNERS), status: 'existing' },
    });
  }
  const ducts: GeoFeature[] = [];
  const ductWalks: [number, number][][] = [];
  for (let i = 0; i < 40; i++) {
    ductWalks.push(walk(rng, [rng.range(-3000, 3000), rng.range(-3000, 3000)], rng.int(2, 5), 80, 400));
    ducts.push(lineF(`d${i}`, 'UG_DUCT', rng.pick(OWNERS), ductWalks[i]));
  }
  const aerial: GeoFeature[] = [];
  const aerialWalks: [number, number][][] = [];
  for (let i = 0; i < 15; i++) {
    aerialWalks.push(walk(rng, [rng.range(-3000, 3000), rng.range(-3000, 3000)], rng.int(2, 5), 80, 400));
    aerial.push(lineF(`a${i}`, 'ROUTE_AERIAL', rng.pick(OWNERS), aerialWalks[i]));
  }
  // Corridors: most follow a duct (or an aerial route) at a random offset (0-25 m, so some
  // are just outside T) and run on past its end; every fourth is a random walk.
  const corridors: GeoFeature[] = [];
  for (let i = 0; i < 10; i++) {
    let pts: [number, number][];
    if (i % 4 !== 3) {
      const src = rng.pick(i % 4 === 1 ? aerialWalks : ductWalks);
      const off = rng.range(0, 25);
      const side = rng.chance(0.5) ? 1 : -1;
      pts = src.map(([x, y], k) => {
        const [ax, ay] = src[Math.max(0, k - 1)];
        const [bx, by] = src[Math.min(src.length - 1, k + 1)];
        const len = Math.hypot(bx - ax, by - ay) || 1;
        return [x - (side * off * (by - ay)) / len, y + (side * off * (bx - ax)) / len];
      });
      const [lx, ly] = pts[pts.length - 1];
      pts.push([lx + rng.range(-300, 300), ly + rng.range(-300, 300)]);
    } else {
      pts = walk(rng, [rng.range(-2500, 2500), rng.range(-2500, 2500)], rng.int(2, 5), 100, 350);
    }
    corridors.push(lineF(`c${i}`, 'CORRIDOR', rng.pick(OWNERS), pts));
  }
  const planned: GeoFeature[] = [];
  for (let i = 0; i < 25; i++)
    planned.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: P(rng.range(-3500, 3500), rng.range(-3500, 3500)) },
      properties: { id: `n${i}`, code: 'ANT_A1A', owner: rng.pick(OWNERS), status: 'planned', height_m: 2, host_building_height_m: 20 },
    });
  return { input: { communes: COMMUNES, sites, ducts, aerial, zones: [] }, corridors, planned };
}

const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Pairs whose reference distance is within `band` (relative) of their threshold. */
function inBand(ids: string[], pairsAll: NaivePair[], band: number): Set<string> {
  const out = new Set<string>();
  for (const q of pairsAll) if (Math.abs(q.d - q.limit) / q.limit < band) out.add(key(ids[q.a], ids[q.b]));
  return out;
}

/** Reference pairs with a slightly larger limit, so pairs just above a threshold are in the band set too. */
function bandPairs(w: World, dist: DistFn, band: number): Set<string> {
  const ns = naiveSites(w.input);
  const wide = { ...p, shareDistance_m: { phuong: p.shareDistance_m.phuong * (1 + band), xa: p.shareDistance_m.xa * (1 + band), dac_khu: p.shareDistance_m.dac_khu * (1 + band) } };
  const all = naivePairs(ns, wide, dist).map((q) => ({ ...q, limit: q.limit / (1 + band) }));
  return inBand(ns.map((s) => s.id), all, band);
}

describe('R1 co-location: indexed vs naive all-pairs', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: same pairs and clusters (0.2% band, geodesic reference)`, () => {
      const w = world(seed);
      const ctx = buildContext(w.input);
      const ids = ctx.sites.map((s) => s.id);
      const ns = naiveSites(w.input);
      // Same sites in the same order, same area types.
      expect(ns.map((s) => s.id)).toEqual(ids);
      expect(ns.map((s) => s.area)).toEqual(ctx.sites.map((s) => s.area));
      expect(new Set(ns.map((s) => s.area))).toEqual(new Set(['phuong', 'xa', 'dac_khu']));

      const fast = colocationPairs(ctx, p);
      const slow = naivePairs(ns, p, geodesicM);
      const band = bandPairs(w, geodesicM, 0.002);
      const F = new Set(fast.map((q) => key(ids[q.a], ids[q.b])));
      const S = new Set(slow.map((q) => key(ids[q.a], ids[q.b])));
      const strip = (s: Set<string>) => [...s].filter((k) => !band.has(k)).sort();
      expect(strip(F)).toEqual(strip(S));
      expect(S.size).toBeGreaterThan(100);
      // Distances agree far inside the band.
      const dSlow = new Map(slow.map((q) => [key(ids[q.a], ids[q.b]), q.d]));
      for (const q of fast) {
        const d = dSlow.get(key(ids[q.a], ids[q.b]));
        if (d !== undefined) expect(Math.abs(q.d - d) / d).toBeLessThan(1e-4);
      }

      // Clusters: the core's union-find on its pairs = the naive union-find on the same pairs.
      const cs = clusters(ctx, fast);
      const ref = naiveClusters(ns, fast.map((q) => ({ ...q, limit: 0 })), geodesicM);
      expect(cs.map((c) => c.sites).sort((a, b) => a[0].localeCompare(b[0]))).toEqual(ref.map((c) => c.sites));
      const maxRef = new Map(ref.map((c) => [c.sites[0], c.maxDistance_m]));
      for (const c of cs) expect(Math.abs(c.maxDistance_m - maxRef.get(c.sites[0])!)).toBeLessThan(0.06 + 1e-4 * c.maxDistance_m);
      // And on the naive pairs when no pair is in the band.
      if (band.size === 0) expect(naiveClusters(ns, slow).map((c) => c.sites)).toEqual(ref.map((c) => c.sites));
      // The analyzer reports the same clusters.
      expect(new Analyzer(w.input).analyze({ type: 'FeatureCollection', features: [] }).colocation).toEqual(cs);
    });
  }

  it("against turf's sphere (haversine) the same holds with a 0.6% band", () => {
    let narrowMismatch = 0;
    for (const seed of [1, 2, 3, 4]) {
      const w = world(seed);
      const ctx = buildContext(w.input);
      const ids = ctx.sites.map((s) => s.id);
      const ns = naiveSites(w.input);
      const F = new Set(colocationPairs(ctx, p).map((q) => key(ids[q.a], ids[q.b])));
      const S = new Set(naivePairs(ns, p, turfM).map((q) => key(ids[q.a], ids[q.b])));
      const diff = (band: Set<string>) => [...new Set([...F, ...S])].filter((k) => F.has(k) !== S.has(k) && !band.has(k));
      expect(diff(bandPairs(w, geodesicM, 0.006))).toEqual([]);
      narrowMismatch += diff(bandPairs(w, geodesicM, 0.002)).length;
    }
    // With a 0.2% band turf flips some decisions (seeds 1-4: 1 pair); not asserted, it depends on the draw.
    expect(narrowMismatch).toBeGreaterThanOrEqual(0);
  });

  it('planned sites: the same existing site to share (or none)', () => {
    for (const seed of [1, 2]) {
      const w = world(seed);
      const ns = naiveSites(w.input);
      const r = new Analyzer(w.input).analyze({ type: 'FeatureCollection', features: w.planned });
      let checked = 0;
      for (const f of w.planned) {
        const site = naiveSite(f, w.input.communes);
        const ref = naivePlannedSharing(site, ns, p, geodesicM);
        const got = r.findings.find((x) => x.rule === 'R1' && x.featureIds[0] === site.id);
        // Skip decisions within 0.2% of a threshold.
        const limits = [100, 400];
        const borderline = ns.some((s) => {
          const d = geodesicM(site.lon, site.lat, s.lon, s.lat);
          return limits.some((l) => Math.abs(d - l) / l < 0.002);
        });
        if (borderline) continue;
        checked++;
        if (!ref) expect(got).toBeUndefined();
        else {
          expect(got?.featureIds[1]).toBe(ref.id);
          expect(Math.abs(got!.value - ref.d)).toBeLessThan(0.06);
        }
      }
      expect(checked).toBeGreaterThan(20);
    }
  });
});

describe('corridors: indexed vs naive 1 m densification', () => {
  it('reuse, along poles and new build agree within 1% + 2 m', () => {
    let nonTrivial = 0;
    let worst = 0;
    let alongSeen = 0;
    for (const seed of [11]) {
      const w = world(seed, 10);
      const ctx = buildContext(w.input);
      const ducts = turfLines(w.input.ducts);
      const aerial = turfLines(w.input.aerial);
      for (const c of w.corridors) {
        const fast = analyzeCorridor(c, ctx, p);
        const slow = naiveCorridor(c, ducts, aerial, p.tolerance_m);
        const tol = 0.01 * slow.length_m + 2;
        const msg = `${c.properties.id} seed ${seed}: ${JSON.stringify({ ...fast, parts: undefined })} vs ${JSON.stringify(slow)}`;
        expect(Math.abs(fast.length_m - slow.length_m), msg).toBeLessThanOrEqual(tol);
        expect(Math.abs(fast.reuse_duct_m - slow.reuse_duct_m), msg).toBeLessThanOrEqual(tol);
        expect(Math.abs(fast.along_poles_m - slow.along_poles_m), msg).toBeLessThanOrEqual(tol);
        expect(Math.abs(fast.new_build_m - slow.new_build_m), msg).toBeLessThanOrEqual(tol);
        if ((slow.reuse_duct_m > 50 || slow.along_poles_m > 50) && slow.new_build_m > 50) nonTrivial++;
        if (slow.along_poles_m > 50) alongSeen++;
        worst = Math.max(worst, Math.abs(fast.reuse_duct_m - slow.reuse_duct_m), Math.abs(fast.along_poles_m - slow.along_poles_m), Math.abs(fast.new_build_m - slow.new_build_m));
      }
    }
    // The draw must exercise partial reuse, not only all-or-nothing corridors.
    expect(nonTrivial).toBeGreaterThanOrEqual(3);
    expect(alongSeen).toBeGreaterThanOrEqual(2);
    console.log(`corridors: ${nonTrivial} of 10 partly reused; largest difference ${worst.toFixed(2)} m`);
  });
});
