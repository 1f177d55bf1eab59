/**
 * Spatial indexes over the dataset, built once and reused by every analysis: a kdbush over
 * antenna sites, flatbush trees over duct and aerial-route segments, polygon indexes for
 * communes and zones. Coordinates stay lon/lat; metric work happens per query (see segment.ts).
 */
import KDBush from 'kdbush';
import Flatbush from 'flatbush';
import { PolygonIndex } from '../geo/polygon-index';
import { metresPerDegree } from '../geo/ellipsoid';
import type { MultiPolygonCoords } from '../geo/polygon';
import type { GeoFeature } from '../io/fgb';
import type { AnalysisInput } from './types';

export interface SiteRow {
  id: string;
  code: string;
  owner: string;
  status: string;
  phase: string;
  lon: number;
  lat: number;
  height: number;
  host: number;
  /** Area type of the commune polygon containing the site ('' if outside every commune). */
  area: string;
  commune: string;
}

export interface SegmentSet {
  /** x0, y0, x1, y1 per segment (lon/lat). */
  coords: Float64Array;
  /** Feature index of each segment. */
  feature: Uint32Array;
  ids: string[];
  owners: string[];
  index: Flatbush | null;
  size: number;
}

export function polygonsOf(f: GeoFeature): MultiPolygonCoords {
  if (f.geometry.type === 'Polygon') return [f.geometry.coordinates as MultiPolygonCoords[number]];
  if (f.geometry.type === 'MultiPolygon') return f.geometry.coordinates as MultiPolygonCoords;
  return [];
}

export function linesOf(f: GeoFeature): number[][][] {
  if (f.geometry.type === 'LineString') return [f.geometry.coordinates as number[][]];
  if (f.geometry.type === 'MultiLineString') return f.geometry.coordinates as number[][][];
  return [];
}

export function segmentSet(features: GeoFeature[]): SegmentSet {
  const xs: number[] = [];
  const fi: number[] = [];
  features.forEach((f, i) => {
    for (const line of linesOf(f))
      for (let k = 1; k < line.length; k++) {
        xs.push(line[k - 1][0], line[k - 1][1], line[k][0], line[k][1]);
        fi.push(i);
      }
  });
  const coords = Float64Array.from(xs);
  const n = fi.length;
  let index: Flatbush | null = null;
  if (n > 0) {
    index = new Flatbush(n);
    for (let s = 0; s < n; s++) {
      const x0 = coords[4 * s];
      const y0 = coords[4 * s + 1];
      const x1 = coords[4 * s + 2];
      const y1 = coords[4 * s + 3];
      index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
    }
    index.finish();
  }
  return {
    coords,
    feature: Uint32Array.from(fi),
    ids: features.map((f) => String(f.properties.id ?? '')),
    owners: features.map((f) => String(f.properties.owner ?? '')),
    index,
    size: n,
  };
}

/** Segment indices whose bounding box lies within r metres of the lon/lat box. */
export function segmentsNear(set: SegmentSet, x0: number, y0: number, x1: number, y1: number, r: number): number[] {
  if (!set.index) return [];
  const { mLat, mLon } = metresPerDegree((y0 + y1) / 2);
  // 1% margin covers the change of scale across the box.
  const dx = (r / mLon) * 1.01;
  const dy = (r / mLat) * 1.01;
  return set.index.search(Math.min(x0, x1) - dx, Math.min(y0, y1) - dy, Math.max(x0, x1) + dx, Math.max(y0, y1) + dy);
}

export interface Context {
  communes: { code: string; name: string; type: string }[];
  communeIndex: PolygonIndex;
  sites: SiteRow[];
  siteIndex: KDBush;
  ducts: SegmentSet;
  aerial: SegmentSet;
  a1Zones: { id: string; index: PolygonIndex };
  aviation: { id: string; limit: number; polys: MultiPolygonCoords }[];
  aviationIndex: PolygonIndex;
  iz: GeoFeature[];
}

export function siteRow(f: GeoFeature, ctx: { communeIndex: PolygonIndex; communes: { code: string; type: string }[] }): SiteRow {
  const [lon, lat] = f.geometry.coordinates as number[];
  const p = f.properties;
  const ci = ctx.communeIndex.find(lon, lat);
  return {
    id: String(p.id ?? ''),
    code: String(p.code ?? ''),
    owner: String(p.owner ?? ''),
    status: String(p.status ?? ''),
    phase: String(p.phase ?? ''),
    lon,
    lat,
    height: typeof p.height_m === 'number' ? p.height_m : NaN,
    host: typeof p.host_building_height_m === 'number' ? p.host_building_height_m : NaN,
    area: ci >= 0 ? ctx.communes[ci].type : '',
    commune: ci >= 0 ? ctx.communes[ci].code : String(p.commune_code ?? ''),
  };
}

export function buildContext(input: AnalysisInput): Context {
  const communes = input.communes.map((f) => ({ code: String(f.properties.code), name: String(f.properties.name), type: String(f.properties.type) }));
  const communeIndex = new PolygonIndex(input.communes.map(polygonsOf));
  const base = { communeIndex, communes };
  const sites = input.sites.filter((f) => f.geometry.type === 'Point').map((f) => siteRow(f, base));
  const siteIndex = new KDBush(Math.max(1, sites.length));
  for (const s of sites) siteIndex.add(s.lon, s.lat);
  if (sites.length === 0) siteIndex.add(0, 0);
  siteIndex.finish();
  const a1 = input.zones.filter((z) => z.properties.code === 'ZONE_A1_ONLY');
  const av = input.zones.filter((z) => z.properties.code === 'ZONE_AVIATION_OLS');
  return {
    communes,
    communeIndex,
    sites,
    siteIndex,
    ducts: segmentSet(input.ducts),
    aerial: segmentSet(input.aerial),
    a1Zones: { id: 'a1', index: new PolygonIndex(a1.map(polygonsOf)) },
    aviation: av.map((z) => ({ id: String(z.properties.id), limit: Number(z.properties.height_limit_m ?? 45), polys: polygonsOf(z) })),
    aviationIndex: new PolygonIndex(av.map(polygonsOf)),
    iz: input.zones.filter((z) => z.properties.code === 'ZONE_IZ'),
  };
}

/** Ids of A1-only zones are looked up through this list (same order as the index). */
export function a1ZoneIds(input: AnalysisInput): string[] {
  return input.zones.filter((z) => z.properties.code === 'ZONE_A1_ONLY').map((z) => String(z.properties.id));
}
