/** Builds the whole default dataset in memory: base layers, synthetic assets and a demo plan. */
import type { Base } from '../base';
import { Ctx, feature } from './context';
import { generatePopCells, cellSteps, CELL_M } from './popcells';
import { generateRoads } from './roads';
import { generateNetworks } from './networks';
import { generateSites } from './sites';
import { generateStations, generateService, generateDataCentres, generateCritical } from './points';
import { generateZones } from './zones';
import { generatePlan, type PlanDoc } from './plan';
import type { GeoFeature } from '../../src/core/io/fgb';

export interface Dataset {
  layers: Record<string, GeoFeature[]>;
  plan: PlanDoc;
  grid: { cell_m: number; dlon: number; dlat: number };
}

export const DEFAULT_SEED = 20300317;

export function generateDataset(base: Base, opts: { scale?: number; seed?: number; log?: (m: string) => void } = {}): Dataset {
  const scale = opts.scale ?? 1;
  const log = opts.log ?? (() => {});
  const ctx = new Ctx(base, scale, opts.seed ?? DEFAULT_SEED);
  const layers: Record<string, GeoFeature[]> = {};
  layers.communes = base.communes.map((c) =>
    feature(c.geom.length === 1 ? { type: 'Polygon', coordinates: c.geom[0] } : { type: 'MultiPolygon', coordinates: c.geom }, {
      code: c.code,
      name: c.name,
      short_name: c.short_name,
      type: c.type,
      population: c.population,
      area_km2: c.area_km2,
      seat_lon: c.seat[0],
      seat_lat: c.seat[1],
    }),
  );
  layers.land = base.land.map((p, i) => feature({ type: 'Polygon', coordinates: p }, { id: `land-${i}` }));
  layers.neighbours = base.neighbours.map((n) => feature({ type: 'MultiPolygon', coordinates: n.geom }, { name: n.name }));
  log('population cells');
  layers.popcells = generatePopCells(ctx);
  log('roads');
  const roads = generateRoads(ctx);
  layers.roads = roads.map((r) =>
    feature({ type: 'LineString', coordinates: r.coords }, { id: r.id, road_class: r.cls, name: r.name, synthetic: r.cls !== 'national' && r.cls !== 'railway' }),
  );
  log('ducts, manholes, aerial routes, poles');
  const net = generateNetworks(ctx, roads);
  Object.assign(layers, net);
  log('antenna sites');
  layers.sites = generateSites(ctx);
  log('stations, service points, data centres, zones');
  layers.stations = generateStations(ctx);
  layers.service = generateService(ctx);
  layers.datacentres = generateDataCentres(ctx);
  layers.critical = generateCritical(ctx);
  layers.zones = generateZones(ctx);
  const plan = generatePlan(ctx, net.ducts, layers.sites, net.aerial, layers.service, layers.datacentres);
  const { dLon, dLat } = cellSteps();
  return { layers, plan, grid: { cell_m: CELL_M, dlon: dLon, dlat: dLat } };
}
