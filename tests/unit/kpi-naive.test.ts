/**
 * Property tests: the indexed Plan 317 coverage (kdbush over population cells, per-feature
 * effects added per phase) against a naive reference written here: every cell against every
 * 5G site with `distanceM`, and every cell against every fibre segment with a point-segment
 * distance in a local metric frame centred on the cell (the core centres its frame on the
 * segment's mid-latitude instead).
 *
 * Random worlds from a seeded PRNG: a 4 x 4 grid of communes with random area types, random
 * cells, sites (5G, 4G or both), ducts and aerial routes, and a random plan of new sites, new
 * routes, removals and 5G upgrades in 2030 and 2040. Cells near a decision boundary are
 * dropped before the comparison: within 1e-6 m of a 5G radius (a floating-point tie; both
 * sides use `distanceM`) or within 0.1 m of the drop distance (the two frames differ by a
 * scale of ~1e-4 over the few km here, i.e. < 0.03 m at 300 m).
 */
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../src/core/analysis/context';
import { distanceM, metresPerDegree, offsetM } from '../../src/core/geo/ellipsoid';
import type { GeoFeature } from '../../src/core/io/fgb';
import { buildCells, lineCells, siteCells } from '../../src/core/kpi/cells';
import { KpiEngine } from '../../src/core/kpi/engine';
import { withKpiParams, type KpiParams } from '../../src/core/kpi/params';
import type { KpiInput, KpiPhase } from '../../src/core/kpi/types';
import { Rng } from '../../src/core/random';

const LON0 = 106.6;
const LAT0 = 20.8;
const TYPES = ['phuong', 'xa', 'dac_khu'] as const;
type AreaType = (typeof TYPES)[number];
const GRID = 4;
const SIDE = 2000;
const SPAN = GRID * SIDE;

function P(dx: number, dy: number): [number, number] {
  const [lon, lat] = offsetM(LON0, LAT0, 0, dy);
  return offsetM(lon, lat, dx, 0);
}

const rect = (x0: number, y0: number, x1: number, y1: number): number[][] => [P(x0, y0), P(x1, y0), P(x1, y1), P(x0, y1), P(x0, y0)];

const PARAM_SETS: Partial<KpiParams>[] = [{}, { radius5g_m: { phuong: 450, xa: 700, dac_khu: 1200 }, fibreDrop_m: 150 }];

/** Plan features active in a phase, written out here rather than taken from src/core/plan/phase.ts. */
const ACTIVE: Record<KpiPhase, string[]> = { '2025': [], '2030': ['2030'], '2040': ['2030', '2040'] };

interface World {
  input: KpiInput;
  plan: GeoFeature[];
  typeOf: Map<string, AreaType>;
}

const has5g = (tech: unknown) => String(tech).split(',').includes('5G');
const coordsOf = (f: GeoFeature) => f.geometry.coordinates as number[];
const pathOf = (f: GeoFeature) => f.geometry.coordinates as number[][];

/** Distance in metres from a point to a lon/lat segment, in a local frame at the point. */
function naiveSegmentM(lon: number, lat: number, a: number[], b: number[]): number {
  const { mLat, mLon } = metresPerDegree(lat);
  const ax = (a[0] - lon) * mLon;
  const ay = (a[1] - lat) * mLat;
  const bx = (b[0] - lon) * mLon;
  const by = (b[1] - lat) * mLat;
  const vx = bx - ax;
  const vy = by - ay;
  const len2 = vx * vx + vy * vy;
  // Projection of the origin (the point) onto the segment, clamped to its ends.
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * vx + ay * vy) / len2));
  return Math.hypot(ax + t * vx, ay + t * vy);
}

function naiveLineM(lon: number, lat: number, path: number[][]): number {
  let best = Infinity;
  for (let k = 1; k < path.length; k++) best = Math.min(best, naiveSegmentM(lon, lat, path[k - 1], path[k]));
  return best;
}

function randomPath(rng: Rng): [number, number][] {
  const pts: [number, number][] = [[rng.range(-500, SPAN + 500), rng.range(-500, SPAN + 500)]];
  const n = rng.int(1, 3);
  for (let k = 0; k < n; k++) {
    const [x, y] = pts[pts.length - 1];
    pts.push([x + rng.range(-1500, 1500), y + rng.range(-1500, 1500)]);
  }
  return pts;
}

function makeWorld(seed: number): World {
  const rng = new Rng(seed);
  const typeOf = new Map<string, AreaType>();
  const communes: GeoFeature[] = [];
  for (let ix = 0; ix < GRID; ix++)
    for (let iy = 0; iy < GRID; iy++) {
      const code = `G${ix}${iy}`;
      const type = rng.pick(TYPES);
      typeOf.set(code, type);
      communes.push({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [rect(ix * SIDE, iy * SIDE, (ix + 1) * SIDE, (iy + 1) * SIDE)] },
        properties: { code, name: code, type, seat_lon: P(ix * SIDE + 1000, iy * SIDE + 1000)[0], seat_lat: P(ix * SIDE + 1000, iy * SIDE + 1000)[1] },
      });
    }
  const sites: GeoFeature[] = [];
  for (let i = 0; i < 50; i++)
    sites.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: P(rng.range(-500, SPAN + 500), rng.range(-500, SPAN + 500)) },
      properties: { id: `s${i}`, code: 'ANT_A1A', owner: 'Viettel', status: 'existing', phase: 'baseline', tech: rng.pick(['5G', '4G', '4G,5G']), tenants: 'Viettel' },
    });
  const line = (id: string, code: string, status: string, phase: string): GeoFeature => ({
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: randomPath(rng).map(([x, y]) => P(x, y)) },
    properties: { id, code, owner: 'VNPT', status, phase, tier: 'access' },
  });
  const ducts = Array.from({ length: 6 }, (_, i) => line(`d${i}`, 'UG_DUCT', 'existing', 'baseline'));
  const aerial = Array.from({ length: 6 }, (_, i) => line(`a${i}`, 'ROUTE_AERIAL', 'existing', 'baseline'));
  const plan: GeoFeature[] = [];
  for (let i = 0; i < 10; i++)
    plan.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: P(rng.range(0, SPAN), rng.range(0, SPAN)) },
      properties: { id: `p${i}`, code: 'ANT_A2A', owner: 'Viettel', status: 'planned', phase: rng.pick(['2030', '2040']), tech: rng.pick(['4G,5G', '4G', '5G']) },
    });
  // Removals and upgrades of existing sites; the same site may come up twice.
  for (let i = 0; i < 8; i++) {
    const s = rng.pick(sites);
    const act = rng.pick(['remove', 'upgrade'] as const);
    plan.push({ type: 'Feature', geometry: s.geometry, properties: { ...s.properties, id: `act${i}`, ref_id: s.properties.id, action: act, status: act, phase: rng.pick(['2030', '2040']) } });
  }
  for (let i = 0; i < 3; i++) plan.push(line(`pd${i}`, 'UG_DUCT', 'planned', rng.pick(['2030', '2040'])));
  for (let i = 0; i < 2; i++) plan.push(line(`pc${i}`, 'CORRIDOR', 'planned', rng.pick(['2030', '2040'])));

  // Cells, minus those near a decision boundary of any parameter set.
  const allSites = [...sites, ...plan.filter((f) => f.geometry.type === 'Point')];
  const allLines = [...ducts, ...aerial, ...plan.filter((f) => f.geometry.type === 'LineString')];
  const popcells: GeoFeature[] = [];
  let dropped = 0;
  for (let i = 0; i < 2500; i++) {
    const x = rng.range(0, SPAN);
    const y = rng.range(0, SPAN);
    const code = `G${Math.min(GRID - 1, Math.floor(x / SIDE))}${Math.min(GRID - 1, Math.floor(y / SIDE))}`;
    const [lon, lat] = P(x, y);
    const pop = rng.int(0, 40);
    const near = PARAM_SETS.some((ps) => {
      const p = withKpiParams(ps);
      const r = p.radius5g_m[typeOf.get(code)!];
      if (allSites.some((s) => Math.abs(distanceM(coordsOf(s)[0], coordsOf(s)[1], lon, lat) - r) < 1e-6)) return true;
      return allLines.some((l) => Math.abs(naiveLineM(lon, lat, pathOf(l)) - p.fibreDrop_m) < 0.1);
    });
    if (near) {
      dropped++;
      continue;
    }
    popcells.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { id: `c${i}`, commune_code: code, population: pop } });
  }
  // The band is thin: only a handful of cells fall in it.
  expect(dropped).toBeLessThan(25);
  return { input: { communes, sites, ducts, aerial, zones: [], popcells, service: [], datacentres: [], land: [] }, plan, typeOf };
}

interface NaivePhase {
  p5: number;
  pf: number;
  byCommune: Map<string, { pop: number; p5: number; pf: number }>;
}

function naivePhase(w: World, ph: KpiPhase, ps: Partial<KpiParams>): NaivePhase {
  const p = withKpiParams(ps);
  const active = w.plan.filter((f) => ACTIVE[ph].includes(String(f.properties.phase)));
  const removed = new Set(active.filter((f) => f.properties.status === 'remove').map((f) => String(f.properties.ref_id)));
  const upgraded = new Set(active.filter((f) => f.properties.status === 'upgrade').map((f) => String(f.properties.ref_id)));
  const sites5g = [
    ...w.input.sites.filter((s) => !removed.has(String(s.properties.id)) && (has5g(s.properties.tech) || upgraded.has(String(s.properties.id)))),
    ...active.filter((f) => f.properties.status === 'planned' && f.geometry.type === 'Point' && has5g(f.properties.tech)),
  ].map(coordsOf);
  const lines = [...w.input.ducts, ...w.input.aerial, ...active.filter((f) => f.properties.status === 'planned' && f.geometry.type === 'LineString')].map(pathOf);
  const out: NaivePhase = { p5: 0, pf: 0, byCommune: new Map() };
  for (const code of w.typeOf.keys()) out.byCommune.set(code, { pop: 0, p5: 0, pf: 0 });
  for (const c of w.input.popcells) {
    const [lon, lat] = coordsOf(c);
    const code = String(c.properties.commune_code);
    const pop = Number(c.properties.population);
    const r = p.radius5g_m[w.typeOf.get(code)!];
    const cov5 = sites5g.some(([x, y]) => distanceM(x, y, lon, lat) <= r);
    const covf = lines.some((l) => naiveLineM(lon, lat, l) <= p.fibreDrop_m);
    const agg = out.byCommune.get(code)!;
    agg.pop += pop;
    if (cov5) {
      out.p5 += pop;
      agg.p5 += pop;
    }
    if (covf) {
      out.pf += pop;
      agg.pf += pop;
    }
  }
  return out;
}

const SEEDS = [1, 2, 3, 4, 5, 6];

describe('indexed coverage equals the naive all-pairs coverage', () => {
  for (const seed of SEEDS)
    it(`seed ${seed}: every phase, every commune, two parameter sets`, () => {
      const w = makeWorld(seed);
      const eng = new KpiEngine(w.input, buildContext(w.input));
      let anyCovered = 0;
      let anyUncovered = 0;
      for (const ps of PARAM_SETS) {
        const r = eng.compute({ type: 'FeatureCollection', features: w.plan }, ps);
        for (const ph of ['2025', '2030', '2040'] as const) {
          const n = naivePhase(w, ph, ps);
          const k = r.phases[ph];
          expect(k.population_5g, `${ph} 5G`).toBe(n.p5);
          expect(k.population_fibre, `${ph} fibre`).toBe(n.pf);
          for (const c of k.communes) {
            const e = n.byCommune.get(c.code)!;
            expect([c.population, c.population_5g, c.population_fibre], `${ph} ${c.code}`).toEqual([e.pop, e.p5, e.pf]);
          }
          anyCovered += n.p5 + n.pf;
          anyUncovered += 2 * k.population_total - n.p5 - n.pf;
        }
      }
      // The worlds are not degenerate: people both in and out of coverage.
      expect(anyCovered).toBeGreaterThan(0);
      expect(anyUncovered).toBeGreaterThan(0);
    });

  it('the plan changes coverage between phases in these worlds (the comparison sees the plan)', () => {
    let changed = 0;
    for (const seed of SEEDS) {
      const w = makeWorld(seed);
      const a = naivePhase(w, '2025', {});
      const b = naivePhase(w, '2040', {});
      if (a.p5 !== b.p5 || a.pf !== b.pf) changed++;
    }
    expect(changed).toBeGreaterThanOrEqual(SEEDS.length - 1);
  });
});

describe('siteCells and lineCells equal naive sets', () => {
  for (const seed of SEEDS)
    it(`seed ${seed}`, () => {
      const w = makeWorld(seed);
      const communes = w.input.communes.map((f) => ({ code: String(f.properties.code), type: String(f.properties.type) }));
      const cells = buildCells(w.input.popcells, communes);
      expect(cells.size).toBe(w.input.popcells.length);
      const cellLL = w.input.popcells.map(coordsOf);
      const cellType = w.input.popcells.map((c) => w.typeOf.get(String(c.properties.commune_code))!);
      let nonEmpty = 0;
      for (const ps of PARAM_SETS) {
        const p = withKpiParams(ps);
        const radii = TYPES.map((t) => p.radius5g_m[t]);
        for (const s of [...w.input.sites, ...w.plan.filter((f) => f.geometry.type === 'Point')]) {
          const [lon, lat] = coordsOf(s);
          const expected: number[] = [];
          cellLL.forEach(([x, y], i) => {
            if (distanceM(lon, lat, x, y) <= p.radius5g_m[cellType[i]]) expected.push(i);
          });
          expect(Array.from(siteCells(cells, lon, lat, radii)), `site ${String(s.properties.id)}`).toEqual(expected);
          if (expected.length) nonEmpty++;
        }
        for (const l of [...w.input.ducts, ...w.input.aerial, ...w.plan.filter((f) => f.geometry.type === 'LineString')]) {
          const path = pathOf(l);
          const expected: number[] = [];
          cellLL.forEach(([x, y], i) => {
            if (naiveLineM(x, y, path) <= p.fibreDrop_m) expected.push(i);
          });
          expect(Array.from(lineCells(cells, [path], p.fibreDrop_m)), `line ${String(l.properties.id)}`).toEqual(expected);
          if (expected.length) nonEmpty++;
        }
      }
      expect(nonEmpty).toBeGreaterThan(50);
      // The scratch marks are left clean after every query.
      expect(cells.mark.every((m) => m === 0)).toBe(true);
    });
});
