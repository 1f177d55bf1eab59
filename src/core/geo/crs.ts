/**
 * Coordinate reference systems of imported files: WGS 84 and VN-2000 (geographic, UTM and the
 * provincial TM-3 zones), transformed to WGS 84 with proj4 exactly as PROJ/GDAL do it through
 * EPSG:6960 "VN-2000 to WGS 84 (2)".
 *
 * The sign trap. EPSG:6960 is published in the Coordinate Frame rotation convention:
 *   rx = -0.00928836", ry = +0.01975479", rz = -0.00427372".
 * proj4's `+towgs84` (like PROJ's) uses the Position Vector convention, so the rotations must
 * be negated: +0.00928836, -0.01975479, +0.00427372. This is what `projinfo EPSG:9210 -o PROJ`
 * prints, and tests/unit/crs.test.ts checks it against gdaltransform to 0.1 m. Copying the
 * published signs moves Hai Phong points by about half a metre.
 *
 * A file's own TOWGS84 (in a .prj) is ignored on purpose: VN-2000 .prj files in the wild carry
 * either sign convention, and GDAL itself uses EPSG:6960 for the datum.
 */
import proj4 from 'proj4';
import type { Msg } from '../io/types';

/** EPSG:6960 translation (m), rotations (arc-seconds, Position Vector) and scale (ppm). */
export const VN2000_TOWGS84 = '-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278';

export interface CrsInfo {
  /** 'EPSG:nnnn' */
  code: string;
  name: Msg;
  kind: 'geographic' | 'projected';
}

const VN = `+ellps=WGS84 +towgs84=${VN2000_TOWGS84} +units=m +no_defs`;

/** TM-3 zones of VN-2000 (EPSG:9205-9218): code -> central meridian (degrees). */
const TM3: Record<number, number> = {
  9205: 103,
  9206: 104,
  9207: 104.5,
  9208: 104.75,
  9209: 105.5,
  9210: 105.75,
  9211: 106,
  9212: 106.25,
  9213: 106.5,
  9214: 107,
  9215: 107.25,
  9216: 107.5,
  9217: 108.25,
  9218: 108.5,
};

const DEFS: Record<string, string> = {
  'EPSG:4326': '+proj=longlat +datum=WGS84 +no_defs',
  'EPSG:4756': `+proj=longlat +ellps=WGS84 +towgs84=${VN2000_TOWGS84} +no_defs`,
  'EPSG:3405': `+proj=utm +zone=48 ${VN}`,
  'EPSG:3406': `+proj=utm +zone=49 ${VN}`,
  'EPSG:32648': '+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs',
  'EPSG:32649': '+proj=utm +zone=49 +datum=WGS84 +units=m +no_defs',
};
for (const [code, lon0] of Object.entries(TM3)) {
  DEFS[`EPSG:${code}`] = `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=0.9999 +x_0=500000 +y_0=0 ${VN}`;
}
for (const [code, def] of Object.entries(DEFS)) proj4.defs(code, def);

function dms(lon0: number): string {
  const d = Math.floor(lon0);
  const m = Math.round((lon0 - d) * 60);
  return `${d}°${String(m).padStart(2, '0')}′`;
}

const TM3_PLACE: Record<number, Msg> = {
  9209: { vi: 'Hải Dương cũ', en: 'former Hai Duong' },
  9210: { vi: 'Hải Phòng', en: 'Hai Phong' },
};

/** The systems a user can choose, most useful for Hai Phong first. */
export const SUPPORTED_CRS: readonly CrsInfo[] = [
  { code: 'EPSG:4326', name: { vi: 'WGS 84 (kinh độ, vĩ độ)', en: 'WGS 84 (longitude, latitude)' }, kind: 'geographic' },
  ...[9210, 9209].map(
    (c): CrsInfo => ({
      code: `EPSG:${c}`,
      name: {
        vi: `VN-2000 / TM-3 kinh tuyến trục ${dms(TM3[c])} (${TM3_PLACE[c].vi})`,
        en: `VN-2000 / TM-3 central meridian ${dms(TM3[c])} (${TM3_PLACE[c].en})`,
      },
      kind: 'projected',
    }),
  ),
  { code: 'EPSG:3405', name: { vi: 'VN-2000 / UTM múi 48N', en: 'VN-2000 / UTM zone 48N' }, kind: 'projected' },
  { code: 'EPSG:3406', name: { vi: 'VN-2000 / UTM múi 49N', en: 'VN-2000 / UTM zone 49N' }, kind: 'projected' },
  { code: 'EPSG:4756', name: { vi: 'VN-2000 (kinh độ, vĩ độ)', en: 'VN-2000 (longitude, latitude)' }, kind: 'geographic' },
  { code: 'EPSG:32648', name: { vi: 'WGS 84 / UTM múi 48N', en: 'WGS 84 / UTM zone 48N' }, kind: 'projected' },
  { code: 'EPSG:32649', name: { vi: 'WGS 84 / UTM múi 49N', en: 'WGS 84 / UTM zone 49N' }, kind: 'projected' },
  ...Object.keys(TM3)
    .map(Number)
    .filter((c) => c !== 9209 && c !== 9210)
    .map(
      (c): CrsInfo => ({
        code: `EPSG:${c}`,
        name: { vi: `VN-2000 / TM-3 kinh tuyến trục ${dms(TM3[c])}`, en: `VN-2000 / TM-3 central meridian ${dms(TM3[c])}` },
        kind: 'projected',
      }),
    ),
];

/** 'EPSG:9210', 'epsg:9210', '9210', 'urn:ogc:def:crs:EPSG::9210' -> 'EPSG:9210'; null when not supported. */
export function normalizeCrs(code: string | number | null | undefined): string | null {
  if (code === null || code === undefined) return null;
  const s = String(code).trim();
  if (/^urn:ogc:def:crs:OGC:[\d.]*:CRS84$/i.test(s) || /^CRS:?84$/i.test(s)) return 'EPSG:4326';
  const m = /(?:EPSG\D*)?(\d{4,5})$/i.exec(s);
  if (!m) return null;
  const c = `EPSG:${m[1]}`;
  return c in DEFS ? c : null;
}

export function isSupportedCrs(code: string): boolean {
  return normalizeCrs(code) !== null;
}

export function isGeographic(code: string): boolean {
  const c = normalizeCrs(code);
  return c === 'EPSG:4326' || c === 'EPSG:4756';
}

const converters = new Map<string, proj4.Converter>();

function converter(code: string): proj4.Converter {
  const c = normalizeCrs(code);
  if (!c) throw new Error(`Unsupported CRS ${code}`);
  let conv = converters.get(c);
  if (!conv) {
    conv = proj4(c, 'EPSG:4326');
    converters.set(c, conv);
  }
  return conv;
}

/** Source coordinates (x = easting or longitude, y = northing or latitude) -> WGS 84 [lon, lat]. NaN when impossible. */
export function toWgs84(code: string, x: number, y: number): [number, number] {
  if (normalizeCrs(code) === 'EPSG:4326') return [x, y];
  if (!Number.isFinite(x) || !Number.isFinite(y)) return [NaN, NaN];
  try {
    const p = converter(code).forward([x, y]);
    return [p[0], p[1]];
  } catch {
    return [NaN, NaN];
  }
}

/** WGS 84 [lon, lat] -> coordinates in `code` (easting, northing or lon, lat). */
export function fromWgs84(code: string, lon: number, lat: number): [number, number] {
  if (normalizeCrs(code) === 'EPSG:4326') return [lon, lat];
  const p = converter(code).inverse([lon, lat]);
  return [p[0], p[1]];
}

// ---------------------------------------------------------------------------------------------
// .prj (WKT 1, ESRI or OGC flavour; WKT 2 parameter names too)

function param(wkt: string, names: string[]): number | null {
  for (const n of names) {
    const re = new RegExp(`PARAMETER\\[\\s*"${n}"\\s*,\\s*(-?[\\d.]+(?:[eE][-+]?\\d+)?)`, 'i');
    const m = re.exec(wkt);
    if (m) return Number(m[1]);
  }
  return null;
}

const near = (a: number | null, b: number, tol = 1e-6) => a !== null && Math.abs(a - b) < tol;

function authority(wkt: string): string | null {
  // The last AUTHORITY / ID of the text is the outermost object's.
  const all = [...wkt.matchAll(/(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)];
  return all.length ? normalizeCrs(all[all.length - 1][1]) : null;
}

/**
 * The EPSG code of a .prj, or null when it is not a system we support. Recognises WGS 84 and
 * VN-2000 geographic systems, VN-2000 UTM 48N/49N and TM-3 zones, WGS 84 UTM 48N/49N, by their
 * datum name and projection parameters (central meridian, scale factor, false easting/northing).
 */
export function crsFromPrj(prjText: string): string | null {
  const wkt = prjText.replace(/^\uFEFF/, '').trim();
  if (!/^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS|PROJECTEDCRS|GEOGRAPHICCRS)\s*\[/i.test(wkt)) return null;
  const datum = /(?:DATUM|ENSEMBLE)\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? '';
  const d = datum.toLowerCase().replace(/[^a-z0-9]/g, '');
  const isVn = /vn2000|vietnam2000|vn2k/.test(d) || /VN[-_ ]?2000/i.test(wkt);
  const isWgs = !isVn && (/wgs1984|wgs84|worldgeodeticsystem1984/.test(d) || d === '');
  const projected = /^(PROJCS|PROJCRS|PROJECTEDCRS)/i.test(wkt);
  if (!projected) {
    if (isVn) return 'EPSG:4756';
    if (isWgs) return 'EPSG:4326';
    return authority(wkt) === 'EPSG:4326' ? 'EPSG:4326' : null;
  }
  const method = /(?:PROJECTION|METHOD)\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? '';
  if (!/transverse[ _]?mercator|^utm/i.test(method.trim())) return null;
  const unit = [...wkt.matchAll(/(?<![A-Z])(?:UNIT|LENGTHUNIT)\[\s*"([^"]*)"\s*,\s*([\d.]+)/gi)].pop();
  if (unit && Math.abs(Number(unit[2]) - 1) > 1e-9) return null;
  const lon0 = param(wkt, ['central_meridian', 'Longitude of natural origin', 'longitude_of_center']);
  const k = param(wkt, ['scale_factor', 'Scale factor at natural origin']);
  const fe = param(wkt, ['false_easting', 'False easting']);
  const fn = param(wkt, ['false_northing', 'False northing']) ?? 0;
  const lat0 = param(wkt, ['latitude_of_origin', 'Latitude of natural origin']) ?? 0;
  if (!near(fe, 500000, 1e-3) || !near(fn, 0, 1e-3) || !near(lat0, 0)) return null;
  if (near(k, 0.9999)) {
    if (isWgs && datum !== '') return null; // a TM-3 grid on the WGS 84 datum is not VN-2000
    for (const [code, cm] of Object.entries(TM3)) if (near(lon0, cm)) return `EPSG:${code}`;
    return null;
  }
  if (near(k, 0.9996)) {
    const zone = near(lon0, 105) ? 48 : near(lon0, 111) ? 49 : 0;
    if (!zone) return null;
    if (isVn) return zone === 48 ? 'EPSG:3405' : 'EPSG:3406';
    if (isWgs && datum !== '') return zone === 48 ? 'EPSG:32648' : 'EPSG:32649';
    return null;
  }
  return null;
}
