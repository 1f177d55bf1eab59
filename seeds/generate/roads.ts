/**
 * Local road network where no real one exists: national roads and railways are real (shared
 * data); links between neighbouring committee seats and street grids in wards and village
 * centres are synthetic. Every vertex lies inside the city.
 */
import { metresPerDegree, distanceM } from '../../src/core/geo/ellipsoid';
import { multiPolygonContains } from '../../src/core/geo/polygon';
import type { RoadClass } from '../../src/core/model/taxonomy';
import { Ctx, r7 } from './context';

export interface Road {
  id: string;
  cls: RoadClass;
  name: string;
  coords: number[][];
  commune: number;
}

const STEP_M = 50;

/** Split a densely sampled polyline into runs whose samples satisfy `inside`. */
function insideRuns(samples: number[][], inside: (x: number, y: number) => boolean, minPts = 3): number[][][] {
  const runs: number[][][] = [];
  let cur: number[][] = [];
  for (const p of samples) {
    if (inside(p[0], p[1])) cur.push(p);
    else {
      if (cur.length >= minPts) runs.push(cur);
      cur = [];
    }
  }
  if (cur.length >= minPts) runs.push(cur);
  return runs;
}

function densify(coords: number[][], stepM: number): number[][] {
  const out: number[][] = [coords[0]];
  for (let i = 1; i < coords.length; i++) {
    const [x0, y0] = coords[i - 1];
    const [x1, y1] = coords[i];
    const n = Math.max(1, Math.ceil(distanceM(x0, y0, x1, y1) / stepM));
    for (let k = 1; k <= n; k++) out.push([x0 + ((x1 - x0) * k) / n, y0 + ((y1 - y0) * k) / n]);
  }
  return out;
}

/** Keep every `every`-th sample plus the last: straight enough, far fewer vertices. */
function thin(run: number[][], every: number): number[][] {
  const out = run.filter((_, i) => i % every === 0);
  if (out[out.length - 1] !== run[run.length - 1]) out.push(run[run.length - 1]);
  return out.map(([x, y]) => [r7(x), r7(y)]);
}

export function generateRoads(ctx: Ctx): Road[] {
  const roads: Road[] = [];
  const { communes } = ctx.base;
  const inCity = (x: number, y: number) => ctx.communeIndex.find(x, y) >= 0;
  const add = (cls: RoadClass, name: string, coords: number[][]) => {
    const mid = coords[Math.floor(coords.length / 2)];
    roads.push({ id: '', cls, name, coords, commune: Math.max(0, ctx.communeIndex.find(mid[0], mid[1])) });
  };

  // Real national roads and railways: only their parts inside the city carry assets.
  for (const l of ctx.base.national) {
    for (const run of insideRuns(densify(l.coords, STEP_M), inCity)) add(l.road_class, l.name, thin(run, 8));
  }

  // Provincial links: each seat to its three nearest seats, gently curved, on land only.
  const seen = new Set<string>();
  communes.forEach((a, i) => {
    const near = communes
      .map((b, j) => ({ j, d: distanceM(a.seat[0], a.seat[1], b.seat[0], b.seat[1]) }))
      .filter((e) => e.j !== i && e.d < 15000)
      .sort((p, q) => p.d - q.d || p.j - q.j)
      .slice(0, 3);
    for (const { j, d } of near) {
      const key = i < j ? `${i}-${j}` : `${j}-${i}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const b = communes[j];
      const bend = ctx.rng.range(-0.12, 0.12) * d;
      const { mLat, mLon } = metresPerDegree(a.seat[1]);
      const mx = (a.seat[0] + b.seat[0]) / 2 - ((b.seat[1] - a.seat[1]) * mLat * bend) / d / mLon;
      const my = (a.seat[1] + b.seat[1]) / 2 + ((b.seat[0] - a.seat[0]) * mLon * bend) / d / mLat;
      const n = Math.max(2, Math.ceil(d / STEP_M));
      const samples: number[][] = [];
      for (let k = 0; k <= n; k++) {
        const t = k / n;
        const u = 1 - t;
        samples.push([u * u * a.seat[0] + 2 * u * t * mx + t * t * b.seat[0], u * u * a.seat[1] + 2 * u * t * my + t * t * b.seat[1]]);
      }
      const runs = insideRuns(samples, inCity);
      const inside = runs.reduce((s, r) => s + r.length, 0);
      if (inside < 0.9 * samples.length) continue; // mostly over water: no road
      for (const run of runs) add('provincial', `ĐL ${a.short_name} – ${b.short_name}`, thin(run, 4));
    }
  });

  // Street grids: whole wards; village centres and a sparse grid in communes.
  const densityFactor = Math.sqrt(ctx.scale);
  communes.forEach((c) => {
    const inside = (x: number, y: number) => multiPolygonContains(c.geom, x, y);
    const angle = ctx.rng.range(0, Math.PI / 2);
    const grids =
      c.type === 'phuong'
        ? [{ spacing: 330, radius: 12000, cls: 'urban_street' as RoadClass, mainEvery: 3 }]
        : [
            { spacing: 300, radius: 1100, cls: 'urban_street' as RoadClass, mainEvery: 0 },
            { spacing: 1100, radius: 20000, cls: 'commune' as RoadClass, mainEvery: 0 },
          ];
    for (const g of grids) {
      const s = g.spacing / densityFactor;
      const { mLat, mLon } = metresPerDegree(c.seat[1]);
      const R = Math.min(g.radius, Math.sqrt(c.area_km2 * 1e6) * 2.5);
      const ca = Math.cos(angle);
      const sa = Math.sin(angle);
      const toLL = (u: number, v: number) => [c.seat[0] + (u * ca - v * sa) / mLon, c.seat[1] + (u * sa + v * ca) / mLat];
      const K = Math.floor(R / s);
      for (const dir of [0, 1]) {
        for (let k = -K; k <= K; k++) {
          const samples: number[][] = [];
          for (let t = -R; t <= R; t += STEP_M) samples.push(dir === 0 ? toLL(k * s, t) : toLL(t, k * s));
          const within = (x: number, y: number) =>
            inside(x, y) && (g.radius >= 12000 || distanceM(x, y, c.seat[0], c.seat[1]) <= g.radius);
          const cls: RoadClass = g.mainEvery && k % g.mainEvery === 0 ? 'urban_main' : g.cls;
          for (const run of insideRuns(samples, within)) add(cls, `${c.short_name} ${dir ? 'ngang' : 'dọc'} ${k}`, thin(run, 1000));
        }
      }
    }
  });
  roads.forEach((r, i) => (r.id = `road-${String(i).padStart(6, '0')}`));
  return roads;
}

export function roadLengthM(r: Road): number {
  let s = 0;
  for (let i = 1; i < r.coords.length; i++) s += distanceM(r.coords[i - 1][0], r.coords[i - 1][1], r.coords[i][0], r.coords[i][1]);
  return s;
}
