/**
 * The analysis core (src/core/analysis) on tiny synthetic fixtures with hand-computed
 * expectations. Every position is built from metre offsets around 20.85 N 106.7 E with
 * `offsetM`, so the expected lengths and distances are known: see `P` below.
 *
 * Rules and thresholds: /work/shared/docs/domain.md §3 (R1-R12), DEFAULT_PARAMS in
 * src/core/analysis/params.ts. Distances that decide thresholds are checked against
 * geographiclib's ellipsoidal geodesic, not turf (docs pitfalls #10).
 */
import { describe, expect, it } from 'vitest';
import geodesic from 'geographiclib-geodesic';
import { Analyzer, analyzePlan } from '../../src/core/analysis/analyze';
import { diameter } from '../../src/core/analysis/sharing';
import { DEFAULT_PARAMS } from '../../src/core/analysis/params';
import type { AnalysisInput, CorridorResult, Finding, PlanFile, Report } from '../../src/core/analysis/types';
import { distanceM, offsetM } from '../../src/core/geo/ellipsoid';
import { mergeIntervals, withinInterval } from '../../src/core/geo/segment';
import type { GeoFeature } from '../../src/core/io/fgb';
import { Rng } from '../../src/core/random';

const WGS84 = geodesic.Geodesic.WGS84;
const LON0 = 106.7;
const LAT0 = 20.85;
const T = DEFAULT_PARAMS.tolerance_m;

/**
 * Position dx metres east and dy metres north of the origin: first north along the meridian,
 * then east along that latitude, each with the ellipsoid's local scale. A horizontal segment
 * at any dy therefore has exactly its nominal east-west length; north-south lengths are exact
 * to ~1e-6 relative within the few km the fixtures span.
 */
function P(dx: number, dy: number): [number, number] {
  const [lon, lat] = offsetM(LON0, LAT0, 0, dy);
  return offsetM(lon, lat, dx, 0);
}

const rect = (x0: number, y0: number, x1: number, y1: number): number[][] => [P(x0, y0), P(x1, y0), P(x1, y1), P(x0, y1), P(x0, y0)];

function commune(code: string, type: 'phuong' | 'xa' | 'dac_khu', ring: number[][]): GeoFeature {
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { code, name: `Commune ${code}`, type } };
}

interface SiteOpts {
  code?: string;
  owner?: string;
  status?: string;
  height?: number;
  host?: number;
}

function site(id: string, xy: [number, number], o: SiteOpts = {}): GeoFeature {
  const props: Record<string, unknown> = {
    id,
    code: o.code ?? 'ANT_A2B',
    owner: o.owner ?? 'Viettel',
    status: o.status ?? 'existing',
    phase: o.status === 'planned' ? '2030' : 'baseline',
  };
  if (o.height !== undefined) props.height_m = o.height;
  if (o.host !== undefined) props.host_building_height_m = o.host;
  return { type: 'Feature', geometry: { type: 'Point', coordinates: P(xy[0], xy[1]) }, properties: props };
}

function line(id: string, code: string, owner: string, pts: [number, number][], extra: Record<string, unknown> = {}): GeoFeature {
  return {
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: pts.map(([x, y]) => P(x, y)) },
    properties: { id, code, owner, status: code === 'CORRIDOR' || code === 'ROAD' ? 'planned' : 'existing', phase: '2030', ...extra },
  };
}

const duct = (id: string, pts: [number, number][], owner = 'VNPT') => line(id, 'UG_DUCT', owner, pts);
const aerial = (id: string, pts: [number, number][], owner = 'Viettel') => line(id, 'ROUTE_AERIAL', owner, pts);
const corridor = (id: string, pts: [number, number][], owner = 'Viettel') => line(id, 'CORRIDOR', owner, pts);

function zone(id: string, code: string, ring: number[][], extra: Record<string, unknown> = {}): GeoFeature {
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { id, code, owner: 'city', status: 'existing', phase: 'baseline', ...extra } };
}

/** Two communes side by side: a ward (phường) west of x = 0 and a rural commune (xã) east of it. */
const WARD = commune('C-W', 'phuong', rect(-5000, -5000, 0, 5000));
const RURAL = commune('C-E', 'xa', rect(0, -5000, 5000, 5000));

function input(parts: Partial<AnalysisInput>): AnalysisInput {
  return { communes: [WARD, RURAL], sites: [], ducts: [], aerial: [], zones: [], ...parts };
}

const plan = (features: GeoFeature[]): PlanFile => ({ type: 'FeatureCollection', metadata: { name: 'test' }, features });

/** Every finding of every fixture, checked for completeness at the end of the file. */
const seen: Finding[] = [];

function run(inp: Partial<AnalysisInput>, features: GeoFeature[] = [], params?: Parameters<typeof analyzePlan>[2]): Report {
  const r = analyzePlan(input(inp), plan(features), params);
  seen.push(...r.findings);
  return r;
}

const byRule = (r: Report, rule: string) => r.findings.filter((f) => f.rule === rule);
const corridorOf = (r: Report, id: string): CorridorResult => {
  const c = r.corridors.find((x) => x.id === id);
  if (!c) throw new Error(`no corridor ${id}`);
  return c;
};

/** |actual - expected| <= tol (results are rounded to 0.1 m; fixtures are exact to ~1 cm). */
function near(actual: number, expected: number, tol = 0.15) {
  expect(Math.abs(actual - expected), `${actual} vs ${expected} (±${tol})`).toBeLessThanOrEqual(tol);
}

describe('fixture geometry', () => {
  it('P() offsets are metres on the ellipsoid (geographiclib)', () => {
    const g = (a: number[], b: number[]) => WGS84.Inverse(a[1], a[0], b[1], b[0]).s12!;
    near(g(P(0, 0), P(1000, 0)), 1000, 0.01);
    near(g(P(0, 0), P(0, 1000)), 1000, 0.01);
    near(g(P(0, 700), P(1000, 700)), 1000, 0.01);
    near(g(P(0, 0), P(300, 400)), 500, 0.01);
  });
});

describe('corridors: reuse of existing ducts (T = 15 m)', () => {
  it('a corridor exactly on a duct reuses its whole length', () => {
    const pts: [number, number][] = [
      [0, 0],
      [300, 0],
      [300, 400],
      [700, 700],
    ];
    const c = corridorOf(run({ ducts: [duct('d1', pts)] }, [corridor('c1', pts)]), 'c1');
    near(c.length_m, 1200);
    near(c.reuse_duct_m, 1200);
    near(c.new_build_m, 0);
    near(c.along_poles_m, 0);
    expect(c.parts.map((p) => p.kind)).toEqual(['duct']);
  });

  it('parallel at T - 1 m: full reuse; at T + 1 m: none', () => {
    const d = duct('d1', [
      [0, 0],
      [1000, 0],
    ]);
    const inside = corridorOf(run({ ducts: [d] }, [corridor('c', [[0, T - 1], [1000, T - 1]])]), 'c');
    near(inside.length_m, 1000);
    near(inside.reuse_duct_m, 1000);
    near(inside.new_build_m, 0);
    const outside = corridorOf(run({ ducts: [d] }, [corridor('c', [[0, T + 1], [1000, T + 1]])]), 'c');
    near(outside.reuse_duct_m, 0);
    near(outside.new_build_m, 1000);
  });

  it('crossing a duct at right angles reuses 2T (within 0.5%)', () => {
    const c = corridorOf(
      run({ ducts: [duct('d1', [[0, 0], [1000, 0]])] }, [
        corridor('c', [
          [500, -500],
          [500, 500],
        ]),
      ]),
      'c',
    );
    near(c.length_m, 1000);
    expect(Math.abs(c.reuse_duct_m - 2 * T) / (2 * T)).toBeLessThan(0.005);
    near(c.new_build_m, 1000 - 2 * T);
  });

  it('two overlapping ducts under the same stretch count once', () => {
    // Ducts on the corridor's own line: A covers x 100..500, B x 300..700. Within T of
    // either: x 85..715 = 630 m (not 430 + 430 = 860).
    const c = corridorOf(
      run({ ducts: [duct('a', [[100, 0], [500, 0]]), duct('b', [[300, 0], [700, 0]], 'Viettel')] }, [corridor('c', [[0, 0], [1000, 0]])]),
      'c',
    );
    near(c.reuse_duct_m, 630);
    near(c.new_build_m, 370);
  });

  it("a corridor along two owners' ducts end to end reuses the sum", () => {
    const c = corridorOf(
      run(
        {
          ducts: [
            duct('vnpt', [
              [0, 0],
              [600, 0],
            ]),
            duct('viettel', [
              [600, 0],
              [600, 400],
            ], 'Viettel'),
          ],
        },
        [
          corridor('c', [
            [0, 0],
            [600, 0],
            [600, 400],
          ]),
        ],
      ),
      'c',
    );
    near(c.length_m, 1000);
    near(c.reuse_duct_m, 600 + 400);
    near(c.new_build_m, 0);
  });

  it('along_poles_m measures the aerial routes, not the ducts', () => {
    const c = corridorOf(run({ aerial: [aerial('a1', [[200, 5], [600, 5]])] }, [corridor('c', [[0, 0], [1000, 0]])]), 'c');
    // Within 15 m of a segment 5 m off the line: x from 200 - sqrt(15² - 5²) to 600 + sqrt(15² - 5²).
    const cap = Math.sqrt(T * T - 25);
    near(c.along_poles_m, 400 + 2 * cap);
    near(c.reuse_duct_m, 0);
    near(c.new_build_m, 1000 - 400 - 2 * cap);
  });

  it('new_build_m = length - union(duct, aerial); parts in order; indicative cost', () => {
    // Duct x 0..300 -> covered 0..315; aerial x 500..800 -> covered 485..815; the rest new.
    const r = run(
      {
        ducts: [duct('d1', [[0, 0], [300, 0]])],
        aerial: [aerial('a1', [[500, 0], [800, 0]])],
      },
      [corridor('c', [[0, 0], [1000, 0]])],
    );
    const c = corridorOf(r, 'c');
    near(c.length_m, 1000);
    near(c.reuse_duct_m, 315);
    near(c.along_poles_m, 330);
    near(c.new_build_m, 1000 - 315 - 330);
    expect(c.parts.map((p) => p.kind)).toEqual(['duct', 'new', 'aerial', 'new']);
    const up = DEFAULT_PARAMS.unitPrice;
    expect(c.cost.currency).toBe('VND');
    expect(c.cost.indicative).toBe(true);
    near(c.cost.newDuct, 355 * up.newDuct, 0.15 * up.newDuct);
    near(c.cost.reuse, 315 * up.reuseDuct, 0.15 * up.reuseDuct);
    near(c.cost.aerial, 330 * up.aerial, 0.15 * up.aerial);
    expect(c.cost.total).toBe(c.cost.newDuct + c.cost.reuse + c.cost.aerial);
  });

  it('where a duct and an aerial route overlap, the aerial part is not priced twice', () => {
    const r = run(
      { ducts: [duct('d1', [[0, 0], [600, 0]])], aerial: [aerial('a1', [[0, 0], [1000, 0]])] },
      [corridor('c', [[0, 0], [1000, 0]])],
      { unitPrice: { newDuct: 100, reuseDuct: 10, aerial: 1 } },
    );
    const c = corridorOf(r, 'c');
    near(c.reuse_duct_m, 615);
    near(c.along_poles_m, 1000);
    near(c.new_build_m, 0);
    // reuse 615 m × 10, aerial-only 385 m × 1, new 0.
    near(c.cost.reuse, 6150, 2);
    near(c.cost.aerial, 385, 1);
    expect(c.cost.newDuct).toBe(0);
  });

  it('lists the communes crossed, in order', () => {
    const there = corridorOf(run({}, [corridor('c', [[-500, 100], [500, 100]])]), 'c');
    expect(there.communes).toEqual(['C-W', 'C-E']);
    const back = corridorOf(run({}, [corridor('c', [[500, 100], [-500, 100]])]), 'c');
    expect(back.communes).toEqual(['C-E', 'C-W']);
    const inside = corridorOf(run({}, [corridor('c', [[-900, 100], [-100, 100]])]), 'c');
    expect(inside.communes).toEqual(['C-W']);
  });

  it('a 20 km single-segment corridor along a duct 14.5 m away: full reuse (frame scale over long segments)', () => {
    // The corridor is one straight north-south segment (constant longitude); the duct has a
    // vertex every 500 m, each exactly 14.5 m east of it at its own latitude.
    const ys = Array.from({ length: 41 }, (_, i) => -10_000 + i * 500);
    const d = duct(
      'd-long',
      ys.map((y) => [14.5, y] as [number, number]),
    );
    const c = corridorOf(run({ ducts: [d] }, [corridor('c', [[0, -10_000], [0, 10_000]])]), 'c');
    near(c.length_m, 20_000, 0.5);
    near(c.reuse_duct_m, c.length_m, 0.2);
    const off = corridorOf(run({ ducts: [duct('d-off', ys.map((y) => [15.5, y] as [number, number]))] }, [corridor('c', [[0, -10_000], [0, 10_000]])]), 'c');
    near(off.reuse_duct_m, 0, 0.2);
  });

  it('uses the tolerance from the parameters', () => {
    const d = duct('d1', [
      [0, 0],
      [1000, 0],
    ]);
    const c = corridorOf(run({ ducts: [d] }, [corridor('c', [[0, 20], [1000, 20]])], { tolerance_m: 25 }), 'c');
    near(c.reuse_duct_m, 1000);
  });
});

describe('corridors: joint build with other owners', () => {
  // C1 (Viettel) runs x 0..1000 on y = 0. A partner running on the same line from x = 880
  // beyond C1's end shares the common stretch (120 m) plus the tolerance cap at its start
  // (T = 15 m): C1 lies within T of it over x 865..1000 = 135 m.
  const c1 = corridor('c1', [
    [0, 0],
    [1000, 0],
  ]);
  const partner = (id: string, owner: string, from: number) =>
    corridor(
      id,
      [
        [from, 0],
        [1600, 0],
      ],
      owner,
    );

  it("another owner's corridor overlapping 120 m is listed with the shared length", () => {
    const r = run({}, [c1, partner('c2', 'VNPT', 880)]);
    expect(corridorOf(r, 'c1').jointWith).toEqual([{ id: 'c2', owner: 'VNPT', shared_m: 135 }]);
    // Measured along c2: within T of c1 over x 880..1015.
    expect(corridorOf(r, 'c2').jointWith).toEqual([{ id: 'c1', owner: 'Viettel', shared_m: 135 }]);
  });

  it('a parallel partner 10 m away over 120 m: shared = 120 + 2·sqrt(T² - 10²)', () => {
    const r = run({}, [
      c1,
      corridor(
        'c2',
        [
          [400, 10],
          [520, 10],
        ],
        'MobiFone',
      ),
    ]);
    const j = corridorOf(r, 'c1').jointWith;
    expect(j).toHaveLength(1);
    near(j[0].shared_m, 120 + 2 * Math.sqrt(T * T - 100));
  });

  it('the same owner is not a joint-build partner', () => {
    const r = run({}, [c1, partner('c2', 'Viettel', 880)]);
    expect(corridorOf(r, 'c1').jointWith).toEqual([]);
  });

  it('an overlap under 50 m (30 m common, 45 m within T) is not listed', () => {
    const r = run({}, [c1, partner('c2', 'VNPT', 970)]);
    expect(corridorOf(r, 'c1').jointWith).toEqual([]);
    expect(corridorOf(r, 'c2').jointWith).toEqual([]);
  });
});

describe('R1 co-location (100 m in a phường, 400 m in a xã)', () => {
  const pairRun = (a: [number, number], b: [number, number], ownerB = 'VNPT') => run({ sites: [site('A', a), site('B', b, { owner: ownerB })] });

  it('two owners 90 m apart in a ward: one cluster', () => {
    const r = pairRun([-2000, 0], [-2000, 90]);
    expect(r.colocation).toHaveLength(1);
    expect(r.colocation[0].sites).toEqual(['A', 'B']);
    expect(r.colocation[0].owners).toEqual(['VNPT', 'Viettel']);
    near(r.colocation[0].maxDistance_m, 90);
    expect(byRule(r, 'R1')).toHaveLength(1);
    expect(byRule(r, 'R1')[0].severity).toBe('info');
    expect(byRule(r, 'R1')[0].threshold).toBe(100); // a ward cluster reports the ward's distance
  });

  it('a xã cluster reports 400 m', () => {
    expect(byRule(pairRun([2000, 0], [2110, 0]), 'R1')[0].threshold).toBe(400);
  });

  it('110 m apart in a ward: none', () => {
    expect(pairRun([-2000, 0], [-2000, 110]).colocation).toEqual([]);
  });

  it('110 m apart in a xã: a cluster (400 m)', () => {
    const r = pairRun([2000, 0], [2110, 0]);
    expect(r.colocation.map((c) => c.sites)).toEqual([['A', 'B']]);
    near(r.colocation[0].maxDistance_m, 110);
  });

  it('399 m in a xã: a cluster; 401 m: none', () => {
    expect(pairRun([2000, 0], [2000, 399]).colocation).toHaveLength(1);
    expect(pairRun([2000, 0], [2000, 401]).colocation).toHaveLength(0);
  });

  it('the same owner 20 m apart: none', () => {
    expect(pairRun([-2000, 0], [-2000, 20], 'Viettel').colocation).toEqual([]);
  });

  it('a pair across the ward / xã boundary at 250 m qualifies (the larger sharing distance)', () => {
    const r = pairRun([-125, 0], [125, 0]);
    expect(r.colocation.map((c) => c.sites)).toEqual([['A', 'B']]);
    near(r.colocation[0].maxDistance_m, 250);
  });

  it('a chain A-B 80 m, B-C 80 m (A-C 160 m) is one cluster of 3', () => {
    const r = run({
      sites: [site('A', [-2000, 0], { owner: 'Viettel' }), site('B', [-1920, 0], { owner: 'VNPT' }), site('C', [-1840, 0], { owner: 'MobiFone' })],
    });
    expect(r.colocation).toHaveLength(1);
    expect(r.colocation[0].sites).toEqual(['A', 'B', 'C']);
    expect(r.colocation[0].owners).toEqual(['MobiFone', 'VNPT', 'Viettel']);
    near(r.colocation[0].maxDistance_m, 160);
  });

  it('cluster diameter: all pairs for small clusters, convex hull for large ones (same answer)', () => {
    const rng = new Rng(99);
    const brute = (s: { lon: number; lat: number }[]) => {
      let m = 0;
      for (let i = 0; i < s.length; i++) for (let j = i + 1; j < s.length; j++) m = Math.max(m, distanceM(s[i].lon, s[i].lat, s[j].lon, s[j].lat));
      return m;
    };
    for (const [n, spread] of [
      [10, 300],
      [64, 500],
      [65, 500],
      [800, 2000],
      [1500, 20_000],
    ]) {
      const pts = Array.from({ length: n }, () => {
        const [lon, lat] = P(rng.normal() * spread, rng.normal() * spread);
        return { lon, lat };
      });
      const d = diameter(pts);
      const b = brute(pts);
      if (n <= 64) expect(d).toBe(b);
      else expect(Math.abs(d - b) / b).toBeLessThan(1e-4);
    }
  });

  it('a dense area chained into one cluster of 20,000 sites is analysed in seconds, not minutes', () => {
    // 200 x 100 grid, 80 m apart, owners alternating: every neighbour pair qualifies (< 100 m).
    const sites: GeoFeature[] = [];
    for (let i = 0; i < 200; i++)
      for (let j = 0; j < 100; j++) sites.push(site(`g${i}-${j}`, [-4900 + i * 24, -4000 + j * 80], { owner: (i + j) % 2 ? 'VNPT' : 'Viettel' }));
    // The grid is 24 m apart east-west (to fit the ward), 80 m north-south.
    const t0 = performance.now();
    const r = run({ sites });
    const ms = performance.now() - t0;
    expect(r.colocation).toHaveLength(1);
    expect(r.colocation[0].sites).toHaveLength(20_000);
    // The farthest pair is a pair of opposite corners (P() offsets east at each latitude, so
    // the grid is very slightly sheared: measure both diagonals).
    const d = (a: [number, number], b: [number, number]) => distanceM(...P(...a), ...P(...b));
    const diag = Math.max(d([-4900, -4000], [-124, 3920]), d([-124, -4000], [-4900, 3920]));
    near(diag, Math.hypot(199 * 24, 99 * 80), 1.5);
    near(r.colocation[0].maxDistance_m, diag, 0.1);
    // All pairs (2e8 distances) took ~17 s here; the hull takes well under 1 s.
    expect(ms).toBeLessThan(5_000);
  });

  it('a planned site 60 m from an existing site in a ward: R1 error, share site X instead', () => {
    const r = run({ sites: [site('E1', [-2000, 0], { owner: 'VNPT' })] }, [site('S1', [-1940, 0], { code: 'ANT_A1A', status: 'planned', owner: 'Viettel' })]);
    const f = byRule(r, 'R1').filter((x) => x.severity === 'error');
    expect(f).toHaveLength(1);
    expect(f[0].featureIds).toEqual(['S1', 'E1']);
    near(f[0].value, 60);
    expect(f[0].threshold).toBe(100);
    expect(f[0].message.en).toContain('share site E1 instead');
    expect(f[0].message.vi).toContain('E1');
  });

  it('a planned site 110 m from an existing site in a ward: no R1', () => {
    const r = run({ sites: [site('E1', [-2000, 0], { owner: 'VNPT' })] }, [site('S1', [-1890, 0], { code: 'ANT_A1A', status: 'planned' })]);
    expect(byRule(r, 'R1')).toEqual([]);
  });

  it('a planned site names the nearest qualifying existing site', () => {
    const r = run(
      { sites: [site('E1', [2000, 300], { owner: 'VNPT' }), site('E2', [2000, -150], { owner: 'MobiFone' })] },
      [site('S1', [2000, 0], { code: 'ANT_A1A', status: 'planned' })],
    );
    const f = byRule(r, 'R1').filter((x) => x.severity === 'error');
    expect(f.map((x) => x.featureIds)).toEqual([['S1', 'E2']]);
    expect(f[0].threshold).toBe(400);
  });
});

describe('R2 spacing between bulky columns', () => {
  // The existing neighbour is a low A2a (its own spacing 150 / 200 m), so the planned column's rule binds.
  const r2 = (where: number, dy: number, planned: SiteOpts, existingCode = 'ANT_A2A', existingHeight = 10) =>
    byRule(
      run({ sites: [site('E', [where, 0], { code: existingCode, owner: 'VNPT', height: existingHeight })] }, [
        site('N', [where, dy], { status: 'planned', owner: 'Viettel', ...planned }),
      ]),
      'R2',
    );
  const W = -2000; // in the ward
  const X = 2000; // in the xã

  it('the stricter of the two columns binds: a low A2a 200 m from an existing A2b in a ward needs 300 m', () => {
    const f = r2(W, 200, { code: 'ANT_A2A', height: 10 }, 'ANT_A2B', 40);
    expect(f.map((x) => x.threshold)).toEqual([300]);
    expect(r2(W, 310, { code: 'ANT_A2A', height: 10 }, 'ANT_A2B', 40)).toEqual([]);
  });

  it('planned A2a (10 m) 120 m from an existing low A2a in a ward: error, threshold 150', () => {
    const f = r2(W, 120, { code: 'ANT_A2A', height: 10 });
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('error');
    expect(f[0].featureIds).toEqual(['N', 'E']);
    expect(f[0].threshold).toBe(150);
    near(f[0].value, 120);
  });

  it('at 160 m: none', () => {
    expect(r2(W, 160, { code: 'ANT_A2A', height: 10 })).toEqual([]);
  });

  it('A2a taller than 15 m (20 m): threshold 200', () => {
    const f = r2(W, 160, { code: 'ANT_A2A', height: 20 });
    expect(f.map((x) => x.threshold)).toEqual([200]);
  });

  it('xã thresholds: A2a low 200, A2a high 350, A2b 500 (ward A2b 300)', () => {
    expect(r2(X, 190, { code: 'ANT_A2A', height: 10 }).map((x) => x.threshold)).toEqual([200]);
    expect(r2(X, 210, { code: 'ANT_A2A', height: 10 })).toEqual([]);
    expect(r2(X, 340, { code: 'ANT_A2A', height: 20 }).map((x) => x.threshold)).toEqual([350]);
    expect(r2(X, 360, { code: 'ANT_A2A', height: 20 })).toEqual([]);
    expect(r2(X, 450, { code: 'ANT_A2B', height: 40 }).map((x) => x.threshold)).toEqual([500]);
    expect(r2(W, 290, { code: 'ANT_A2B', height: 40 }).map((x) => x.threshold)).toEqual([300]);
    expect(r2(W, 310, { code: 'ANT_A2B', height: 40 })).toEqual([]);
  });

  it('non-bulky columns do not count', () => {
    expect(r2(W, 50, { code: 'ANT_A1A', height: 2, host: 20 })).toEqual([]);
    expect(r2(W, 120, { code: 'ANT_A2A', height: 10 }, 'ANT_A1B')).toEqual([]);
  });

  it('two planned bulky columns too close flag each other', () => {
    const r = run({}, [
      site('N1', [W, 0], { code: 'ANT_A2A', status: 'planned', height: 10 }),
      site('N2', [W, 100], { code: 'ANT_A2A', status: 'planned', height: 10, owner: 'VNPT' }),
    ]);
    expect(byRule(r, 'R2').map((f) => f.featureIds)).toEqual([
      ['N1', 'N2'],
      ['N2', 'N1'],
    ]);
  });
});

describe('R3 A1-only zones', () => {
  const a1 = zone('zone-a1-test', 'ZONE_A1_ONLY', rect(-2100, -100, -1900, 100));

  it('an existing A2a inside: warning', () => {
    const f = byRule(run({ sites: [site('E', [-2000, 0], { code: 'ANT_A2A', height: 12 })], zones: [a1] }), 'R3');
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('warning');
    expect(f[0].featureIds).toEqual(['E', 'zone-a1-test']);
  });

  it('a planned A2a inside: error', () => {
    const f = byRule(run({ zones: [a1] }, [site('N', [-2000, 0], { code: 'ANT_A2A', status: 'planned', height: 12 })]), 'R3');
    expect(f.map((x) => [x.severity, x.featureIds])).toEqual([['error', ['N', 'zone-a1-test']]]);
  });

  it('A1a inside (existing or planned): nothing; A2a outside: nothing', () => {
    const r = run({ sites: [site('E', [-2000, 0], { code: 'ANT_A1A', height: 2, host: 20 }), site('O', [-1800, 0], { code: 'ANT_A2A', height: 12 })], zones: [a1] }, [
      site('N', [-2050, 0], { code: 'ANT_A1A', status: 'planned', height: 2, host: 20 }),
    ]);
    expect(byRule(r, 'R3')).toEqual([]);
  });
});

describe('R4 rooftop classification: A1 if h <= min(20% H, 3 m)', () => {
  const r4 = (code: string, height: number, host: number, status = 'existing') =>
    byRule(status === 'existing' ? run({ sites: [site('M', [-2000, 0], { code, height, host })] }) : run({}, [site('M', [-2000, 0], { code, height, host, status })]), 'R4');

  it('A1a 3.5 m on a 30 m building: warning, limit 3 (the cap)', () => {
    const f = r4('ANT_A1A', 3.5, 30);
    expect(f.map((x) => [x.severity, x.value, x.threshold])).toEqual([['warning', 3.5, 3]]);
  });

  it('A1a 2.5 m on a 10 m building: warning, limit 2 (20%)', () => {
    const f = r4('ANT_A1A', 2.5, 10);
    expect(f.map((x) => [x.severity, x.value, x.threshold])).toEqual([['warning', 2.5, 2]]);
  });

  it('A1a 1.9 m on a 10 m building: none; exactly at the limit (2 m): none', () => {
    expect(r4('ANT_A1A', 1.9, 10)).toEqual([]);
    expect(r4('ANT_A1A', 2, 10)).toEqual([]);
  });

  it('A2a 1 m on a 40 m building: info (qualifies as A1a)', () => {
    const f = r4('ANT_A2A', 1, 40);
    expect(f.map((x) => [x.severity, x.value, x.threshold])).toEqual([['info', 1, 3]]);
  });

  it('a planned A1a over the limit: error', () => {
    expect(r4('ANT_A1A', 3.5, 30, 'planned').map((x) => x.severity)).toEqual(['error']);
  });
});

describe('R5 aviation', () => {
  const airport = zone('zone-aviation-test', 'ZONE_AVIATION_OLS', rect(1000, -1000, 3000, 1000), { height_limit_m: 45 });
  const r5 = (x: number, height: number) => byRule(run({ sites: [site('T', [x, 0], { code: 'ANT_A2B', height })], zones: [airport] }), 'R5');

  it('50 m outside the zone: info (marking), threshold 45', () => {
    expect(r5(-2000, 50).map((f) => [f.severity, f.featureIds, f.value, f.threshold])).toEqual([['info', ['T'], 50, 45]]);
  });

  it('50 m inside the zone (limit 45): error', () => {
    expect(r5(2000, 50).map((f) => [f.severity, f.featureIds, f.value, f.threshold])).toEqual([['error', ['T', 'zone-aviation-test'], 50, 45]]);
  });

  it('44 m inside the zone: none; 44 m outside: none', () => {
    expect(r5(2000, 44)).toEqual([]);
    expect(r5(-2000, 44)).toEqual([]);
  });

  it('a planned tower in the zone is checked too', () => {
    const f = byRule(run({ zones: [airport] }, [site('N', [2000, 0], { code: 'ANT_A2B', status: 'planned', height: 60 })]), 'R5');
    expect(f.map((x) => x.severity)).toEqual(['error']);
  });
});

describe('R6 new cable poles on roads that already have poles', () => {
  const route = aerial('aer-1', [
    [0, 0],
    [1000, 0],
  ]);
  const pole = (id: string, xy: [number, number]): GeoFeature => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: P(...xy) },
    properties: { id, code: 'POLE_TELECOM', owner: 'Viettel', status: 'planned', phase: '2030', height_m: 7 },
  });

  it('a planned pole 5 m from an existing aerial route: error', () => {
    const f = byRule(run({ aerial: [route] }, [pole('p1', [500, 5])]), 'R6');
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('error');
    expect(f[0].featureIds).toEqual(['p1', 'aer-1']);
    near(f[0].value, 5);
    expect(f[0].threshold).toBe(15);
  });

  it('30 m away: none; beyond the route end (5 m off the line, 40 m past the end): none', () => {
    expect(byRule(run({ aerial: [route] }, [pole('p1', [500, 30])]), 'R6')).toEqual([]);
    expect(byRule(run({ aerial: [route] }, [pole('p1', [1040, 5])]), 'R6')).toEqual([]);
  });
});

describe('R9 planned roads and industrial zones need shared ducts', () => {
  const road = line('road-1', 'ROAD', 'city', [
    [0, 500],
    [1000, 500],
  ]);

  it('a planned road with no duct: warning', () => {
    const f = byRule(run({}, [road]), 'R9');
    expect(f.map((x) => [x.severity, x.featureIds, x.value, x.threshold])).toEqual([['warning', ['road-1'], 0, 50]]);
  });

  it('with a duct alongside: none; with a planned corridor alongside: none', () => {
    expect(byRule(run({ ducts: [duct('d1', [[0, 505], [1000, 505]])] }, [road]), 'R9')).toEqual([]);
    expect(byRule(run({}, [road, corridor('c1', [[0, 495], [1000, 495]])]), 'R9')).toEqual([]);
  });

  it('a duct along only 30% of the road: warning with the share', () => {
    const f = byRule(run({ ducts: [duct('d1', [[0, 500], [285, 500]])] }, [road]), 'R9');
    expect(f).toHaveLength(1);
    near(f[0].value, 30);
  });

  const iz = zone('iz-1', 'ZONE_IZ', rect(1000, 1000, 1600, 1400), { name: 'KCN thử' });

  it('a ZONE_IZ in the plan without a duct: warning', () => {
    const f = byRule(run({}, [iz]), 'R9');
    expect(f.map((x) => [x.severity, x.featureIds])).toEqual([['warning', ['iz-1']]]);
    expect(f[0].message.en).toContain('KCN thử');
  });

  it('a ZONE_IZ with a duct inside: none', () => {
    expect(byRule(run({ ducts: [duct('d1', [[1100, 1100], [1500, 1100], [1500, 1300]])] }, [iz]), 'R9')).toEqual([]);
  });

  it('a ZONE_IZ crossed by one long straight duct segment (ends and middle outside): none', () => {
    // The duct runs x -2000..1700 at y = 1200 through the zone (x 1000..1600), but its
    // end points and its midpoint (x = -150) lie outside the zone.
    expect(byRule(run({ ducts: [duct('d1', [[-2000, 1200], [1700, 1200]])] }, [iz]), 'R9')).toEqual([]);
    // And a duct segment passing straight through, both ends outside.
    expect(byRule(run({ ducts: [duct('d1', [[-3000, 1300], [4000, 1300]])] }, [iz]), 'R9')).toEqual([]);
  });

  it('an existing ZONE_IZ in the dataset without a duct: baseline warning', () => {
    const f = byRule(run({ zones: [iz] }), 'R9');
    expect(f.map((x) => x.featureIds)).toEqual([['iz-1']]);
  });
});

describe('incremental analysis', () => {
  const inp = input({
    sites: [site('E1', [-2000, 0], { owner: 'VNPT' }), site('E2', [-2000, 80], { owner: 'Viettel' })],
    ducts: [duct('d1', [[0, 0], [2000, 0]]), duct('d2', [[0, 1000], [2000, 1000]])],
    aerial: [aerial('a1', [[0, 2000], [2000, 2000]])],
  });
  const features = () => [
    corridor('c1', [
      [0, 0],
      [1000, 0],
    ]),
    corridor('c2', [
      [0, 1000],
      [800, 1000],
    ], 'VNPT'),
    corridor('c3', [
      [0, 2000],
      [500, 2000],
    ], 'MobiFone'),
    site('S1', [-1960, 0], { code: 'ANT_A2A', status: 'planned', height: 10 }),
    site('S2', [-3000, 0], { code: 'ANT_A1A', status: 'planned', height: 2, host: 20 }),
    line('road-1', 'ROAD', 'city', [
      [3000, 0],
      [3500, 0],
    ]),
  ];

  it('recomputes only the edited corridor; the rest is unchanged', () => {
    const a = new Analyzer(inp);
    const r1 = a.analyze(plan(features()));
    expect(a.lastComputed).toBe(6);
    a.analyze(plan(features()));
    expect(a.lastComputed).toBe(0);
    const edited = features();
    edited[1] = corridor('c2', [
      [0, 1000],
      [400, 1000],
      [400, 1500],
    ], 'VNPT');
    const r2 = a.analyze(plan(edited));
    expect(a.lastComputed).toBe(1);
    near(corridorOf(r1, 'c2').reuse_duct_m, 800);
    near(corridorOf(r2, 'c2').reuse_duct_m, 415);
    near(corridorOf(r2, 'c2').new_build_m, 485);
    expect(corridorOf(r2, 'c1')).toEqual(corridorOf(r1, 'c1'));
    expect(corridorOf(r2, 'c3')).toEqual(corridorOf(r1, 'c3'));
    expect(r2.findings).toEqual(r1.findings);
    expect(r2.colocation).toEqual(r1.colocation);
    // The same answer as a fresh analyzer.
    const fresh = new Analyzer(inp).analyze(plan(edited));
    expect({ ...r2, timings_ms: {} }).toEqual({ ...fresh, timings_ms: {} });
  });

  it('changing the parameters recomputes everything', () => {
    const a = new Analyzer(inp);
    const r1 = a.analyze(plan(features()));
    const r2 = a.analyze(plan(features()), { tolerance_m: 25 });
    expect(a.lastComputed).toBe(6);
    // c1 on d1 from x 0: covered to the corridor's end either way, c3 along a1: same.
    near(corridorOf(r1, 'c1').reuse_duct_m, 1000);
    near(corridorOf(r2, 'c1').reuse_duct_m, 1000);
    expect(r2.params.tolerance_m).toBe(25);
    // Sharing distance changed: the pair E1-E2 (80 m) leaves the clusters at 50 m.
    const r3 = a.analyze(plan(features()), { shareDistance_m: { phuong: 50, xa: 400, dac_khu: 400 } });
    expect(a.lastComputed).toBe(6);
    expect(r1.colocation).toHaveLength(1);
    expect(r3.colocation).toHaveLength(0);
    seen.push(...r1.findings, ...r2.findings, ...r3.findings);
  });
});

describe('precision against geographiclib (WGS 84 geodesic)', () => {
  const rng = new Rng(20300317);

  it('distanceM is within 0.1% of the geodesic for pairs around the city', () => {
    let worst = 0;
    for (let i = 0; i < 2000; i++) {
      const lat = rng.range(20.1, 21.2);
      const lon = rng.range(106.0, 107.8);
      const s = rng.range(1, 10_000);
      const g = WGS84.Direct(lat, lon, rng.range(0, 360), s);
      const d = distanceM(lon, lat, g.lon2!, g.lat2!);
      worst = Math.max(worst, Math.abs(d - s) / s);
    }
    expect(worst).toBeLessThan(0.001);
    // In fact far better: the local-scale formula is exact to ~1e-6 here.
    expect(worst).toBeLessThan(1e-5);
  });

  it('R1 decides pairs at 99.5 m and 100.5 m (geodesic Direct) right, anywhere, any bearing', () => {
    const ward = commune('HP', 'phuong', [
      [105.9, 20.0],
      [107.9, 20.0],
      [107.9, 21.3],
      [105.9, 21.3],
      [105.9, 20.0],
    ]);
    const sites: GeoFeature[] = [];
    const expected: string[][] = [];
    const pt = (id: string, lon: number, lat: number, owner: string): GeoFeature => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: { id, code: 'ANT_A2B', owner, status: 'existing' },
    });
    // A grid 0.05° apart (over 5 km): triples never interact.
    for (let i = 0; i < 20; i++)
      for (let j = 0; j < 12; j++) {
        const lat = 20.1 + j * 0.09 + rng.range(0, 0.01);
        const lon = 106.0 + i * 0.09 + rng.range(0, 0.01);
        const az = rng.range(0, 360);
        const near995 = WGS84.Direct(lat, lon, az, 99.5);
        const far1005 = WGS84.Direct(lat, lon, az + 180, 100.5);
        const k = `${i}-${j}`;
        sites.push(pt(`A${k}`, lon, lat, 'Viettel'), pt(`B${k}`, near995.lon2!, near995.lat2!, 'VNPT'), pt(`C${k}`, far1005.lon2!, far1005.lat2!, 'MobiFone'));
        expected.push([`A${k}`, `B${k}`]);
      }
    const r = analyzePlan({ communes: [ward], sites, ducts: [], aerial: [], zones: [] }, plan([]));
    expect(r.colocation.map((c) => c.sites).sort()).toEqual(expected.sort());
    for (const c of r.colocation) near(c.maxDistance_m, 99.5, 0.05);
  });

  it('the same at the xã threshold: 398 m in, 402 m out', () => {
    const xa = commune('X', 'xa', [
      [105.9, 20.0],
      [107.9, 20.0],
      [107.9, 21.3],
      [105.9, 21.3],
      [105.9, 20.0],
    ]);
    const sites: GeoFeature[] = [];
    let n = 0;
    for (let i = 0; i < 10; i++) {
      const lat = rng.range(20.1, 21.2);
      const lon = 106.0 + i * 0.15;
      const az = rng.range(0, 360);
      const a = WGS84.Direct(lat, lon, az, 398);
      const b = WGS84.Direct(lat, lon, az + 180, 402);
      sites.push(
        { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { id: `A${i}`, owner: 'Viettel', status: 'existing' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [a.lon2!, a.lat2!] }, properties: { id: `B${i}`, owner: 'VNPT', status: 'existing' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [b.lon2!, b.lat2!] }, properties: { id: `C${i}`, owner: 'FPT', status: 'existing' } },
      );
      n++;
    }
    const r = analyzePlan({ communes: [xa], sites, ducts: [], aerial: [], zones: [] }, plan([]));
    expect(r.colocation).toHaveLength(n);
    for (const c of r.colocation) expect(c.sites[1]).toMatch(/^B/);
  });

  it('capsule clipping: the covered part of a segment matches a brute-force scan', () => {
    // Independent of the ellipsoid: pure planar maths in metres.
    const rng2 = new Rng(7);
    for (let k = 0; k < 300; k++) {
      const v = () => rng2.range(-100, 100);
      const [ax, ay, bx, by, cx, cy, dx, dy] = [v(), v(), v(), v(), v(), v(), v(), v()];
      const r = rng2.range(1, 30);
      const iv = withinInterval(ax, ay, bx, by, cx, cy, dx, dy, r);
      const N = 4000;
      let inside = 0;
      for (let i = 0; i < N; i++) {
        const t = (i + 0.5) / N;
        const px = ax + (bx - ax) * t;
        const py = ay + (by - ay) * t;
        const ex = dx - cx;
        const ey = dy - cy;
        const l2 = ex * ex + ey * ey;
        const u = Math.max(0, Math.min(1, ((px - cx) * ex + (py - cy) * ey) / l2));
        if (Math.hypot(px - cx - u * ex, py - cy - u * ey) <= r) inside++;
      }
      const got = iv ? iv[1] - iv[0] : 0;
      expect(Math.abs(got - inside / N)).toBeLessThan(2 / N + 1e-9);
    }
    expect(mergeIntervals([
      [0.5, 0.7],
      [0, 0.2],
      [0.1, 0.3],
    ])).toEqual([
      [0, 0.3],
      [0.5, 0.7],
    ]);
  });
});

describe('every finding', () => {
  it('has rule, severity, featureIds, value, threshold, both messages and a source', () => {
    expect(seen.length).toBeGreaterThan(30);
    const rules = new Set(seen.map((f) => f.rule));
    for (const r of ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R9']) expect(rules, r).toContain(r);
    for (const f of seen) {
      expect(f.id).toMatch(/^R\d+:/);
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(f.featureIds.length).toBeGreaterThan(0);
      for (const id of f.featureIds) expect(typeof id === 'string' && id.length > 0).toBe(true);
      expect(Number.isFinite(f.value)).toBe(true);
      expect(Number.isFinite(f.threshold)).toBe(true);
      expect(f.message.vi.trim().length).toBeGreaterThan(10);
      expect(f.message.en.trim().length).toBeGreaterThan(10);
      expect(f.message.vi).not.toEqual(f.message.en);
      expect(f.source.ref.length).toBeGreaterThan(5);
      expect(['S', 'S-partial', 'I']).toContain(f.source.evidence);
      expect(Number.isFinite(f.lon) && Number.isFinite(f.lat)).toBe(true);
    }
  });
});
