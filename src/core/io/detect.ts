/**
 * What kind of file this is, and whether its coordinates look like what they claim to be:
 * the classic mistakes (lat/lon swapped, VN-2000 X/Y swapped, metres in a lon/lat file,
 * degrees in a metre file, points far from Hai Phong) are found before anything is imported.
 */
import { isGeographic, toWgs84 } from '../geo/crs';
import type { ImportFormat, Msg } from './types';

/** Hai Phong (with former Hai Duong and the islands) with a margin. */
export const CITY_BBOX = { west: 106.0, south: 20.0, east: 107.9, north: 21.5 } as const;

export function inCity(lon: number, lat: number): boolean {
  return lon >= CITY_BBOX.west && lon <= CITY_BBOX.east && lat >= CITY_BBOX.south && lat <= CITY_BBOX.north;
}

const EXT: Record<string, ImportFormat> = {
  geojson: 'geojson',
  json: 'geojson',
  fgb: 'fgb',
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  xls: 'xlsx',
  ods: 'xlsx',
  kml: 'kml',
  kmz: 'kmz',
  zip: 'shp-zip',
  shz: 'shp-zip',
};

function startsWith(b: Uint8Array, sig: number[]): boolean {
  return b.length >= sig.length && sig.every((v, i) => b[i] === v);
}

/** Latin-1 view of a slice of bytes, for looking at zip member names and text starts. */
function latin1(b: Uint8Array, from = 0, to = b.length): string {
  let s = '';
  for (let i = Math.max(0, from); i < Math.min(b.length, to); i++) s += String.fromCharCode(b[i]);
  return s;
}

function firstText(b: Uint8Array): string {
  let s = latin1(b, 0, 512);
  if (s.startsWith('\xEF\xBB\xBF')) s = s.slice(3);
  if (s.startsWith('\xFF\xFE') || s.startsWith('\xFE\xFF')) s = s.slice(2).replace(/\0/g, '');
  return s.trimStart();
}

/** True when the start of the file is not text (NUL bytes or many control characters, no UTF-16 BOM). */
export function looksBinary(b: Uint8Array): boolean {
  if (startsWith(b, [0xff, 0xfe]) || startsWith(b, [0xfe, 0xff])) return false;
  const n = Math.min(b.length, 4096);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32 && c !== 27)) bad++;
  }
  return n > 0 && bad / n > 0.02;
}

/**
 * The format of a file from its bytes first (FlatGeobuf, zip, OLE, JSON, XML signatures), then
 * its name. A zip is a KMZ, an .xlsx or a zipped Shapefile depending on its members. null when
 * neither tells (empty or unknown binary).
 */
export function detectFormat(fileName: string, bytes: Uint8Array): ImportFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const byName = EXT[ext] ?? null;
  if (bytes.length === 0) return null;
  if (startsWith(bytes, [0x66, 0x67, 0x62, 0x03])) return 'fgb';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    if (byName === 'xlsx' || byName === 'kmz' || byName === 'shp-zip') return byName;
    // Member names are stored in clear in the local headers and the central directory.
    const names = latin1(bytes, 0, 1 << 16) + latin1(bytes, bytes.length - (1 << 16));
    if (/xl\/workbook\.xml/.test(names)) return 'xlsx';
    if (/\.shp/i.test(names)) return 'shp-zip';
    if (/\.kml/i.test(names)) return 'kmz';
    return byName;
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'xlsx'; // legacy .xls (OLE)
  if (looksBinary(bytes)) return null;
  const t = firstText(bytes);
  if (t.startsWith('{') || t.startsWith('[')) return 'geojson';
  if (t.startsWith('<')) return /<kml[\s>]/i.test(latin1(bytes, 0, 4096)) || byName === 'kml' ? 'kml' : byName === 'csv' ? 'csv' : 'kml';
  if (byName === 'geojson' || byName === 'kml') return byName;
  return t.length ? 'csv' : null;
}

// ---------------------------------------------------------------------------------------------
// Coordinate sniffing

export type SniffKind = 'latlon_swapped' | 'xy_swapped' | 'metres_as_degrees' | 'degrees_as_metres' | 'outside_city';

export interface CoordinateSniff {
  /** Bilingual file-level warnings, in the order found. */
  warnings: Msg[];
  kinds: SniffKind[];
  /** Read the two coordinates the other way round (second value is x / lon). */
  swap: boolean;
  /** A better CRS for these values than the one given, or null. */
  suggestedCrs: string | null;
  /** Points outside the city box once read with `swap` and `suggestedCrs ?? crs`. */
  outside: number;
  total: number;
}

const isLat = (v: number) => v >= 8 && v <= 24; // Vietnam's latitudes
const isLon = (v: number) => v >= 102 && v <= 110; // Vietnam's longitudes
const isEasting = (v: number) => v >= 0 && v <= 1_000_000; // TM-3 / UTM easting in Vietnam (UTM 49N starts low)
const isNorthing = (v: number) => v >= 900_000 && v <= 2_700_000;

/** Candidate metre systems for Hai Phong, preferred first on a tie. */
const METRE_CANDIDATES = ['EPSG:9210', 'EPSG:9209', 'EPSG:3405', 'EPSG:3406'];

function share(points: readonly (readonly [number, number])[], test: (a: number, b: number) => boolean): number {
  let n = 0;
  for (const [a, b] of points) if (test(a, b)) n++;
  return points.length ? n / points.length : 0;
}

function countOutside(points: readonly (readonly [number, number])[], crs: string, swap: boolean): number {
  let n = 0;
  for (const [a, b] of points) {
    const [lon, lat] = toWgs84(crs, swap ? b : a, swap ? a : b);
    if (!(Number.isFinite(lon) && Number.isFinite(lat) && inCity(lon, lat))) n++;
  }
  return n;
}

const SAMPLE = 2000;

/**
 * Look at the coordinate pairs of a file (first value from the x / lon column or position,
 * second from the y / lat one) read in `crs`, and say what looks wrong. Looks at most 2,000
 * evenly spread points. Only clear majorities (80 %) count as a file-level mistake.
 */
export function sniffCoordinates(allPoints: readonly (readonly [number, number])[], crs: string): CoordinateSniff {
  const step = Math.max(1, Math.ceil(allPoints.length / SAMPLE));
  const points = allPoints.filter((p, i) => i % step === 0 && Number.isFinite(p[0]) && Number.isFinite(p[1]));
  const out: CoordinateSniff = { warnings: [], kinds: [], swap: false, suggestedCrs: null, outside: 0, total: points.length };
  if (!points.length) return out;
  const MAJ = 0.8;
  const geographic = isGeographic(crs);
  let useCrs = crs;

  if (geographic) {
    const metres = share(points, (a, b) => Math.abs(a) > 180 || Math.abs(b) > 90);
    // Checked first: a swapped pair puts a longitude (≈ 106) where a latitude must be ≤ 90.
    if (share(points, (a, b) => isLat(a) && isLon(b)) >= MAJ) {
      out.swap = true;
      out.kinds.push('latlon_swapped');
      out.warnings.push({
        vi: 'Kinh độ và vĩ độ có vẻ bị đảo cột (cột kinh độ chứa giá trị ≈ 20–21, là vĩ độ của Hải Phòng); đã đọc theo thứ tự vĩ độ, kinh độ.',
        en: 'Longitude and latitude look swapped (the longitude column holds values ≈ 20–21, Hai Phong’s latitude); read as latitude, longitude.',
      });
    } else if (metres >= MAJ) {
      const swapped = share(points, (a, b) => isNorthing(a) && isEasting(b)) >= MAJ;
      out.swap = swapped;
      let best = METRE_CANDIDATES[0];
      let bestOut = Infinity;
      for (const c of METRE_CANDIDATES) {
        const o = countOutside(points, c, swapped);
        if (o < bestOut) [best, bestOut] = [c, o];
      }
      out.suggestedCrs = best;
      useCrs = best;
      out.kinds.push('metres_as_degrees');
      out.warnings.push({
        vi: `Tọa độ có vẻ là mét (VN-2000), không phải độ: ${Math.round(metres * 100)} % số điểm có giá trị ngoài phạm vi kinh/vĩ độ. Đề xuất hệ ${best}.`,
        en: `The coordinates look like metres (VN-2000), not degrees: ${Math.round(metres * 100)} % of points are outside the longitude/latitude range. Suggested system: ${best}.`,
      });
      if (swapped) {
        out.kinds.push('xy_swapped');
        out.warnings.push(xySwappedMsg());
      }
    }
  } else {
    if (share(points, (a, b) => Math.abs(a) <= 180 && Math.abs(b) <= 90) >= MAJ) {
      out.suggestedCrs = 'EPSG:4326';
      useCrs = 'EPSG:4326';
      out.swap = share(points, (a, b) => isLat(a) && isLon(b)) >= MAJ;
      out.kinds.push('degrees_as_metres');
      out.warnings.push({
        vi: `Tọa độ có vẻ là độ (kinh/vĩ độ WGS 84), không phải mét của hệ ${crs}. Đề xuất hệ EPSG:4326.`,
        en: `The coordinates look like degrees (WGS 84 longitude/latitude), not metres of ${crs}. Suggested system: EPSG:4326.`,
      });
      if (out.swap) out.kinds.push('latlon_swapped');
    } else if (share(points, (a, b) => isNorthing(a) && isEasting(b) && a > b) >= MAJ) {
      out.swap = true;
      out.kinds.push('xy_swapped');
      out.warnings.push(xySwappedMsg());
    }
  }

  out.outside = countOutside(points, useCrs, out.swap);
  if (out.outside > 0) {
    const n = Math.round((out.outside * allPoints.length) / points.length);
    out.kinds.push('outside_city');
    out.warnings.push({
      vi: `${n} / ${allPoints.length} điểm nằm ngoài khu vực Hải Phòng (106,0–107,9° Đ, 20,0–21,5° B).`,
      en: `${n} of ${allPoints.length} points lie outside the Hai Phong area (106.0–107.9° E, 20.0–21.5° N).`,
    });
  }
  return out;
}

function xySwappedMsg(): Msg {
  return {
    vi: 'Cột X chứa giá trị ≈ 2.300.000 (hướng Bắc) và cột Y ≈ 500.000–700.000 (hướng Đông), theo quy ước trắc địa Việt Nam (X là hướng Bắc); đã đọc X là tọa độ Bắc, Y là tọa độ Đông.',
    en: 'The X column holds values ≈ 2,300,000 (northing) and the Y column ≈ 500,000–700,000 (easting), the Vietnamese surveying convention (X is north); read X as northing and Y as easting.',
  };
}
