/**
 * Geometry as every export writes it: WGS 84 lon/lat rounded to 7 decimals (about 1 cm, the
 * dataset's own precision, docs/schema.md) and polygon rings in the RFC 7946 right-hand
 * order (exterior counter-clockwise, holes clockwise). Pure; the input is not changed.
 */
import type { GeoFeature } from './fgb';

export const COORD_DECIMALS = 7;
const SCALE = 10 ** COORD_DECIMALS;

type Position = number[];
export type Geometry = GeoFeature['geometry'];

/** `x` rounded to 7 decimals (the nearest double to that decimal, so it prints with at most 7). */
export function roundCoord(x: number): number {
  const r = Math.round(x * SCALE) / SCALE;
  return r === 0 ? 0 : r; // no -0
}

/** A rounded coordinate as text, never in exponent form ("1e-7"). */
export function fmtCoord(x: number): string {
  const r = roundCoord(x);
  const s = String(r);
  if (!/e/i.test(s)) return s;
  return r.toFixed(COORD_DECIMALS).replace(/\.?0+$/, '');
}

function roundPos(p: Position): Position {
  const out = [roundCoord(p[0]), roundCoord(p[1])];
  if (p.length > 2 && Number.isFinite(p[2])) out.push(Math.round(p[2] * 1000) / 1000);
  return out;
}

/** Twice the signed area of a ring in the lon/lat plane: > 0 counter-clockwise. */
export function ringSignedArea2(ring: Position[]): number {
  let s = 0;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return s;
}

/** Rings of one polygon: exterior counter-clockwise, holes clockwise. */
function windPolygon(rings: Position[][]): Position[][] {
  return rings.map((ring, k) => {
    const r = ring.map(roundPos);
    const a = ringSignedArea2(r);
    const wantCcw = k === 0;
    return (a > 0) === wantCcw || a === 0 ? r : r.reverse();
  });
}

/** The export form of a geometry: rounded, right-hand rings. */
export function outGeometry(g: Geometry): Geometry {
  if (!g || typeof g !== 'object' || !Array.isArray(g.coordinates)) throw new Error('cannot export a feature without geometry coordinates');
  const c = g.coordinates as unknown;
  switch (g.type) {
    case 'Point':
      return { type: g.type, coordinates: roundPos(c as Position) };
    case 'MultiPoint':
    case 'LineString':
      return { type: g.type, coordinates: (c as Position[]).map(roundPos) };
    case 'MultiLineString':
      return { type: g.type, coordinates: (c as Position[][]).map((l) => l.map(roundPos)) };
    case 'Polygon':
      return { type: g.type, coordinates: windPolygon(c as Position[][]) };
    case 'MultiPolygon':
      return { type: g.type, coordinates: (c as Position[][][]).map(windPolygon) };
    default:
      throw new Error(`cannot export geometry type ${JSON.stringify(g.type)}`);
  }
}

/** The geometry type a single-type writer should declare: the common type, or 'Unknown' when mixed. */
export function commonGeometryType(features: readonly GeoFeature[]): string {
  let t: string | null = null;
  for (const f of features) {
    if (t === null) t = f.geometry.type;
    else if (t !== f.geometry.type) return 'Unknown';
  }
  return t ?? 'Unknown';
}

/** Every [lon, lat] position of a geometry, flat. */
export function positions(g: Geometry): Position[] {
  const out: Position[] = [];
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') out.push(c as Position);
    else for (const x of c as unknown[]) visit(x);
  };
  visit(g.coordinates);
  return out;
}
