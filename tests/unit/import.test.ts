/**
 * File import: every format, the CRS handling (VN-2000 via EPSG:6960, checked against GDAL-made
 * fixtures), the classic-mistake warnings, the per-row report, broken files and cancel.
 *
 * Fixtures in tests/fixtures/import (made with GDAL 3.6.2 from hp-sites-wgs84.geojson):
 *   ogr2ogr -f 'ESRI Shapefile' -lco ENCODING=UTF-8 -s_srs EPSG:4326 -t_srs EPSG:9210 hp_sites.shp hp-sites-wgs84.geojson
 *   zip -X -9 hp-sites-vn2000-tm3-10545.zip hp_sites.shp hp_sites.shx hp_sites.dbf hp_sites.prj hp_sites.cpg
 *   ogr2ogr -f FlatGeobuf -lco SPATIAL_INDEX=NO -s_srs EPSG:4326 -t_srs EPSG:9210 hp-sites-9210.fgb hp-sites-wgs84.geojson
 *   ogr2ogr -f 'ESRI Shapefile' -lco ENCODING=CP1258 -s_srs EPSG:4326 -t_srs EPSG:9210 cp.shp cp.geojson  (-> hp-sites-cp1258.zip)
 * Everything else is generated here (SheetJS, jszip, writeFgb) or written inline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import geodesic from 'geographiclib-geodesic';
import JSZip from 'jszip';
import * as XLSX from 'xlsx';
import { importFile } from '../../src/core/io/import';
import { detectFormat, sniffCoordinates } from '../../src/core/io/detect';
import {
  applyMapping,
  guessMapping,
  normalizeCode,
  normalizeOwner,
  normalizePhase,
  normalizeStatus,
  normalizeTech,
  parseCoordinate,
  parseNumber,
} from '../../src/core/io/mapping';
import { selfIntersection } from '../../src/core/io/simple';
import { writeFgb } from '../../src/core/io/fgb';
import { ImportCancelled, ImportError, type ImportOptions, type ImportResult } from '../../src/core/io/types';

const FIX = join(__dirname, '../fixtures/import');
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIX, name)));
const enc = (s: string) => new TextEncoder().encode(s);
const WGS84 = geodesic.Geodesic.WGS84;
const metres = (a: number[], b: number[]) => WGS84.Inverse(a[1], a[0], b[1], b[0]).s12!;

/** The WGS 84 positions the GDAL fixtures were made from (hp-sites-wgs84.geojson). */
const KNOWN: Record<string, [number, number]> = {
  'HP-001': [106.6822, 20.8589],
  'HP-002': [106.7247, 20.8194],
  'HP-003': [106.785, 20.705],
  'HP-004': [106.67, 20.94],
  'HP-005': [107.047, 20.727],
};
/** The same points in EPSG:9210, from gdaltransform -s_srs EPSG:4326 -t_srs EPSG:9210 -output_xy. */
const KNOWN_9210: Record<string, [number, number]> = {
  'HP-001': [596809.409752682, 2307614.21043047],
  'HP-002': [601258.761407931, 2303267.16056039],
  'HP-003': [607616.880802161, 2290640.37905601],
  'HP-004': [595488.350904432, 2316585.88094897],
  'HP-005': [634892.223969112, 2293272.71822516],
};

const SITE_DEFAULTS = { defaultStatus: 'planned', defaultPhase: '2030' };

function pos(r: ImportResult, id: string): number[] {
  const f = r.features.find((f) => f.properties.id === id);
  expect(f, `feature ${id}`).toBeDefined();
  return f!.geometry.coordinates as number[];
}

function expectAtKnown(r: ImportResult, tolerance = 1) {
  for (const [id, ll] of Object.entries(KNOWN)) expect(metres(pos(r, id), ll)).toBeLessThan(tolerance);
}

async function importError(bytes: Uint8Array, opts: ImportOptions): Promise<ImportError> {
  try {
    await importFile(bytes, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    const err = e as ImportError;
    // Clear, bilingual, never a stack trace.
    expect(err.msg.vi.length).toBeGreaterThan(10);
    expect(err.msg.en.length).toBeGreaterThan(10);
    expect(err.msg.vi).not.toBe(err.msg.en);
    for (const m of [err.msg.vi, err.msg.en]) expect(m).not.toMatch(/\n\s+at |Error:|undefined|\[object/);
    return err;
  }
  throw new Error('expected an ImportError');
}

async function zipOf(files: Record<string, Uint8Array | string>): Promise<Uint8Array> {
  const z = new JSZip();
  for (const [n, b] of Object.entries(files)) z.file(n, b);
  return z.generateAsync({ type: 'uint8array' });
}

async function shpParts(): Promise<Record<string, Uint8Array>> {
  const z = await JSZip.loadAsync(fixture('hp-sites-vn2000-tm3-10545.zip'));
  const out: Record<string, Uint8Array> = {};
  for (const f of Object.values(z.files)) out[f.name] = await f.async('uint8array');
  return out;
}

// ---------------------------------------------------------------------------------------------

describe('Shapefile (zip) in VN-2000 / TM-3 105°45′', () => {
  it('reads the CRS from the .prj and lands within 1 m of the known WGS 84 positions', async () => {
    const bytes = fixture('hp-sites-vn2000-tm3-10545.zip');
    expect(bytes.length).toBeLessThan(10_000);
    const r = await importFile(bytes, { fileName: 'hp-sites-vn2000-tm3-10545.zip' });
    expect(r.report.format).toBe('shp-zip');
    expect(r.report.crs).toEqual({ code: 'EPSG:9210', source: 'prj' });
    expect(r.report.total).toBe(5);
    expect(r.report.valid).toBe(5);
    expect(r.report.problems).toEqual([]);
    expectAtKnown(r, 1);
    // proj4 and GDAL agree far better than that.
    for (const id of Object.keys(KNOWN)) expect(metres(pos(r, id), KNOWN[id])).toBeLessThan(0.01);
  });

  it('maps the Vietnamese DBF fields (UTF-8 .cpg) to the taxonomy', async () => {
    const r = await importFile(fixture('hp-sites-vn2000-tm3-10545.zip'), { fileName: 'sites.zip' });
    expect(r.report.fields).toEqual(['ma_tram', 'loai', 'nha_mang', 'chieu_cao', 'cong_nghe', 'tenants', 'ten', 'tinh_trang', 'giai_doan']);
    expect(r.report.mapping).toMatchObject({ id: 'ma_tram', code: 'loai', owner: 'nha_mang', height_m: 'chieu_cao', tech: 'cong_nghe', name: 'ten', status: 'tinh_trang', phase: 'giai_doan' });
    const p = r.features.find((f) => f.properties.id === 'HP-001')!.properties;
    expect(p).toMatchObject({ code: 'ANT_A2B', owner: 'VNPT', height_m: 42.5, tech: '4G,5G', tenants: 'VNPT,Viettel', name: 'Trạm Lạch Tray', status: 'existing', phase: 'baseline' });
    const p3 = r.features.find((f) => f.properties.id === 'HP-003')!.properties;
    expect(p3).toMatchObject({ owner: 'MobiFone', status: 'planned', phase: '2030', name: 'Đồ Sơn' });
    expect(r.features.find((f) => f.properties.id === 'HP-004')!.properties.owner).toBe('Vietnamobile');
    expect(r.report.counts).toEqual({ ANT_A2B: 4, ANT_A1A: 1 });
  });

  it('honours a Windows-1258 .cpg', async () => {
    const r = await importFile(fixture('hp-sites-cp1258.zip'), { fileName: 'cp.zip' });
    expect(r.report.valid).toBe(2);
    expect(r.features.map((f) => f.properties.name)).toEqual(['Trạm Đồ Sơn'.normalize('NFC'), 'Trạm Thủy Nguyên'.normalize('NFC')]);
    expect(metres(r.features[0].geometry.coordinates as number[], KNOWN['HP-003'])).toBeLessThan(1);
  });

  it('a zip without .prj is refused unless the user chooses the CRS', async () => {
    const { 'hp_sites.prj': _prj, ...rest } = await shpParts();
    const bytes = await zipOf(rest);
    const err = await importError(bytes, { fileName: 'no-prj.zip' });
    expect(err.code).toBe('no_prj');
    expect(err.msg.vi).toContain('.prj');
    expect(err.msg.en).toContain('.prj');
    expect(err.msg.en).toContain('hp_sites.shp');
    const r = await importFile(bytes, { fileName: 'no-prj.zip', crs: 'EPSG:9210' });
    expect(r.report.crs).toEqual({ code: 'EPSG:9210', source: 'user' });
    expectAtKnown(r, 1);
  });

  it('a .prj it cannot recognise asks for the CRS; the user choice wins over a .prj', async () => {
    const parts = await shpParts();
    const odd = await zipOf({ ...parts, 'hp_sites.prj': 'PROJCS["Some local grid",GEOGCS["X",DATUM["Y",SPHEROID["Z",6378137,298.257223563]]],PROJECTION["Lambert_Conformal_Conic"],UNIT["metre",1]]' });
    const err = await importError(odd, { fileName: 'odd.zip' });
    expect(err.code).toBe('unknown_prj');
    expect(err.msg.en).toContain('Some local grid');
    const r = await importFile(odd, { fileName: 'odd.zip', crs: 'EPSG:9210' });
    expect(r.report.crs.source).toBe('user');
    expectAtKnown(r, 1);
  });

  it('a zip without .shp, and a damaged zip, are errors', async () => {
    const err = await importError(await zipOf({ 'readme.txt': 'hello', 'data.csv': 'a,b\n1,2\n' }), { fileName: 'nothing.zip' });
    expect(err.code).toBe('no_shp');
    expect(err.msg.en).toContain('readme.txt');
    const bad = fixture('hp-sites-vn2000-tm3-10545.zip').slice(0, 300);
    expect((await importError(bad, { fileName: 'cut.zip' })).code).toMatch(/bad_zip|read_failed/);
  });
});

describe('FlatGeobuf', () => {
  it('reads the CRS from the header (GDAL file in EPSG:9210)', async () => {
    const r = await importFile(fixture('hp-sites-9210.fgb'), { fileName: 'hp-sites-9210.fgb' });
    expect(r.report.format).toBe('fgb');
    expect(r.report.crs).toEqual({ code: 'EPSG:9210', source: 'prj' });
    expect(r.report.valid).toBe(5);
    expectAtKnown(r, 1);
  });

  it('reads a file written by writeFgb (WGS 84)', async () => {
    const feats = Object.entries(KNOWN).map(([id, c]) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point', coordinates: c },
      properties: { id, code: 'ANT_A2B', owner: 'Viettel', status: 'planned', phase: '2030', commune_code: '10507', height_m: 30, tech: '4G', tenants: 'Viettel' },
    }));
    const cols = ['id', 'code', 'owner', 'status', 'phase', 'commune_code', 'tech', 'tenants'].map((name) => ({ name, kind: 'string' as const }));
    const bytes = writeFgb(feats, [...cols, { name: 'height_m', kind: 'number' }], 'Point');
    const r = await importFile(bytes, { fileName: 'x.bin' });
    expect(r.report.format).toBe('fgb');
    expect(r.report.crs.code).toBe('EPSG:4326');
    expect(r.report.valid).toBe(5);
    expect(r.features[0].properties).toMatchObject({ id: 'HP-001', commune_code: '10507', height_m: 30 });
    expect(r.features[0].geometry.coordinates).toEqual([106.6822, 20.8589]);
  });

  it('a truncated FlatGeobuf is an error', async () => {
    const bytes = fixture('hp-sites-9210.fgb').slice(0, 40);
    await importError(bytes, { fileName: 'cut.fgb' });
  });
});

describe('GeoJSON', () => {
  it('reads the fixture (WGS 84 by default)', async () => {
    const r = await importFile(fixture('hp-sites-wgs84.geojson'), { fileName: 'hp-sites-wgs84.geojson' });
    expect(r.report.format).toBe('geojson');
    expect(r.report.crs).toEqual({ code: 'EPSG:4326', source: 'default' });
    expect(r.report.valid).toBe(5);
    expect(r.report.warnings).toEqual([]);
    expect(pos(r, 'HP-001')).toEqual([106.6822, 20.8589]);
  });

  it('honours a legacy crs member naming EPSG:9210', async () => {
    const fc = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::9210' } },
      features: Object.entries(KNOWN_9210).map(([id, c]) => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: c }, properties: { code: 'ANT_A1B', owner: 'VNPT', height_m: 12, tech: '5G', tenants: 'VNPT' } })),
    };
    const r = await importFile(enc(JSON.stringify(fc)), { fileName: 'vn2000.geojson', ...SITE_DEFAULTS });
    expect(r.report.crs).toEqual({ code: 'EPSG:9210', source: 'prj' });
    expect(r.report.valid).toBe(5);
    expectAtKnown(r, 0.1);
  });

  it('reads lines and polygons, and a single Feature or bare geometry', async () => {
    const line = { type: 'Feature', properties: { id: 'd1', code: 'UG_DUCT', owner: 'VNPT', status: 'planned', phase: '2030', n_ducts: 4, n_free_ducts: 2 }, geometry: { type: 'LineString', coordinates: [[106.68, 20.85], [106.69, 20.86]] } };
    const r1 = await importFile(enc(JSON.stringify(line)), { fileName: 'one.json' });
    expect(r1.report.valid).toBe(1);
    const r2 = await importFile(enc(JSON.stringify({ type: 'Polygon', coordinates: [[[106.6, 20.8], [106.7, 20.8], [106.7, 20.9], [106.6, 20.8]]] })), { fileName: 'zone.geojson', defaultCode: 'ZONE_IZ', defaultStatus: 'planned', defaultPhase: '2030', });
    expect(r2.report.valid).toBe(0);
    expect(r2.report.problemCounts.missing_field).toBe(1); // owner
  });
});

describe('CSV', () => {
  const VI_LONLAT = [
    '\uFEFFMã trạm,Loại cột,Doanh nghiệp,Kinh độ,Vĩ độ,Chiều cao (m),Công nghệ,Nhà mạng dùng chung,Tình trạng',
    'HP-001,A2b,VNPT-VinaPhone,"106,6822","20,8589","42,5",4G/5G,"Vinaphone, Viettel",hiện trạng',
    'HP-002,cột A1a,Mobifone,106.7247,20.8194,3,4G,Mobifone,quy hoạch',
    'HP-003,A2b,VNM,106.785,20.705,36,4G,VNM,',
  ].join('\r\n');

  it('reads lon/lat with Vietnamese headers, comma decimals and aliases', async () => {
    const r = await importFile(enc(VI_LONLAT), { fileName: 'tram.csv', ...SITE_DEFAULTS });
    expect(r.report.format).toBe('csv');
    expect(r.report.crs).toEqual({ code: 'EPSG:4326', source: 'default' });
    expect(r.report.mapping).toMatchObject({ id: 'Mã trạm', code: 'Loại cột', owner: 'Doanh nghiệp', lon: 'Kinh độ', lat: 'Vĩ độ', height_m: 'Chiều cao (m)', tech: 'Công nghệ', tenants: 'Nhà mạng dùng chung', status: 'Tình trạng' });
    expect(r.report.valid).toBe(3);
    expect(pos(r, 'HP-001')).toEqual([106.6822, 20.8589]);
    expect(r.features[0].properties).toMatchObject({ code: 'ANT_A2B', owner: 'VNPT', height_m: 42.5, tech: '4G,5G', tenants: 'VNPT,Viettel', status: 'existing', phase: '2030' });
    expect(r.features[1].properties).toMatchObject({ code: 'ANT_A1A', owner: 'MobiFone', status: 'planned' });
    expect(r.features[2].properties).toMatchObject({ owner: 'Vietnamobile', status: 'planned' });
  });

  it('reads semicolon-separated UTF-16 text too', async () => {
    const text = VI_LONLAT.replace(/"([^"]*)"/g, '$1').replace(/,(?=\S)/g, ';').replace(/106;6822/, '106,6822').replace(/20;8589/, '20,8589').replace('42;5', '42,5');
    const u16 = new Uint8Array(2 + text.length * 2);
    u16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      u16[2 + 2 * i] = text.charCodeAt(i) & 0xff;
      u16[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    const r = await importFile(u16, { fileName: 'tram.txt', ...SITE_DEFAULTS });
    expect(r.report.fields[0]).toBe('Mã trạm');
    expect(r.report.valid).toBe(3);
    expect(pos(r, 'HP-001')).toEqual([106.6822, 20.8589]);
  });

  it('reads VN-2000 X/Y columns (TM-3 105°45′ guessed) to within 0.1 m of GDAL', async () => {
    const csv = ['ma_tram,loai,nha_mang,X (VN2000),Y (VN2000),cao_m,tech,tenants', ...Object.entries(KNOWN_9210).map(([id, [x, y]]) => `${id},A2b,Viettel,${x},${y},30,4G,Viettel`)].join('\n');
    const r = await importFile(enc(csv), { fileName: 'vn2000.csv', ...SITE_DEFAULTS });
    expect(r.report.mapping).toMatchObject({ x: 'X (VN2000)', y: 'Y (VN2000)', lon: null, lat: null, height_m: 'cao_m' });
    expect(r.report.crs).toEqual({ code: 'EPSG:9210', source: 'guessed' });
    expect(r.report.valid).toBe(5);
    expectAtKnown(r, 0.1);
  });

  it('X = northing, Y = easting (the Vietnamese surveying convention) is detected and read right', async () => {
    const csv = ['Mã trạm,Chủ sở hữu,Toạ độ X,Toạ độ Y', ...Object.entries(KNOWN_9210).map(([id, [e, n]]) => `${id},EVN,${n.toFixed(3)},${e.toFixed(3)}`)].join('\n');
    const r = await importFile(enc(csv), { fileName: 'xy.csv', defaultCode: 'POLE_POWER_SHARED', defaultStatus: 'planned', defaultPhase: '2030' });
    expect(r.report.crs).toEqual({ code: 'EPSG:9210', source: 'guessed' });
    expect(r.report.valid).toBe(5);
    expect(r.report.mapping).toMatchObject({ x: 'Toạ độ X', y: 'Toạ độ Y' });
    expect(r.report.warnings.some((w) => /northing/.test(w.en) && /hướng Bắc/.test(w.vi))).toBe(true);
    expectAtKnown(r, 0.1);
  });

  it('VN-2000 metres in lon/lat columns: warns, guesses the TM-3 zone, converts', async () => {
    const csv = ['id,code,lon,lat', ...Object.entries(KNOWN_9210).map(([id, [x, y]]) => `${id},POLE_TELECOM,${x},${y}`)].join('\n');
    const r = await importFile(enc(csv), { fileName: 'm.csv', defaultStatus: 'planned', defaultPhase: '2030', });
    const w = r.report.warnings.find((w) => /metres/.test(w.en));
    expect(w?.en).toContain('EPSG:9210');
    expect(w?.vi).toContain('mét');
    expect(r.report.crs).toEqual({ code: 'EPSG:9210', source: 'guessed' });
    // Owner is required: the rows are reported, not imported.
    expect(r.report.valid).toBe(0);
    expect(r.report.problemCounts.missing_field).toBe(5);
    const r2 = await importFile(enc(csv.replace(/POLE_TELECOM/g, 'POLE_TELECOM').replace('id,code,lon,lat', 'id,code,lon,lat')), { fileName: 'm.csv', defaultStatus: 'planned', defaultPhase: '2030', mapping: { ...r.report.mapping } });
    expect(r2.report.crs.code).toBe('EPSG:9210');
  });

  it('a user CRS is kept even when the values disagree, and the rows say why they fail', async () => {
    const csv = ['id,code,owner,lon,lat', ...Object.entries(KNOWN_9210).map(([id, [x, y]]) => `${id},POLE_TELECOM,VNPT,${x},${y}`)].join('\n');
    const r = await importFile(enc(csv), { fileName: 'm.csv', crs: 'EPSG:4326', ...SITE_DEFAULTS });
    expect(r.report.crs).toEqual({ code: 'EPSG:4326', source: 'user' });
    expect(r.report.warnings.some((w) => /metres/.test(w.en))).toBe(true);
    expect(r.report.valid).toBe(0);
    expect(r.report.problemCounts.bad_coordinates).toBe(5);
  });

  it('reports per-row problems naming the row (as the user sees the line) and the id, with counts', async () => {
    const csv = [
      'id,code,owner,lon,lat,height_m,tech,tenants',
      'A,A2b,Viettel,106.70,20.85,30,4G,Viettel', // row 2: fine
      'B,XYZ,Viettel,106.70,20.85,30,4G,Viettel', // row 3: unknown code
      'C,A2b,Viettel,,20.85,30,4G,Viettel', // row 4: missing coordinate
      'A,A2b,Viettel,106.71,20.86,30,4G,Viettel', // row 5: duplicate id
      'E,A2b,Viettel,106.72,20.87,250,4G,Viettel', // row 6: height out of range
      'F,A2b,Viettel,abc,20.87,30,4G,Viettel', // row 7: bad coordinate
      'G,A2b,Oracle,106.72,20.87,30,6G,Viettel', // row 8: owner and tech invalid
      'H,A2b,Viettel,105.85,21.03,30,4G,Viettel', // row 9: Hanoi, outside the city (warning only)
    ].join('\n');
    const r = await importFile(enc(csv), { fileName: 'p.csv', ...SITE_DEFAULTS });
    expect(r.report.total).toBe(8);
    expect(r.report.valid).toBe(2);
    expect(r.features.map((f) => f.properties.id)).toEqual(['A', 'H']);
    expect(r.report.problemCounts).toEqual({ unknown_code: 1, missing_coordinates: 1, duplicate_id: 1, out_of_range: 1, bad_coordinates: 1, invalid_value: 2, outside_city: 1 });
    const byRow = (n: number) => r.report.problems.filter((p) => p.row === n);
    expect(byRow(3)[0]).toMatchObject({ field: 'code', severity: 'error', featureId: 'B' });
    expect(byRow(3)[0].message.vi).toBe('Dòng 3 (mã B): mã loại không rõ “XYZ”');
    expect(byRow(3)[0].message.en).toBe('Row 3 (id B): unknown asset code “XYZ”');
    expect(byRow(4)[0].message.en).toBe('Row 4 (id C): missing coordinates (column “lon” is empty)');
    expect(byRow(5)[0].message.en).toBe('Row 5 (id A): id “A” duplicates row 2');
    expect(byRow(5)[0].message.vi).toBe('Dòng 5 (mã A): mã “A” trùng với dòng 2');
    expect(byRow(6)[0].message.en).toBe('Row 6 (id E): height_m is above the maximum 200 (got 250)');
    expect(byRow(6)[0].message.vi).toBe('Dòng 6 (mã E): height_m vượt quá mức tối đa 200 (giá trị 250)');
    expect(byRow(7)[0].message.en).toContain('“abc”');
    expect(byRow(8).map((p) => p.field).sort()).toEqual(['owner', 'tech']);
    expect(byRow(9)[0]).toMatchObject({ severity: 'warning' });
    expect(byRow(9)[0].message.vi).toContain('ngoài khu vực Hải Phòng');
    expect(r.report.warnings.some((w) => /1 of 6 points lie outside/.test(w.en))).toBe(true);
    // In row order.
    expect(r.report.problems.map((p) => p.row)).toEqual([...r.report.problems.map((p) => p.row)].sort((a, b) => a - b));
  });

  it('caps the listed problems at 500 but counts them all', async () => {
    const rows = Array.from({ length: 700 }, (_, i) => `r${i},NOPE,Viettel,106.7,20.85`);
    const r = await importFile(enc(['id,code,owner,lon,lat', ...rows].join('\n')), { fileName: 'many.csv', ...SITE_DEFAULTS });
    expect(r.report.problems.length).toBe(500);
    expect(r.report.problemCounts.unknown_code).toBe(700);
    expect(r.report.valid).toBe(0);
  });

  it('row numbers follow the file lines across quoted line breaks and blank lines', async () => {
    const csv = 'id,code,owner,lon,lat,name\nA,POLE_TELECOM,VNPT,106.7,20.85,"two\nlines"\n\nB,BAD,VNPT,106.7,20.85,x\n';
    const r = await importFile(enc(csv), { fileName: 'q.csv', ...SITE_DEFAULTS });
    expect(r.report.problems[0].row).toBe(5);
    expect(r.features[0].properties.name).toBe('two\nlines');
  });

  it('a user mapping replaces the guesses; unknown columns are reported', async () => {
    const csv = 'Cột 1,Cột 2,Cột 3,Cột 4\nS1,106.70,20.85,VNPT\n';
    const r0 = await importFile(enc(csv), { fileName: 'm.csv' });
    expect(r0.report.warnings.some((w) => /No coordinate columns/.test(w.en))).toBe(true);
    expect(r0.report.problemCounts.missing_coordinates).toBe(1);
    const r = await importFile(enc(csv), { fileName: 'm.csv', mapping: { id: 'Cột 1', lon: 'Cột 2', lat: 'Cột 3', owner: 'Cột 4', name: 'Nope' }, defaultCode: 'POLE_TELECOM', ...SITE_DEFAULTS });
    expect(r.report.valid).toBe(1);
    expect(r.features[0].properties).toMatchObject({ id: 'S1', owner: 'VNPT', code: 'POLE_TELECOM' });
    expect(r.report.mapping.name).toBeNull();
    expect(r.report.warnings.some((w) => w.en.includes('“Nope”'))).toBe(true);
  });
});

describe('Excel', () => {
  function sheetBytes(rows: unknown[][]): Uint8Array {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Trạm BTS');
    return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
  }

  it('finds the header below a title, and detects lat/lon swapped columns', async () => {
    const rows: unknown[][] = [
      ['DANH SÁCH TRẠM BTS HẢI PHÒNG'],
      [],
      ['STT', 'Mã trạm', 'Loại', 'Nhà mạng', 'Kinh độ', 'Vĩ độ', 'Chiều cao', 'Công nghệ', 'Dùng chung với'],
      // The "Kinh độ" column holds latitudes and "Vĩ độ" longitudes: the classic swap.
      ...Object.entries(KNOWN).map(([id, [lon, lat]], i) => [i + 1, id, 'A2b', 'Viettel', lat, lon, 30, '4G', 'Viettel']),
      ['', 'BAD-1', 'A2b', 'Viettel', 20.8, 106.7, 999, '4G', 'Viettel'],
    ];
    const r = await importFile(sheetBytes(rows), { fileName: 'tram.xlsx', ...SITE_DEFAULTS });
    expect(r.report.format).toBe('xlsx');
    expect(r.report.fields).toEqual(['STT', 'Mã trạm', 'Loại', 'Nhà mạng', 'Kinh độ', 'Vĩ độ', 'Chiều cao', 'Công nghệ', 'Dùng chung với']);
    expect(r.report.mapping).toMatchObject({ id: 'Mã trạm', code: 'Loại', owner: 'Nhà mạng', lon: 'Kinh độ', lat: 'Vĩ độ', height_m: 'Chiều cao' });
    const w = r.report.warnings.find((w) => /swapped/.test(w.en));
    expect(w).toBeDefined();
    expect(w!.vi).toContain('đảo cột');
    expectAtKnown(r, 0.001);
    // Excel row numbers: header on row 3, so BAD-1 is on row 9.
    expect(r.report.problems).toHaveLength(1);
    expect(r.report.problems[0].row).toBe(9);
    expect(r.report.problems[0].message.vi).toMatch(/^Dòng 9 \(mã BAD-1\): height_m/);
  });

  it('a damaged workbook is an error', async () => {
    const good = sheetBytes([['id', 'lon', 'lat'], ['a', 106.7, 20.8]]);
    await importError(good.slice(0, 200), { fileName: 'cut.xlsx' });
  });
});

describe('KML and KMZ', () => {
  const KML = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Quy hoạch</name>
  <Style id="s"><IconStyle><scale>1</scale></IconStyle></Style>
  <Placemark><name>Trạm Lạch Tray</name><styleUrl>#s</styleUrl>
    <ExtendedData><Data name="ma_tram"><value>K-1</value></Data><Data name="loai"><value>A2b</value></Data><Data name="nha_mang"><value>Viettel</value></Data><Data name="chieu_cao"><value>40</value></Data><Data name="cong_nghe"><value>4G</value></Data><Data name="tenants"><value>Viettel</value></Data></ExtendedData>
    <Point><coordinates>106.6822,20.8589,0</coordinates></Point></Placemark>
  <Placemark><name>Cáp treo Lê Lợi</name>
    <ExtendedData><Data name="ma_tram"><value>K-2</value></Data><Data name="loai"><value>cáp treo</value></Data><Data name="nha_mang"><value>VNPT</value></Data></ExtendedData>
    <MultiGeometry><LineString><coordinates>106.68,20.85 106.69,20.86 106.70,20.86</coordinates></LineString></MultiGeometry></Placemark>
  <Placemark><name>KCN hình nơ</name>
    <ExtendedData><Data name="ma_tram"><value>K-3</value></Data><Data name="loai"><value>ZONE_IZ</value></Data><Data name="nha_mang"><value>city</value></Data></ExtendedData>
    <Polygon><outerBoundaryIs><LinearRing><coordinates>106.60,20.80 106.70,20.90 106.70,20.80 106.60,20.90 106.60,20.80</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
</Document></kml>`;

  it('reads placemarks with ExtendedData; the bow-tie polygon is reported as self-intersecting', async () => {
    const r = await importFile(enc(KML), { fileName: 'plan.kml', ...SITE_DEFAULTS });
    expect(r.report.format).toBe('kml');
    expect(r.report.crs).toEqual({ code: 'EPSG:4326', source: 'prj' });
    expect(r.report.fields).toEqual(expect.arrayContaining(['name', 'ma_tram', 'loai', 'nha_mang']));
    expect(r.report.fields).not.toContain('styleUrl');
    expect(r.report.total).toBe(3);
    expect(r.features.map((f) => [f.properties.id, f.properties.code, f.geometry.type])).toEqual([
      ['K-1', 'ANT_A2B', 'Point'],
      ['K-2', 'ROUTE_AERIAL', 'LineString'],
    ]);
    expect(r.features[0].properties.name).toBe('Trạm Lạch Tray');
    expect(r.features[0].geometry.coordinates).toEqual([106.6822, 20.8589]);
    expect(r.report.problemCounts).toEqual({ self_intersection: 1 });
    expect(r.report.problems[0].message.en).toMatch(/^Feature 3 \(id K-3\): the polygon intersects itself/);
    expect(r.report.problems[0].message.vi).toMatch(/^Đối tượng 3 \(mã K-3\): vùng tự cắt/);
  });

  it('reads a KMZ (doc.kml inside a zip)', async () => {
    const kmz = await zipOf({ 'doc.kml': KML, 'files/icon.png': new Uint8Array([137, 80, 78, 71]) });
    const r = await importFile(kmz, { fileName: 'plan.kmz', ...SITE_DEFAULTS });
    expect(r.report.format).toBe('kmz');
    expect(r.report.valid).toBe(2);
  });

  it('broken KML and a KMZ without .kml are errors', async () => {
    expect((await importError(enc(KML.slice(0, 400)), { fileName: 'cut.kml' })).code).toBe('bad_kml');
    expect((await importError(await zipOf({ 'a.txt': 'x' }), { fileName: 'x.kmz' })).code).toBe('no_kml');
  });
});

describe('geometry and code checks', () => {
  const fc = (features: unknown[]) => enc(JSON.stringify({ type: 'FeatureCollection', features }));
  const base = { owner: 'VNPT', status: 'planned', phase: '2030' };

  it('flags wrong geometry for the code, a self-crossing line (warning), missing and unusable geometry', async () => {
    const r = await importFile(
      fc([
        { type: 'Feature', properties: { ...base, id: 'a', code: 'ANT_A2B', height_m: 30, tech: '4G', tenants: 'VNPT' }, geometry: { type: 'LineString', coordinates: [[106.6, 20.8], [106.7, 20.8]] } },
        { type: 'Feature', properties: { ...base, id: 'b', code: 'ROUTE_AERIAL' }, geometry: { type: 'LineString', coordinates: [[106.6, 20.8], [106.7, 20.9], [106.7, 20.8], [106.6, 20.9]] } },
        { type: 'Feature', properties: { ...base, id: 'c', code: 'POLE_TELECOM' }, geometry: null },
        { type: 'Feature', properties: { ...base, id: 'd', code: 'POLE_TELECOM' }, geometry: { type: 'Point', coordinates: ['106.7', 20.8] } },
        { type: 'Feature', properties: { ...base, id: 'e', code: 'UG_DUCT', n_ducts: 4, n_free_ducts: 1 }, geometry: { type: 'LineString', coordinates: [[106.6, 20.8]] } },
        { type: 'Feature', properties: { ...base, id: 'f', code: 'POLE_TELECOM' }, geometry: { type: 'Circle', coordinates: [106.6, 20.8] } },
      ]),
      { fileName: 'g.geojson' },
    );
    expect(r.report.problemCounts).toEqual({ wrong_geometry_type: 1, self_intersection: 1, missing_coordinates: 1, bad_coordinates: 1, invalid_geometry: 2 });
    expect(r.features.map((f) => f.properties.id)).toEqual(['b']);
    const sev = Object.fromEntries(r.report.problems.map((p) => [p.featureId, p.severity]));
    expect(sev).toMatchObject({ a: 'error', b: 'warning', c: 'error', d: 'error', e: 'error', f: 'error' });
    expect(r.report.problems.find((p) => p.featureId === 'a')!.message.en).toContain('ANT_A2B needs a Point geometry, the file has LineString');
  });

  it('segment test: bow-tie, figure-eight line, touching ring, spikes; clean shapes pass', () => {
    expect(selfIntersection([[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]], true)).not.toBeNull();
    expect(selfIntersection([[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]], true)).toBeNull();
    expect(selfIntersection([[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]], [[0.5, 0.5], [1, 0.5], [1, 1], [0.5, 0.5]]], true)).toBeNull();
    expect(selfIntersection([[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]], [[1.5, 0.5], [3, 0.5], [3, 1], [1.5, 0.5]]], true)).not.toBeNull();
    expect(selfIntersection([[[0, 0], [2, 0], [1, 0], [1, 1], [0, 0]]], true)).not.toBeNull(); // spike back along an edge
    expect(selfIntersection([[[0, 0], [1, 0], [1, 1], [0.5, 0], [0, 1], [0, 0]]], true)).not.toBeNull(); // vertex touching an edge
    expect(selfIntersection([[[0, 0], [1, 0], [2, 1]]], false)).toBeNull();
    expect(selfIntersection([[[0, 0], [1, 0], [1, 0], [2, 1]]], false)).toBeNull(); // repeated vertex
    expect(selfIntersection([[[0, 0], [2, 2], [2, 0], [0, 2]]], false)).not.toBeNull();
  });
});

describe('broken files', () => {
  it('truncated JSON', async () => {
    const text = readFileSync(join(FIX, 'hp-sites-wgs84.geojson'), 'utf8');
    const err = await importError(enc(text.slice(0, text.length / 2)), { fileName: 'cut.geojson' });
    expect(err.code).toBe('bad_json');
    expect(err.msg.en).toContain('truncated');
    expect(err.msg.vi).toContain('cắt cụt');
  });

  it('invalid JSON says where', async () => {
    const err = await importError(enc('{"type": "FeatureCollection", "features": [}'), { fileName: 'x.geojson' });
    expect(err.code).toBe('bad_json');
  });

  it('wrong geometry types, not GeoJSON, no features', async () => {
    const circles = { type: 'FeatureCollection', features: [1, 2].map(() => ({ type: 'Feature', properties: {}, geometry: { type: 'Circle', coordinates: [106.7, 20.8], radius: 5 } })) };
    const e1 = await importError(enc(JSON.stringify(circles)), { fileName: 'c.geojson' });
    expect(e1.code).toBe('wrong_geometry_type');
    expect(e1.msg.en).toContain('Circle');
    expect((await importError(enc('{"type":"Topology","objects":{}}'), { fileName: 't.json' })).msg.en).toContain('TopoJSON');
    expect((await importError(enc('{"hello":"world"}'), { fileName: 'h.json' })).code).toBe('bad_geojson');
    expect((await importError(enc('{"type":"FeatureCollection","features":[]}'), { fileName: 'e.geojson' })).code).toBe('no_features');
    expect((await importError(enc('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}'), { fileName: 'n.geojson' })).code).toBe('no_geometry');
  });

  it('empty files', async () => {
    expect((await importError(new Uint8Array(0), { fileName: 'empty.csv' })).code).toBe('empty');
    expect((await importError(enc('   \n  '), { fileName: 'blank.geojson' })).code).toBe('empty');
    expect((await importError(enc('id,lon,lat\n'), { fileName: 'header-only.csv' })).code).toBe('no_rows');
  });

  it('binary garbage, whatever its name', async () => {
    let seed = 42;
    const garbage = new Uint8Array(4096).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed & 0xff));
    for (const name of ['garbage.bin', 'garbage.geojson', 'garbage.csv', 'garbage.kml', 'garbage.xlsx', 'garbage.zip', 'garbage.kmz', 'garbage.fgb']) {
      const err = await importError(garbage, { fileName: name });
      expect(err.code, name).toMatch(/unknown_format|binary|bad_zip|bad_xlsx|bad_fgb/);
    }
  });

  it('an unsupported CRS is refused', async () => {
    expect((await importError(fixture('hp-sites-wgs84.geojson'), { fileName: 'a.geojson', crs: 'EPSG:3857' })).code).toBe('bad_crs');
  });
});

describe('progress and cancel', () => {
  const big = () => {
    const lines = ['id,code,owner,lon,lat'];
    for (let i = 0; i < 60_000; i++) lines.push(`p${i},POLE_TELECOM,VNPT,${(106.6 + (i % 1000) * 1e-4).toFixed(5)},${(20.8 + Math.floor(i / 1000) * 1e-4).toFixed(5)}`);
    return enc(lines.join('\n'));
  };

  it('reports progress and finishes at total', async () => {
    const calls: [number, number][] = [];
    const r = await importFile(big(), { fileName: 'big.csv', ...SITE_DEFAULTS, onProgress: (d, t) => calls.push([d, t]) });
    expect(r.report.valid).toBe(60_000);
    expect(calls.length).toBeGreaterThan(5);
    for (const [d, t] of calls) expect(d).toBeLessThanOrEqual(t);
    expect(calls[calls.length - 1][0]).toBe(calls[calls.length - 1][1]);
  });

  it('a signal set from elsewhere while parsing cancels (the import yields between chunks)', async () => {
    const signal = { aborted: false };
    setTimeout(() => (signal.aborted = true), 0);
    await expect(importFile(big(), { fileName: 'big.csv', signal })).rejects.toBeInstanceOf(ImportCancelled);
  });

  it('cancel from the progress callback, and an already-aborted signal', async () => {
    const signal = { aborted: false };
    await expect(importFile(big(), { fileName: 'big.csv', signal, onProgress: () => (signal.aborted = true) })).rejects.toBeInstanceOf(ImportCancelled);
    await expect(importFile(fixture('hp-sites-wgs84.geojson'), { fileName: 'a.geojson', signal: { aborted: true } })).rejects.toBeInstanceOf(ImportCancelled);
  });
});

describe('format detection and coordinate sniffing', () => {
  it('detects formats from bytes first, then the name', () => {
    expect(detectFormat('a.dat', fixture('hp-sites-9210.fgb'))).toBe('fgb');
    expect(detectFormat('a.dat', fixture('hp-sites-vn2000-tm3-10545.zip'))).toBe('shp-zip');
    expect(detectFormat('a.txt', enc(' {"type":"FeatureCollection"}'))).toBe('geojson');
    expect(detectFormat('a', enc('<?xml version="1.0"?><kml>'))).toBe('kml');
    expect(detectFormat('a.csv', enc('a,b\n1,2'))).toBe('csv');
    expect(detectFormat('a.xlsx', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toBe('xlsx');
    expect(detectFormat('a.bin', new Uint8Array([0, 1, 2, 3, 0, 0, 7]))).toBeNull();
    expect(detectFormat('a.csv', new Uint8Array(0))).toBeNull();
  });

  it('sniffs swapped lat/lon, swapped X/Y, metres as degrees, degrees as metres, far-away points', () => {
    const ll = Object.values(KNOWN);
    expect(sniffCoordinates(ll, 'EPSG:4326').kinds).toEqual([]);
    const s1 = sniffCoordinates(ll.map(([a, b]) => [b, a]), 'EPSG:4326');
    expect(s1).toMatchObject({ kinds: ['latlon_swapped'], swap: true, outside: 0 });
    const xy = Object.values(KNOWN_9210);
    const s2 = sniffCoordinates(xy, 'EPSG:4326');
    expect(s2).toMatchObject({ kinds: ['metres_as_degrees'], suggestedCrs: 'EPSG:9210', swap: false, outside: 0 });
    const s3 = sniffCoordinates(xy.map(([a, b]) => [b, a]), 'EPSG:9210');
    expect(s3).toMatchObject({ kinds: ['xy_swapped'], swap: true, outside: 0 });
    const s4 = sniffCoordinates(ll, 'EPSG:9210');
    expect(s4).toMatchObject({ kinds: ['degrees_as_metres'], suggestedCrs: 'EPSG:4326' });
    const s5 = sniffCoordinates([...ll, [105.85, 21.03], [108.2, 16.05]], 'EPSG:4326');
    expect(s5.kinds).toEqual(['outside_city']);
    expect(s5.outside).toBe(2);
    expect(s5.warnings[0].en).toBe('2 of 7 points lie outside the Hai Phong area (106.0–107.9° E, 20.0–21.5° N).');
  });
});

describe('field mapping', () => {
  it('guesses Vietnamese and English column names, diacritics-insensitive', () => {
    const m = guessMapping(['Kinh độ', 'Vĩ độ', 'X (VN2000)', 'toa_do_y', 'Mã trạm', 'Loại cột', 'Doanh nghiệp', 'Chiều cao', 'Công nghệ', 'Tình trạng', 'Giai đoạn', 'Tên trạm', 'Địa chỉ', 'Ghi chú']);
    expect(m).toMatchObject({
      lon: 'Kinh độ',
      lat: 'Vĩ độ',
      x: 'X (VN2000)',
      y: 'toa_do_y',
      id: 'Mã trạm',
      code: 'Loại cột',
      owner: 'Doanh nghiệp',
      height_m: 'Chiều cao',
      tech: 'Công nghệ',
      status: 'Tình trạng',
      phase: 'Giai đoạn',
      name: 'Tên trạm',
      address: 'Địa chỉ',
      note: 'Ghi chú',
    });
    expect(guessMapping(['kinh_do', 'vi_do', 'ma_tram', 'loai', 'nha_mang', 'cao_m'])).toMatchObject({ lon: 'kinh_do', lat: 'vi_do', id: 'ma_tram', code: 'loai', owner: 'nha_mang', height_m: 'cao_m' });
    expect(guessMapping(['lng', 'LAT', 'site_id', 'type', 'operator', 'height', 'tech'])).toMatchObject({ lon: 'lng', lat: 'LAT', id: 'site_id', code: 'type', owner: 'operator', height_m: 'height', tech: 'tech' });
    expect(guessMapping(['long', 'latitude', 'ID', 'Code', 'chu_so_huu'])).toMatchObject({ lon: 'long', lat: 'latitude', id: 'ID', code: 'Code', owner: 'chu_so_huu' });
    expect(guessMapping(['x', 'y'])).toMatchObject({ lon: 'x', lat: 'y', x: null, y: null });
    expect(guessMapping(['foo', 'bar']).lon).toBeNull();
  });

  it('normalises owners, codes, statuses, phases, tech and numbers', () => {
    expect(['VNPT-VinaPhone', 'Vinaphone', 'vnpt', 'Mobifone', 'MOBIFONE', 'VNM', 'viettel', 'Điện lực', 'x'].map(normalizeOwner)).toEqual(['VNPT', 'VNPT', 'VNPT', 'MobiFone', 'MobiFone', 'Vietnamobile', 'Viettel', 'EVN', null]);
    expect(['A1a', 'A2b', 'cột A2b', 'Cột ăng ten A2c', 'ant_a1b', 'ANT_A2A', 'bể cáp', 'Cáp treo', 'Trung tâm dữ liệu', 'Z9'].map(normalizeCode)).toEqual([
      'ANT_A1A',
      'ANT_A2B',
      'ANT_A2B',
      'ANT_A2C',
      'ANT_A1B',
      'ANT_A2A',
      'UG_MANHOLE',
      'ROUTE_AERIAL',
      'DC',
      null,
    ]);
    expect(['hiện trạng', 'Quy hoạch', 'quy hoạch mới', 'cải tạo', 'di dời', 'chuyển đổi', 'planned', '??'].map(normalizeStatus)).toEqual(['existing', 'planned', 'planned', 'upgrade', 'remove', 'convert', 'planned', null]);
    expect(['2026-2030', 'Tầm nhìn 2040', 'hiện trạng', 2030, 'x'].map(normalizePhase)).toEqual(['2030', '2040', 'baseline', '2030', null]);
    expect(normalizeTech('LTE/5G; 4g')).toBe('4G,5G');
    expect(['12,5', '1.234,5', '1,234.5', '2.307.614', '30 m', 42, 'abc', '', null].map(parseNumber)).toEqual([12.5, 1234.5, 1234.5, 2307614, 30, 42, null, null, null]);
    expect(parseCoordinate(`20°51'32.04"N`)).toBeCloseTo(20.8589, 6);
    expect(parseCoordinate('106,6822')).toBe(106.6822);
  });

  it('applyMapping converts values to the taxonomy types and fills the defaults', () => {
    const row = { 'Mã': 17, 'Loại': 'cột A2b', 'DN': 'Vinaphone', 'Cao': '42,5', 'CN': '4G, 5G', 'Chung': 'Vinaphone;Mobifone', 'Năm': '2019', 'Dùng chung': 'có', 'lon': 106.7 };
    const props = applyMapping(row, { id: 'Mã', code: 'Loại', owner: 'DN', height_m: 'Cao', tech: 'CN', tenants: 'Chung', year_built: 'Năm', shared: 'Dùng chung', lon: 'lon', status: null }, { status: 'planned', phase: '2030' });
    expect(props).toEqual({ id: '17', code: 'ANT_A2B', owner: 'VNPT', height_m: 42.5, tech: '4G,5G', tenants: 'VNPT,MobiFone', year_built: 2019, shared: true, status: 'planned', phase: '2030' });
    expect(applyMapping({ c: '' }, { code: 'c' }, { code: 'A1b' })).toEqual({ code: 'ANT_A1B' });
  });
});
