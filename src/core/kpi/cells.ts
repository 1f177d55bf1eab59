/**
 * Population cells as typed arrays with a kdbush index over their centres, and the two
 * coverage queries: the cells within a site's 5G radius, and the cells within the fibre drop
 * distance of a line. A cell counts as covered when its centre is within (<=) the distance.
 */
import KDBush from 'kdbush';
import { distanceM, metresPerDegree } from '../geo/ellipsoid';
import { pointSegmentDistance } from '../geo/segment';
import type { GeoFeature } from '../io/fgb';

/** Area classes in the order of `KpiParams.radius5g_m`'s keys. */
export const AREA_CLASSES = ['phuong', 'xa', 'dac_khu'] as const;

export interface CellSet {
  size: number;
  lon: Float64Array;
  lat: Float64Array;
  pop: Float64Array;
  /** Index into the commune list, -1 when the cell's commune is unknown. */
  commune: Int32Array;
  /** Index into AREA_CLASSES of the cell's commune (1, 'xa', when unknown). */
  area: Uint8Array;
  index: KDBush;
  /** Scratch marks for de-duplicating cells per line; always left zeroed. */
  mark: Uint8Array;
}

export function areaClass(type: string): number {
  const i = AREA_CLASSES.indexOf(type as (typeof AREA_CLASSES)[number]);
  return i < 0 ? 1 : i;
}

export function buildCells(popcells: GeoFeature[], communes: { code: string; type: string }[]): CellSet {
  const byCode = new Map(communes.map((c, i) => [c.code, i]));
  const pts = popcells.filter((f) => f.geometry.type === 'Point');
  const n = pts.length;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const pop = new Float64Array(n);
  const commune = new Int32Array(n);
  const area = new Uint8Array(n);
  const index = new KDBush(Math.max(1, n), 64, Float64Array);
  pts.forEach((f, i) => {
    const [x, y] = f.geometry.coordinates as number[];
    lon[i] = x;
    lat[i] = y;
    pop[i] = Number(f.properties.population) || 0;
    const ci = byCode.get(String(f.properties.commune_code ?? '')) ?? -1;
    commune[i] = ci;
    area[i] = ci >= 0 ? areaClass(communes[ci].type) : 1;
    index.add(x, y);
  });
  if (n === 0) index.add(0, 0);
  index.finish();
  return { size: n, lon, lat, pop, commune, area, index, mark: new Uint8Array(n) };
}

/** Degree half-widths of a box that holds every point within r metres of latitude `lat`. */
function degBox(lat: number, r: number): [number, number] {
  const { mLat, mLon } = metresPerDegree(lat);
  // 1% margin covers the change of scale across the box.
  return [(r / mLon) * 1.01, (r / mLat) * 1.01];
}

/** Cells whose centre lies within the 5G radius of its own area class from a site, sorted. */
export function siteCells(cells: CellSet, lon: number, lat: number, radii: readonly number[]): Uint32Array {
  if (cells.size === 0) return new Uint32Array();
  const rMax = Math.max(...radii);
  const [dx, dy] = degBox(lat, rMax);
  const hits = cells.index.range(lon - dx, lat - dy, lon + dx, lat + dy);
  const out: number[] = [];
  for (const i of hits) if (i < cells.size && distanceM(lon, lat, cells.lon[i], cells.lat[i]) <= radii[cells.area[i]]) out.push(i);
  return Uint32Array.from(out).sort();
}

/** Cells whose centre lies within r metres of any segment of the lines, each once, sorted. */
export function lineCells(cells: CellSet, lines: number[][][], r: number): Uint32Array {
  if (cells.size === 0) return new Uint32Array();
  const out: number[] = [];
  for (const line of lines)
    for (let k = 1; k < line.length; k++) {
      const [x0, y0] = line[k - 1];
      const [x1, y1] = line[k];
      const midLat = (y0 + y1) / 2;
      const [dx, dy] = degBox(midLat, r);
      const { mLat, mLon } = metresPerDegree(midLat);
      const hits = cells.index.range(Math.min(x0, x1) - dx, Math.min(y0, y1) - dy, Math.max(x0, x1) + dx, Math.max(y0, y1) + dy);
      const ex = (x1 - x0) * mLon;
      const ey = (y1 - y0) * mLat;
      for (const i of hits) {
        if (i >= cells.size || cells.mark[i]) continue;
        if (pointSegmentDistance((cells.lon[i] - x0) * mLon, (cells.lat[i] - y0) * mLat, 0, 0, ex, ey) <= r) {
          cells.mark[i] = 1;
          out.push(i);
        }
      }
    }
  for (const i of out) cells.mark[i] = 0;
  return Uint32Array.from(out).sort();
}
