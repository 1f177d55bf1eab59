/**
 * CSV writer (papaparse.unparse): one row per feature, every property as a column, then the
 * geometry: `lon`,`lat` when every feature is a point, otherwise `wkt` (WKT in WGS 84 lon/lat)
 * for every row. UTF-8 with a byte-order mark so Excel shows Vietnamese text, CRLF line ends.
 *
 * Values: null or missing is an empty cell, booleans are `true`/`false`, numbers are written
 * in full (coordinates to 7 decimals). Text that a spreadsheet would run as a formula (starting
 * with =, +, -, @, tab or CR) is prefixed with an apostrophe (papaparse `escapeFormulae`);
 * `csvCellText` undoes it on reading.
 *
 * GDAL/QGIS read the geometry with the companion `.csvt` (column types, GeoCSV) and `.prj`
 * (WGS 84) that `csvCompanions` returns.
 */
import Papa from 'papaparse';
import type { Column, GeoFeature } from './fgb';
import { exportColumns } from './columns-infer';
import { fmtCoord, outGeometry, type Geometry } from './geom-out';
import { TextOut } from './text-out';

export const CSV_BOM = '\ufeff';

/** OGC WKT 1 of WGS 84 with its EPSG:4326 authority, for the `.prj` beside a CSV (GDAL and QGIS read it). */
export const WGS84_PRJ =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],' +
  'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]';

type Pos = number[];

const pos = (p: Pos) => `${fmtCoord(p[0])} ${fmtCoord(p[1])}`;
const line = (l: Pos[]) => `(${l.map(pos).join(', ')})`;
const poly = (rings: Pos[][]) => `(${rings.map(line).join(', ')})`;

/** WKT of an (already rounded or not) GeoJSON geometry, 7 decimals. */
export function toWkt(g: Geometry): string {
  const c = g.coordinates as unknown;
  switch (g.type) {
    case 'Point':
      return `POINT (${pos(c as Pos)})`;
    case 'MultiPoint':
      return `MULTIPOINT (${(c as Pos[]).map((p) => `(${pos(p)})`).join(', ')})`;
    case 'LineString':
      return `LINESTRING ${line(c as Pos[])}`;
    case 'MultiLineString':
      return `MULTILINESTRING (${(c as Pos[][]).map(line).join(', ')})`;
    case 'Polygon':
      return `POLYGON ${poly(c as Pos[][])}`;
    case 'MultiPolygon':
      return `MULTIPOLYGON (${(c as Pos[][][]).map(poly).join(', ')})`;
    default:
      throw new Error(`cannot write geometry type ${JSON.stringify(g.type)} as WKT`);
  }
}

export interface CsvLayout {
  /** Property columns, in order, with the name each has in the file. */
  columns: (Column & { header: string })[];
  /** Geometry columns after them. */
  geometry: 'lonlat' | 'wkt';
  headers: string[];
}

const GEOM_HEADERS = { lonlat: ['lon', 'lat'], wkt: ['wkt'] } as const;

/** The columns of the CSV of `features`. A property named like a geometry column is written as `<name>_attr`. */
export function csvLayout(features: readonly GeoFeature[]): CsvLayout {
  const geometry = features.length && features.every((f) => f.geometry.type === 'Point') ? 'lonlat' : 'wkt';
  const reserved = new Set<string>(GEOM_HEADERS[geometry]);
  const columns = exportColumns(features).map((c) => ({ ...c, header: reserved.has(c.name.toLowerCase()) ? `${c.name}_attr` : c.name }));
  return { columns, geometry, headers: [...columns.map((c) => c.header), ...GEOM_HEADERS[geometry]] };
}

function cell(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

const ROWS_PER_CHUNK = 5000;

export function writeCsv(features: readonly GeoFeature[]): Uint8Array {
  const layout = csvLayout(features);
  const row = (f: GeoFeature): unknown[] => {
    const r: unknown[] = layout.columns.map((c) => cell(f.properties[c.name]));
    const g = outGeometry(f.geometry);
    if (layout.geometry === 'lonlat') {
      const [x, y] = g.coordinates as number[];
      r.push(fmtCoord(x), fmtCoord(y));
    } else r.push(toWkt(g));
    return r;
  };
  const config = { escapeFormulae: true, newline: '\r\n', quotes: false } as const;
  const out = new TextOut();
  out.write(CSV_BOM + Papa.unparse([layout.headers], { ...config, header: false }) + '\r\n');
  // In slices, so 100,000+ rows never make one giant string.
  for (let i = 0; i < features.length; i += ROWS_PER_CHUNK) {
    const data = features.slice(i, i + ROWS_PER_CHUNK).map(row);
    out.write(Papa.unparse(data, { ...config, header: false }) + '\r\n');
  }
  return out.bytes();
}

/** A cell's text as it was before `escapeFormulae` (the leading apostrophe removed). */
export function csvCellText(s: string): string {
  return /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
}

const CSVT_KIND: Record<string, string> = { string: 'String', number: 'Real', int: 'Integer', bool: 'String' };

/** The GeoCSV companions GDAL and QGIS read: `.csvt` (column types) and `.prj` (WGS 84). */
export function csvCompanions(features: readonly GeoFeature[], csvFileName: string): { fileName: string; text: string }[] {
  const layout = csvLayout(features);
  const geom = layout.geometry === 'lonlat' ? ['CoordX', 'CoordY'] : ['WKT'];
  const types = [...layout.columns.map((c) => CSVT_KIND[c.kind] ?? 'String'), ...geom];
  const base = csvFileName.replace(/\.csv$/i, '');
  return [
    { fileName: `${base}.csvt`, text: types.map((t) => `"${t}"`).join(',') + '\r\n' },
    { fileName: `${base}.prj`, text: WGS84_PRJ + '\n' },
  ];
}
