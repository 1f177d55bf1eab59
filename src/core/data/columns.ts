/**
 * Columnar form of a layer: typed arrays for geometry and categories, plain property rows
 * kept beside them for the inspector. Pure: used by the browser worker and by Node tools.
 */
import { ASSET_CODES, OWNERS, PHASES, STATUSES } from '../model/taxonomy';
import type { GeoFeature } from '../io/fgb';

export type GeomKind = 'point' | 'line' | 'polygon';

/** What the main thread receives per layer: only typed arrays (transferable). */
export interface LayerColumns {
  id: string;
  kind: GeomKind;
  length: number;
  /** Float64 lon/lat pairs: Float32 near 107 E resolves only ~0.8 m. */
  positions: Float64Array;
  /** For lines and polygons: vertex offset of each feature, length + 1 entries. */
  startIndices: Uint32Array | null;
  code: Uint8Array;
  owner: Uint8Array;
  status: Uint8Array;
  phase: Uint8Array;
  commune: Uint16Array;
  /** A layer-specific magnitude: population, duct count, height ... (NaN when absent). */
  value: Float32Array;
}

export const NO_CATEGORY = 255;

function catIndex(values: readonly string[], v: unknown): number {
  const i = values.indexOf(v as string);
  return i < 0 ? NO_CATEGORY : i;
}

const VALUE_FIELD: Record<string, string> = {
  popcells: 'population',
  ducts: 'n_ducts',
  aerial: 'n_cables',
  sites: 'height_m',
  poles: 'height_m',
  datacentres: 'it_mw',
};

function ringsOf(geom: GeoFeature['geometry']): number[][][] {
  const c = geom.coordinates as never;
  switch (geom.type) {
    case 'LineString':
      return [c];
    case 'MultiLineString':
      return c;
    case 'Polygon':
      return [(c as number[][][])[0]];
    case 'MultiPolygon':
      return (c as number[][][][]).map((p) => p[0]);
    default:
      return [];
  }
}

/**
 * Builds columns from features. Lines and polygons become one path per part, so a
 * MultiLineString yields several rows; `rowFeature` maps rows back to feature indices.
 */
export function toColumns(
  id: string,
  kind: GeomKind,
  features: GeoFeature[],
  communeCodes: string[],
): { columns: LayerColumns; rowFeature: Uint32Array } {
  const rows: { f: number; coords: number[][] }[] = [];
  if (kind === 'point') features.forEach((f, i) => rows.push({ f: i, coords: [f.geometry.coordinates as number[]] }));
  else features.forEach((f, i) => ringsOf(f.geometry).forEach((coords) => rows.push({ f: i, coords })));
  const n = rows.length;
  let nv = 0;
  for (const r of rows) nv += r.coords.length;
  const positions = new Float64Array(nv * 2);
  const startIndices = kind === 'point' ? null : new Uint32Array(n + 1);
  const cols = {
    code: new Uint8Array(n),
    owner: new Uint8Array(n),
    status: new Uint8Array(n),
    phase: new Uint8Array(n),
    commune: new Uint16Array(n),
    value: new Float32Array(n),
  };
  const communeIdx = new Map(communeCodes.map((c, i) => [c, i]));
  const vf = VALUE_FIELD[id];
  let v = 0;
  rows.forEach((r, i) => {
    if (startIndices) startIndices[i] = v;
    for (const [x, y] of r.coords) {
      positions[2 * v] = x;
      positions[2 * v + 1] = y;
      v++;
    }
    const p = features[r.f].properties;
    cols.code[i] = catIndex(ASSET_CODES, p.code);
    cols.owner[i] = catIndex(OWNERS, p.owner);
    cols.status[i] = catIndex(STATUSES, p.status);
    cols.phase[i] = catIndex(PHASES, p.phase);
    cols.commune[i] = communeIdx.get(p.commune_code as string) ?? 65535;
    const val = vf ? p[vf] : undefined;
    cols.value[i] = typeof val === 'number' ? val : NaN;
  });
  if (startIndices) startIndices[n] = v;
  return {
    columns: { id, kind, length: n, positions, startIndices, ...cols },
    rowFeature: Uint32Array.from(rows, (r) => r.f),
  };
}

export interface Filters {
  owners: string[] | null;
  statuses: string[] | null;
  phases: string[] | null;
  commune: string | null;
}

/** 1 where the row passes every filter, else 0; one value per row. */
export function filterMask(c: LayerColumns, f: Filters, communeCodes: string[]): Float32Array {
  const ow = f.owners ? new Set(f.owners.map((o) => OWNERS.indexOf(o as never))) : null;
  const st = f.statuses ? new Set(f.statuses.map((o) => STATUSES.indexOf(o as never))) : null;
  const ph = f.phases ? new Set(f.phases.map((o) => PHASES.indexOf(o as never))) : null;
  const cm = f.commune ? communeCodes.indexOf(f.commune) : -1;
  const out = new Float32Array(c.length);
  for (let i = 0; i < c.length; i++) {
    const ok =
      (!ow || c.owner[i] === NO_CATEGORY || ow.has(c.owner[i])) &&
      (!st || c.status[i] === NO_CATEGORY || st.has(c.status[i])) &&
      (!ph || c.phase[i] === NO_CATEGORY || ph.has(c.phase[i])) &&
      (cm < 0 || c.commune[i] === cm);
    out[i] = ok ? 1 : 0;
  }
  return out;
}

/** Per-vertex copy of a per-row attribute (deck.gl paths with startIndices want per-vertex values). */
export function perVertex<T extends Float32Array | Uint8Array>(perRow: T, size: number, startIndices: Uint32Array, make: (n: number) => T): T {
  const n = startIndices.length - 1;
  const out = make(startIndices[n] * size);
  for (let i = 0; i < n; i++)
    for (let v = startIndices[i]; v < startIndices[i + 1]; v++)
      for (let k = 0; k < size; k++) out[v * size + k] = perRow[i * size + k];
  return out;
}

/** Lower-case, NFC, without Vietnamese diacritics, for search. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .trim();
}
