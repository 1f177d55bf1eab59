/**
 * The Plan 317 indicator core (src/core/kpi) on tiny synthetic fixtures with hand-computed
 * expectations, and a few invariants on the seeded default dataset.
 *
 * Every position is built from metre offsets around 20.85 N 106.7 E with `offsetM` (see `P`),
 * so distances are known: two points at the same `dy` are exactly `|dx1 - dx2|` metres apart
 * (same latitude, same scale); north-south offsets are exact to well under 1 mm over the few
 * km the fixtures span. Expected percentages follow the engine's rounding to 2 decimals.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { buildContext } from '../../src/core/analysis/context';
import type { PlanFile } from '../../src/core/analysis/types';
import { readKpiInput, readManifest, readPlan } from '../../src/cli/load-data';
import { offsetM } from '../../src/core/geo/ellipsoid';
import type { GeoFeature } from '../../src/core/io/fgb';
import { KpiEngine } from '../../src/core/kpi/engine';
import { Analyzer } from '../../src/core/analysis/analyze';
import type { KpiParams } from '../../src/core/kpi/params';
import type { CommuneKpi, Contribution, DcSiting, KpiInput, KpiReport, PhaseKpi } from '../../src/core/kpi/types';
import { DATA, ensureDataset } from './cli-run';

const LON0 = 106.7;
const LAT0 = 20.85;

/** Position dx metres east and dy metres north of the origin (north first, then east at that latitude). */
function P(dx: number, dy: number): [number, number] {
  const [lon, lat] = offsetM(LON0, LAT0, 0, dy);
  return offsetM(lon, lat, dx, 0);
}

const rect = (x0: number, y0: number, x1: number, y1: number): number[][] => [P(x0, y0), P(x1, y0), P(x1, y1), P(x0, y1), P(x0, y0)];

type AreaType = 'phuong' | 'xa' | 'dac_khu';

function commune(code: string, type: AreaType, ring: number[][], seat: [number, number] = [0, 0], population?: number): GeoFeature {
  const [seat_lon, seat_lat] = P(seat[0], seat[1]);
  const props: Record<string, unknown> = { code, name: `Commune ${code}`, type, seat_lon, seat_lat };
  if (population !== undefined) props.population = population;
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: props };
}

function cell(id: string, xy: [number, number], population: number, communeCode: string): GeoFeature {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: P(xy[0], xy[1]) }, properties: { id, commune_code: communeCode, population } };
}

/** An existing antenna site with one tenant (not shared). */
function site(id: string, xy: [number, number], tech: string, extra: Record<string, unknown> = {}): GeoFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: P(xy[0], xy[1]) },
    properties: { id, code: 'ANT_A1A', owner: 'Viettel', status: 'existing', phase: 'baseline', tech, tenants: 'Viettel', ...extra },
  };
}

function point(id: string, code: string, xy: [number, number], props: Record<string, unknown>): GeoFeature {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: P(xy[0], xy[1]) }, properties: { id, code, owner: 'Viettel', ...props } };
}

function plannedSite(id: string, xy: [number, number], phase: '2030' | '2040', tech = '4G,5G', extra: Record<string, unknown> = {}): GeoFeature {
  return point(id, 'ANT_A1A', xy, { status: 'planned', phase, tech, tenants: 'Viettel', ...extra });
}

function lineF(id: string, code: string, pts: [number, number][], extra: Record<string, unknown> = {}): GeoFeature {
  return {
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: pts.map(([x, y]) => P(x, y)) },
    properties: { id, code, owner: 'VNPT', status: 'existing', phase: 'baseline', ...extra },
  };
}

/** A plan action on an existing asset, built the way the Inspector builds it (copy, ref_id, action, status). */
function action(id: string, ref: GeoFeature, act: 'remove' | 'upgrade' | 'share' | 'convert', phase: '2030' | '2040'): GeoFeature {
  return {
    type: 'Feature',
    geometry: ref.geometry,
    properties: { ...ref.properties, id, ref_id: String(ref.properties.id), action: act, status: act === 'share' ? 'upgrade' : act, phase },
  };
}

function kpiInput(parts: Partial<KpiInput> & { communes: GeoFeature[] }): KpiInput {
  return { sites: [], ducts: [], aerial: [], zones: [], popcells: [], service: [], datacentres: [], land: [], ...parts };
}

const plan = (features: GeoFeature[]): PlanFile => ({ type: 'FeatureCollection', metadata: { name: 'test' }, features });

function engine(inp: KpiInput): KpiEngine {
  return new KpiEngine(inp, buildContext(inp));
}

function run(inp: KpiInput, features: GeoFeature[] = [], kp?: Partial<KpiParams>): KpiReport {
  return engine(inp).compute(plan(features), kp);
}

function communeOf(k: PhaseKpi, code: string): CommuneKpi {
  const c = k.communes.find((x) => x.code === code);
  if (!c) throw new Error(`no commune ${code}`);
  return c;
}

const sumPop = (fs: GeoFeature[]) => fs.reduce((s, f) => s + Number(f.properties.population), 0);

// ---------------------------------------------------------------------------------------------
// 1. 5G coverage

/**
 * Four communes: a ward W (phường, radius 300), a rural commune R (xã, 1000), a special zone D
 * (đặc khu, 1500) and a rural commune N with people but no site.
 *
 *   W: S1 (-2000, 0) 5G; S1b (-2000, -300) 4G,5G
 *      a (-1701, 0) pop 10   S1 299 m                 covered
 *      b (-1699, 0) pop 20   S1 301 m                 not
 *      c (-2000, 299) pop 40 S1 299 m (north)         covered
 *      d (-2000, -150) pop 5 S1 150 m, S1b 150 m      covered by both (counts once)
 *   R: S2 (2000, 0) 4G,5G; S4 (2000, 3000) 4G only
 *      e (2999, 0) pop 100   S2 999 m                 covered
 *      f (999, 0) pop 200    S2 1001 m                not
 *      g (2000, 3010) pop 7  S4 10 m (4G), S2 3010 m  not
 *   D: S3 (12000, 0) 5G
 *      h (13499, 0) pop 1000 S3 1499 m                covered
 *      i (10499, 0) pop 2000 S3 1501 m                not
 *   N: j (-2500, 8000) pop 50, nearest site 8 km      not
 */
const CW = commune('C-W', 'phuong', rect(-5000, -5000, 0, 5000), [-2500, 0], 75);
const CR = commune('C-R', 'xa', rect(0, -5000, 5000, 5000), [2500, 0], 307);
const CD = commune('C-D', 'dac_khu', rect(10000, -5000, 15000, 5000), [12500, 0], 3000);
const CN = commune('C-N', 'xa', rect(-5000, 6000, 0, 10000), [-2500, 8000], 50);

const COVER_CELLS = [
  cell('a', [-1701, 0], 10, 'C-W'),
  cell('b', [-1699, 0], 20, 'C-W'),
  cell('c', [-2000, 299], 40, 'C-W'),
  cell('d', [-2000, -150], 5, 'C-W'),
  cell('e', [2999, 0], 100, 'C-R'),
  cell('f', [999, 0], 200, 'C-R'),
  cell('g', [2000, 3010], 7, 'C-R'),
  cell('h', [13499, 0], 1000, 'C-D'),
  cell('i', [10499, 0], 2000, 'C-D'),
  cell('j', [-2500, 8000], 50, 'C-N'),
];
const COVER_SITES = [
  site('S1', [-2000, 0], '5G'),
  site('S1b', [-2000, -300], '4G,5G'),
  site('S2', [2000, 0], '4G,5G'),
  site('S3', [12000, 0], '5G'),
  site('S4', [2000, 3000], '4G'),
];
const COVER = kpiInput({ communes: [CW, CR, CD, CN], sites: COVER_SITES, popcells: COVER_CELLS });

describe('5G coverage', () => {
  it('counts cells by distance against the radius of their commune type, default radii', () => {
    const k = run(COVER).phases['2025'];
    // Total 10+20+40+5 + 100+200+7 + 1000+2000 + 50 = 75 + 307 + 3000 + 50 = 3432.
    expect(k.population_total).toBe(3432);
    // Covered: a 10 + c 40 + d 5 (W) + e 100 (R) + h 1000 (D) = 1155; 1155 / 3432 = 33.6538% -> 33.65.
    expect(k.population_5g).toBe(1155);
    expect(k.pct_5g).toBe(33.65);
    const w = communeOf(k, 'C-W');
    // W: 55 of 75 = 73.333% -> 73.33 (b at 301 m is outside the ward radius of 300 m).
    expect([w.population, w.population_5g, w.pct_5g]).toEqual([75, 55, 73.33]);
    // R: e only (999 m); f at 1001 m is out; g next to a 4G-only site is out. 100 / 307 = 32.5733% -> 32.57.
    const r = communeOf(k, 'C-R');
    expect([r.population, r.population_5g, r.pct_5g]).toEqual([307, 100, 32.57]);
    // D: h at 1499 m in, i at 1501 m out. 1000 / 3000 = 33.33%.
    const d = communeOf(k, 'C-D');
    expect([d.population, d.population_5g, d.pct_5g]).toEqual([3000, 1000, 33.33]);
    // N has people and no site: 0%.
    const n = communeOf(k, 'C-N');
    expect([n.population, n.population_5g, n.pct_5g, n.sites, n.sites_5g]).toEqual([50, 0, 0, 0, 0]);
    // Sites per commune: W S1, S1b (both 5G); R S2 (5G), S4 (4G); D S3.
    expect([w.sites, w.sites_5g, r.sites, r.sites_5g, d.sites, d.sites_5g]).toEqual([2, 2, 2, 1, 1, 1]);
  });

  it('population_total is the sum of the communes and of the cells', () => {
    const k = run(COVER).phases['2025'];
    const communesSum = k.communes.reduce((s, c) => s + c.population, 0);
    expect(k.population_total).toBe(communesSum);
    expect(k.population_total).toBe(sumPop(COVER_CELLS));
    expect(k.population_total).toBe(sumPop([CW, CR, CD, CN]));
    // Every phase sees the same people when the plan is empty.
    expect(run(COVER).phases['2040'].population_total).toBe(3432);
  });

  it('a cell covered by two sites counts once', () => {
    // d is 150 m from S1 and from S1b. Without S1b the total is unchanged (S1 still covers d);
    // without S1 it drops by a 10 + c 40 = 50 (d stays covered by S1b): 1155 - 50 = 1105.
    const withoutS1b = run({ ...COVER, sites: COVER_SITES.filter((s) => s.properties.id !== 'S1b') }).phases['2025'];
    expect(withoutS1b.population_5g).toBe(1155);
    const withoutS1 = run({ ...COVER, sites: COVER_SITES.filter((s) => s.properties.id !== 'S1') }).phases['2025'];
    expect(withoutS1.population_5g).toBe(1105);
  });

  it('a 4G-only site covers nothing', () => {
    // Only S4 (4G): nothing covered, even g 10 m away.
    const k = run({ ...COVER, sites: [COVER_SITES[4]] }).phases['2025'];
    expect(k.population_5g).toBe(0);
    expect(k.pct_5g).toBe(0);
    // Tech strings are parsed as a list: '4G, 5G' (space) and '5g' count; '45G' does not.
    const mk = (tech: string) => run({ ...COVER, sites: [site('T', [2000, 3000], tech)] }).phases['2025'].population_5g;
    expect(mk('4G, 5G')).toBe(7);
    expect(mk('5g')).toBe(7);
    expect(mk('45G')).toBe(0);
  });

  it('a custom radius per commune type replaces only the types given', () => {
    // phuong 302: b (301 m) joins: W 75 of 75 = 100%; R and D unchanged. 1155 + 20 = 1175;
    // 1175 / 3432 = 34.2366% -> 34.24.
    const k1 = run(COVER, [], { radius5g_m: { phuong: 302 } as KpiParams['radius5g_m'] }).phases['2025'];
    expect(k1.population_5g).toBe(1175);
    expect(k1.pct_5g).toBe(34.24);
    expect(communeOf(k1, 'C-W').pct_5g).toBe(100);
    expect(communeOf(k1, 'C-R').population_5g).toBe(100);
    // xa 1002 and dac_khu 1502: f (1001 m) and i (1501 m) join; the ward keeps 300 (b stays out).
    // 55 + 300 + 3000 = 3355; 3355 / 3432 = 97.7564% -> 97.76; R 300 / 307 = 97.7199% -> 97.72.
    const k2 = run(COVER, [], { radius5g_m: { xa: 1002, dac_khu: 1502 } as KpiParams['radius5g_m'] }).phases['2025'];
    expect(k2.population_5g).toBe(3355);
    expect(k2.pct_5g).toBe(97.76);
    expect(communeOf(k2, 'C-R').pct_5g).toBe(97.72);
    expect(communeOf(k2, 'C-D').pct_5g).toBe(100);
    expect(communeOf(k2, 'C-W').population_5g).toBe(55);
    // The report carries the values used.
    expect(run(COVER, [], { radius5g_m: { xa: 1002 } as KpiParams['radius5g_m'] }).params.radius5g_m).toEqual({ phuong: 300, xa: 1002, dac_khu: 1500 });
  });

  it("the radius is the cell's commune type, not the site's; an unknown commune counts as xã", () => {
    // A 5G site in the ward at (-100, -4000).
    //   r1 in R at (600, -4000): 700 m <= 1000 (xã)       covered, pop 3
    //   w1 in W at (-500, -4000): 400 m > 300 (phường)     not, pop 4
    //   u1 code 'NOPE' at (-100, -3001): 999 m <= 1000      covered, pop 8 (unknown commune: xã)
    const inp = kpiInput({
      communes: [CW, CR],
      sites: [site('Z', [-100, -4000], '5G')],
      popcells: [cell('r1', [600, -4000], 3, 'C-R'), cell('w1', [-500, -4000], 4, 'C-W'), cell('u1', [-100, -3001], 8, 'NOPE')],
    });
    const k = run(inp).phases['2025'];
    // Total 3 + 4 + 8 = 15; covered 3 + 8 = 11; the communes hold only 7 (u1 belongs to none).
    expect([k.population_total, k.population_5g]).toEqual([15, 11]);
    expect(communeOf(k, 'C-R').population_5g).toBe(3);
    expect(communeOf(k, 'C-W').population_5g).toBe(0);
    expect(k.communes.reduce((s, c) => s + c.population, 0)).toBe(7);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Fibre

/**
 * Duct F1 (-3000, 0) -> (-1000, 0) in W; aerial route A1 (1000, 0) -> (1000, 2000) in R.
 *   k W (-2000, 299) pop 1   299 m from F1's interior       covered
 *   l W (-2000, -301) pop 2  301 m from F1's interior       not (covered from a 305 m drop)
 *   m W (-800, 200) pop 4    past F1's east end: sqrt(200² + 200²) = 282.8 m   covered
 *   n W (-780, 220) pop 8    sqrt(220² + 220²) = 311.1 m from the end           not (325: covered)
 *   o R (1250, 1000) pop 16  250 m from A1's interior        covered
 *   q R (1000, -320) pop 64  320 m south of A1's south end (0 m from its infinite line)   not
 */
const FIBRE_CELLS = [
  cell('k', [-2000, 299], 1, 'C-W'),
  cell('l', [-2000, -301], 2, 'C-W'),
  cell('m', [-800, 200], 4, 'C-W'),
  cell('n', [-780, 220], 8, 'C-W'),
  cell('o', [1250, 1000], 16, 'C-R'),
  cell('q', [1000, -320], 64, 'C-R'),
];
const F1 = lineF('F1', 'UG_DUCT', [
  [-3000, 0],
  [-1000, 0],
]);
const A1 = lineF('A1', 'ROUTE_AERIAL', [
  [1000, 0],
  [1000, 2000],
], { tier: 'access', owner: 'Viettel' });
const FIBRE = kpiInput({ communes: [CW, CR], ducts: [F1], aerial: [A1], popcells: FIBRE_CELLS });

describe('fibre', () => {
  it('covers cells within the drop distance of a segment, measured to its end past the end', () => {
    const k = run(FIBRE).phases['2025'];
    // Total 1+2+4+8+16+64 = 95; covered k 1 + m 4 + o 16 = 21; 21 / 95 = 22.105% -> 22.11.
    expect(k.population_total).toBe(95);
    expect(k.population_fibre).toBe(21);
    expect(k.pct_fibre).toBe(22.11);
    // W: 5 of 15 = 33.33%; R: 16 of 80 = 20%.
    expect([communeOf(k, 'C-W').population_fibre, communeOf(k, 'C-W').pct_fibre]).toEqual([5, 33.33]);
    expect([communeOf(k, 'C-R').population_fibre, communeOf(k, 'C-R').pct_fibre]).toEqual([16, 20]);
  });

  it('counts ducts and aerial routes alike', () => {
    // Without the aerial route only the duct's k and m remain: 5.
    expect(run({ ...FIBRE, aerial: [] }).phases['2025'].population_fibre).toBe(5);
    // Without the duct only o: 16.
    expect(run({ ...FIBRE, ducts: [] }).phases['2025'].population_fibre).toBe(16);
    // The aerial route given as a duct instead: the same 21.
    expect(run({ ...FIBRE, ducts: [F1, A1], aerial: [] }).phases['2025'].population_fibre).toBe(21);
  });

  it('takes a custom drop distance', () => {
    // 305 m: l (301) joins, n (311.1) and q (320) stay out: 21 + 2 = 23; 23 / 95 = 24.21%; W 7 / 15 = 46.67%.
    const k1 = run(FIBRE, [], { fibreDrop_m: 305 }).phases['2025'];
    expect([k1.population_fibre, k1.pct_fibre, communeOf(k1, 'C-W').pct_fibre]).toEqual([23, 24.21, 46.67]);
    // 325 m: n and q join too: all 95.
    const k2 = run(FIBRE, [], { fibreDrop_m: 325 }).phases['2025'];
    expect([k2.population_fibre, k2.pct_fibre]).toEqual([95, 100]);
    // 260 m: k (299) and m (282.8) drop out, o (250) stays: 16.
    expect(run(FIBRE, [], { fibreDrop_m: 260 }).phases['2025'].population_fibre).toBe(16);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Plan effects

/**
 * W (phường, seat (-2500, 1000)) and R (xã, seat (2500, 0)).
 * Existing sites (one tenant each): X1 (-2000, 0) 4G,5G; X3 (-2000, 200) 5G; X2 (-3000, 2000) 4G.
 * Existing data centre DC1 (PUE 1.6).
 *   c0 W (-2000, -200) pop 5    X1 200 m (X3 400 m)      covered by X1 only
 *   c1 W (-2000, 100) pop 10    X1 100 m, X3 100 m       covered twice
 *   c2 W (-3000, 2100) pop 20   X2 100 m (4G)            not; covered once X2 is upgraded
 *   c3 W (-1000, -2000) pop 40  PS30 50 m
 *   c4 W (-4000, -2000) pop 80  PS40 100 m
 *   c5 R (2000, 2000) pop 160   on the planned corridor
 * Total 315; 2025 5G: c0 + c1 = 15 -> 15 / 315 = 4.7619% -> 4.76.
 */
const PW = commune('C-W', 'phuong', rect(-5000, -5000, 0, 5000), [-2500, 1000]);
const PR = commune('C-R', 'xa', rect(0, -5000, 5000, 5000), [2500, 0]);
const X1 = site('X1', [-2000, 0], '4G,5G');
const X3 = site('X3', [-2000, 200], '5G');
const X2 = site('X2', [-3000, 2000], '4G');
const DC1 = point('DC1', 'DC', [-4000, 4000], { status: 'existing', phase: 'baseline', name: 'DC one', pue: 1.6, upgrade: true });
const PLAN_IN = kpiInput({
  communes: [PW, PR],
  sites: [X1, X3, X2],
  datacentres: [DC1],
  popcells: [
    cell('c0', [-2000, -200], 5, 'C-W'),
    cell('c1', [-2000, 100], 10, 'C-W'),
    cell('c2', [-3000, 2100], 20, 'C-W'),
    cell('c3', [-1000, -2000], 40, 'C-W'),
    cell('c4', [-4000, -2000], 80, 'C-W'),
    cell('c5', [2000, 2000], 160, 'C-R'),
  ],
});
const PS30 = plannedSite('PS30', [-1000, -1950], '2030');
const PS40 = plannedSite('PS40', [-4000, -1900], '2040');
const COR = lineF('COR', 'CORRIDOR', [
  [1000, 2000],
  [3000, 2000],
], { status: 'planned', phase: '2030', owner: 'Viettel' });
const WIFI = point('WIFI', 'SVC_UNSTAFFED', [-2500, 1099], { status: 'planned', phase: '2030', subtype: 'wifi', free: true });
const DCN = point('DCN', 'DC', [-3500, 4000], { status: 'planned', phase: '2030', name: 'New green', pue: 1.35 });

describe('plan effects by phase', () => {
  it('a planned 5G site counts from its phase on: 2030 in 2030 and 2040, 2040 only in 2040', () => {
    const r = run(PLAN_IN, [PS30, PS40]);
    // 2025: 15 (4.76%). 2030: + c3 40 = 55 -> 17.4603% -> 17.46. 2040: + c4 80 = 135 -> 42.857% -> 42.86.
    expect([r.phases['2025'].population_5g, r.phases['2025'].pct_5g]).toEqual([15, 4.76]);
    expect([r.phases['2030'].population_5g, r.phases['2030'].pct_5g]).toEqual([55, 17.46]);
    expect([r.phases['2040'].population_5g, r.phases['2040'].pct_5g]).toEqual([135, 42.86]);
    // Sites: 3 existing, + PS30 in 2030, + PS40 in 2040; all in W, all 5G except X2.
    expect(['2025', '2030', '2040'].map((ph) => r.phases[ph as '2025'].sharing.sites_total)).toEqual([3, 4, 5]);
    expect(['2025', '2030', '2040'].map((ph) => communeOf(r.phases[ph as '2025'], 'C-W').sites_5g)).toEqual([2, 3, 4]);
    // Gaps: 100 - 17.46 = 82.54 points in 2030.
    expect(r.phases['2030'].gaps.pct_5g).toBe(82.54);
  });

  it('a planned 4G-only site adds a site but no coverage', () => {
    const r = run(PLAN_IN, [plannedSite('P4', [-1000, -1950], '2030', '4G')]);
    expect(r.phases['2030'].population_5g).toBe(15);
    expect(r.phases['2030'].sharing.sites_total).toBe(4);
    expect(communeOf(r.phases['2030'], 'C-W').sites_5g).toBe(2);
  });

  it('a remove action takes the site and its coverage away; two removals of one site count once', () => {
    const rm1 = action('RM1', X1, 'remove', '2030');
    const r = run(PLAN_IN, [rm1]);
    // Without X1: c0 is lost, c1 stays (X3). 2030: 10 -> 10 / 315 = 3.1746% -> 3.17; 2040 the same; 2025 untouched.
    expect(r.phases['2025'].population_5g).toBe(15);
    expect([r.phases['2030'].population_5g, r.phases['2030'].pct_5g]).toEqual([10, 3.17]);
    expect(r.phases['2040'].population_5g).toBe(10);
    expect(r.phases['2030'].sharing.sites_total).toBe(2);
    expect([communeOf(r.phases['2030'], 'C-W').sites, communeOf(r.phases['2030'], 'C-W').sites_5g]).toEqual([2, 1]);
    // The same removal twice: c1 must stay covered by X3 (counted twice it would drop to 0), 2 sites left.
    const r2 = run(PLAN_IN, [rm1, action('RM1-again', X1, 'remove', '2030')]);
    expect(r2.phases['2030'].population_5g).toBe(10);
    expect(r2.phases['2030'].sharing.sites_total).toBe(2);
    // Removing X1 and X3: c0 and c1 both lost: 0; one site left.
    const r3 = run(PLAN_IN, [rm1, action('RM3', X3, 'remove', '2030')]);
    expect(r3.phases['2030'].population_5g).toBe(0);
    expect(r3.phases['2030'].sharing.sites_total).toBe(1);
    // A removal in 2040 only shows in 2040.
    const r4 = run(PLAN_IN, [action('RM1-40', X1, 'remove', '2040')]);
    expect([r4.phases['2030'].population_5g, r4.phases['2040'].population_5g]).toEqual([15, 10]);
  });

  it('an upgrade action makes a 4G site cover; on a 5G site it changes nothing', () => {
    const r = run(PLAN_IN, [action('UP2', X2, 'upgrade', '2030')]);
    // + c2 20: 35 / 315 = 11.111% -> 11.11. Still 3 sites; W now has 3 5G sites.
    expect([r.phases['2030'].population_5g, r.phases['2030'].pct_5g]).toEqual([35, 11.11]);
    expect(r.phases['2025'].population_5g).toBe(15);
    expect(r.phases['2030'].sharing.sites_total).toBe(3);
    expect(communeOf(r.phases['2030'], 'C-W').sites_5g).toBe(3);
    const same = run(PLAN_IN, [action('UP1', X1, 'upgrade', '2030')]);
    expect(same.phases['2030'].population_5g).toBe(15);
    expect(communeOf(same.phases['2030'], 'C-W').sites_5g).toBe(2);
  });

  it('a share action adds a shared site', () => {
    const r = run(PLAN_IN, [action('SH2', X2, 'share', '2030')]);
    // 0 of 3 shared in 2025; 1 of 3 in 2030: 33.33%. Coverage unchanged (sharing is not an upgrade).
    expect([r.phases['2025'].sharing.sites_shared, r.phases['2025'].sharing.pct_shared]).toEqual([0, 0]);
    expect([r.phases['2030'].sharing.sites_shared, r.phases['2030'].sharing.pct_shared]).toEqual([1, 33.33]);
    expect(r.phases['2030'].population_5g).toBe(15);
    // A site with two tenants is shared already: sharing it again adds nothing.
    const shared = kpiInput({ ...PLAN_IN, sites: [X1, X3, site('X2', [-3000, 2000], '4G', { tenants: 'Viettel,VNPT' })] });
    const r2 = run(shared, [action('SH2', X2, 'share', '2030')]);
    expect([r2.phases['2025'].sharing.sites_shared, r2.phases['2030'].sharing.sites_shared]).toEqual([1, 1]);
  });

  it('a 5G upgrade and a share of the same site both apply', () => {
    // Two different actions on X2 in 2030: coverage + c2 (35) and one shared site.
    const r = run(PLAN_IN, [action('UP2', X2, 'upgrade', '2030'), action('SH2', X2, 'share', '2030')]);
    expect(r.phases['2030'].population_5g).toBe(35);
    expect(r.phases['2030'].sharing.sites_shared).toBe(1);
  });

  it('a site removed in 2040 loses what a 2030 upgrade gave it', () => {
    // 2030: X2 upgraded -> 35, 3 sites. 2040: X2 removed -> c2 lost again: 15, 2 sites, W 2 5G sites.
    const r = run(PLAN_IN, [action('UP2', X2, 'upgrade', '2030'), action('RM2', X2, 'remove', '2040')]);
    expect(r.phases['2030'].population_5g).toBe(35);
    expect(r.phases['2040'].population_5g).toBe(15);
    expect(r.phases['2040'].sharing.sites_total).toBe(2);
    expect(communeOf(r.phases['2040'], 'C-W').sites_5g).toBe(2);
    // Shared in 2030, removed in 2040: no shared site left.
    const s = run(PLAN_IN, [action('SH2', X2, 'share', '2030'), action('RM2', X2, 'remove', '2040')]);
    expect([s.phases['2030'].sharing.sites_shared, s.phases['2040'].sharing.sites_shared]).toEqual([1, 0]);
  });

  it('a convert action takes an A2 site out of an A1-only zone, once even if the site is also removed', () => {
    // Two bulky A2A sites inside an A1-only zone (x -4500..-500, y -4500..4500) and one outside (in R).
    const zone: GeoFeature = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [rect(-4500, -4500, -500, 4500)] }, properties: { id: 'Z1', code: 'ZONE_A1_ONLY' } };
    const a2a = site('A2a', [-1500, 3000], '4G', { code: 'ANT_A2A' });
    const a2b = site('A2b', [-1500, 3500], '4G', { code: 'ANT_A2A' });
    const a2out = site('A2out', [1500, 3000], '4G', { code: 'ANT_A2A' });
    const inp = kpiInput({ ...PLAN_IN, sites: [X1, X3, X2, a2a, a2b, a2out], zones: [zone] });
    // 2025: A2a and A2b count (A2out lies outside the zone): 2. Converting A2a in 2030: 1.
    const r = run(inp, [action('CV', a2a, 'convert', '2030')]);
    expect([r.phases['2025'].sharing.a2_in_a1_zones, r.phases['2030'].sharing.a2_in_a1_zones]).toEqual([2, 1]);
    // Converted in 2030 and removed in 2040: 2040 has 1 (A2b), not 0; 6 - 1 = 5 sites.
    const r2 = run(inp, [action('CV', a2a, 'convert', '2030'), action('RM', a2a, 'remove', '2040')]);
    expect([r2.phases['2030'].sharing.a2_in_a1_zones, r2.phases['2040'].sharing.a2_in_a1_zones]).toEqual([1, 1]);
    expect(r2.phases['2040'].sharing.sites_total).toBe(5);
    // A planned A2A inside the zone adds one.
    expect(run(inp, [plannedSite('PA', [-1500, 2500], '2030', '4G', { code: 'ANT_A2A' })]).phases['2030'].sharing.a2_in_a1_zones).toBe(3);
  });

  it('a planned corridor raises fibre from its phase', () => {
    const r = run(PLAN_IN, [COR]);
    // c5 lies on the corridor: 2030 160 / 315 = 50.7937% -> 50.79; R 100%.
    expect(r.phases['2025'].population_fibre).toBe(0);
    expect([r.phases['2030'].population_fibre, r.phases['2030'].pct_fibre]).toEqual([160, 50.79]);
    expect(communeOf(r.phases['2030'], 'C-R').pct_fibre).toBe(100);
    expect(r.phases['2040'].population_fibre).toBe(160);
    // No duct or pole to reuse: the whole 2,000 m is new duct.
    expect(r.phases['2030'].sharing.new_duct_km).toBe(2);
    expect(r.phases['2025'].sharing.new_duct_km).toBe(0);
  });

  it('a planned free Wi-Fi point near a commune seat counts the commune centre', () => {
    const far = point('WIFI-far', 'SVC_UNSTAFFED', [2601, 0], { status: 'planned', phase: '2030', subtype: 'wifi', free: true });
    const paid = point('WIFI-paid', 'SVC_UNSTAFFED', [2520, 0], { status: 'planned', phase: '2030', subtype: 'wifi', free: false });
    const r = run(PLAN_IN, [WIFI, far, paid]);
    // WIFI stands 99 m from W's seat (counts); 'far' 101 m from R's seat; 'paid' is not free.
    expect([r.phases['2025'].wifi_centres, r.phases['2025'].wifi_centres_pct]).toEqual([0, 0]);
    expect([r.phases['2030'].wifi_centres, r.phases['2030'].wifi_centres_total, r.phases['2030'].wifi_centres_pct]).toEqual([1, 2, 50]);
    expect([communeOf(r.phases['2030'], 'C-W').wifi, communeOf(r.phases['2030'], 'C-R').wifi]).toEqual([true, false]);
    // An existing free Wi-Fi point counts in every phase; its removal takes it away.
    const existing = point('svc-1', 'SVC_UNSTAFFED', [2520, 0], { status: 'existing', phase: 'baseline', subtype: 'wifi', free: true });
    const r2 = run({ ...PLAN_IN, service: [existing] }, [action('RMW', existing, 'remove', '2040')]);
    expect([r2.phases['2025'].wifi_centres, r2.phases['2030'].wifi_centres, r2.phases['2040'].wifi_centres]).toEqual([1, 1, 0]);
  });

  it('data centres: a planned PUE 1.35 centre is green and new; an upgrade action counts upgraded', () => {
    const dcn2 = point('DCN2', 'DC', [-3000, 4000], { status: 'planned', phase: '2040', name: 'Not green', pue: 1.5 });
    const r = run(PLAN_IN, [DCN, dcn2, action('DCU', DC1, 'upgrade', '2030')]);
    const dc = (ph: '2025' | '2030' | '2040') => r.phases[ph].datacentres;
    expect([dc('2025').existing, dc('2025').proposed_new, dc('2025').green_new, dc('2025').upgraded]).toEqual([1, 0, 0, 0]);
    // 2030: DCN (1.35 <= 1.4) green and new; DC1 upgraded.
    expect([dc('2030').proposed_new, dc('2030').green_new, dc('2030').upgraded]).toEqual([1, 1, 1]);
    // 2040: + DCN2 (1.5 > 1.4) new, not green.
    expect([dc('2040').proposed_new, dc('2040').green_new, dc('2040').upgraded]).toEqual([2, 1, 1]);
    expect(dc('2025').upgrade_planned).toBe(1);
    expect(dc('2030').centres.find((c) => c.id === 'DC1')?.upgraded).toBe(true);
    expect(dc('2025').centres.find((c) => c.id === 'DC1')?.upgraded).toBe(false);
    // Gaps: at least 2 new green centres and 1 upgrade by 2030: 2 - 1 = 1 and 1 - 1 = 0; 2025: 2 and 1.
    expect([r.phases['2030'].gaps.dc_new, r.phases['2030'].gaps.dc_upgraded]).toEqual([1, 0]);
    expect([r.phases['2025'].gaps.dc_new, r.phases['2025'].gaps.dc_upgraded]).toEqual([2, 1]);
    // A green limit of 1.3 makes DCN (1.35) not green.
    expect(run(PLAN_IN, [DCN], { greenPue: 1.3 }).phases['2030'].datacentres.green_new).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Contributions

/**
 * W (phường) and R (xã).
 *   u4 W (-300, 0) pop 7    Q1 200 m (<= 300), Q2 500 m (> 300)
 *   u5 R (500, 0) pop 30    Q1 600 m, Q2 300 m (both <= 1000)
 *   u6 R (1100, 0) pop 9    Q1 1200 m (> 1000), Q2 900 m
 *   u7 W (-3000, 100) pop 11   X 100 m (X' 400 m)
 *   u8 W (-3000, -100) pop 13  X 100 m, X' 200 m
 * Existing 5G sites X (-3000, 0), X' (-3000, -300); planned Q1 (-100, 0), Q2 (200, 0) in 2030.
 */
const XS = site('X', [-3000, 0], '5G');
const XP = site("X'", [-3000, -300], '5G');
const CONTRIB = kpiInput({
  communes: [PW, PR],
  sites: [XS, XP],
  popcells: [
    cell('u4', [-300, 0], 7, 'C-W'),
    cell('u5', [500, 0], 30, 'C-R'),
    cell('u6', [1100, 0], 9, 'C-R'),
    cell('u7', [-3000, 100], 11, 'C-W'),
    cell('u8', [-3000, -100], 13, 'C-W'),
  ],
});
const Q1 = plannedSite('Q1', [-100, 0], '2030');
const Q2 = plannedSite('Q2', [200, 0], '2030');

const contribution = (cs: Contribution[], id: string) => {
  const c = cs.find((x) => x.id === id);
  if (!c) throw new Error(`no contribution ${id}`);
  return c;
};

describe('contributions', () => {
  it('a planned site alone reports the people it covers, by commune', () => {
    const r = run(CONTRIB, [Q1]);
    // Q1 covers u4 7 (W) and u5 30 (R): 37; communes sorted by size.
    expect(r.phases['2030'].contributions).toEqual([{ id: 'Q1', code: 'ANT_A1A', kind: '5g', people: 37, communes: [{ code: 'C-R', people: 30 }, { code: 'C-W', people: 7 }] }]);
    expect(r.phases['2025'].contributions).toEqual([]);
  });

  it('cells covered by two planned sites are marginal for neither', () => {
    const r = run(CONTRIB, [Q1, Q2]);
    const cs = r.phases['2030'].contributions;
    // u5 is covered by both: Q1 keeps u4 (7), Q2 keeps u6 (9). Sorted by size: Q2 first.
    expect(cs.map((c) => c.id)).toEqual(['Q2', 'Q1']);
    expect(contribution(cs, 'Q1')).toMatchObject({ people: 7, communes: [{ code: 'C-W', people: 7 }] });
    expect(contribution(cs, 'Q2')).toMatchObject({ people: 9, communes: [{ code: 'C-R', people: 9 }] });
    // And the union: 2025 covers u7 + u8 = 24; 2030 adds u4, u5, u6: 24 + 46 = 70.
    expect(r.phases['2030'].population_5g).toBe(70);
  });

  it('a remove action reports the people it loses, negative', () => {
    const r = run(CONTRIB, [Q1, Q2, action('RMX', XS, 'remove', '2030')]);
    const cs = r.phases['2030'].contributions;
    // X alone covers u7 (u8 stays with X'): -11 in W. Sorted by |people|: RMX 11, Q2 9, Q1 7.
    expect(contribution(cs, 'RMX')).toEqual({ id: 'RMX', code: 'ANT_A1A', kind: '5g', people: -11, communes: [{ code: 'C-W', people: -11 }] });
    expect(cs.map((c) => c.id)).toEqual(['RMX', 'Q2', 'Q1']);
    // 70 - 11 = 59.
    expect(r.phases['2030'].population_5g).toBe(59);
  });

  it('a planned fibre route reports the people within the drop distance', () => {
    const r = run(PLAN_IN, [COR, PS30]);
    const cs = r.phases['2030'].contributions;
    expect(contribution(cs, 'COR')).toEqual({ id: 'COR', code: 'CORRIDOR', kind: 'fibre', people: 160, communes: [{ code: 'C-R', people: 160 }] });
    expect(contribution(cs, 'PS30')).toMatchObject({ kind: '5g', people: 40 });
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Incremental recomputation

describe('incremental', () => {
  const UP2 = action('UP2', X2, 'upgrade', '2030');
  const features = [PS30, PS40, COR, WIFI, DCN, UP2];

  it('an edit recomputes one feature and gives the report of a fresh engine', () => {
    const eng = engine(PLAN_IN);
    const r1 = eng.compute(plan(features));
    expect(r1.computed).toBe(6);
    // 2030: 15 + c3 40 (PS30) + c2 20 (UP2) = 75.
    expect(r1.phases['2030'].population_5g).toBe(75);
    expect(eng.compute(plan(features)).computed).toBe(0);
    // Move PS30 from c3 to 50 m from c4: 2030 = 15 + c4 80 + c2 20 = 115; 2040 adds PS40 on c4 again: 115.
    const moved: GeoFeature = { ...PS30, geometry: { type: 'Point', coordinates: P(-4000, -2050) } };
    const edited = features.map((f) => (f === PS30 ? moved : f));
    const r2 = eng.compute(plan(edited));
    expect(r2.computed).toBe(1);
    expect(r2.phases['2030'].population_5g).toBe(115);
    expect(r2.phases['2040'].population_5g).toBe(115);
    const fresh = engine(PLAN_IN).compute(plan(edited));
    expect(r2.phases).toEqual(fresh.phases);
    expect(r2.siting).toEqual(fresh.siting);
    // And back: the old effect is still cached.
    const r3 = eng.compute(plan(features));
    expect(r3.computed).toBe(0);
    expect(r3.phases).toEqual(r1.phases);
  });

  it('new parameters recompute every feature; the old ones stay cached', () => {
    const eng = engine(PLAN_IN);
    eng.compute(plan(features));
    const r = eng.compute(plan(features), { fibreDrop_m: 250 });
    expect(r.computed).toBe(6);
    expect(eng.compute(plan(features)).computed).toBe(0);
    // Same params given explicitly equal the defaults: the same cache entry.
    expect(eng.compute(plan(features), { fibreDrop_m: 300 }).computed).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// 7. Data-centre siting

/**
 * A backbone duct BB1 along y = 0 from x = -5000 to 10000, a short duct BB2 along y = 2000
 * (x 7000..9000), an access-tier aerial route along y = -3400 (x 4800..5200, not backbone) and a
 * feeder-tier one (x 8800..9200, backbone). The land mask is a rectangle x -20000..20000,
 * y -20000..2500 with a tongue up to y = 10000 east of x = 15000: its coast is the edge along
 * y = 2500 and the edge along x = 15000; the other edges lie on the mask's bounding box.
 * An aviation zone covers x 2800..3200, y -400..0.
 */
const lonAt = (x: number) => P(x, 0)[0];
const latAt = (y: number) => P(0, y)[1];
const LAND: GeoFeature = {
  type: 'Feature',
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [lonAt(-20000), latAt(-20000)],
        [lonAt(20000), latAt(-20000)],
        [lonAt(20000), latAt(10000)],
        [lonAt(15000), latAt(10000)],
        [lonAt(15000), latAt(2500)],
        [lonAt(-20000), latAt(2500)],
        [lonAt(-20000), latAt(-20000)],
      ],
    ],
  },
  properties: { id: 'land' },
};

function candidate(id: string, xy: [number, number], land = true): GeoFeature {
  return point(id, 'DC', xy, { status: 'candidate', phase: 'baseline', name: `Candidate ${id}`, pue: 1.3, land_available: land });
}

const SITING_IN = kpiInput({
  communes: [commune('C-X', 'xa', rect(-25000, -25000, 25000, 25000))],
  ducts: [
    lineF('BB1', 'UG_DUCT', [
      [-5000, 0],
      [10000, 0],
    ]),
    lineF('BB2', 'UG_DUCT', [
      [7000, 2000],
      [9000, 2000],
    ]),
  ],
  aerial: [
    lineF('AE-access', 'ROUTE_AERIAL', [
      [4800, -3400],
      [5200, -3400],
    ], { tier: 'access' }),
    lineF('AE-feeder', 'ROUTE_AERIAL', [
      [8800, -3400],
      [9200, -3400],
    ], { tier: 'feeder' }),
  ],
  zones: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [rect(2800, -400, 3200, 0)] }, properties: { id: 'AV1', code: 'ZONE_AVIATION_OLS', height_limit_m: 45 } }],
  land: [LAND],
  datacentres: [
    candidate('dc-A', [1000, -200]),
    candidate('dc-B', [2000, -200], false),
    candidate('dc-C', [3000, -200]),
    candidate('dc-D', [4000, -1200]),
    candidate('dc-E', [5000, -3500]),
    candidate('dc-F', [0, -7000]),
    candidate('dc-F2', [0, -13000]),
    candidate('dc-G', [8000, 1900]),
    candidate('dc-H', [-19800, -200]),
    candidate('dc-I', [9000, -3500]),
    point('dc-old', 'DC', [0, -200], { status: 'existing', phase: 'baseline', pue: 1.8, land_available: true }),
  ],
});

describe('data-centre siting', () => {
  const siting = run(SITING_IN, [point('P-D', 'DC', [4000, -1200], { status: 'planned', phase: '2030', ref_id: 'dc-D', pue: 1.3 })]).siting;
  const of = (id: string): DcSiting => {
    const s = siting.find((x) => x.id === id);
    if (!s) throw new Error(`no candidate ${id}`);
    return s;
  };

  it('scores the candidates only, best first', () => {
    // Scores: A 100, I 100, D 88.8, B 80, C 80, G 80, E 60, F 60, F2 60, H 60 (ties by id).
    expect(siting.map((s) => [s.id, s.score])).toEqual([
      ['dc-A', 100],
      ['dc-I', 100],
      ['dc-D', 88.8],
      ['dc-B', 80],
      ['dc-C', 80],
      ['dc-G', 80],
      ['dc-E', 60],
      ['dc-F', 60],
      ['dc-F2', 60],
      ['dc-H', 60],
    ]);
  });

  it('full marks on every criterion', () => {
    // A: backbone 200 m <= 500 -> 40; coast 2700 m >= 1500 -> 20; outside the zone 20; land 20.
    expect(of('dc-A')).toMatchObject({ backbone_m: 200, coast_m: 2700, in_aviation: false, land_available: true, parts: { backbone: 40, coast: 20, aviation: 20, land: 20 }, score: 100 });
  });

  it('no land available loses 20 points', () => {
    expect(of('dc-B')).toMatchObject({ land_available: false, parts: { backbone: 40, coast: 20, aviation: 20, land: 0 }, score: 80 });
  });

  it('inside an aviation obstacle surface loses 20 points', () => {
    expect(of('dc-C')).toMatchObject({ in_aviation: true, parts: { backbone: 40, coast: 20, aviation: 0, land: 20 }, score: 80 });
  });

  it('backbone points fall linearly between the good and the maximum distance', () => {
    // D: 1200 m. (3000 - 1200) / (3000 - 500) = 0.72; 40 * 0.72 = 28.8.
    expect(of('dc-D')).toMatchObject({ backbone_m: 1200, parts: { backbone: 28.8 }, score: 88.8 });
    // E: 3500 m from BB1 (the access-tier route 100 m away is not backbone): 0 points, distance reported.
    expect(of('dc-E')).toMatchObject({ backbone_m: 3500, parts: { backbone: 0 }, score: 60 });
    // F: 7000 m, beyond twice the 3000 m limit: null.
    expect(of('dc-F')).toMatchObject({ backbone_m: null, parts: { backbone: 0 }, coast_m: 9500 });
    // I: 100 m from the feeder-tier aerial route: full marks.
    expect(of('dc-I')).toMatchObject({ backbone_m: 100, parts: { backbone: 40 } });
    // Custom limits: good 1000, max 2000: D at 1200 -> 40 * (2000 - 1200) / 1000 = 32.
    const s = run(SITING_IN, [], { backboneGood_m: 1000, backboneMax_m: 2000 }).siting.find((x) => x.id === 'dc-D')!;
    expect(s.parts.backbone).toBe(32);
  });

  it('near the coast loses the coast points; the mask bounding box is not coast', () => {
    // G: 600 m from the coast along y = 2500 (< 1500): 0; 100 m from BB2: 40.
    expect(of('dc-G')).toMatchObject({ coast_m: 600, backbone_m: 100, parts: { coast: 0, backbone: 40 }, score: 80 });
    // H: 200 m from the mask's west edge (a bounding-box edge), 2700 m from the coast: 20 points.
    expect(of('dc-H')).toMatchObject({ coast_m: 2700, parts: { coast: 20 } });
    // F2: 15500 m from the coast, beyond the 10 km search: null, full points.
    expect(of('dc-F2')).toMatchObject({ coast_m: null, parts: { coast: 20 } });
    // A wider strip (3000 m) takes the coast points from A (2700 m) and H.
    const wide = run(SITING_IN, [], { coastalStrip_m: 3000 }).siting;
    expect(wide.find((x) => x.id === 'dc-A')!.parts.coast).toBe(0);
    expect(wide.find((x) => x.id === 'dc-H')!.parts.coast).toBe(0);
  });

  it('marks the candidates a plan proposes', () => {
    expect(of('dc-D').proposed_by).toBe('P-D');
    expect(of('dc-A').proposed_by).toBe(null);
  });
});

// ---------------------------------------------------------------------------------------------
// 8. The seeded default dataset

describe('the default dataset', () => {
  let input: KpiInput;
  let report: KpiReport;

  beforeAll(async () => {
    ensureDataset();
    input = await readKpiInput(DATA);
    const m = readManifest(DATA);
    const demo = readPlan(join(DATA, 'demo-plan.geojson'));
    expect(m.plan).toBe('demo-plan.geojson');
    report = engine(input).compute(demo);
  }, 120_000);

  it("with the Analyzer's cached corridors (as in the worker and the CLI) the report is the same", () => {
    const an = new Analyzer(input);
    const demo = readPlan(join(DATA, 'demo-plan.geojson'));
    an.analyze(demo); // fills the corridor cache, as the app's analysis run does first
    const shared = new KpiEngine(input, an.ctx, (f, ap) => an.corridor(f, ap)).compute(demo);
    expect(shared.phases).toEqual(report.phases);
    expect(shared.phases['2040'].sharing.new_duct_km).toBeGreaterThan(0);
  });

  it('population adds up: communes layer = report communes = cells = total', () => {
    const communesLayer = sumPop(input.communes);
    for (const ph of ['2025', '2030', '2040'] as const) {
      const k = report.phases[ph];
      expect(k.population_total).toBe(communesLayer);
      expect(k.communes.reduce((s, c) => s + c.population, 0)).toBe(communesLayer);
      expect(k.population_total).toBe(sumPop(input.popcells));
      expect(k.communes).toHaveLength(114);
    }
    expect(communesLayer).toBeGreaterThan(1_000_000);
  });

  it('percentages lie in 0..100 and the demo plan (additions only) never lowers coverage', () => {
    for (const ph of ['2025', '2030', '2040'] as const) {
      const k = report.phases[ph];
      for (const v of [k.pct_5g, k.pct_fibre, k.wifi_centres_pct, k.sharing.pct_shared, ...k.communes.flatMap((c) => [c.pct_5g, c.pct_fibre])]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(100);
      }
      expect(k.population_5g).toBeLessThanOrEqual(k.population_total);
    }
    const [a, b, c] = (['2025', '2030', '2040'] as const).map((ph) => report.phases[ph]);
    expect(b.pct_5g).toBeGreaterThanOrEqual(a.pct_5g);
    expect(b.pct_fibre).toBeGreaterThanOrEqual(a.pct_fibre);
    expect(b.population_5g).toBeGreaterThanOrEqual(a.population_5g);
    expect(b.population_fibre).toBeGreaterThanOrEqual(a.population_fibre);
    expect(c.population_5g).toBeGreaterThanOrEqual(b.population_5g);
    expect(c.population_fibre).toBeGreaterThanOrEqual(b.population_fibre);
    // Additions only: no negative contribution.
    for (const x of c.contributions) expect(x.people).toBeGreaterThanOrEqual(0);
  });
});
