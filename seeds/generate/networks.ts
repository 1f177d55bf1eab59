/**
 * Cable networks along the roads: underground ducts (with manholes every 100-200 m) and
 * aerial cable routes (with telecom and shared power poles every 40-55 m).
 */
import { distanceM } from '../../src/core/geo/ellipsoid';
import type { Owner, RoadClass } from '../../src/core/model/taxonomy';
import { Ctx, feature, pad, r7 } from './context';
import { roadLengthM, type Road } from './roads';
import type { GeoFeature } from '../../src/core/io/fgb';

const DUCT_SHARE: Record<RoadClass, number> = {
  national: 1,
  provincial: 0.5,
  urban_main: 0.6,
  urban_street: 0.15,
  commune: 0.03,
  railway: 0,
};
const AERIAL_SHARE: Record<RoadClass, number> = {
  national: 0,
  provincial: 0.5,
  urban_main: 0.1,
  urban_street: 0.5,
  commune: 0.7,
  railway: 0,
};
const DUCT_OWNERS: [Owner, number][] = [
  ['VNPT', 0.34],
  ['Viettel', 0.34],
  ['city', 0.14],
  ['MobiFone', 0.1],
  ['FPT', 0.08],
];
const AERIAL_OWNERS: [Owner, number][] = [
  ['Viettel', 0.34],
  ['VNPT', 0.3],
  ['MobiFone', 0.14],
  ['FPT', 0.1],
  ['Vietnamobile', 0.05],
  ['shared', 0.07],
];

export function pickWeighted<T>(ctx: Ctx, items: [T, number][]): T {
  let r = ctx.rng.next();
  for (const [v, w] of items) {
    if (r < w) return v;
    r -= w;
  }
  return items[items.length - 1][0];
}

/** Points every `spacing` metres along a polyline, starting `offset` metres in. */
export function pointsAlong(coords: number[][], spacing: number, offset: number): number[][] {
  const pts: number[][] = [];
  let next = offset;
  let walked = 0;
  for (let i = 1; i < coords.length; i++) {
    const [x0, y0] = coords[i - 1];
    const [x1, y1] = coords[i];
    const seg = distanceM(x0, y0, x1, y1);
    while (next <= walked + seg) {
      const t = seg === 0 ? 0 : (next - walked) / seg;
      pts.push([x0 + (x1 - x0) * t, y0 + (y1 - y0) * t]);
      next += spacing;
    }
    walked += seg;
  }
  return pts;
}

export interface Networks {
  ducts: GeoFeature[];
  manholes: GeoFeature[];
  aerial: GeoFeature[];
  poles: GeoFeature[];
}

export function generateNetworks(ctx: Ctx, roads: Road[]): Networks {
  const out: Networks = { ducts: [], manholes: [], aerial: [], poles: [] };
  const densify = Math.sqrt(ctx.scale);
  const communes = ctx.base.communes;
  for (const road of roads) {
    const len = roadLengthM(road);
    if (len < 30) continue;
    const commune = communes[road.commune];
    if (ctx.rng.chance(DUCT_SHARE[road.cls])) {
      const id = `duct-${pad(out.ducts.length)}`;
      const nDucts = road.cls === 'national' || road.cls === 'urban_main' ? ctx.rng.int(4, 12) : ctx.rng.int(2, 6);
      out.ducts.push(
        feature(
          { type: 'LineString', coordinates: road.coords },
          {
            id,
            code: 'UG_DUCT',
            owner: pickWeighted(ctx, DUCT_OWNERS),
            status: 'existing',
            phase: 'baseline',
            commune_code: commune.code,
            name: road.name,
            n_ducts: nDucts,
            n_free_ducts: ctx.rng.int(0, nDucts - 1),
            diameter_mm: ctx.rng.pick([40, 60, 90, 110]),
            depth_m: Math.round(ctx.rng.range(0.5, 1.2) * 10) / 10,
            length_m: Math.round(len * 10) / 10,
            road_class: road.cls,
            synthetic: true,
          },
        ),
      );
      const spacing = ctx.rng.range(100, 200) / densify;
      for (const [x, y] of pointsAlong(road.coords, spacing, spacing / 2)) {
        const c = ctx.communeAt(x, y);
        if (!c) continue;
        out.manholes.push(
          feature(
            { type: 'Point', coordinates: [r7(x), r7(y)] },
            {
              id: `mh-${pad(out.manholes.length, 7)}`,
              code: 'UG_MANHOLE',
              owner: out.ducts[out.ducts.length - 1].properties.owner,
              status: 'existing',
              phase: 'baseline',
              commune_code: c.code,
              kind: road.cls === 'national' || road.cls === 'urban_main' ? 'ham_cap' : 'ho_cap',
              duct_id: id,
              synthetic: true,
            },
          ),
        );
      }
    }
    if (ctx.rng.chance(AERIAL_SHARE[road.cls])) {
      const id = `aer-${pad(out.aerial.length)}`;
      const owner = pickWeighted(ctx, AERIAL_OWNERS);
      const nCables = ctx.rng.int(1, 8);
      out.aerial.push(
        feature(
          { type: 'LineString', coordinates: road.coords },
          {
            id,
            code: 'ROUTE_AERIAL',
            owner,
            status: 'existing',
            phase: 'baseline',
            commune_code: commune.code,
            name: road.name,
            tier: road.cls === 'provincial' ? 'feeder' : 'distribution',
            n_cables: nCables,
            length_m: Math.round(len * 10) / 10,
            road_class: road.cls,
            synthetic: true,
          },
        ),
      );
      const spacing = ctx.rng.range(40, 55) / densify;
      const powerShare = road.cls === 'commune' ? 0.55 : 0.3;
      for (const [x, y] of pointsAlong(road.coords, spacing, ctx.rng.range(0, spacing))) {
        const c = ctx.communeAt(x, y);
        if (!c) continue;
        const power = ctx.rng.chance(powerShare);
        out.poles.push(
          feature(
            { type: 'Point', coordinates: [r7(x), r7(y)] },
            {
              id: `pole-${pad(out.poles.length, 8)}`,
              code: power ? 'POLE_POWER_SHARED' : 'POLE_TELECOM',
              owner: power ? 'EVN' : owner === 'shared' ? 'city' : owner,
              status: 'existing',
              phase: 'baseline',
              commune_code: c.code,
              height_m: power ? ctx.rng.pick([8.5, 10, 12]) : ctx.rng.pick([6.5, 7, 7.5, 8]),
              n_cables: Math.max(1, nCables + ctx.rng.int(-1, 2)),
              route_id: id,
              synthetic: true,
            },
          ),
        );
      }
    }
  }
  return out;
}
