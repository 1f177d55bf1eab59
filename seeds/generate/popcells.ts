/**
 * Population cells: a 250 m grid over the communes; each commune's real 2025 population is
 * spread over its cells, denser near its committee seat, and the cells of a commune add up
 * exactly to its population (largest-remainder rounding).
 */
import { metresPerDegree, distanceM } from '../../src/core/geo/ellipsoid';
import { bboxOfCoords, multiPolygonContains } from '../../src/core/geo/polygon';
import { Ctx, feature, r7, type PopCell } from './context';
import type { GeoFeature } from '../../src/core/io/fgb';

export const CELL_M = 250;
export const GRID_LAT0 = 20.85;

export function cellSteps(): { dLon: number; dLat: number } {
  const { mLat, mLon } = metresPerDegree(GRID_LAT0);
  return { dLon: CELL_M / mLon, dLat: CELL_M / mLat };
}

const DECAY_M = { phuong: 1500, xa: 2500, dac_khu: 2000 } as const;

export function generatePopCells(ctx: Ctx): GeoFeature[] {
  const { dLon, dLat } = cellSteps();
  const lon0 = 106.0;
  const lat0 = 20.0;
  const taken = new Set<string>();
  const cells: (PopCell & { row: number; col: number })[] = [];
  const out: GeoFeature[] = [];
  ctx.base.communes.forEach((c, ci) => {
    const [x0, y0, x1, y1] = bboxOfCoords(c.geom);
    const mine: (PopCell & { row: number; col: number; w: number })[] = [];
    for (let row = Math.floor((y0 - lat0) / dLat); row <= Math.ceil((y1 - lat0) / dLat); row++) {
      const lat = lat0 + (row + 0.5) * dLat;
      for (let col = Math.floor((x0 - lon0) / dLon); col <= Math.ceil((x1 - lon0) / dLon); col++) {
        const lon = lon0 + (col + 0.5) * dLon;
        const key = `${row}:${col}`;
        if (taken.has(key) || !multiPolygonContains(c.geom, lon, lat)) continue;
        taken.add(key);
        mine.push({ lon, lat, row, col, commune: ci, population: 0, w: 0 });
      }
    }
    if (mine.length === 0) {
      // A commune smaller than a cell still gets one cell, at its seat's grid square.
      const row = Math.floor((c.seat[1] - lat0) / dLat);
      const col = Math.floor((c.seat[0] - lon0) / dLon);
      mine.push({ lon: c.seat[0], lat: c.seat[1], row, col, commune: ci, population: 0, w: 0 });
      taken.add(`${row}:${col}`);
    }
    const decay = DECAY_M[c.type];
    let wsum = 0;
    for (const m of mine) {
      const d = distanceM(m.lon, m.lat, c.seat[0], c.seat[1]);
      const noise = Math.exp(0.5 * ctx.rng.normal());
      m.w = (Math.exp(-d / decay) + 0.08) * noise;
      wsum += m.w;
    }
    // Largest remainder: floors first, then the biggest fractions get the leftover people.
    let assigned = 0;
    const rema = mine.map((m, i) => {
      const exact = (c.population * m.w) / wsum;
      m.population = Math.floor(exact);
      assigned += m.population;
      return { i, f: exact - m.population };
    });
    rema.sort((a, b) => b.f - a.f || a.i - b.i);
    for (let k = 0; k < c.population - assigned; k++) mine[rema[k % rema.length].i].population++;
    for (const m of mine) cells.push(m);
  });
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  for (const m of cells) {
    out.push(
      feature(
        { type: 'Point', coordinates: [r7(m.lon), r7(m.lat)] },
        { id: `cell-${m.row}-${m.col}`, commune_code: ctx.base.communes[m.commune].code, population: m.population },
      ),
    );
  }
  ctx.setCells(cells.map((m) => ({ lon: r7(m.lon), lat: r7(m.lat), commune: m.commune, population: m.population })));
  return out;
}
